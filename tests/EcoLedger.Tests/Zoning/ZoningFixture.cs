using System.Globalization;
using System.Text;
using System.Text.Json;
using NetTopologySuite.Geometries;
using NetTopologySuite.IO;
using NetTopologySuite.IO.Converters;

namespace EcoLedger.Tests.Zoning;

/// <summary>A temporary folder with unit, site and GEP files written from WKT literals; deleted on dispose.</summary>
internal sealed class ZoningFixture : IDisposable
{
    /// <summary>
    /// No crs member: the fixtures' small squares near the origin are detected as projected metres and measured as they
    /// are. (They cannot be EPSG:4547: 500 km west of its central meridian is outside a 3° Gauss–Krüger zone.)
    /// </summary>
    public const string? ProjectedCrs = null;

    private static readonly WKTReader Wkt = new();
    private static readonly JsonSerializerOptions GeoJson = new() { Converters = { new GeoJsonConverterFactory() } };

    public ZoningFixture() => Directory.CreateDirectory(Root);

    public string Root { get; } = Path.Combine(Path.GetTempPath(), "ecoledger-zoning-" + Guid.NewGuid().ToString("N"));

    public string PathOf(string name) => Path.Combine(Root, name);

    public static Geometry Read(string wkt) => Wkt.Read(wkt);

    /// <summary>Writes a FeatureCollection; <paramref name="crs"/> (e.g. EPSG:4547) becomes a GeoJSON 2008 crs member.</summary>
    public string WriteGeoJson(string name, string idField, IEnumerable<(string Id, string Wkt)> features, string? crs = ProjectedCrs)
    {
        var sb = new StringBuilder("{\"type\":\"FeatureCollection\",");
        if (crs is not null)
        {
            sb.Append("\"crs\":{\"type\":\"name\",\"properties\":{\"name\":\"").Append(crs).Append("\"}},");
        }
        sb.Append("\"features\":[");
        sb.AppendJoin(',', features.Select(f =>
            $"{{\"type\":\"Feature\",\"properties\":{{\"{idField}\":\"{f.Id}\"}},\"geometry\":{JsonSerializer.Serialize(Read(f.Wkt), GeoJson)}}}"));
        sb.Append("]}");
        string path = PathOf(name);
        File.WriteAllText(path, sb.ToString());
        return path;
    }

    /// <summary>Writes gep-units.csv into a folder "gep": one regulating row (water_conservation) per unit, plus optional cultural rows.</summary>
    public string WriteGep(IEnumerable<(string Id, decimal RegulatingCny)> units, decimal recreationCny = 0m)
    {
        string dir = PathOf("gep");
        Directory.CreateDirectory(dir);
        var sb = new StringBuilder("unit_id,region,ecosystem,indicator,quantity,quantity_unit,value_cny\n");
        foreach (var (id, value) in units)
        {
            sb.Append(CultureInfo.InvariantCulture, $"{id},R1,forest,water_conservation,1,m3,{value:0.00}\n");
            if (recreationCny != 0)
            {
                sb.Append(CultureInfo.InvariantCulture, $"{id},R1,forest,recreation,,,{recreationCny:0.00}\n");
            }
        }
        File.WriteAllText(Path.Combine(dir, "gep-units.csv"), sb.ToString());
        return dir;
    }

    public void Dispose()
    {
        if (Directory.Exists(Root))
        {
            Directory.Delete(Root, recursive: true);
        }
    }

    /// <summary>An axis-aligned square in metres, corner (x, y), side s.</summary>
    public static string Square(double x, double y, double s = 1000) =>
        string.Create(CultureInfo.InvariantCulture, $"POLYGON(({x} {y}, {x + s} {y}, {x + s} {y + s}, {x} {y + s}, {x} {y}))");
}
