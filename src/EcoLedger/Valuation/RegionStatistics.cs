using System.Globalization;
using EcoLedger.IO;

namespace EcoLedger.Valuation;

/// <summary>The kinds of region-level statistics rows.</summary>
public enum RegionStatKind
{
    /// <summary>An output of agriculture, forestry, husbandry, fishery, water supply or hydropower, with its price.</summary>
    MaterialProduct,

    /// <summary>The region's actual emissions of SO₂, NOx or dust (t), which cap air purification.</summary>
    EmissionCap,

    /// <summary>The region's discharged loads of COD, NH₃-N or TP (t), which cap (or by default are) water purification.</summary>
    DischargeCap,

    /// <summary>Visits to the region's natural areas and the travel cost per visit.</summary>
    Recreation,

    /// <summary>
    /// Landscape value premium (景观增值): the land or floor area whose value is raised by a nearby ecosystem (m²) and the
    /// premium per m² (hedonic pricing), from the region's statistics or a hedonic study.
    /// </summary>
    LandscapePremium,
}

/// <summary>One row of the region statistics file.</summary>
/// <param name="Region">Region name, matching the units' <c>region</c>.</param>
/// <param name="Kind">What the row is.</param>
/// <param name="Item">Product name, or pollutant code (<c>so2</c>, <c>nox</c>, <c>dust</c>, <c>cod</c>, <c>nh3n</c>, <c>tp</c>), or <c>visits</c>.</param>
/// <param name="Quantity">Amount in <paramref name="QuantityUnit"/>.</param>
/// <param name="QuantityUnit">Unit of the amount (t, m3, kWh, visits, ...).</param>
/// <param name="PricePerUnit">CNY per unit; required for material products, optional for recreation.</param>
/// <param name="SuppliedBy">The ecosystems a material product comes from (its value is allocated over their area); all when empty.</param>
public sealed record RegionStatistic(string Region, RegionStatKind Kind, string Item, decimal Quantity, string QuantityUnit, decimal? PricePerUnit, IReadOnlyList<Ecosystem> SuppliedBy);

/// <summary>The region statistics of a run, grouped by region.</summary>
public sealed class RegionStatistics
{
    /// <summary>Pollutants an emission cap may name.</summary>
    public static readonly string[] AirPollutants = ["so2", "nox", "dust"];

    /// <summary>Pollutants a discharge cap may name.</summary>
    public static readonly string[] WaterPollutants = ["cod", "nh3n", "tp"];

    private readonly Dictionary<string, List<RegionStatistic>> _byRegion;

    /// <summary>Groups rows by region.</summary>
    public RegionStatistics(IEnumerable<RegionStatistic> rows) =>
        _byRegion = rows.GroupBy(r => r.Region, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);

    private const decimal MaxQuantity = 1e12m, MaxPrice = 1e9m;

    /// <summary>No statistics (material products and recreation are then not computed).</summary>
    public static RegionStatistics Empty { get; } = new([]);

    /// <summary>True when no file was given or it had no rows.</summary>
    public bool IsEmpty => _byRegion.Count == 0;

    /// <summary>The regions named.</summary>
    public IEnumerable<string> Regions => _byRegion.Keys;

    /// <summary>The rows of one region and kind.</summary>
    public IReadOnlyList<RegionStatistic> Of(string region, RegionStatKind kind) =>
        _byRegion.TryGetValue(region, out var rows) ? rows.Where(r => r.Kind == kind).ToList() : [];

