using System.CommandLine;
using EcoLedger.Cli.Hosting;
using EcoLedger.Valuation.Prices;

namespace EcoLedger.Cli.Commands;

/// <summary>The constant-price options shared by <c>gep compute</c> and <c>gep parameters</c>.</summary>
internal sealed class GepPriceOptions
{
    public Option<int?> PriceYear { get; } = new("--price-year")
    {
        Description = "Put every price at this year's price level (constant prices; the accounting year itself gives current prices). See methodology/price-conversion.md.",
    };

    public Option<string?> PriceIndex { get; } = new("--price-index")
    {
        Description = "Price-index table to use instead of methodology/parameters/price-index.json (same format).",
    };

    public Option<string> Series { get; } = new("--price-series")
    {
        Description = "Index series that moves prices between years: cpi (default) or ppi.",
        DefaultValueFactory = _ => "cpi",
    };

    public void AddTo(Command command)
    {
        command.Options.Add(PriceYear);
        command.Options.Add(PriceIndex);
        command.Options.Add(Series);
    }

    /// <summary>The basis asked for, or null when no --price-year was given; bad input throws a <see cref="CliException"/> (exit 2).</summary>
    public PriceBasis? Read(ParseResult pr)
    {
        var problems = new List<string>();
        string? file = pr.GetValue(PriceIndex);
        var basis = PriceBasisRequest.Resolve(pr.GetValue(PriceYear), file, file, pr.GetValue(Series), PriceBasisRequest.Names.Cli, problems);
        return problems.Count > 0 ? throw new CliException(string.Join(Environment.NewLine + "error: ", problems)) : basis;
    }
}
