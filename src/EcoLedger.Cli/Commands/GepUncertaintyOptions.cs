using System.CommandLine;
using EcoLedger.Cli.Hosting;
using EcoLedger.Valuation.Parameters;
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
        if (pr.GetValue(Draws) is not { } draws)
        {
            return null;
        }
        if (draws is < 100 or > 1_000_000)
        {
            throw new CliException($"--uncertainty: expected from 100 to 1,000,000 draws, got {draws}.");
        }
        string? file = pr.GetValue(Table);
        if (file is null)
        {
            return new UncertaintyRequest(draws, pr.GetValue(Seed), DistributionTable.Defaults(), null);
        }
        if (!File.Exists(file))
        {
            throw new CliException($"{file}: file not found.");
        }
        var problems = new List<string>();
        using var s = File.OpenRead(file);
        var table = DistributionTable.Read(s, file, ParameterSet.Defaults(), problems) ?? throw new CliException(string.Join(Environment.NewLine + "error: ", problems));
        return new UncertaintyRequest(draws, pr.GetValue(Seed), table, file);
    }
}
