using System.CommandLine;
using EcoLedger.Cli.Hosting;
using EcoLedger.Valuation.Uncertainty;

namespace EcoLedger.Cli.Commands;

/// <summary>The Monte Carlo options of <c>gep compute</c>.</summary>
internal sealed class GepUncertaintyOptions
{
    public Option<int?> Draws { get; } = new("--uncertainty")
    {
        Description = "Monte Carlo draws of the parameter distributions (at least 100; e.g. 1000): P5/P50/P95 per indicator, category and GEP. See methodology/uncertainty.md.",
    };

    public Option<int> Seed { get; } = new("--seed")
    {
        Description = "Seed of the random generator (the same seed gives the same intervals).",
        DefaultValueFactory = _ => 1,
    };

    public Option<string?> Table { get; } = new("--uncertainty-distributions")
    {
        Description = "Distribution file to use instead of methodology/parameters/gep-uncertainty.json (same format).",
    };

    public void AddTo(Command command)
    {
        command.Options.Add(Draws);
        command.Options.Add(Seed);
        command.Options.Add(Table);
    }

    /// <summary>The request, or null without --uncertainty; bad input throws a <see cref="CliException"/> (exit 2).</summary>
    public UncertaintyRequest? Read(ParseResult pr)
    {
        var problems = new List<string>();
        string? file = pr.GetValue(Table);
        var request = UncertaintyRequestOptions.Resolve(pr.GetValue(Draws), pr.GetValue(Seed), file, file, UncertaintyRequestOptions.Names.Cli, problems);
        return problems.Count > 0 ? throw new CliException(string.Join(Environment.NewLine + "error: ", problems)) : request;
    }
}
