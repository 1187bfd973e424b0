using EcoLedger.Cli.Demo;
using EcoLedger.Reports;
using EcoLedger.Reports.Ledger;
using EcoLedger.Storage;

namespace EcoLedger.IntegrationTests.Reports;

/// <summary>
/// A small fixed ledger, built once for the ledger report tests: the demo story (LedgerDemo.Build) run for two projects on a
/// temporary database, with a clock that starts at a fixed instant and steps one minute per reading, so the journal's
/// times and hashes are the same on every run.
/// </summary>
public sealed class LedgerReportFixture : IDisposable
{
    /// <summary>The first journal time.</summary>
    public static readonly DateTimeOffset Start = new(2024, 2, 1, 9, 0, 0, TimeSpan.Zero);

    public LedgerReportFixture()
    {
        Root = Path.Combine(Path.GetTempPath(), "ecoledger-ledger-report-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(Root);
        var clock = new SteppingClock(Start, TimeSpan.FromMinutes(1));
        // Project 1: 1,000 t → buffer 100 (1–100), transfer 400 (101–500), pledge 200 (501–700), retire 200 (101–300).
        LedgerDemo.Build(DbPath, ["YC001", "YC002", "YC003"], 1_000, "YC_FOREST_1", "HLJYC", clock);
        // Project 2: 250 t → buffer 25, transfer 100, pledge 50, retire 50.
        LedgerDemo.Build(DbPath, ["YC004"], 250, "YC_FOREST_2", "HLJYC", clock);
        using (var db = EcoLedger.Storage.LedgerDatabase.Open(DbPath))
        {
            Files = LedgerReport.Write(db, new LedgerReportRequest(DbPath, OutDir, ReportLanguage.Zh), new GepReportFixture.FixedClock(GepReportFixture.Generated));
        }
    }

    public string Root { get; }

    public string DbPath => Path.Combine(Root, "ledger.db");

    public string OutDir => Path.Combine(Root, "report");

    public LedgerReportFiles Files { get; }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (Directory.Exists(Root))
        {
            Directory.Delete(Root, recursive: true);
        }
    }

    /// <summary>A clock that advances by <c>step</c> every time it is read.</summary>
    public sealed class SteppingClock(DateTimeOffset start, TimeSpan step) : TimeProvider
    {
        private DateTimeOffset _next = start;

        public override DateTimeOffset GetUtcNow()
        {
            var now = _next;
            _next += step;
            return now;
        }
    }
}
