using System.Globalization;
using System.Text.Json;
using EcoLedger.IO;

namespace EcoLedger.Valuation.Parameters;

/// <summary>One year's index against the year before (previous year = 100) and where the figure comes from.</summary>
/// <param name="Year">The year.</param>
/// <param name="Index">The index, previous year = 100 (105.4 means prices rose 5.4 %).</param>
/// <param name="Source">The publication the figure was read from.</param>
public sealed record YearIndex(int Year, decimal Index, string Source);

/// <summary>A yearly price-index series (CPI or PPI), previous year = 100.</summary>
public sealed class PriceIndexSeries
{
    private readonly SortedDictionary<int, YearIndex> _byYear;

    /// <summary>Creates a series.</summary>
    public PriceIndexSeries(string code, string name, IEnumerable<YearIndex> values)
    {
        Code = code;
        Name = name;
        _byYear = new SortedDictionary<int, YearIndex>(values.ToDictionary(v => v.Year));
    }

    /// <summary>The code, e.g. <c>cpi</c>.</summary>
    public string Code { get; }

    /// <summary>The series' name.</summary>
    public string Name { get; }

    /// <summary>The yearly figures in year order.</summary>
    public IReadOnlyCollection<YearIndex> Values => _byYear.Values;

    /// <summary>
    /// The factor that moves a price of <paramref name="fromYear"/> to the price level of <paramref name="toYear"/>:
    /// Π I_t/100 over t = from+1 … to (forward) or its inverse (backward), rounded once to
    /// <see cref="FactorDecimals"/> decimals, half away from zero. Null, with the missing years, when the series lacks one.
    /// </summary>
    public PriceConversionFactor? Factor(int fromYear, int toYear, out IReadOnlyList<int> missingYears)
    {
        int lo = Math.Min(fromYear, toYear), hi = Math.Max(fromYear, toYear);
        var missing = new List<int>();
        var used = new List<YearIndex>();
        decimal chain = 1m;
        for (int t = lo + 1; t <= hi; t++)
        {
            if (_byYear.TryGetValue(t, out var y))
            {
                chain *= y.Index / 100m;
                used.Add(y);
            }
            else
            {
                missing.Add(t);
            }
        }
        missingYears = missing;
        if (missing.Count > 0)
        {
            return null;
        }
        decimal exact = toYear >= fromYear ? chain : 1m / chain;
        return new PriceConversionFactor(fromYear, toYear, decimal.Round(exact, FactorDecimals, MidpointRounding.AwayFromZero), used);
    }

    /// <summary>Decimals a conversion factor is rounded to: 10⁻⁶ moves a 1,000 CNY/t price by at most 0.0005 CNY/t.</summary>
    public const int FactorDecimals = 6;
}

/// <summary>A price-level factor between two years and the yearly indices it chains.</summary>
/// <param name="FromYear">The price year of the price being converted.</param>
/// <param name="ToYear">The target price year.</param>
/// <param name="Factor">The chained factor, rounded to <see cref="PriceIndexSeries.FactorDecimals"/> decimals.</param>
/// <param name="Chain">The yearly indices multiplied (years from+1 … to, or to+1 … from when converting backward).</param>
public sealed record PriceConversionFactor(int FromYear, int ToYear, decimal Factor, IReadOnlyList<YearIndex> Chain);

/// <summary>
/// The price-index table: <c>methodology/parameters/price-index.json</c> (embedded) or a user file in the same format,
/// with series keyed by code (<c>cpi</c>, <c>ppi</c>).
/// </summary>
public sealed class PriceIndexTable
{
    private readonly Dictionary<string, PriceIndexSeries> _series;

    private PriceIndexTable(string version, Dictionary<string, PriceIndexSeries> series)
    {
        Version = version;
        _series = series;
    }

    /// <summary>The table's version.</summary>
    public string Version { get; }

    /// <summary>Series codes in order.</summary>
    public IEnumerable<string> Codes => _series.Keys.Order(StringComparer.Ordinal);

    /// <summary>The series of a code, or null.</summary>
    public PriceIndexSeries? Series(string code) => _series.GetValueOrDefault(code);

