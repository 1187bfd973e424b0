using System.CommandLine;
using System.Globalization;
using EcoLedger.Cli.Commands;
using EcoLedger.Cli.Hosting;
using EcoLedger.Reports.Certificates;
using EcoLedger.Storage;
using EcoLedger.Valuation;
using EcoLedger.Valuation.Files;

namespace EcoLedger.Cli.Demo;

/// <summary><c>ecoledger demo</c>: the main job on the shipped samples, end to end.</summary>
public static class DemoCommands
{
    /// <summary>The sample regions shipped in <c>samples/</c>.</summary>
    public static readonly string[] Regions = ["yichun", "lueliang"];

    public static Command Create(CliIo io, VerbRunner run)
    {
        var samples = new Option<string>("--samples") { Description = "The samples folder (default: ./samples in a clone of the repository, else the samples installed with the command).", DefaultValueFactory = _ => DefaultSamplesDir(Directory.GetCurrentDirectory(), AppContext.BaseDirectory) };
        var outDir = new Option<string>("--out") { Description = "Where to write the results.", DefaultValueFactory = _ => "out" };
        var db = new Option<string>("--db")
        {
            Description = "The demo's ledger database (default: OUT/ecoledger.db, recreated). A PostgreSQL connection string (Host=…;Database=…) runs " +
                "the ledger part on that database, which must not hold a ledger yet; its key files are written to OUT.",
        };
        var cmd = new Command("demo", "Run the main job on the shipped samples: GEP, priority zones and the GEP report of each region; then a credit ledger, a compensation round, the finance sample, the audit trail and the ledger report.") { samples, outDir, db };
        cmd.SetAction(pr => Run(io, pr.GetValue(samples)!, pr.GetValue(outDir)!, run, pr.GetValue(db)));
        return cmd;
    }

    /// <summary>
    /// <c>samples</c> under <paramref name="workingDir"/> when it holds the sample regions (a clone of the repository),
    /// else the copy installed beside the command in <paramref name="installDir"/> (the tool package ships it).
    /// </summary>
    public static string DefaultSamplesDir(string workingDir, string installDir)
    {
        string local = Path.Combine(workingDir, "samples");
        return Regions.All(r => File.Exists(Path.Combine(local, r, "units.geojson"))) ? "samples" : Path.Combine(installDir, "samples");
    }

