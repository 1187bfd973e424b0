using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using EcoLedger.Cli.Hosting;
using EcoLedger.IO;
using EcoLedger.Ledger;
using EcoLedger.Pricing;
using EcoLedger.Storage;
using static EcoLedger.Cli.Commands.LedgerCommands;

namespace EcoLedger.Cli.Commands;

using Money = EcoLedger.Money.Money;

/// <summary>
/// Green-finance pricing: <c>ecoledger price import|show</c>, <c>ecoledger value holdings|project|pledges</c>,
/// <c>ecoledger bank package create|show|value|distribute</c>, <c>ecoledger bank certificate pledge|release|transfer</c>,
/// <c>ecoledger bank loan record</c>. Every verb takes <c>--db</c>, <c>--actor</c> and <c>--json</c>. Formulas: methodology/pricing.md.
/// </summary>
public static partial class PricingCommands
{
    private static readonly CultureInfo Ci = CultureInfo.InvariantCulture;

    internal static IReadOnlyList<PledgeValue> PledgeRows(LedgerDatabase db, PriceAsOf price, DateOnly asOf, VintageDiscounts discounts, decimal defaultHaircut,
        decimal threshold, PricePath path, decimal rate, decimal deliveryHaircut) =>
        db.ValuePledges(price, asOf, discounts, defaultHaircut, threshold, path, rate, deliveryHaircut);

    internal static IReadOnlyList<AssetPackages.UnitValue> PackageValue(IReadOnlyList<BankPackageUnit> units, int baseYear, PricePath path, decimal rate, decimal haircut,
        decimal buffer = 0m) => LedgerDatabase.PackageValue(units, baseYear, path, rate, haircut, buffer);

    private static LedgerCli Shared(CliIo io, out Command cmd, string name, string description)
    {
        var ctx = new LedgerCli(io);
        cmd = new Command(name, description);
        ctx.AddSharedOptions(cmd);
        return ctx;
    }

    private static Option<int> MaxAge() => new("--max-age-days")
    {
        Description = "Refuse a quote older than this many days at the valuation date.",
        DefaultValueFactory = _ => 90,
    };

    private static string RequireActor(LedgerCli ctx, ParseResult r) =>
        ctx.ActorOf(r) is { Length: > 0 } a ? a : throw new CliException("This command needs the acting participant (--actor).");

    private static int Entry(LedgerCli ctx, ParseResult r, CommandResult result, Func<JsonNode, string> summary)
    {
        if (r.GetValue(ctx.Json))
        {
            WriteJson(ctx.Io, LedgerCli.EntryJson(result.Entry, result.Repeated));
            return 0;
        }
        ctx.Io.Out.WriteLine($"event {result.Entry.Seq} {result.Entry.Kind} by {result.Entry.Actor}{(result.Repeated ? " (repeated request: nothing written)" : "")}");
        ctx.Io.Out.WriteLine(summary(JsonNode.Parse(result.Entry.Payload)!));
        return 0;
    }

    private static void Problems(IReadOnlyList<IO.InputProblem> problems)
    {
        if (problems.Count > 0)
        {
            throw new CliException(string.Join(Environment.NewLine + "error: ", problems.Select(p => p.ToString())));
        }
    }

    internal static VintageDiscounts ReadDiscounts(string? file)
    {
        if (file is null)
        {
            return VintageDiscounts.None;
        }
        if (!File.Exists(file))
        {
            throw new CliException($"Discount table '{file}' does not exist.");
        }
        var (table, problems) = VintageDiscounts.Read(file, EcoLedger.IO.CsvRecordReader.OpenUtf8(file));
        Problems(problems);
        return table!;
    }

    private static void DistributionTable(CliIo io, IEnumerable<(int Year, string Cert, string Holder, long Min, long PaidMin, long Profit, long Total, long Owed)> rows) =>
        Table(io, ["year", "certificate", "holder", "minimum", "paid to minimum", "profit share", "paid", "owed"], rows.Select(x => new[]
        {
            x.Year.ToString(Ci), x.Cert, x.Holder, Cny(Money.FromMinorUnits(x.Min)), Cny(Money.FromMinorUnits(x.PaidMin)), Cny(Money.FromMinorUnits(x.Profit)),
            Cny(Money.FromMinorUnits(x.Total)), Cny(Money.FromMinorUnits(x.Owed)),
        }));

    private static JsonArray Totals(IEnumerable<(string Key, long Tonnes, Money Value)> totals, string key) =>
        new(totals.Select(t => (JsonNode)new JsonObject { [key] = t.Key, ["tonnes"] = t.Tonnes, ["value_cny"] = t.Value.Amount }).ToArray());

    private static JsonObject PriceJson(PriceAsOf p) => new()
    {
        ["market"] = p.Quote.Market,
        ["quote_date"] = Iso(p.Quote.Date),
        ["age_days"] = p.AgeDays,
        ["price_cny_per_t"] = p.Quote.Price.Amount,
        ["source"] = p.Quote.Source,
    };

    private static string PriceLine(PriceAsOf p) =>
        $"price {Cny(p.Quote.Price)} CNY/t on {p.Quote.Market}, quoted {Iso(p.Quote.Date)} ({p.AgeDays} days before {Iso(p.AsOf)}; source: {p.Quote.Source})";

    private static decimal F(long fen) => Money.FromMinorUnits(fen).Amount;

    private static string Cny(Money m) => m.Amount.ToString("#,0.00", Ci);

    private static string T(decimal t) => t.ToString("#,0.###", Ci);

    private static string Iso(DateOnly d) => d.ToString("yyyy-MM-dd", Ci);

    /// <summary>Prints an aligned text table.</summary>
    internal static void Table(CliIo io, string[] headers, IEnumerable<string[]> rows)
    {
        var all = rows.ToList();
        var widths = headers.Select((h, i) => Math.Max(TerminalColumns.Width(h), all.Count == 0 ? 0 : all.Max(r => TerminalColumns.Width(r[i])))).ToArray();
        io.Out.WriteLine(string.Join("  ", headers.Select((h, i) => TerminalColumns.PadRight(h, widths[i]))).TrimEnd());
        foreach (var r in all)
        {
            // Numbers right-aligned, text left-aligned.
            io.Out.WriteLine(string.Join("  ", r.Select((c, i) => c.Length > 0 && (char.IsDigit(c[0]) || c[0] == '-') && c.Any(char.IsDigit) && !c.Contains(' ') && !c.Contains("..", StringComparison.Ordinal)
                ? TerminalColumns.PadLeft(c, widths[i]) : TerminalColumns.PadRight(c, widths[i]))).TrimEnd());
        }
    }
}
