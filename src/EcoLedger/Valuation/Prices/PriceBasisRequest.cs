using EcoLedger.Valuation.Parameters;

namespace EcoLedger.Valuation.Prices;

/// <summary>
/// What a host asks for constant prices (<c>gep compute --price-year Y [--price-index FILE] [--price-series S]</c>, or the server run's
/// <c>price_year</c>, <c>price_index</c>, <c>price_series</c>): checked and resolved to a <see cref="PriceBasis"/> in one place, so the CLI
/// and the server refuse the same things with the same sentences, each naming its own option or member.
/// </summary>
public static class PriceBasisRequest
{
    /// <summary>The option names of one host: the CLI's (<c>--price-year</c>) or the request's (<c>price_year</c>).</summary>
    /// <param name="Year">The price year's name.</param>
    /// <param name="Index">The index file's name.</param>
    /// <param name="Series">The series' name.</param>
    public sealed record Names(string Year, string Index, string Series)
    {
        /// <summary>The CLI's options.</summary>
        public static Names Cli { get; } = new("--price-year", "--price-index", "--price-series");

        /// <summary>The server request's members.</summary>
        public static Names Request { get; } = new("price_year", "price_index", "price_series");
    }

    /// <summary>
    /// The basis asked for, or null when no price year is given (current prices). Refusals go to <paramref name="problems"/> (then null):
    /// an index file without a year, a year outside 1900–2100, an index file that is missing or not a valid table, a series it lacks.
    /// </summary>
    /// <param name="year">The price year, or null.</param>
    /// <param name="indexPath">The user's index table (the shipped table's JSON format), or null for methodology/parameters/price-index.json.</param>
    /// <param name="indexName">How messages and the summary name that file (the path given, or the name it was uploaded under).</param>
    /// <param name="seriesCode">The series code (<c>cpi</c> by default).</param>
    /// <param name="names">The host's names for the three options.</param>
    /// <param name="problems">Where refusals go (full sentences).</param>
    public static PriceBasis? Resolve(int? year, string? indexPath, string? indexName, string? seriesCode, Names names, List<string> problems)
    {
        ArgumentNullException.ThrowIfNull(names);
        ArgumentNullException.ThrowIfNull(problems);
        if (year is null)
        {
            if (indexPath is not null)
            {
                problems.Add($"{names.Index}: given without {names.Year}; expected both (the index moves prices to the {names.Year} level).");
            }
            return null;
        }
        if (year is < 1900 or > 2100)
        {
            problems.Add($"{names.Year}: expected a year from 1900 to 2100, got {year}.");
            return null;
        }
        PriceIndexTable table;
        if (indexPath is null)
        {
            table = PriceIndexTable.Defaults();
        }
        else
        {
            string name = indexName ?? indexPath;
            if (!File.Exists(indexPath))
            {
                problems.Add($"{name}: file not found.");
                return null;
            }
            using var s = File.OpenRead(indexPath);
            if (PriceIndexTable.Read(s, name, problems) is not { } read)
            {
                return null;
            }
            table = read;
        }
        string code = seriesCode ?? "cpi";
        if (table.Series(code) is not { } series)
        {
            problems.Add($"{names.Series}: the index table has no series '{code}'; expected one of {string.Join(", ", table.Codes)}.");
            return null;
        }
        return new PriceBasis(year.Value, series, indexPath is null ? null : indexName ?? indexPath, table.Version);
    }
}
