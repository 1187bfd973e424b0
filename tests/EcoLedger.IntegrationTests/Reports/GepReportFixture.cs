using EcoLedger.Reports;
using EcoLedger.Reports.Gep;

namespace EcoLedger.IntegrationTests.Reports;

/// <summary>
/// Runs gep compute (2022 and 2023), zones mark and report gep once on the small fixed input in Reports/Fixture
/// (six units of 伊春: four forest, two wetland), for every report test.
/// </summary>
public sealed class GepReportFixture : IDisposable
{
    /// <summary>The report's clock: a fixed instant, so the golden files hold no real timestamp.</summary>
    public static readonly DateTimeOffset Generated = new(2024, 3, 1, 8, 0, 0, TimeSpan.Zero);

    public GepReportFixture()
    {
        Root = Path.Combine(Path.GetTempPath(), "ecoledger-report-" + Guid.NewGuid().ToString("N")[..8]);
        string fixture = CliRunner.Repo("tests", "EcoLedger.IntegrationTests", "Reports", "Fixture");
        Run("gep", "compute", "--units", Path.Combine(fixture, "units.geojson"), "--region-stats", Path.Combine(fixture, "region-stats.csv"), "--year", "2023", "--out", GepDir);
        Run("gep", "compute", "--units", Path.Combine(fixture, "units-previous.geojson"), "--region-stats", Path.Combine(fixture, "region-stats.csv"), "--year", "2022", "--out", PreviousDir);
        Run("zones", "mark", "--units", Path.Combine(fixture, "units.geojson"), "--gep", GepDir, "--out", ZonesDir);
        Files = GepReport.Write(new GepReportRequest(GepDir, ZonesDir, PreviousDir, OutDir, ReportLanguage.Zh, Population: 100_000), new FixedClock(Generated));
    }

    public string Root { get; }

    public string GepDir => Path.Combine(Root, "gep");

    public string PreviousDir => Path.Combine(Root, "gep-2022");

    public string ZonesDir => Path.Combine(Root, "zones");

    public string OutDir => Path.Combine(Root, "report");

    public GepReportFiles Files { get; }

    private static void Run(params string[] args)
    {
        var r = CliRunner.Run(args);
        if (r.ExitCode != 0)
        {
            throw new InvalidOperationException($"{string.Join(' ', args)} failed: {r.Err}");
        }
    }

    public void Dispose()
    {
        if (Directory.Exists(Root))
        {
            Directory.Delete(Root, recursive: true);
        }
    }

    public sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
