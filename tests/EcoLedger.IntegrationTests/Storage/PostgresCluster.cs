using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace EcoLedger.IntegrationTests.Storage;

/// <summary>
/// A throwaway PostgreSQL cluster owned by this test run: <c>initdb</c> into a temporary folder, <c>pg_ctl start</c> on a free
/// loopback port (and a Unix socket in that folder), started once on first use and stopped (<c>-m immediate</c>) and deleted when
/// the test process exits. Run as root, the server runs as the <c>postgres</c> user (PostgreSQL refuses root). Each test gets its
/// own database (<see cref="NewDatabase"/>). Installed by <c>scripts/install-test-deps.sh</c> (Debian <c>postgresql-15</c>).
/// </summary>
/// <remarks>
/// Two settings of this throwaway cluster save the suite most of its PostgreSQL time without changing what a test sees:
/// <list type="bullet">
/// <item>PostGIS is installed in <c>template1</c> once, so every new database has it: the migration's
/// <c>CREATE EXTENSION IF NOT EXISTS postgis</c> (about 0.8 s of server time per database, and a run makes dozens) finds it there.
/// That the migration itself installs PostGIS in a database without it is tested on a database made from <c>template0</c>
/// (<see cref="PostgresStorageTests.A_database_without_postgis_gets_it_from_the_ledgers_migration"/>).</item>
/// <item><c>fsync=off</c>: nothing waits for the disk (each <c>DROP DATABASE</c> checkpoints the cluster). Commits still reach the
/// WAL through the operating system before they are acknowledged, so a crash of the server (<see cref="CrashAndRestart"/>, an
/// immediate shutdown) recovers exactly as with fsync on; only a crash of the machine could lose them, and the cluster is
/// thrown away with the run.</item>
/// </list>
/// </remarks>
internal sealed class PostgresCluster
{
    private static readonly Lazy<PostgresCluster> Shared = new(() => new PostgresCluster(), LazyThreadSafetyMode.ExecutionAndPublication);
    private readonly string _bin;
    private readonly string _dir;
    private readonly string _data;
    private readonly int _port;
    private readonly Lock _gate = new();

    /// <summary>The cluster of this test run (started on first use).</summary>
    public static PostgresCluster Instance => Shared.Value;

    private PostgresCluster()
    {
        _bin = FindBin();
        RemoveStale();
        _dir = Directory.CreateTempSubdirectory("ecoledger-pg-").FullName;
        _data = Path.Combine(_dir, "data");
        _port = FreePort();
        // A server database's key files (StorageProvider.FilesBase) go here, named by database, for every test and child process.
        Environment.SetEnvironmentVariable("ECOLEDGER_KEY_DIR", Path.Combine(_dir, "keys"));
        Directory.CreateDirectory(Path.Combine(_dir, "keys"));
        if (Environment.UserName == "root")
        {
            Run("chown", "-R", "postgres", _dir);
        }
        Ctl(Path.Combine(_bin, "initdb"), "-D", _data, "-A", "trust", "-U", "postgres", "-E", "UTF8", "--no-sync", "--locale=C");
        Start();
        InstallPostgisInTemplate();
        AppDomain.CurrentDomain.ProcessExit += (_, _) => Stop();
    }

    /// <summary>The connection string of <paramref name="database"/> on this cluster.</summary>
    /// <remarks>
    /// The connect and command timeouts are raised from Npgsql's 15 and 30 s: the whole suite runs in parallel on two cores, and a
    /// fresh-clone CI run once saw a `ledger init` wait more than 15 s to connect while dozens of test databases were being created.
    /// </remarks>
    public string ConnectionString(string database) =>
        $"Host=127.0.0.1;Port={_port.ToString(CultureInfo.InvariantCulture)};Username=postgres;Database={database};Timeout=120;Command Timeout=300";

    /// <summary>A new, not yet created database name: the ledger creates it on first open (as a SQLite file is created).</summary>
    public static string NewDatabase() => "t_" + Guid.NewGuid().ToString("N")[..16];

