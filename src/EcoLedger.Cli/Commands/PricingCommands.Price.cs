using System.CommandLine;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using EcoLedger.Cli.Hosting;
using EcoLedger.Pricing;
using static EcoLedger.Cli.Commands.LedgerCommands;

namespace EcoLedger.Cli.Commands;

using Money = EcoLedger.Money.Money;

/// <summary><c>ecoledger price</c>: import and show carbon price series.</summary>
public static partial class PricingCommands
{
    /// <summary><c>ecoledger price</c>.</summary>
    public static Command Price(CliIo io)
    {
        var ctx = Shared(io, out var cmd, "price", "Carbon price series by market and date (import, show with the as-of rule).");
        var file = new Argument<string>("file") { Description = "CSV: date,market,price_cny_per_t_co2e,source." };
        var requestId = Opt("--request-id", "Idempotency id.");
        var import = new Command("import", "Import quotes; a stored quote is never changed (same price: skipped; another price: refused).") { file, requestId };
        import.SetAction(r => ctx.Guard(() =>
        {
            string path = r.GetValue(file)!;
            if (!File.Exists(path))
            {
                throw new CliException($"Price file '{path}' does not exist.");
            }
            var (quotes, problems) = PriceCsv.Read(path);
            Problems(problems);
            string sha = Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(path)));
            using var db = ctx.Open(r);
            // The file name, not the operator's path: the journaled command (and its request fingerprint) must not depend on where the file sat.
            var command = new ImportPrices(Path.GetFileName(path), sha, quotes.Select(q => new QuoteEntry(q.Market, q.Date, q.FenPerTonne, q.Source)).ToList());
            var result = ctx.Run(db, r, command, r.GetValue(requestId));
            if (result.Unchanged)
            {
                // As compensation's samples import says it: nothing new, so nothing journaled.
                var p = result.PayloadAs<PricesImported>();
                if (r.GetValue(ctx.Json))
                {
                    WriteJson(ctx.Io, LedgerCli.UnchangedJson(result));
                    return 0;
                }
                ctx.Io.Out.WriteLine($"0 new quotes of {string.Join(", ", p.Markets)}, {p.First:yyyy-MM-dd}..{p.Last:yyyy-MM-dd}, {p.Rows} already recorded (skipped)");
                return 0;
            }
            return Entry(ctx, r, result, p => $"imported {p["rows"]} quotes ({p["new"]} new) of {string.Join(", ", ((JsonArray)p["markets"]!).Select(m => (string)m!))}, {p["first"]}..{p["last"]}");
        }));
        cmd.Subcommands.Add(import);

        var market = Opt("--market", "Only this market.");
        var asOf = Opt("--as-of", "Show the price each market gives at this date (last quote on or before it).");
        var maxAge = MaxAge();
        var show = new Command("show", "List quotes, or with --as-of the price each market gives at that date.") { market, asOf, maxAge };
        show.SetAction(r => ctx.Guard(() =>
        {
            using var db = ctx.Open(r);
            var series = db.Prices();
            var markets = r.GetValue(market) is { } m ? [m] : series.Markets;
            if (r.GetValue(asOf) is { } a)
            {
                var d = Date(a, "--as-of");
                var rows = markets.Select(mk => series.AsOf(mk, d, r.GetValue(maxAge))).ToList();
                if (r.GetValue(ctx.Json))
                {
                    WriteJson(io, new JsonArray(rows.Select(p => (JsonNode)new JsonObject
                    {
                        ["market"] = p.Quote.Market,
                        ["as_of"] = Iso(d),
                        ["quote_date"] = Iso(p.Quote.Date),
                        ["age_days"] = p.AgeDays,
                        ["price_cny_per_t"] = p.Quote.Price.Amount,
                        ["source"] = p.Quote.Source,
                    }).ToArray()));
                    return 0;
                }
                Table(io, ["market", "as of", "quote date", "age (days)", "CNY/t", "source"],
                    rows.Select(p => new[] { p.Quote.Market, Iso(d), Iso(p.Quote.Date), p.AgeDays.ToString(Ci), Cny(p.Quote.Price), p.Quote.Source }));
                return 0;
            }
            var quotes = markets.SelectMany(series.Quotes).ToList();
            if (r.GetValue(ctx.Json))
            {
                WriteJson(io, new JsonArray(quotes.Select(q => (JsonNode)new JsonObject
                {
                    ["market"] = q.Market,
                    ["date"] = Iso(q.Date),
                    ["price_cny_per_t"] = q.Price.Amount,
                    ["source"] = q.Source,
                }).ToArray()));
                return 0;
            }
            Table(io, ["market", "date", "CNY/t", "source"], quotes.Select(q => new[] { q.Market, Iso(q.Date), Cny(q.Price), q.Source }));
            return 0;
        }));
        cmd.Subcommands.Add(show);
        return cmd;
    }
}
