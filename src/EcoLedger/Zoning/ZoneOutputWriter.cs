using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using EcoLedger.IO;
using NetTopologySuite.IO.Converters;

namespace EcoLedger.Zoning;

/// <summary>Writes the outputs of <c>zones mark</c> into a folder, all or nothing.</summary>
public static class ZoneOutputWriter
{
    /// <summary>Zone polygons with their attributes.</summary>
    public const string ZonesFile = "zones.geojson";

    /// <summary>Every unit with its density, tier and zone.</summary>
    public const string UnitsFile = "units-classified.geojson";

    /// <summary>Thresholds, tiers, zones and shares.</summary>
    public const string SummaryFile = "zones-summary.json";

    /// <summary>The map: units shaded by density, zones outlined.</summary>
    public const string MapFile = "zones-map.svg";

    internal static readonly JsonSerializerOptions GeoJsonOptions = new()
    {
        Converters = { new GeoJsonConverterFactory() },
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    private static readonly JsonWriterOptions Indented = new() { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>
    /// Writes the three data files and, when <paramref name="writeMap"/> is given, the map, to <paramref name="outDir"/>
    /// (through a temporary folder: all or nothing). The map is drawn by the one map renderer, in EcoLedger.Reports,
    /// which the host passes in; the core draws no pictures. A map an earlier run left in the folder is removed when this
    /// run draws none.
    /// </summary>
    public static void Write(ZoningResult result, string outDir, Action<ZoningResult, TextWriter>? writeMap = null)
    {
        ArgumentNullException.ThrowIfNull(result);
        if (File.Exists(outDir))
        {
            throw new ZoningInputException(outDir, null, "is a file; expected a folder for the output.");
        }
        AtomicDirectory.Write(outDir, temp =>
        {
            WriteZones(result, Path.Combine(temp, ZonesFile));
            WriteUnits(result, Path.Combine(temp, UnitsFile));
            WriteSummary(result, Path.Combine(temp, SummaryFile));
            if (writeMap is not null)
            {
                using var svg = new StreamWriter(Path.Combine(temp, MapFile), false, new UTF8Encoding(false));
                writeMap(result, svg);
            }
        }, [ZonesFile, UnitsFile, SummaryFile, MapFile]);
    }

    private static void WriteZones(ZoningResult result, string path)
    {
        using var stream = File.Create(path);
        using var w = new Utf8JsonWriter(stream);
        StartCollection(w, result.Crs);
        foreach (var z in result.Zones)
        {
            w.WriteStartObject();
            w.WriteString("type", "Feature");
            w.WriteStartObject("properties");
            w.WriteString("zone_id", z.ZoneId);
            w.WriteString("tier", z.Tier.Name);
            w.WriteNumber("area_km2", Math.Round(z.AreaKm2, 6));
            w.WriteNumber("value_cny", decimal.Round(z.ValueCny, 2));
            w.WriteNumber("density_cny_per_km2", decimal.Round(z.DensityCnyPerKm2, 2));
            w.WriteNumber("unit_count", z.UnitIds.Count);
            w.WriteStartArray("units");
            foreach (string id in z.UnitIds)
            {
                w.WriteStringValue(id);
            }
            w.WriteEndArray();
            w.WriteEndObject();
            w.WritePropertyName("geometry");
            JsonSerializer.Serialize(w, z.Geometry, GeoJsonOptions);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteEndObject();
    }

    private static void WriteUnits(ZoningResult result, string path)
    {
        using var stream = File.Create(path);
        using var w = new Utf8JsonWriter(stream);
        StartCollection(w, result.Crs);
        foreach (var u in result.Units)
        {
            w.WriteStartObject();
            w.WriteString("type", "Feature");
            w.WriteStartObject("properties");
            w.WriteString("unit_id", u.UnitId);
            w.WriteString("region", u.Region);
            w.WriteString("ecosystem", u.Ecosystem);
            w.WriteNumber("area_km2", Math.Round(u.AreaKm2, 6));
            w.WriteNumber("value_cny", decimal.Round(u.ValueCny, 2));
            w.WriteNumber("density_cny_per_km2", decimal.Round(u.DensityCnyPerKm2, 2));
            w.WriteString("tier", u.Tier?.Name);
            w.WriteString("zone_id", u.ZoneId);
            w.WriteEndObject();
            w.WritePropertyName("geometry");
            JsonSerializer.Serialize(w, u.Geometry, GeoJsonOptions);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteEndObject();
    }

    private static void StartCollection(Utf8JsonWriter w, LayerCrs crs)
    {
        w.WriteStartObject();
        w.WriteString("type", "FeatureCollection");
        if (crs.Epsg is { } code)
        {
            // The GeoJSON 2008 "crs" member: RFC 7946 dropped it, but GIS tools still read it and it keeps projected outputs honest.
            w.WriteStartObject("crs");
            w.WriteString("type", "name");
            w.WriteStartObject("properties");
            w.WriteString("name", $"urn:ogc:def:crs:EPSG::{code}");
            w.WriteEndObject();
            w.WriteEndObject();
        }
        w.WriteStartArray("features");
    }

    private static void WriteSummary(ZoningResult result, string path)
    {
        using var stream = File.Create(path);
        using var w = new Utf8JsonWriter(stream, Indented);
        var o = result.Options;
        w.WriteStartObject();
        w.WriteNumber("threshold_cny_per_km2", o.Tiers.Top.ThresholdCnyPerKm2);
        w.WriteString("basis", o.Basis == ValueBasis.Regulating ? "regulating" : "all");
        w.WriteNumber("snap_m", o.SnapMetres);
        w.WriteStartObject("crs");
        w.WriteString("kind", result.Crs.KindName);
        if (result.Crs.Epsg is { } code)
        {
            w.WriteNumber("epsg", code);
        }
        else
        {
            w.WriteNull("epsg");
        }
        w.WriteString("source", result.Crs.Source);
        if (result.Crs.ReprojectedFrom is { } from)
        {
            w.WriteNumber("reprojected_from_epsg", from);
        }
        else if (result.Crs.Defined is { } defined)
        {
            // no code to name: the system as its WKT defined it
            w.WriteString("reprojected_from_wkt", defined.Wkt);
        }
        w.WriteEndObject();
        w.WriteString("equal_area_projection", ZoneMarker.ProjectionDescription(result.Crs));
        w.WriteStartArray("tiers");
        foreach (var t in o.Tiers.Tiers)
        {
            var zones = result.Zones.Where(z => z.Tier == t).ToList();
            w.WriteStartObject();
            w.WriteString("name", t.Name);
            w.WriteNumber("threshold_cny_per_km2", t.ThresholdCnyPerKm2);
            w.WriteNumber("zone_count", zones.Count);
            w.WriteNumber("area_km2", Math.Round(zones.Sum(z => z.AreaKm2), 6));
            w.WriteNumber("value_cny", decimal.Round(zones.Sum(z => z.ValueCny), 2));
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteStartArray("zones");
        foreach (var z in result.Zones)
        {
            w.WriteStartObject();
            w.WriteString("zone_id", z.ZoneId);
            w.WriteString("tier", z.Tier.Name);
            w.WriteNumber("area_km2", Math.Round(z.AreaKm2, 6));
            w.WriteNumber("value_cny", decimal.Round(z.ValueCny, 2));
            w.WriteNumber("density_cny_per_km2", decimal.Round(z.DensityCnyPerKm2, 2));
            w.WriteStartArray("units");
            foreach (string id in z.UnitIds)
            {
                w.WriteStringValue(id);
            }
            w.WriteEndArray();
            w.WriteEndObject();
        }
        w.WriteEndArray();
        double totalArea = result.TotalAreaKm2;
        decimal totalValue = result.TotalValueCny;
        w.WriteNumber("unit_count", result.Units.Count);
        w.WriteNumber("total_area_km2", Math.Round(totalArea, 6));
        w.WriteNumber("total_value_cny", decimal.Round(totalValue, 2));
        w.WriteNumber("priority_area_km2", Math.Round(result.PriorityAreaKm2, 6));
        w.WriteNumber("priority_value_cny", decimal.Round(result.PriorityValueCny, 2));
        w.WriteNumber("priority_share_of_area", totalArea > 0 ? Math.Round(result.PriorityAreaKm2 / totalArea, 6) : 0d);
        w.WriteNumber("priority_share_of_value", totalValue > 0 ? decimal.Round(result.PriorityValueCny / totalValue, 6) : 0m);
        w.WriteStartArray("repairs");
        foreach (string r in result.Repairs)
        {
            w.WriteStringValue(r);
        }
        w.WriteEndArray();
        w.WriteStartArray("inputs");
        foreach (var i in result.Inputs)
        {
            w.WriteStartObject();
            w.WriteString("role", i.Role);
            w.WriteString("file", i.Name);
            w.WriteString("sha256", i.Sha256);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteEndObject();
    }
}