    /// <summary>Drops a test's database, ending its sessions.</summary>
    public void Drop(string database)
    {
        NpgsqlConnection.ClearAllPools();
        using var c = new NpgsqlConnection(ConnectionString("postgres"));
        c.Open();
        using var cmd = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{database}\" WITH (FORCE)", c);
        cmd.ExecuteNonQuery();
    }

    // Not pooled: CREATE DATABASE refuses to copy a template that has a session open.
    private void InstallPostgisInTemplate()
    {
        var b = new NpgsqlConnectionStringBuilder(ConnectionString("template1")) { Pooling = false };
        using var c = new NpgsqlConnection(b.ConnectionString);
        c.Open();
        using var cmd = new NpgsqlCommand("CREATE EXTENSION IF NOT EXISTS postgis", c);
        cmd.ExecuteNonQuery();
    }

    /// <summary>Immediate shutdown (no checkpoint: the next start recovers from the WAL, as after a crash) and start again.</summary>
    public void CrashAndRestart()
    {
        lock (_gate)
        {
            Ctl(Path.Combine(_bin, "pg_ctl"), "-D", _data, "-m", "immediate", "-w", "stop");
            Start();
        }
    }

    private void Start() =>
        Ctl(Path.Combine(_bin, "pg_ctl"), "-D", _data, "-l", Path.Combine(_dir, "server.log"), "-w", "-t", "60", "-o",
            $"-p {_port.ToString(CultureInfo.InvariantCulture)} -k {_dir} -c listen_addresses=127.0.0.1 -c max_connections=200 -c shared_buffers=64MB -c fsync=off", "start");

    // The test host may be ended right after its exit handlers start, so the immediate stop and the removal of the folder
    // (~40 MB) run in a process of their own (setsid -f: not the host's child, so ending the host's process tree does not end it).
    private void Stop()
    {
        string pgCtl = Path.Combine(_bin, "pg_ctl");
        string stop = Environment.UserName == "root" ? $"runuser -u postgres -- '{pgCtl}'" : $"'{pgCtl}'";
        try
        {
            Process.Start(new ProcessStartInfo("setsid", ["-f", "sh", "-c", $"{stop} -D '{_data}' -m immediate -w stop >/dev/null 2>&1; rm -rf '{_dir}'"])
            {
                UseShellExecute = false,
            })?.Dispose();
        }
        catch (Exception e) when (e is IOException or InvalidOperationException or System.ComponentModel.Win32Exception)
        {
            // the process is exiting; RemoveStale clears the folder on the next run
        }
    }

    // Folders of earlier runs whose host was ended before it could remove them: no server running (no postmaster.pid), over an hour old.
    private static void RemoveStale()
    {
        foreach (var d in new DirectoryInfo(Path.GetTempPath()).EnumerateDirectories("ecoledger-pg-*"))
        {
            try
            {
                if (!File.Exists(Path.Combine(d.FullName, "data", "postmaster.pid")) && d.CreationTimeUtc < DateTime.UtcNow.AddHours(-1))
                {
                    d.Delete(true);
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // another user's or still in use: left alone
            }
        }
    }

    private static string FindBin()
    {
        var candidates = Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql").Select(d => Path.Combine(d, "bin")).Where(d => File.Exists(Path.Combine(d, "pg_ctl")))
                .OrderByDescending(d => d, StringComparer.Ordinal).ToList()
            : [];
        return candidates.FirstOrDefault()
            ?? throw new InvalidOperationException("PostgreSQL server binaries not found under /usr/lib/postgresql/*/bin; run scripts/install-test-deps.sh (postgresql-15).");
    }

    private static int FreePort()
    {
        using var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        return ((IPEndPoint)l.LocalEndpoint).Port;
    }

    // PostgreSQL refuses to run as root: as root, its tools run as the postgres user.
    private static void Ctl(string tool, params string[] args)
    {
        if (Environment.UserName == "root")
        {
            Run("runuser", ["-u", "postgres", "--", tool, .. args]);
        }
        else
        {
            Run(tool, args);
        }
    }

    private static void Run(string file, params string[] args)
    {
        var psi = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        string err = p.StandardError.ReadToEnd();
        p.WaitForExit();
        if (p.ExitCode != 0)
        {
            throw new InvalidOperationException($"{file} {string.Join(' ', args)} exited {p.ExitCode}: {err}{stdout.Result}");
        }
    }
}