    /// <summary>
    /// Reads <c>region,kind,item,quantity,quantity_unit,price_cny_per_unit[,supplied_by]</c>, collecting every problem.
    /// <c>supplied_by</c> lists ecosystems separated by <c>;</c>.
    /// </summary>
    /// <remarks>
    /// Stated limits: a quantity from 0 to 10^12 (a thousand times China's annual grain harvest in tonnes, a hundred times its
    /// visits) and a price from 0 to 10^9 CNY per unit, each exact in at most 28 digits, so that quantity × price never
    /// overflows the CNY arithmetic.
    /// </remarks>
    public static RegionStatistics Read(string path, string displayName, List<InputProblem> problems)
    {
        var rows = new List<RegionStatistic>();
        using var csv = CsvRecordReader.Open(path, displayName);
        try
        {
            if (!csv.Read())
            {
                problems.Add(new InputProblem(displayName, "", null, "the file is empty; expected a header row."));
                return Empty;
            }
        }
        catch (CsvFormatException e)
        {
            problems.Add(e.ToProblem());
            return Empty;
        }
        string[] required = ["region", "kind", "item", "quantity", "quantity_unit", "price_cny_per_unit"];
        var header = csv.TrimmedFields().ToList();
        var missingColumns = required.Where(c => !header.Contains(c)).ToList();
        if (missingColumns.Count > 0)
        {
            problems.Add(new InputProblem(displayName, "row 1", null, $"the header lacks {string.Join(", ", missingColumns)}; expected columns {string.Join(", ", required)} and optionally supplied_by.{CsvRecordReader.SeparatorHint(header)}"));
            return Empty;
        }
        int Col(string name) => header.IndexOf(name);
        int cRegion = Col("region"), cKind = Col("kind"), cItem = Col("item"), cQty = Col("quantity"), cUnit = Col("quantity_unit"), cPrice = Col("price_cny_per_unit"), cSupplied = Col("supplied_by");
        var seen = new HashSet<(string, RegionStatKind, string)>();
        try
        {
            while (csv.Read())
            {
                string loc = csv.Location;
                if (csv.FieldCount != header.Count)
                {
                    problems.Add(new InputProblem(displayName, loc, null, $"expected {header.Count} fields, found {csv.FieldCount}."));
                    continue;
                }
                string region = csv.GetString(cRegion).Trim();
                string kindText = csv.GetString(cKind).Trim();
                string item = csv.GetString(cItem).Trim();
                int before = problems.Count;
                if (region.Length == 0)
                {
                    problems.Add(new InputProblem(displayName, loc, "region", "expected a region name, found an empty value."));
                }
                else if (InputText.NameProblem(region) is { } regionProblem)
                {
                    problems.Add(new InputProblem(displayName, loc, "region", $"expected a region name with {regionProblem}."));
                }
                RegionStatKind kind = default;
                switch (kindText)
                {
                    case "material_product": kind = RegionStatKind.MaterialProduct; break;
                    case "emission_cap": kind = RegionStatKind.EmissionCap; break;
                    case "discharge_cap": kind = RegionStatKind.DischargeCap; break;
                    case "recreation": kind = RegionStatKind.Recreation; break;
                    case "landscape_premium": kind = RegionStatKind.LandscapePremium; break;
                    default:
                        problems.Add(new InputProblem(displayName, loc, "kind", $"expected one of material_product, emission_cap, discharge_cap, recreation, landscape_premium, got '{InputText.Show(kindText)}'."));
                        break;
                }
                if (kind == RegionStatKind.EmissionCap && !AirPollutants.Contains(item))
                {
                    problems.Add(new InputProblem(displayName, loc, "item", $"expected an air pollutant ({string.Join(", ", AirPollutants)}), got '{InputText.Show(item)}'."));
                }
                if (kind == RegionStatKind.DischargeCap && !WaterPollutants.Contains(item))
                {
                    problems.Add(new InputProblem(displayName, loc, "item", $"expected a water pollutant ({string.Join(", ", WaterPollutants)}), got '{InputText.Show(item)}'."));
                }
                if (item.Length == 0)
                {
                    problems.Add(new InputProblem(displayName, loc, "item", "expected an item name, found an empty value."));
                }
                else if (InputText.NameProblem(item) is { } itemProblem)
                {
                    problems.Add(new InputProblem(displayName, loc, "item", $"expected an item name with {itemProblem}."));
                }
                if (!ExactDecimal.TryParse(csv[cQty], NumberStyles.Float, out decimal quantity) || quantity < 0m || quantity > MaxQuantity)
                {
                    problems.Add(new InputProblem(displayName, loc, "quantity", $"expected a number from 0 to 1e12 with at most 28 digits, got '{InputText.Show(csv[cQty].Trim())}'."));
                }
                decimal? price = null;
                var priceText = csv[cPrice].Trim();
                if (priceText.Length > 0)
                {
                    if (ExactDecimal.TryParse(priceText, NumberStyles.Float, out var p) && p >= 0m && p <= MaxPrice)
                    {
                        price = p;
                    }
                    else
                    {
                        problems.Add(new InputProblem(displayName, loc, "price_cny_per_unit", $"expected a price in CNY from 0 to 1e9 with at most 28 digits, got '{InputText.Show(priceText)}'."));
                    }
                }
                else if (kind == RegionStatKind.MaterialProduct)
                {
                    problems.Add(new InputProblem(displayName, loc, "price_cny_per_unit", "expected a price in CNY per unit for a material product, found an empty value."));
                }
                else if (kind == RegionStatKind.LandscapePremium)
                {
                    problems.Add(new InputProblem(displayName, loc, "price_cny_per_unit", "expected the value premium in CNY per m² for a landscape_premium row, found an empty value."));
                }
                var suppliedBy = new List<Ecosystem>();
                if (cSupplied >= 0)
                {
                    foreach (var code in csv.GetString(cSupplied).Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                    {
                        if (EcosystemCodes.TryParseEcosystem(code, out var e))
                        {
                            suppliedBy.Add(e);
                        }
                        else
                        {
                            problems.Add(new InputProblem(displayName, loc, "supplied_by", $"expected ecosystems from {EcosystemCodes.ValidEcosystemList} separated by ';', got '{code}'."));
                        }
                    }
                }
                if (problems.Count == before && !seen.Add((region, kind, item)))
                {
                    problems.Add(new InputProblem(displayName, loc, "item", $"'{item}' appears twice for region '{region}' and kind '{kindText}'; expected one row per item."));
                }
                if (problems.Count == before)
                {
                    rows.Add(new RegionStatistic(region, kind, item, quantity, csv.GetString(cUnit).Trim(), price, suppliedBy));
                }
            }
        }
        catch (CsvFormatException e)
        {
            problems.Add(e.ToProblem());
        }
        return new RegionStatistics(rows);
    }
}
