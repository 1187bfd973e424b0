using System.Globalization;
using EcoLedger.IO;
using EcoLedger.Ledger;

namespace EcoLedger.Pricing;

using Money = EcoLedger.Money.Money;

/// <summary>One price quote: the price of one tonne CO2e on one market on one day, in whole fen.</summary>
/// <param name="Market">Market code, e.g. <c>CEA</c> (national ETS reference) or <c>FJ_FFCER</c> (a local voluntary market).</param>
/// <param name="Date">Quote date.</param>
/// <param name="FenPerTonne">Price in fen per t CO2e.</param>
/// <param name="Source">Where the quote comes from (exchange bulletin, contract, …).</param>
public sealed record PriceQuote(string Market, DateOnly Date, long FenPerTonne, string Source)
{
    /// <summary>The price per tonne in CNY.</summary>
    public Money Price => Money.FromMinorUnits(FenPerTonne);
}

/// <summary>The quote a valuation at <see cref="AsOf"/> uses, and how old it is.</summary>
/// <param name="Quote">The last quote on or before <see cref="AsOf"/>.</param>
/// <param name="AsOf">The valuation date.</param>
public sealed record PriceAsOf(PriceQuote Quote, DateOnly AsOf)
{
    /// <summary>Days between the quote and the valuation date (0 when quoted that day).</summary>
    public int AgeDays => AsOf.DayNumber - Quote.Date.DayNumber;
}

/// <summary>
/// Price series of several markets side by side. The as-of rule: a valuation at date D on market M uses the last quote of M
/// dated on or before D — never a later one — and refuses when that quote is more than <c>maxAgeDays</c> old.
/// </summary>
public sealed class PriceSeries
{
    private readonly Dictionary<string, List<PriceQuote>> _byMarket = new(StringComparer.Ordinal);

    /// <summary>Builds the series; quotes may come in any order. Two quotes of one market on one day are refused.</summary>
    public PriceSeries(IEnumerable<PriceQuote> quotes)
    {
        ArgumentNullException.ThrowIfNull(quotes);
        foreach (var q in quotes)
        {
            if (!_byMarket.TryGetValue(q.Market, out var list))
            {
                _byMarket.Add(q.Market, list = []);
            }
            list.Add(q);
        }
        foreach (var (market, list) in _byMarket)
        {
            list.Sort((a, b) => a.Date.CompareTo(b.Date));
            for (int i = 1; i < list.Count; i++)
            {
                if (list[i].Date == list[i - 1].Date)
                {
                    throw new LedgerException($"Market '{market}' has two quotes on {list[i].Date:yyyy-MM-dd}.");
                }
            }
        }
    }

    /// <summary>The markets, in ordinal order.</summary>
    public IReadOnlyList<string> Markets => _byMarket.Keys.Order(StringComparer.Ordinal).ToList();

    /// <summary>The quotes of a market, oldest first (empty for an unknown market).</summary>
    public IReadOnlyList<PriceQuote> Quotes(string market) => _byMarket.TryGetValue(market, out var l) ? l : [];

    /// <summary>
    /// The last quote of <paramref name="market"/> on or before <paramref name="asOf"/>.
    /// </summary>
    /// <exception cref="LedgerException">A negative <paramref name="maxAgeDays"/>; unknown market; no quote on or before the date; or the quote is older than <paramref name="maxAgeDays"/>.</exception>
    public PriceAsOf AsOf(string market, DateOnly asOf, int maxAgeDays)
    {
        if (maxAgeDays < 0)
        {
            throw LedgerException.ForFields($"The largest age of a quote ({{max_age_days}}) must be 0 days or more; got {maxAgeDays}.", "max_age_days");
        }
        if (!_byMarket.TryGetValue(market, out var list))
        {
            throw new LedgerException(_byMarket.Count == 0
                ? $"Market '{market}' has no quotes: no prices have been imported (ecoledger price import)."
                : $"Market '{market}' has no quotes; known markets: {string.Join(", ", Markets)}.");
        }
        // Binary search for the last quote with Date <= asOf.
        int lo = 0, hi = list.Count - 1, found = -1;
        while (lo <= hi)
        {
            int mid = (lo + hi) / 2;
            if (list[mid].Date <= asOf)
            {
                found = mid;
                lo = mid + 1;
            }
            else
            {
                hi = mid - 1;
            }
        }
        if (found < 0)
        {
            throw new LedgerException($"Market '{market}' has no quote on or before {asOf:yyyy-MM-dd}; its first quote is of {list[0].Date:yyyy-MM-dd}, " +
                "and a later quote is never used.");
        }
        var result = new PriceAsOf(list[found], asOf);
        if (result.AgeDays > maxAgeDays)
        {
            throw LedgerException.ForFields($"The last quote of market '{market}' on or before {asOf:yyyy-MM-dd} is of {result.Quote.Date:yyyy-MM-dd}, " +
                $"{result.AgeDays} days old; the limit is {maxAgeDays} days ({{max_age_days}}).", "max_age_days");
        }
        return result;
    }
}

