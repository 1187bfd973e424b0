using System.CommandLine;
using EcoLedger.Cli.Hosting;
using EcoLedger.Valuation.Parameters;
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
        if (pr.GetValue(PriceYear) is not { } year)
        {
            if (pr.GetValue(PriceIndex) is not null)
            {
                throw new CliException("--price-index: given without --price-year; expected both (the index moves prices to the --price-year level).");
            }
            return null;
        }
        if (year is < 1900 or > 2100)
        {
            throw new CliException($"--price-year: expected a year from 1900 to 2100, got {year}.");
        }
        PriceIndexTable table;
        string? file = pr.GetValue(PriceIndex);
        if (file is null)
        {
            table = PriceIndexTable.Defaults();
        }
        else
        {
            if (!File.Exists(file))
            {
                throw new CliException($"{file}: file not found.");
            }
            var problems = new List<string>();
            using var s = File.OpenRead(file);
            table = PriceIndexTable.Read(s, file, problems) ?? throw new CliException(string.Join(Environment.NewLine + "error: ", problems));
        }
        string code = pr.GetValue(Series)!;
        var series = table.Series(code)
            ?? throw new CliException($"--price-series: the index table has no series '{code}'; expected one of {string.Join(", ", table.Codes)}.");
        return new PriceBasis(year, series, file, table.Version);
    }
}
