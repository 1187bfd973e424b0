using EcoLedger.Valuation.Parameters;

namespace EcoLedger.Valuation.Uncertainty;

/// <summary>
/// What a host asks for Monte Carlo intervals (<c>gep compute --uncertainty N [--seed S] [--uncertainty-distributions FILE]</c>, or the
/// server run's <c>uncertainty</c>, <c>seed</c>, <c>uncertainty_distributions</c>): checked and resolved in one place, so the CLI and the
/// server refuse the same things with the same sentences, each naming its own option or member.
/// </summary>
public static class UncertaintyRequestOptions
{
    /// <summary>The option names of one host.</summary>
    /// <param name="Draws">The number of draws' name.</param>
    /// <param name="Table">The distribution file's name.</param>
    public sealed record Names(string Draws, string Table)
    {
        /// <summary>The CLI's options.</summary>
        public static Names Cli { get; } = new("--uncertainty", "--uncertainty-distributions");

        /// <summary>The server request's members.</summary>
        public static Names Request { get; } = new("uncertainty", "uncertainty_distributions");
    }

    /// <summary>
    /// The request, or null without draws. Refusals go to <paramref name="problems"/> (then null): a distribution file without draws, draws
    /// outside 100–1,000,000, a file that is missing or not a valid distribution table (checked against the shipped parameter table).
    /// </summary>
    /// <param name="draws">The number of draws, or null for no intervals.</param>
    /// <param name="seed">The random generator's seed.</param>
    /// <param name="tablePath">The user's distribution table (the shipped file's JSON format), or null for methodology/parameters/gep-uncertainty.json.</param>
    /// <param name="tableName">How messages and the summary name that file (the path given, or the name it was uploaded under).</param>
    /// <param name="names">The host's names for the options.</param>
    /// <param name="problems">Where refusals go (full sentences).</param>
    public static UncertaintyRequest? Resolve(int? draws, int seed, string? tablePath, string? tableName, Names names, List<string> problems)
    {
        ArgumentNullException.ThrowIfNull(names);
        ArgumentNullException.ThrowIfNull(problems);
        if (draws is null)
        {
            if (tablePath is not null)
            {
                problems.Add($"{names.Table}: given without {names.Draws}; expected both (the table's distributions are drawn {names.Draws} times).");
            }
            return null;
        }
        if (draws is < 100 or > 1_000_000)
        {
            problems.Add($"{names.Draws}: expected from 100 to 1,000,000 draws, got {draws}.");
            return null;
        }
        if (tablePath is null)
        {
            return new UncertaintyRequest(draws.Value, seed, DistributionTable.Defaults(), null);
        }
        string name = tableName ?? tablePath;
        if (!File.Exists(tablePath))
        {
            problems.Add($"{name}: file not found.");
            return null;
        }
        using var s = File.OpenRead(tablePath);
        return DistributionTable.Read(s, name, ParameterSet.Defaults(), problems) is { } table
            ? new UncertaintyRequest(draws.Value, seed, table, name)
            : null;
    }
}