/// <summary>Reads price CSV files: header <c>date,market,price_cny_per_t_co2e,source</c>.</summary>
public static class PriceCsv
{
    /// <summary>The header a price file starts with.</summary>
    public const string Header = "date,market,price_cny_per_t_co2e,source";

    /// <summary>
    /// The highest price accepted per tonne: 10,000 times today's EU price, and low enough that a price in fen times any
    /// issuable quantity stays within the ledger's arithmetic.
    /// </summary>
    public const decimal MaxPrice = 1_000_000m;

    /// <summary>Reads a price file from disk as strict UTF-8 (bytes that are not UTF-8 are refused, not replaced).</summary>
    public static (IReadOnlyList<PriceQuote> Quotes, IReadOnlyList<InputProblem> Problems) Read(string path)
    {
        using var csv = CsvRecordReader.Open(path);
        return Read(csv);
    }

    /// <summary>Parses a price file; every bad row is reported (row numbers count the header as row 1).</summary>
    public static (IReadOnlyList<PriceQuote> Quotes, IReadOnlyList<InputProblem> Problems) Read(string file, TextReader text)
    {
        ArgumentNullException.ThrowIfNull(text);
        using var csv = new CsvRecordReader(text, file);
        return Read(csv);
    }

    private static (IReadOnlyList<PriceQuote> Quotes, IReadOnlyList<InputProblem> Problems) Read(CsvRecordReader csv)
    {
        string file = csv.File;
        var quotes = new List<PriceQuote>();
        var problems = new List<InputProblem>();
        try
        {
            if (!csv.Read() || csv.FieldCount < 4 || csv.GetString(0).Trim() != "date" || csv.GetString(1).Trim() != "market"
                || csv.GetString(2).Trim() != "price_cny_per_t_co2e" || csv.GetString(3).Trim() != "source")
            {
                problems.Add(new InputProblem(file, "row 1", null, $"Expected the header '{Header}'."));
                return (quotes, problems);
            }
            var seen = new Dictionary<(string, DateOnly), int>();
            while (csv.Read())
            {
                int row = csv.Row;
                string loc = csv.Location;
                if (csv.FieldCount < 4)
                {
                    problems.Add(new InputProblem(file, loc, null, $"Expected 4 fields ({Header}); found {csv.FieldCount}."));
                    continue;
                }
                string dateText = csv.GetString(0).Trim(), market = csv.GetString(1).Trim(), priceText = csv.GetString(2).Trim(), source = csv.GetString(3).Trim();
                bool ok = true;
                if (!DateOnly.TryParseExact(dateText, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
                {
                    problems.Add(new InputProblem(file, loc, "date", $"Expected a date YYYY-MM-DD; found '{InputText.Show(dateText)}'."));
                    ok = false;
                }
                if (!Identifiers.IsValid(market))
                {
                    problems.Add(new InputProblem(file, loc, "market", $"Expected a market code of 1 to 40 ASCII letters, digits or underscores; found '{InputText.Show(market)}'."));
                    ok = false;
                }
                long fen = 0;
                if (!decimal.TryParse(priceText, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var price) || price <= 0m)
                {
                    problems.Add(new InputProblem(file, loc, "price_cny_per_t_co2e", $"Expected a positive price in CNY per t CO2e; found '{InputText.Show(priceText)}'."));
                    ok = false;
                }
                else if (price > MaxPrice)
                {
                    problems.Add(new InputProblem(file, loc, "price_cny_per_t_co2e", $"Expected a price of at most 1000000 CNY per t CO2e; found '{InputText.Show(priceText)}'."));
                    ok = false;
                }
                else if (decimal.Round(price, 2) != price)
                {
                    problems.Add(new InputProblem(file, loc, "price_cny_per_t_co2e", $"Expected a price in whole fen (at most 2 decimals); found '{priceText}'."));
                    ok = false;
                }
                else
                {
                    fen = (long)(price * 100m);
                }
                if (source.Length == 0)
                {
                    problems.Add(new InputProblem(file, loc, "source", "Expected the source of the quote; found an empty field."));
                    ok = false;
                }
                else if (InputText.NameProblem(source) is { } sourceProblem)
                {
                    problems.Add(new InputProblem(file, loc, "source", $"Expected the source of the quote with {sourceProblem}."));
                    ok = false;
                }
                if (!ok)
                {
                    continue;
                }
                if (seen.TryGetValue((market, date), out int first))
                {
                    problems.Add(new InputProblem(file, loc, "date", $"Market '{market}' is already quoted on {date:yyyy-MM-dd} (row {first})."));
                    continue;
                }
                seen.Add((market, date), row);
                quotes.Add(new PriceQuote(market, date, fen, source));
            }
        }
        catch (CsvFormatException e)
        {
            problems.Add(e.ToProblem());
        }
        return (quotes, problems);
    }
}
