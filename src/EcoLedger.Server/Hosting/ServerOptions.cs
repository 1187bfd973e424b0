using EcoLedger.Storage;

namespace EcoLedger.Server.Hosting;

/// <summary>The server's settings (configuration section <c>EcoLedger</c>, e.g. <c>--EcoLedger:Database=path</c> or <c>EcoLedger__Database</c>).</summary>
public sealed class ServerOptions
{
    /// <summary>The ledger database (default: <c>$ECOLEDGER_DB</c> or <c>ecoledger.db</c>, the CLI's default); created on first run.</summary>
    public string Database { get; set; } = LedgerDatabase.DefaultPath;

    /// <summary>The checkpoint signing key (PKCS#8 PEM); default <c>DB.key.pem</c> beside the database, as for the CLI.</summary>
    public string? SigningKey { get; set; }

    /// <summary>The registry participant the first-run administrator token acts as (created on an empty ledger).</summary>
    public string RegistryParticipant { get; set; } = "registry";

    /// <summary>How long the first-run administrator token lives, in days.</summary>
    public int BootstrapTokenDays { get; set; } = 30;

    /// <summary>Writes (every method but GET/HEAD) one token may make per minute.</summary>
    public int WritesPerMinute { get; set; } = 6000;

    /// <summary>Requests without a (valid) token one remote address may make per minute: public reads and failed authentications.</summary>
    public int AnonymousRequestsPerMinute { get; set; } = 600;

    /// <summary>
    /// <c>auth.failed</c> security-log entries one remote address may cause per minute; further failures in the minute are counted into one
    /// <c>auth.failed_suppressed</c> entry (<see cref="Auth.FailureLogLimit"/>).
    /// </summary>
    public int AuthFailuresLoggedPerMinute { get; set; } = 20;

    /// <summary>Sign-in form posts one remote address may make per minute.</summary>
    public int SignInsPerMinute { get; set; } = 10;

    /// <summary>Failed sign-ins (wrong password or code) after which an account is locked.</summary>
    public int SignInMaxFailures { get; set; } = 5;

    /// <summary>How long a lockout lasts, in minutes (the registry may end it sooner).</summary>
    public int LockoutMinutes { get; set; } = 15;

    /// <summary>How long a sign-in lasts without activity, in minutes (sliding).</summary>
    public int SessionMinutes { get; set; } = 480;

    /// <summary>The data directory of GEP and zoning runs (uploads, one folder per run): default <c>DB.jobs</c> beside the ledger.</summary>
    public string JobsDirectory
    {
        get => _jobsDirectory ?? LedgerDatabase.FilesOf(Database) + ".jobs";
        set => _jobsDirectory = value;
    }

    private string? _jobsDirectory;

    /// <summary>
    /// Days a finished GEP or zoning run (inputs, outputs, record) and an unused upload are kept under <see cref="JobsDirectory"/> before the
    /// hourly sweep removes them (logged as <c>gep.runs_removed</c>); 0 (the default) keeps everything.
    /// </summary>
    public int JobRetentionDays { get; set; }

    /// <summary>GEP and zoning runs computed at once (default 1: a run keeps one core busy; the others queue).</summary>
    public int JobWorkers { get; set; } = 1;

    /// <summary>The largest GEP input upload (units, region statistics, parameters), in MiB.</summary>
    public int MaxUploadMegabytes { get; set; } = 64;

    /// <summary>
    /// The largest raster set (<c>POST /api/gep/raster-sets</c>: a raster configuration and every file it names, in one multipart upload),
    /// in MiB. Rasters are big; this endpoint alone takes more than <see cref="MaxUploadMegabytes"/>, streamed part by part to disk.
    /// </summary>
    public int MaxRasterUploadMegabytes { get; set; } = 4096;

    /// <summary>The server's own store (API token hashes and the security log), beside the ledger: <c>DB.server.db</c>.</summary>
    public string StorePath => LedgerDatabase.FilesOf(Database) + ".server.db";

    /// <summary>Where the first run writes the administrator token (mode 0600): <c>DB.admin-token</c>.</summary>
    public string AdminTokenPath => LedgerDatabase.FilesOf(Database) + ".admin-token";
}
