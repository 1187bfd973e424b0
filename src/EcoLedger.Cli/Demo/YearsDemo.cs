using EcoLedger.Cli.Hosting;

namespace EcoLedger.Cli.Demo;

/// <summary>The last demo stage: Yichun 2023 against 2024 at constant 2024 prices (change, extent and condition accounts), and the 2024 report with the change account.</summary>
internal static class YearsDemo
{
    /// <summary>The second-year sample, when the samples folder has it (an older installed copy may not).</summary>
    public const string SecondYear = "yichun-2024";

    public static int Run(CliIo io, string samplesDir, string outDir, VerbRunner run)
    {
        string dir2024 = Path.Combine(samplesDir, SecondYear);
        if (!File.Exists(Path.Combine(dir2024, "units.geojson")))
        {
            io.Out.WriteLine($"== years: {dir2024} not found; the comparison of two years is skipped.");
            return 0;
        }
        string years = Path.Combine(outDir, "yichun", "years");
        var runs = new (int Year, string Dir)[] { (2023, Path.Combine(samplesDir, "yichun")), (2024, dir2024) };
        foreach (var (year, dir) in runs)
        {
            string gep = Path.Combine(years, $"gep-{year}");
            io.Out.WriteLine($"== years: gep compute Yichun {year} at constant 2024 prices → {gep}");
            var quiet = new CliIo(TextWriter.Null, io.Err, false);
            int code = run(["gep", "compute", "--units", Path.Combine(dir, "units.geojson"), "--region-stats", Path.Combine(dir, "region-stats.csv"),
                "--year", $"{year}", "--price-year", "2024", "--out", gep], quiet);
            if (code != 0)
            {
                return code;
            }
        }
        string compare = Path.Combine(years, "compare");
        io.Out.WriteLine($"== years: gep compare 2023 → 2024 → {compare}");
        int compared = run(["gep", "compare", "--from", Path.Combine(years, "gep-2023"), "--to", Path.Combine(years, "gep-2024"),
            "--unit-map", Path.Combine(dir2024, "unit-map.csv"), "--out", compare], io);
        if (compared != 0)
        {
            return compared;
        }
        string report = Path.Combine(years, "report");
        io.Out.WriteLine($"== years: report gep 2024 with the change account → {Path.Combine(report, "report.html")}");
        return run(["report", "gep", "--gep", Path.Combine(years, "gep-2024"), "--previous", compare, "--out", report], io);
    }
}
