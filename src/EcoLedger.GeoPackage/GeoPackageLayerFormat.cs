using EcoLedger.Spatial;
using EcoLedger.Zoning;
using Microsoft.Data.Sqlite;
using NetTopologySuite.Geometries;
using NetTopologySuite.IO;

namespace EcoLedger.GeoPackage;

/// <summary>
/// Reads a GeoPackage (<c>.gpkg</c>) polygon layer: the single feature table, its CRS from <c>gpkg_spatial_ref_sys</c>. A GeoPackage is
/// an SQLite file, so this reader lives outside the core, which references no database engine; the core finds it by name.
/// </summary>
public sealed class GeoPackageLayerFormat : IFeatureLayerFormat
{
    /// <inheritdoc/>
    public IReadOnlyList<string> Extensions { get; } = [".gpkg"];

    /// <summary>
    /// The geometry again on the one factory of unit polygons (<see cref="PackedGeometry"/>: packed coordinates). NTS's GeoPackageGeoReader builds a new NtsGeometryServices (with its factory cache)
    /// for every geometry it reads, and each geometry keeps its own alive through its factory: ~1 KB a feature, 0.3–0.5 GB of the
    /// heap for the 433,306 units of the benchmark's grid. The copy costs one pass over the coordinates; the reader's are garbage.
    /// </summary>
    private static Geometry OnSharedFactory(Geometry read)
    {
        var copy = PackedGeometry.Factory.CreateGeometry(read);
        copy.SRID = read.SRID;
        return copy;
    }

    /// <inheritdoc/>
    public RawLayer Read(string path, string idField)
    {
        var builder = new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadOnly, Pooling = false };
        using var connection = new SqliteConnection(builder.ToString());
        connection.Open();
        var tables = new List<(string Table, string Column, int SrsId)>();
        using (var cmd = connection.CreateCommand())
        {
            cmd.CommandText = "SELECT c.table_name, g.column_name, g.srs_id FROM gpkg_contents c " +
                "JOIN gpkg_geometry_columns g ON g.table_name = c.table_name WHERE c.data_type = 'features' ORDER BY c.table_name";
            using var r = cmd.ExecuteReader();
            while (r.Read())
            {
                tables.Add((r.GetString(0), r.GetString(1), r.GetInt32(2)));
            }
        }
        if (tables.Count != 1)
        {
            throw new ZoningInputException(path, null, tables.Count == 0
                ? "has no feature table (gpkg_contents lists none with data_type 'features')."
                : $"has {tables.Count} feature tables ({string.Join(", ", tables.Select(t => t.Table))}); expected exactly one.");
        }
        var (table, column, srsId) = tables[0];
        LayerCrs? fileCrs = null;
        using (var cmd = connection.CreateCommand())
        {
            cmd.CommandText = "SELECT organization, organization_coordsys_id, definition FROM gpkg_spatial_ref_sys WHERE srs_id = $id";
            cmd.Parameters.AddWithValue("$id", srsId);
            using var r = cmd.ExecuteReader();
            if (r.Read())
            {
                string org = r.IsDBNull(0) ? "" : r.GetString(0);
                int code = r.IsDBNull(1) ? 0 : r.GetInt32(1);
                string definition = r.IsDBNull(2) ? "" : r.GetString(2);
                try
                {
                    fileCrs = org.Equals("EPSG", StringComparison.OrdinalIgnoreCase) && code > 0
                        ? new LayerCrs(EqualAreaMeasure.FromEpsg(code), code, "file")
                        : FeatureLayerReader.CrsFromWkt(definition);
                }
                catch (FormatException e)
                {
                    throw new ZoningInputException(Path.GetFileName(path), null,
                        $"gpkg_spatial_ref_sys srs_id {srsId} ({table}) cannot be used: {e.Message}.");
                }
            }
        }
        var reader = new GeoPackageGeoReader { HandleOrdinates = Ordinates.XY };
        var list = new List<RawFeature>();
        using (var cmd = connection.CreateCommand())
        {
            cmd.CommandText = $"SELECT * FROM \"{table.Replace("\"", "\"\"", StringComparison.Ordinal)}\"";
            using var r = cmd.ExecuteReader();
            int number = 0;
            while (r.Read())
            {
                number++;
                var attributes = new Dictionary<string, object?>(StringComparer.Ordinal);
                Geometry? geometry = null;
                string? error = null;
                for (int i = 0; i < r.FieldCount; i++)
                {
                    string name = r.GetName(i);
                    if (name.Equals(column, StringComparison.OrdinalIgnoreCase))
                    {
                        if (!r.IsDBNull(i))
                        {
                            try
                            {
                                geometry = OnSharedFactory(reader.Read((byte[])r.GetValue(i)));
                            }
                            catch (Exception e) when (e is ArgumentException or InvalidDataException or ParseException or InvalidOperationException)
                            {
                                error = Describe(e);
                            }
                        }
                        continue;
                    }
                    attributes[name] = r.IsDBNull(i) ? null : r.GetValue(i) switch
                    {
                        long l => (decimal)l,
                        double d => d,
                        object o => o,
                    };
                }
                list.Add(new RawFeature(number, FeatureLayerReader.IdText(attributes.GetValueOrDefault(idField)), attributes, geometry, error, false));
            }
        }
        return new RawLayer(path, list, fileCrs);
    }

    /// <summary>
    /// The first line of the innermost message: NTS's ParseException carries its cause's whole ToString, stack trace
    /// included, which must not reach the terminal.
    /// </summary>
    private static string Describe(Exception e)
    {
        while (e.InnerException is { } inner)
        {
            e = inner;
        }
        string message = e.Message;
        int newline = message.IndexOfAny(['\r', '\n']);
        message = newline >= 0 ? message[..newline] : message;
        const string prefix = "NetTopologySuite.IO.ParseException: ";
        return message.StartsWith(prefix, StringComparison.Ordinal) ? message[prefix.Length..] : message;
    }
}
