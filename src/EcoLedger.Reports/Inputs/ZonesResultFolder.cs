using System.Text.Json;
using EcoLedger.IO;
using NetTopologySuite.Features;
using NetTopologySuite.Geometries;
using NetTopologySuite.IO.Converters;

namespace EcoLedger.Reports.Inputs;

/// <summary>One classified unit from <c>units-classified.geojson</c>.</summary>
/// <param name="UnitId">Unit id.</param>
/// <param name="DensityCnyPerKm2">Value density.</param>
/// <param name="Tier">Tier name, null below every threshold.</param>
/// <param name="Geometry">The polygon in the file's coordinates.</param>
public sealed record ClassifiedUnit(string UnitId, decimal DensityCnyPerKm2, string? Tier, Geometry Geometry);

/// <summary>One zone from <c>zones.geojson</c> and <c>zones-summary.json</c>.</summary>
/// <param name="ZoneId">Zone id.</param>
/// <param name="Tier">Tier name.</param>
/// <param name="AreaKm2">Area.</param>
/// <param name="ValueCny">Value.</param>
/// <param name="DensityCnyPerKm2">Value per km².</param>
/// <param name="UnitCount">Member units.</param>
/// <param name="Geometry">Outline in the file's coordinates.</param>
public sealed record ZoneOutline(string ZoneId, string Tier, double AreaKm2, decimal ValueCny, decimal DensityCnyPerKm2, int UnitCount, Geometry Geometry);

/// <summary>A tier with its threshold.</summary>
/// <param name="Name">Tier name.</param>
/// <param name="ThresholdCnyPerKm2">Lower bound of value density.</param>
public sealed record TierThreshold(string Name, decimal ThresholdCnyPerKm2);

/// <summary>The output folder of <c>zones mark</c>, read back.</summary>
public sealed class ZonesResultFolder
{
    /// <summary>The files a report reads.</summary>
    public const string SummaryFile = "zones-summary.json", UnitsFile = "units-classified.geojson", ZonesFile = "zones.geojson";

    private static readonly JsonSerializerOptions GeoJson = new() { Converters = { new GeoJsonConverterFactory() } };

    /// <summary>The folder.</summary>
    public required string Directory { get; init; }

    /// <summary>True when the coordinates are longitude/latitude (the map projects them).</summary>
    public required bool Geographic { get; init; }

    /// <summary>The equal-area projection the areas were measured in.</summary>
    public required string Projection { get; init; }

    /// <summary>Whether densities count all GEP or only regulating services.</summary>
    public required string Basis { get; init; }

    /// <summary>Tiers, highest threshold first.</summary>
    public required IReadOnlyList<TierThreshold> Tiers { get; init; }

    /// <summary>Units with density and tier.</summary>
    public required IReadOnlyList<ClassifiedUnit> Units { get; init; }

    /// <summary>Zones.</summary>
    public required IReadOnlyList<ZoneOutline> Zones { get; init; }

    /// <summary>Area of the top tier.</summary>
    public required double PriorityAreaKm2 { get; init; }

    /// <summary>Value of the top tier.</summary>
    public required decimal PriorityValueCny { get; init; }

    /// <summary>Top tier's share of the area.</summary>
    public required decimal PriorityShareOfArea { get; init; }

    /// <summary>Top tier's share of the value.</summary>
    public required decimal PriorityShareOfValue { get; init; }

    /// <summary>The SHA-256 of the <c>gep-units.csv</c> the zones were marked from, as <c>zones mark</c> recorded it; null when not recorded.</summary>
    public string? GepUnitsSha256 { get; init; }

    /// <summary>The same read model straight from a zoning run (as <c>zones mark</c> is about to write it to <paramref name="dir"/>).</summary>
    public static ZonesResultFolder From(EcoLedger.Zoning.ZoningResult result, string dir)
    {
        ArgumentNullException.ThrowIfNull(result);
        var top = result.Options.Tiers.Top;
        decimal total = result.Units.Sum(u => u.ValueCny);
        double area = result.Units.Sum(u => u.AreaKm2);
        return new ZonesResultFolder
        {
            Directory = dir,
            Geographic = result.Crs.Kind == EcoLedger.Spatial.CoordinateKind.Geographic,
            Projection = "",
            Basis = result.Options.Basis == EcoLedger.Zoning.ValueBasis.Regulating ? "regulating" : "all",
            Tiers = result.Options.Tiers.Tiers.Select(t => new TierThreshold(t.Name, t.ThresholdCnyPerKm2)).ToList(),
            Units = result.Units.Select(u => new ClassifiedUnit(u.UnitId, u.DensityCnyPerKm2, u.Tier?.Name, u.Geometry)).ToList(),
            Zones = result.Zones.Select(z => new ZoneOutline(z.ZoneId, z.Tier.Name, z.AreaKm2, z.ValueCny, z.DensityCnyPerKm2, z.UnitIds.Count, z.Geometry)).ToList(),
            PriorityAreaKm2 = result.Zones.Where(z => z.Tier == top).Sum(z => z.AreaKm2),
            PriorityValueCny = result.Zones.Where(z => z.Tier == top).Sum(z => z.ValueCny),
            PriorityShareOfArea = area > 0 ? (decimal)(result.Zones.Where(z => z.Tier == top).Sum(z => z.AreaKm2) / area) : 0m,
            PriorityShareOfValue = total > 0 ? result.Zones.Where(z => z.Tier == top).Sum(z => z.ValueCny) / total : 0m,
        };
    }

