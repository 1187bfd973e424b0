using System.CommandLine;
using EcoLedger.Valuation;

namespace EcoLedger.Cli.Commands;

/// <summary><c>ecoledger demo</c>: the main job on the shipped samples, end to end.</summary>
public static class DemoCommands
{
    /// <summary>The sample regions shipped in <c>samples/</c>.</summary>
    public static readonly string[] Regions = ["yichun", "lueliang"];

    public static Command Create(CliIo io)
    {
        var samples = new Option<string>("--samples") { Description = "The samples folder.", DefaultValueFactory = _ => "samples" };
        var outDir = new Option<string>("--out") { Description = "Where to write the results.", DefaultValueFactory = _ => "out" };
        var cmd = new Command("demo", "Run the main job on the shipped samples: GEP and priority protection zones of each sample region.") { samples, outDir };
        cmd.SetAction(pr => Run(io, pr.GetValue(samples)!, pr.GetValue(outDir)!));
        return cmd;
    }

    /// <summary>Runs every stage on every sample region; stops at the first failure.</summary>
    public static int Run(CliIo io, string samplesDir, string outDir)
    {
        foreach (var region in Regions)
        {
            string dir = Path.Combine(samplesDir, region);
            string units = Path.Combine(dir, "units.geojson");
            if (!File.Exists(units))
            {
                throw new CliException($"{units}: file not found; run from the repository root or pass --samples.");
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
            code = Program.Run(["zones", "mark", "--units", units, "--gep", gepOut, "--out", zonesOut], io);
            if (code != 0)
            {
                return code;
            }
        }
        return 0;
    }
}