    /// <summary>The table shipped with EcoLedger.</summary>
    public static PriceIndexTable Defaults()
    {
        using var stream = typeof(PriceIndexTable).Assembly.GetManifestResourceStream("EcoLedger.price-index.json")
            ?? throw new InvalidOperationException("The price-index table is not embedded in the assembly.");
        var problems = new List<string>();
        return Read(stream, "price-index.json", problems) ?? throw new InvalidDataException(string.Join(" ", problems));
    }

    /// <summary>
    /// Reads a table <c>{ "version": "...", "series": { CODE: { "name": "...", "values": [ { "year", "index", "source" } ] } } }</c>;
    /// returns null and adds a message per problem (naming the file, series, row and field) when it is not valid.
    /// </summary>
    public static PriceIndexTable? Read(Stream json, string displayName, List<string> problems)
    {
        int before = problems.Count;
        var utf8 = JsonErrorPosition.ReadAll(json);
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(utf8);
        }
        catch (JsonException e)
        {
            problems.Add($"{displayName}: {JsonErrorPosition.Describe(e, utf8.Span)}");
            return null;
        }
        using (doc)
        {
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("series", out var series) || series.ValueKind != JsonValueKind.Object)
            {
                problems.Add($"{displayName}: expected a JSON object with \"version\" and \"series\" (an object of series by code).");
                return null;
            }
            string version = root.TryGetProperty("version", out var v) && v.ValueKind == JsonValueKind.String ? v.GetString()! : "";
            if (version.Length == 0)
            {
                problems.Add($"{displayName}: field 'version': expected a non-empty string.");
            }
            var result = new Dictionary<string, PriceIndexSeries>(StringComparer.Ordinal);
            foreach (var s in series.EnumerateObject())
            {
                string where = $"{displayName}: series.{s.Name}";
                if (s.Value.ValueKind != JsonValueKind.Object || !s.Value.TryGetProperty("values", out var values) || values.ValueKind != JsonValueKind.Array)
                {
                    problems.Add($"{where}: expected an object with \"name\" and \"values\" (an array of {{ year, index, source }}).");
                    continue;
                }
                string name = s.Value.TryGetProperty("name", out var n) && n.ValueKind == JsonValueKind.String ? n.GetString()! : s.Name;
                var list = new List<YearIndex>();
                int row = 0;
                foreach (var e in values.EnumerateArray())
                {
                    row++;
                    string at = $"{where}.values[{row}]";
                    if (e.ValueKind != JsonValueKind.Object)
                    {
                        problems.Add($"{at}: expected an object {{ year, index, source }}.");
                        continue;
                    }
                    if (!e.TryGetProperty("year", out var y) || y.ValueKind != JsonValueKind.Number || !y.TryGetInt32(out int year) || year is < 1900 or > 2100)
                    {
                        problems.Add($"{at}, field 'year': expected a year from 1900 to 2100.");
                        continue;
                    }
                    if (!e.TryGetProperty("index", out var ix) || ix.ValueKind != JsonValueKind.Number || !ix.TryGetDecimal(out decimal index) || index is <= 50m or >= 200m)
                    {
                        problems.Add($"{at} (year {year}), field 'index': expected the index against the previous year (previous year = 100), a number above 50 and below 200.");
                        continue;
                    }
                    if (!e.TryGetProperty("source", out var src) || src.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(src.GetString()))
                    {
                        problems.Add($"{at} (year {year}), field 'source': expected the publication the figure comes from; an index without a source is not accepted.");
                        continue;
                    }
                    if (list.Any(l => l.Year == year))
                    {
                        problems.Add($"{at}: year {year} appears twice; expected each year once.");
                        continue;
                    }
                    list.Add(new YearIndex(year, index, src.GetString()!));
                }
                result[s.Name] = new PriceIndexSeries(s.Name, name, list);
            }
            if (result.Count == 0 && problems.Count == before)
            {
                problems.Add($"{displayName}: field 'series': expected at least one series.");
            }
            return problems.Count > before ? null : new PriceIndexTable(version, result);
        }
    }

    /// <summary>Formats an index the way the table lists it.</summary>
    public static string Show(decimal index) => index.ToString("0.0##", CultureInfo.InvariantCulture);
}