    /// <summary>Reads the folder.</summary>
    public static ZonesResultFolder Read(string dir)
    {
        string summaryPath = Path.Combine(dir, SummaryFile);
        foreach (string f in new[] { SummaryFile, UnitsFile, ZonesFile })
        {
            if (!File.Exists(Path.Combine(dir, f)))
            {
                throw new ReportInputException($"{Path.Combine(dir, f)}: file not found; expected the output folder of 'zones mark'.");
            }
        }
        byte[] utf8 = File.ReadAllBytes(summaryPath);
        JsonDocument parsed;
        try
        {
            parsed = JsonDocument.Parse(utf8);
        }
        catch (JsonException e)
        {
            throw new ReportInputException($"{summaryPath}: {JsonErrorPosition.Describe(e, utf8)}");
        }
        try
        {
            using var doc = parsed;
            var root = doc.RootElement;
            var tiers = root.GetProperty("tiers").EnumerateArray()
                .Select(t => new TierThreshold(t.GetProperty("name").GetString() ?? "", t.GetProperty("threshold_cny_per_km2").GetDecimal())).ToList();
            var units = ReadCollection(Path.Combine(dir, UnitsFile)).Select(f => new ClassifiedUnit(
                f.Attributes["unit_id"]?.ToString() ?? "",
                Convert.ToDecimal(f.Attributes["density_cny_per_km2"], System.Globalization.CultureInfo.InvariantCulture),
                f.Attributes["tier"]?.ToString(),
                f.Geometry)).ToList();
            var zoneGeometries = ReadCollection(Path.Combine(dir, ZonesFile)).ToDictionary(f => f.Attributes["zone_id"]?.ToString() ?? "", f => f.Geometry);
            var zones = root.GetProperty("zones").EnumerateArray().Select(z =>
            {
                string id = z.GetProperty("zone_id").GetString() ?? "";
                return new ZoneOutline(id, z.GetProperty("tier").GetString() ?? "", z.GetProperty("area_km2").GetDouble(),
                    z.GetProperty("value_cny").GetDecimal(), z.GetProperty("density_cny_per_km2").GetDecimal(),
                    z.GetProperty("units").GetArrayLength(),
                    zoneGeometries.TryGetValue(id, out var g) ? g : throw new ReportInputException($"{Path.Combine(dir, ZonesFile)}: zone '{id}' of {SummaryFile} has no polygon."));
            }).ToList();
            return new ZonesResultFolder
            {
                Directory = dir,
                Geographic = root.GetProperty("crs").GetProperty("kind").GetString() == "geographic",
                Projection = root.GetProperty("equal_area_projection").GetString() ?? "",
                Basis = root.GetProperty("basis").GetString() ?? "all",
                Tiers = tiers,
                Units = units,
                Zones = zones,
                PriorityAreaKm2 = root.GetProperty("priority_area_km2").GetDouble(),
                PriorityValueCny = root.GetProperty("priority_value_cny").GetDecimal(),
                PriorityShareOfArea = (decimal)root.GetProperty("priority_share_of_area").GetDouble(),
                PriorityShareOfValue = root.GetProperty("priority_share_of_value").GetDecimal(),
                GepUnitsSha256 = root.TryGetProperty("inputs", out var inputs) && inputs.ValueKind == JsonValueKind.Array
                    ? inputs.EnumerateArray().Where(i => i.TryGetProperty("role", out var r) && r.GetString() == "gep_units")
                        .Select(i => i.GetProperty("sha256").GetString()).FirstOrDefault()
                    : null,
            };
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or FormatException or InvalidCastException)
        {
            throw new ReportInputException($"{dir}: not a 'zones mark' output folder ({e.Message}).");
        }
    }

    private static List<IFeature> ReadCollection(string path)
    {
        FeatureCollection? fc;
        try
        {
            using var s = File.OpenRead(path);
            fc = JsonSerializer.Deserialize<FeatureCollection>(s, GeoJson);
        }
        catch (JsonException e) when (JsonErrorPosition.IsSyntaxError(e))
        {
            throw new ReportInputException($"{path}: {JsonErrorPosition.DescribeInFile(e, path)}");
        }
        return (fc ?? throw new ReportInputException($"{path}: empty GeoJSON.")).Where(f => f.Geometry is not null).ToList();
    }
}
