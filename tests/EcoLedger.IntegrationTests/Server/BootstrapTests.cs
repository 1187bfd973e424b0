using System.Net;

namespace EcoLedger.IntegrationTests.Server;

/// <summary>First run: an empty ledger is initialised, the registry exists, and its token is in a file only the operator can read, nowhere else.</summary>
public sealed class BootstrapTests
{
    [Fact]
    public void First_run_writes_the_administrator_token_to_an_owner_only_file_and_never_logs_it()
    {
        using var server = new ServerTestHost();

        string token = server.AdminToken;
        Assert.Matches("^eco_[0-9a-f]{16}_[0-9a-f]{64}$", token);
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(server.DbPath + ".admin-token"));
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(server.DbPath + ".server.db"));
        }
        // The token works, as the registry 'reg', on a ledger initialised with its checkpoint key
        var me = server.Send(token, HttpMethod.Get, "/api/participants");
        Assert.Equal(HttpStatusCode.OK, me.Status);
        Assert.Equal("""[{"id":"reg","role":"registry","name":"Registry administrator"}]""", me.Text);
        Assert.True(File.Exists(server.DbPath + ".key.pem"));
        // The log names the file, never the token (nor its secret half)
        var logs = server.Logs.ToArray();
        Assert.Contains(logs, l => l.Contains($"API token was written to {server.DbPath}.admin-token (mode 0600)", StringComparison.Ordinal));
        Assert.DoesNotContain(logs, l => l.Contains(token.Split('_')[2], StringComparison.Ordinal));
        // The journal holds what 'ledger init' and 'participant add' would: init, then the registry added by the ledger itself
        using var db = EcoLedger.Storage.LedgerDatabase.Open(server.DbPath);
        Assert.Equal(["ledger.initialized/system", "participant.added/system"], db.JournalEntries().Select(e => $"{e.Kind}/{e.Actor}").ToArray());
    }

    [Fact]
    public void Bureau_and_auditor_credentials_may_leave_out_the_participant_as_the_README_creates_them()
    {
        using var server = new ServerTestHost();

        // The README's own bodies, as a person types them: no "participant" member at all.
        var token = server.Send(server.AdminToken, HttpMethod.Post, "/api/tokens", """{"roles":["bureau"]}""");
        var account = server.Send(server.AdminToken, HttpMethod.Post, "/api/accounts", """{"user_name":"zhao.audit","roles":["auditor"]}""");

        Assert.Equal(HttpStatusCode.Created, token.Status);
        Assert.Null(token.Json!["participant"]?.GetValue<string>());
        Assert.Equal("bureau", token.Json!["roles"]![0]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.Created, account.Status);
        // The bureau token works: it reads the GEP runs (none yet).
        Assert.Equal(HttpStatusCode.OK, server.Send(token.Json!["token"]!.GetValue<string>(), HttpMethod.Get, "/api/gep/runs").Status);
    }

    [Fact]
    public void A_restart_keeps_the_first_token_and_writes_no_new_one()
    {
        string dir = Directory.CreateTempSubdirectory("ecoledger-restart-").FullName;
        string db = Path.Combine(dir, "ledger.db");
        string first;
        using (var server = new ServerTestHost(db))
        {
            first = server.AdminToken;
        }
        File.Delete(db + ".admin-token");
        using (var again = new ServerTestHost(db))
        {
            Assert.False(File.Exists(db + ".admin-token"));
            Assert.Equal(HttpStatusCode.OK, again.Send(first, HttpMethod.Get, "/api/participants").Status);
            Assert.DoesNotContain(again.Logs, l => l.Contains("admin-token", StringComparison.Ordinal));
        }
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(dir, true);
    }
}
