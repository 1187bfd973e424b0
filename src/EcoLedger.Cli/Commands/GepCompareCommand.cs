using System.CommandLine;
using System.Globalization;
using EcoLedger.Cli.Hosting;
using EcoLedger.Valuation.Change;

namespace EcoLedger.Cli.Commands;

/// <summary><c>ecoledger gep compare</c>: change, land-conversion, extent and condition accounts of two runs.</summary>
public static class GepCompareCommand
{
    public static Command Create(CliIo io)
    {
        var from = new Option<string>("--from") { Description = "Output folder of the earlier gep compute run.", Required = true };
        var to = new Option<string>("--to") { Description = "Output folder of the later gep compute run.", Required = true };
        var outDir = new Option<string>("--out") { Description = "Output folder for the accounts (written only when both runs are valid and comparable).", Required = true };
        var map = new Option<string?>("--unit-map") { Description = "CSV from_unit_id,to_unit_id pairing units whose ids differ; an empty side lists a new or retired unit." };
        var fromUnits = new Option<string?>("--from-units") { Description = "The earlier run's units file, if it is not at the path its gep-summary.json records." };
        var toUnits = new Option<string?>("--to-units") { Description = "The later run's units file, likewise." };
        var cmd = new Command("compare", "Compare two GEP runs: change by indicator, ecosystem and unit split into quantity and price effects; land conversion; extent and condition accounts.")
        {
            from, to, outDir, map, fromUnits, toUnits,
        };
        cmd.SetAction(pr => Run(io, new GepCompareRequest(pr.GetValue(from)!, pr.GetValue(to)!, pr.GetValue(outDir)!, pr.GetValue(map), pr.GetValue(fromUnits), pr.GetValue(toUnits))));
        return cmd;
    }

    /// <summary>Runs the comparison and prints the change by indicator; returns the exit code.</summary>
    public static int Run(CliIo io, GepCompareRequest request)
    {
        var result = GepCompareRun.Execute(request);
        if (!result.Succeeded)
        {
            foreach (var p in result.Problems)
            {
                io.Err.WriteLine($"error: {p}");
            }
            io.Err.WriteLine($"error: {result.Problems.Count} input problem{(result.Problems.Count == 1 ? "" : "s")}; nothing was written to {request.OutDir}.");
            return 2;
        }
        foreach (var w in result.Warnings)
        {
            io.Err.WriteLine($"warning: {w}");
        }
        var c = result.Comparison!;
        var json = result.SummaryJson!;
        static string Wan(decimal cny) => (cny / 10_000m).ToString("#,0.00", CultureInfo.InvariantCulture);
        io.Out.WriteLine($"GEP change {json["from"]!["year"]?.ToString() ?? "?"} → {json["to"]!["year"]?.ToString() ?? "?"}, {json["prices"]} (万元)");
        io.Out.WriteLine($"  {"indicator",-22} {"from",14} {"to",14} {"change",14} {"quantity",14} {"price",14} {"undecomposed",14}");
        foreach (var (code, l) in c.ByIndicator.Append(new KeyValuePair<string, ChangeLine>("GEP", c.Total)))
        {
            io.Out.WriteLine($"  {code,-22} {Wan(l.FromCny),14} {Wan(l.ToCny),14} {Wan(l.Split.ChangeCny),14} {Wan(l.Split.QuantityEffectCny),14} {Wan(l.Split.PriceEffectCny),14} {Wan(l.Split.NotDecomposedCny),14}");
        }
        var units = json["units"]!;
        io.Out.WriteLine($"  units: {units["kept"]} kept, {units["converted"]} converted, {units["appeared"]} appeared, {units["disappeared"]} disappeared (gep-land-conversion.csv)");
        foreach (var l in result.Extent!.Lines)
        {
            io.Out.WriteLine($"  extent {l.Type,-10} {l.OpeningKm2,12:#,0.00} km² + {l.AdditionsKm2,9:#,0.00} − {l.ReductionsKm2,9:#,0.00} = {l.ClosingKm2,12:#,0.00} km²");
        }
        io.Out.WriteLine($"  written to {request.OutDir}");
        return 0;
    }
}
