using System.Diagnostics;
using System.Text.Json.Nodes;
using EcoLedger.Cli;
using EcoLedger.Cli.Hosting;

namespace EcoLedger.IntegrationTests.Ledger;

/// <summary>
/// A temporary ledger database and ways to run the CLI on it, in-process or as a child process: a SQLite file, or with
/// <c>"postgres"</c> a new database on the test run's PostgreSQL cluster (<see cref="Storage.PostgresCluster"/>), dropped afterwards.
/// </summary>
internal sealed class LedgerTestDb : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("ecoledger-test-").FullName;
    private readonly string? _pgDatabase;

    public LedgerTestDb(string provider = "sqlite")
    {
        Provider = provider;
        if (provider == "postgres")
        {
            _pgDatabase = Storage.PostgresCluster.NewDatabase();
            Path = Storage.PostgresCluster.Instance.ConnectionString(_pgDatabase);
        }
        else
        {
            Path = System.IO.Path.Combine(_dir, "ledger.db");
        }
    }

    /// <summary>The providers the ledger's own test suite runs on.</summary>
    public static TheoryData<string> Providers => new() { "sqlite", "postgres" };

    /// <summary><c>sqlite</c> or <c>postgres</c>.</summary>
    public string Provider { get; }

    /// <summary>The database: a file path or a connection string (what <c>--db</c> takes).</summary>
    public string Path { get; }

    public string Dir => _dir;

    /// <summary>Runs <c>ecoledger ARGS --db PATH</c> in-process.</summary>
    public (int Code, string Out, string Err) Cli(params string[] args)
    {
        var o = new StringWriter();
        var e = new StringWriter();
        int code = Program.Run([.. args, "--db", Path], new CliIo(o, e, false));
        return (code, o.ToString(), e.ToString());
    }

    /// <summary>Runs a command that must succeed and returns its stdout.</summary>
    public string Ok(params string[] args)
    {
        var (code, o, e) = Cli(args);
        Assert.True(code == 0, $"ecoledger {string.Join(' ', args)} exited {code}: {e}");
        return o;
    }

    public JsonNode Json(params string[] args) => JsonNode.Parse(Ok([.. args, "--json"]))!;

    /// <summary>The folder of participants' key files (<c>ID.key.pem</c>, <c>ID.pub.pem</c>).</summary>
    public string KeyDir => System.IO.Path.Combine(_dir, "keys");

    /// <summary>
    /// Makes a key pair for <paramref name="participant"/> in <see cref="KeyDir"/> and has the registry register its public key
    /// (signed by the registry's own key when it has one). Returns the private key's path.
    /// </summary>
    public string GiveKey(string participant, string registry = "reg", string? registryKey = null)
    {
        Directory.CreateDirectory(KeyDir);
        string priv = System.IO.Path.Combine(KeyDir, participant + ".key.pem");
        string pub = System.IO.Path.Combine(KeyDir, participant + ".pub.pem");
        Ok("ledger", "participant", "keygen", "--private", priv, "--public", pub);
        Ok([.. new[] { "ledger", "participant", "key", "add", "--participant", participant, "--public-key", pub, "--actor", registry },
            .. registryKey is null ? Array.Empty<string>() : ["--key", registryKey]]);
        return priv;
    }

    /// <summary>
    /// init; reg (registry), ver (verifier), farm (project_owner), buyer and bank (holders); project P1 (region YC, 10 % buffer) registered;
    /// 1,000 t of vintage 2023 issued: buffer 1-100, farm 101-1000.
    /// </summary>
    public void Seed(long tonnes = 1_000, params string[] extraHolders)
    {
        Ok("ledger", "init");
        Ok("ledger", "participant", "add", "--id", "reg", "--role", "registry", "--name", "Provincial registry");
        foreach (var (id, role) in new[] { ("ver", "verifier"), ("farm", "project_owner"), ("buyer", "holder"), ("bank", "holder") })
        {
            Ok("ledger", "participant", "add", "--id", id, "--role", role, "--actor", "reg");
        }
        foreach (var h in extraHolders)
        {
            Ok("ledger", "participant", "add", "--id", h, "--role", "holder", "--actor", "reg");
        }
        Ok("ledger", "project", "create", "--id", "P1", "--owner", "farm", "--region", "YC", "--methodology", "CCER-14-001-V01", "--buffer-pct", "10",
            "--period-start", "2020-01-01", "--period-end", "2049-12-31", "--units", "YC-0001,YC-0002", "--actor", "farm");
        Ok("ledger", "project", "submit", "--id", "P1", "--actor", "farm");
        Ok("ledger", "project", "validate", "--id", "P1", "--actor", "ver");
        Ok("ledger", "project", "register", "--id", "P1", "--actor", "reg");
        Ok("ledger", "issuance", "request", "--id", "R2023", "--project", "P1", "--vintage-start", "2023-01-01", "--vintage-end", "2023-12-31",
            "--quantity", tonnes.ToString(System.Globalization.CultureInfo.InvariantCulture), "--actor", "farm");
        Ok("ledger", "issuance", "verify", "--id", "R2023", "--actor", "ver");
        Ok("ledger", "issuance", "issue", "--id", "R2023", "--actor", "reg");
    }

    /// <summary>The same ledger as <see cref="Seed"/> (plus holder h4), built in one transaction through the storage API (fast).</summary>
    public void SeedFast()
    {
        using var db = EcoLedger.Storage.LedgerDatabase.Open(Path, durable: false);
        var steps = new List<EcoLedger.Storage.CommandRequest>
        {
            new(new EcoLedger.Ledger.InitializeLedger()),
            new(new EcoLedger.Ledger.AddParticipant("reg", EcoLedger.Ledger.Role.Registry)),
            new(new EcoLedger.Ledger.AddParticipant("ver", EcoLedger.Ledger.Role.Verifier), "reg"),
            new(new EcoLedger.Ledger.AddParticipant("farm", EcoLedger.Ledger.Role.ProjectOwner), "reg"),
            new(new EcoLedger.Ledger.AddParticipant("buyer", EcoLedger.Ledger.Role.Holder), "reg"),
            new(new EcoLedger.Ledger.AddParticipant("bank", EcoLedger.Ledger.Role.Holder), "reg"),
            new(new EcoLedger.Ledger.AddParticipant("h4", EcoLedger.Ledger.Role.Holder), "reg"),
            new(new EcoLedger.Ledger.CreateProject("P1", "farm", "YC", "CCER-14-001-V01", 1_000, new DateOnly(2020, 1, 1), new DateOnly(2049, 12, 31), []), "farm"),
            new(new EcoLedger.Ledger.TransitionProject("P1", EcoLedger.Ledger.ProjectTrigger.Submit), "farm"),
            new(new EcoLedger.Ledger.TransitionProject("P1", EcoLedger.Ledger.ProjectTrigger.Validate), "ver"),
            new(new EcoLedger.Ledger.TransitionProject("P1", EcoLedger.Ledger.ProjectTrigger.Register), "reg"),
            new(new EcoLedger.Ledger.RequestIssuance("R2023", "P1", new DateOnly(2023, 1, 1), new DateOnly(2023, 12, 31), 1_000), "farm"),
            new(new EcoLedger.Ledger.TransitionIssuance("R2023", EcoLedger.Ledger.IssuanceTrigger.Verify), "ver"),
            new(new EcoLedger.Ledger.IssueCredits("R2023"), "reg"),
        };
        db.Commands.RunBatch(steps, out bool ok);
        Assert.True(ok);
    }

    /// <summary>Starts <c>dotnet EcoLedger.Cli.dll ARGS --db PATH</c> as a child process.</summary>
    public Process Start(params string[] args)
    {
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        psi.ArgumentList.Add(typeof(Program).Assembly.Location);
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }
        psi.ArgumentList.Add("--db");
        psi.ArgumentList.Add(Path);
        return Process.Start(psi)!;
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (_pgDatabase is not null)
        {
            Storage.PostgresCluster.Instance.Drop(_pgDatabase);
        }
        try
        {
            Directory.Delete(_dir, true);
        }
        catch (IOException)
        {
            // a killed child may still hold the file for a moment; the temp folder is cleaned by the OS
        }
    }
}
