using EcoLedger.Cli.Hosting;

namespace EcoLedger.Cli.Demo;

/// <summary>
/// The monitoring step of the demo: registers the Yichun sample's stations (samples/yichun/monitoring), ingests four weeks of readings
/// with their injected faults, and prints the live account and the pricing basis of project YC_FOREST_1 at the CEA price.
/// </summary>
internal static class MonitoringDemo
{
    public static int Run(CliIo io, string db, string samplesDir, VerbRunner run)
    {
        string dir = Path.Combine(samplesDir, "yichun", "monitoring");
        io.Out.WriteLine($"== monitoring: Yichun stations and four weeks of readings (spike, stuck run, gaps injected) → {db}");
        var quiet = new CliIo(TextWriter.Null, io.Err, false);
        int code = run(["monitor", "stations", "import", Path.Combine(dir, "stations.csv"), "--units", Path.Combine(samplesDir, "yichun", "units.geojson"),
            "--actor", "registry", "--db", db], quiet);
        if (code != 0)
        {
            return code;
        }
        code = run(["monitor", "ingest", Path.Combine(dir, "readings.csv"), "--batch", "10000", "--actor", "registry", "--db", db], io);
        if (code != 0)
        {
            return code;
        }
        // The delivery haircut is the forward valuation's (FinanceDemo: --delivery-haircut 0.1); the price is CEA's latest on or before the data's date.
        return run(["monitor", "status", "--project", "YC_FOREST_1", "--market", FinanceDemo.SampleMarket, "--haircut", "0.1", "--db", db], io);
    }
}