    /// <summary>Runs every stage on every sample region; stops at the first failure.</summary>
    public static int Run(CliIo io, string samplesDir, string outDir, VerbRunner run, string? database = null)
    {
        string db = database ?? Path.GetFullPath(Path.Combine(outDir, "ecoledger.db"));
        bool server = database is not null && StorageProvider.For(database).Name != "sqlite";
        if (server)
        {
            if (LedgerDatabase.Exists(database!))
            {
                throw new CliException("--db: that database already holds a ledger; the demo builds its ledger from scratch. Name a new or empty database.");
            }
            // A server database has no folder: its checkpoint key pair and the participants' keys are written beside the other results.
            Directory.CreateDirectory(outDir);
            Environment.SetEnvironmentVariable("ECOLEDGER_KEY_DIR", Path.GetFullPath(outDir));
        }
        foreach (var region in Regions)
        {
            string dir = Path.Combine(samplesDir, region);
            string units = Path.Combine(dir, "units.geojson");
            if (!File.Exists(units))
            {
                throw new CliException($"{units}: file not found; expected the samples folder that ships with the command, or pass --samples DIR.");
            }
            string gepOut = Path.Combine(outDir, region, "gep");
            io.Out.WriteLine($"== {region}: gep compute → {gepOut}");
            int code = GepCommands.RunCompute(io, new GepRunRequest(units, Path.Combine(dir, "region-stats.csv"), null, 2023, gepOut), json: false);
            if (code != 0)
            {
                return code;
            }
            string zonesOut = Path.Combine(outDir, region, "zones");
            io.Out.WriteLine($"== {region}: zones mark → {zonesOut}");
            code = run(["zones", "mark", "--units", units, "--gep", gepOut, "--out", zonesOut], io);
            if (code != 0)
            {
                return code;
            }
            string reportOut = Path.Combine(outDir, region, "report");
            io.Out.WriteLine($"== {region}: report gep → {Path.Combine(reportOut, "report.html")}");
            code = run(["report", "gep", "--gep", gepOut, "--zones", zonesOut, "--out", reportOut], io);
            if (code != 0)
            {
                return code;
            }
        }
        int ledger = BuildLedger(io, outDir, db, run);
        if (ledger != 0)
        {
            return ledger;
        }
        io.Out.WriteLine($"== compensation: one Xin'an round to settlement → {db}");
        EcoLedger.Cli.Demo.CompensationDemo.Run(db, Path.Combine(samplesDir, "xinan"), io.Out);
        io.Out.WriteLine($"== finance: Sanming carbon-ticket pledge and Shunchang ecological-bank package → {db}");
        int finance = FinanceDemo.RunFinanceSample(io, db, samplesDir, run);
        if (finance != 0)
        {
            return finance;
        }
        int monitoring = MonitoringDemo.Run(io, db, samplesDir, run);
        if (monitoring != 0)
        {
            return monitoring;
        }
        io.Out.WriteLine("== ledger: the registry describes YC_FOREST_1 (CAD Trust and Article 6 fields) and its holders' jurisdictions");
        var quietSteps = new CliIo(TextWriter.Null, io.Err, false);
        foreach (var step in new[]
        {
            new[] { "ledger", "project", "describe", "--db", db, "--project", "YC_FOREST_1", "--name", "Yichun state forest farm carbon sink", "--host-country", "CN",
                "--host-region", "CN-HL", "--sector", "Agriculture; forestry and fishing", "--project-type", "Improved Forest Management",
                "--methodology", "CCER-14-001-V01", "--ndc-coverage", "inside", "--actor", "registry", "--request-id", "demo_cadt_describe" },
            ["ledger", "participant", "jurisdiction", "--db", db, "--participant", "forest_farm", "--country", "CN", "--region", "CN-HL", "--actor", "registry", "--request-id", "demo_cadt_farm"],
            ["ledger", "participant", "jurisdiction", "--db", db, "--participant", "buyer", "--country", "CN", "--region", "CN-HL", "--actor", "registry", "--request-id", "demo_cadt_buyer"],
        })
        {
            int described = run(step, quietSteps);
            if (described != 0)
            {
                return described;
            }
        }
        io.Out.WriteLine("== audit: sign a checkpoint, verify the live database, export a bundle and verify it offline");
        string bundle = Path.Combine(outDir, "ledger.bundle");
        foreach (var step in new[]
        {
            new[] { "audit", "checkpoint", "--db", db, "--out", Path.Combine(outDir, "checkpoint.json") },
            ["audit", "verify", "--db", db, "--public-key", LedgerDatabase.FilesOf(db) + ".pub.pem"],
            ["audit", "export", "--db", db, "--out", bundle],
            ["audit", "verify", bundle, "--public-key", LedgerDatabase.FilesOf(db) + ".pub.pem"],
            ["audit", "report", "--db", db, "--public-key", LedgerDatabase.FilesOf(db) + ".pub.pem", "--out", Path.Combine(outDir, "audit-report")],
        })
        {
            int audit = run(step, io);
            if (audit != 0)
            {
                return audit;
            }
        }
        long retirement;
        using (var ledgerDb = LedgerDatabase.Open(db))
        {
            retirement = ledgerDb.JournalEntries().First(e => e.Kind == RetirementCertificate.RetirementKind).Seq;
        }
        string certificate = Path.Combine(outDir, "retirement-certificate.pdf");
        io.Out.WriteLine($"== ledger: certificate of the retirement (event {retirement}) → {certificate}");
        int cert = run(["ledger", "certificate", "--db", db, "--retirement", retirement.ToString(CultureInfo.InvariantCulture), "--out", certificate, "--force"], io);
        if (cert != 0)
        {
            return cert;
        }
        string publicExport = Path.Combine(outDir, "public");
        io.Out.WriteLine($"== ledger: public export of issuances and retirements → {publicExport}");
        int export = run(["ledger", "export", "public", "--db", db, "--out", publicExport], io);
        if (export != 0)
        {
            return export;
        }
        string cadt = Path.Combine(outDir, "cadt");
        io.Out.WriteLine($"== ledger: CAD Trust export of YC_FOREST_1 → {cadt}");
        int cadtExport = run(["ledger", "export", "cadt", "--db", db, "--out", cadt, "--registry", "Heilongjiang forest carbon registry",
            "--registry-url", "https://registry.example.cn"], io);
        if (cadtExport != 0)
        {
            return cadtExport;
        }
        string ledgerReport = Path.Combine(outDir, "ledger-report");
        io.Out.WriteLine($"== ledger: report ledger → {Path.Combine(ledgerReport, "report.html")}");
        // Pledges priced as the finance sample's "value pledges" prices them: CEA reference price as of 2025-06-30, haircut 0.3,
        // threshold 0.8, the sample's vintage discounts.
        int report = run(["report", "ledger", "--db", db, "--out", ledgerReport, "--market", FinanceDemo.SampleMarket, "--as-of", FinanceDemo.SampleAsOf,
            "--haircut", "0.3", "--threshold", "0.8", "--discounts", Path.Combine(samplesDir, "finance", "vintage-discounts.csv")], io);
        if (report != 0)
        {
            return report;
        }
        int years = YearsDemo.Run(io, samplesDir, outDir, run);
        if (years != 0)
        {
            return years;
        }
        // Last, so the output of every step above stays as it was: the Yichun account again, its unit inputs taken from the
        // sample's monitoring rasters (samples/yichun/rasters).
        string rasterOut = Path.Combine(outDir, "yichun", "gep-rasters");
        io.Out.WriteLine($"== yichun: gep compute --rasters (unit inputs from monitoring rasters) → {rasterOut}");
        string yichun = Path.Combine(samplesDir, "yichun");
        int computed = run(["gep", "compute", "--units", Path.Combine(yichun, "units.geojson"), "--region-stats", Path.Combine(yichun, "region-stats.csv"), "--year", "2023",
            "--rasters", Path.Combine(yichun, "rasters", "rasters.json"), "--out", rasterOut], io);
        if (computed != 0)
        {
            return computed;
        }
        // Its zones and report, the sample's land cover drawn as the zone map's base layer under the unit and zone outlines.
        string rasterZones = Path.Combine(outDir, "yichun", "zones-rasters"), rasterReport = Path.Combine(outDir, "yichun", "report-rasters");
        io.Out.WriteLine($"== yichun: zones mark and report gep --map-raster landcover (land cover under the zone map) → {rasterReport}");
        int zoned = run(["zones", "mark", "--units", Path.Combine(yichun, "units.geojson"), "--gep", rasterOut, "--out", rasterZones], io);
        return zoned != 0 ? zoned : run(["report", "gep", "--gep", rasterOut, "--zones", rasterZones, "--map-raster", "landcover", "--out", rasterReport], io);
    }

