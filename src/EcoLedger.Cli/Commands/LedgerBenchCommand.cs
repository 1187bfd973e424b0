using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using EcoLedger.Storage;

namespace EcoLedger.Cli.Commands;

/// <summary><c>ledger bench</c>: transfer throughput, single durable commands vs batches vs plain SQLite inserts.</summary>
internal static class LedgerBenchCommand
{
    public static Command Create(LedgerCli ctx)
    {
        var dir = new Option<string>("--dir") { Description = "Working folder for the benchmark databases.", DefaultValueFactory = _ => Path.Combine(Path.GetTempPath(), "ecoledger-bench") };
        var holders = new Option<int>("--holders") { Description = "Holders (each starts with 1,000 t).", DefaultValueFactory = _ => 1_000 };
        var transfers = new Option<int>("--transfers") { Description = "Transfers in batch mode.", DefaultValueFactory = _ => 100_000 };
        var singles = new Option<int>("--single") { Description = "Transfers as single durable commands.", DefaultValueFactory = _ => 10_000 };
        var batchSize = new Option<int>("--batch-size") { Description = "Rows per batch.", DefaultValueFactory = _ => 10_000 };
        var scale = new Option<int>("--scale-events") { Description = "Also grow a ledger to this many events and time history/balance on it.", DefaultValueFactory = _ => 0 };
        var c = new Command("bench", "Benchmark part-block transfers among holders: single durable commands, all-or-nothing batches, plain SQLite inserts.")
        {
            dir, holders, transfers, singles, batchSize, scale,
        };
        c.SetAction(r =>
        {
            bool json = r.GetValue(ctx.Json);
            var figures = LedgerBench.Run(r.GetValue(dir)!, r.GetValue(holders), r.GetValue(transfers), r.GetValue(singles), r.GetValue(batchSize),
                r.GetValue(scale), json ? null : ctx.Io.Err.WriteLine);
            if (json)
            {
                LedgerCommands.WriteJson(ctx.Io, new JsonArray(figures.Select(f => (JsonNode)new JsonObject
                {
                    ["name"] = f.Name,
                    ["operations"] = f.Operations,
                    ["seconds"] = Math.Round(f.Seconds, 3),
                    ["per_second"] = Math.Round(f.PerSecond),
                }).ToArray()));
            }
            else
            {
                QueryCommands.Table(ctx.Io, ["measure", "operations", "seconds", "per second", "ms each"], figures.Select(f => new[]
                {
                    f.Name, f.Operations.ToString(CultureInfo.InvariantCulture), f.Seconds.ToString("F2", CultureInfo.InvariantCulture),
                    f.PerSecond.ToString("F0", CultureInfo.InvariantCulture), f.Milliseconds.ToString("F3", CultureInfo.InvariantCulture),
                }));
            }
            return 0;
        });
        return c;
    }
}
