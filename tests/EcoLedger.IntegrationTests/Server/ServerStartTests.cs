using System.Diagnostics;

namespace EcoLedger.IntegrationTests.Server;

/// <summary>
/// The server process, started as an operator starts it, that cannot start: one line on the terminal and the CLI's exit codes, never
/// the stack trace of an unhandled exception (exit 134).
/// </summary>
public sealed class ServerStartTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("ecoledger-start-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void A_database_setting_that_names_a_file_that_is_not_a_ledger_exits_2_in_one_line()
    {
        string notDb = Path.Combine(_dir, "statement.md");
        File.WriteAllText(notDb, "# Compensation statement\n");

        var (code, err) = StartServer("--EcoLedger:Database=" + notDb, "--urls", "http://127.0.0.1:" + LoopbackServer.FreePort());

        Assert.Equal(2, code);
        Assert.Equal($"error: {notDb}: not a ledger database (SQLite: file is not a database); expected the database file of 'ecoledger ledger init' " +
            "or of the demo. If it was one, it has been overwritten: restore it from a backup.", err.Trim());
        Assert.Equal("# Compensation statement\n", File.ReadAllText(notDb));
    }

    [Fact]
    public void A_port_already_taken_exits_3_in_one_line()
    {
        using var taken = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        taken.Start();
        int port = ((System.Net.IPEndPoint)taken.LocalEndpoint).Port;

        var (code, err) = StartServer("--EcoLedger:Database=" + Path.Combine(_dir, "ledger.db"), "--urls", $"http://127.0.0.1:{port}");

        Assert.Equal(3, code);
        Assert.Equal($"error: Failed to bind to address http://127.0.0.1:{port}: address already in use.", err.Trim());
    }

    /// <summary>Runs the server's own program (built beside the tests) in <see cref="_dir"/> until it exits; its exit code and standard error.</summary>
    private (int Code, string Err) StartServer(params string[] args)
    {
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = _dir };
        psi.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "EcoLedger.Server.dll"));
        foreach (string a in args)
        {
            psi.ArgumentList.Add(a);
        }
        // Warnings and above only, as an operator's terminal with a quiet configuration shows them.
        psi.ArgumentList.Add("--Logging:LogLevel:Default=Warning");
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        string err = p.StandardError.ReadToEnd();
        Assert.True(p.WaitForExit(60_000), "the server did not exit");
        Assert.DoesNotContain("   at ", stdout.Result + err, StringComparison.Ordinal);
        return (p.ExitCode, err);
    }
}
