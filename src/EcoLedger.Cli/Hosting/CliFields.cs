using EcoLedger.Ledger;

namespace EcoLedger.Cli.Hosting;

/// <summary>
/// The CLI's names of the command records' fields: domain refusals name fields (<see cref="LedgerException.Fields"/>), and the CLI
/// shows the option a user typed for each.
/// </summary>
public static class CliFields
{
    private static readonly Dictionary<string, string> Options = new(StringComparer.Ordinal)
    {
        ["counterparty"] = "--to",
        ["amount_fen"] = "--amount",
    };

    /// <summary>The option that sets <paramref name="field"/> (snake case → <c>--kebab-case</c> unless named otherwise).</summary>
    public static string Name(string field) =>
        Options.TryGetValue(field, out var option) ? option : "--" + field.Replace('_', '-');

    /// <summary>A ledger refusal as one CLI error line.</summary>
    public static CliException ToCli(LedgerException e, string? prefix = null)
    {
        ArgumentNullException.ThrowIfNull(e);
        return new CliException(prefix + e.Describe(Name));
    }
}