    /// <summary>
    /// A small credit ledger from the Yichun sample: a project over the first 20 forest units, one issuance sized from their
    /// carbon_sequestration (t CO2, rounded down), then a transfer, a pledge and a retirement; prints the supply table and writes
    /// the ledger report to <c>OUT/ledger-report</c>.
    /// </summary>
    private static int BuildLedger(CliIo io, string outDir, string db, VerbRunner run)
    {
        var forest = new List<string>();
        decimal tonnes = 0;
        foreach (var row in GepUnitsFile.Read(Path.Combine(outDir, "yichun", "gep", GepUnitsFile.FileName)))
        {
            if (row.Ecosystem != "forest" || row.Indicator != "carbon_sequestration")
            {
                continue;
            }
            if (forest.Count == 20)
            {
                break;
            }
            forest.Add(row.UnitId);
            tonnes += row.Quantity ?? 0m;
        }
        if (StorageProvider.For(db).Name == "sqlite")
        {
            foreach (var suffix in new[] { "", "-wal", "-shm", ".key.pem", ".pub.pem" })
            {
                File.Delete(db + suffix);
            }
        }
        else
        {
            foreach (var suffix in new[] { ".key.pem", ".pub.pem" })
            {
                File.Delete(LedgerDatabase.FilesOf(db) + suffix);
            }
        }
        // ledger init creates the signing key, so every command after it ends with a signed checkpoint.
        var quiet = new CliIo(TextWriter.Null, io.Err, false);
        int init = run(["ledger", "init", "--db", db, "--ledger-id", "ecoledger-demo"], quiet);
        if (init != 0)
        {
            return init;
        }
        long issued = (long)decimal.Floor(tonnes);
        io.Out.WriteLine($"== ledger: project YC_FOREST_1 over {forest.Count} Yichun forest units, issuance of {issued:#,0} t CO2e (their carbon_sequestration, rounded down) → {db}");
        EcoLedger.Cli.Demo.LedgerDemo.Build(db, forest, issued);
        return run(["ledger", "supply", "--db", db], io);
    }
}
