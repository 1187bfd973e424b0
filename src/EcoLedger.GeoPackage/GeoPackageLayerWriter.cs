using EcoLedger.IO;
using EcoLedger.Zoning;
using Microsoft.Data.Sqlite;
using NetTopologySuite.Features;
using NetTopologySuite.Geometries;
using NetTopologySuite.IO;

namespace EcoLedger.GeoPackage;

/// <summary>
/// Writes one polygon layer as an OGC GeoPackage 1.3 (OGC 12-128r18): the required <c>gpkg_spatial_ref_sys</c> (with its three
/// mandatory rows and the layer's CRS), <c>gpkg_contents</c> and <c>gpkg_geometry_columns</c>; a feature table whose geometries are
/// StandardGeoPackageBinary MultiPolygons (a Polygon is written as a one-part MultiPolygon, so the column has one type); and the
/// R-tree spatial index extension (<c>gpkg_rtree_index</c>) with the triggers that keep it current when another tool edits the file.
/// </summary>
/// <remarks>
/// NetTopologySuite.IO.GeoPackage only encodes geometry blobs, so the tables are created here with the DDL of the standard
/// (§1.1.2, §1.1.3, §2.1.5, Annex F.3). Ordinates are XY only: GDAL reads a blob with NaN Z/M as a NULL geometry.
/// </remarks>
public sealed class GeoPackageLayerWriter : IFeatureLayerWriter
{
    /// <summary>The <c>application_id</c> of a GeoPackage ("GPKG").</summary>
    public const int ApplicationId = 0x47504B47;

    /// <summary>The <c>user_version</c> of GeoPackage 1.3.0.</summary>
    public const int UserVersion = 10300;

    private const string GeometryColumn = "geom";

    /// <inheritdoc/>
    public IReadOnlyList<string> Extensions { get; } = [".gpkg"];

    /// <inheritdoc/>
    public void Write(string path, string layerName, IEnumerable<IFeature> features, LayerSrs srs)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(layerName);
        ArgumentNullException.ThrowIfNull(features);
        ArgumentNullException.ThrowIfNull(srs);
        string full = Path.GetFullPath(path);
        string temp = Path.Combine(Path.GetDirectoryName(full)!, $".{Path.GetFileName(full)}.{Guid.NewGuid():N}.tmp");
        using var registration = TemporaryPaths.Add(temp);
        using var journal = TemporaryPaths.Add(temp + "-journal");
        try
        {
            WriteFile(temp, layerName, features, srs);
            using var commit = TemporaryPaths.BeginCommit();
            File.Move(temp, full, overwrite: true);
        }
        finally
        {
            File.Delete(temp);
            File.Delete(temp + "-journal");
        }
    }

    private static void WriteFile(string path, string layer, IEnumerable<IFeature> features, LayerSrs srs)
    {
        // The first feature gives the columns (the table is made before any row is written, so the rest stream behind it).
        using var each = features.GetEnumerator();
        bool any = each.MoveNext();
        var columns = any ? Columns(each.Current) : [];
        var builder = new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadWriteCreate, Pooling = false };
        using var connection = new SqliteConnection(builder.ToString());
        connection.Open();
        using var tx = connection.BeginTransaction();
        string t = Quote(layer), rtree = Quote($"rtree_{layer}_{GeometryColumn}");
        Execute(connection, tx, $"""
            PRAGMA application_id = {ApplicationId};
            PRAGMA user_version = {UserVersion};
            CREATE TABLE gpkg_spatial_ref_sys (
              srs_name TEXT NOT NULL, srs_id INTEGER PRIMARY KEY, organization TEXT NOT NULL,
              organization_coordsys_id INTEGER NOT NULL, definition TEXT NOT NULL, description TEXT);
            CREATE TABLE gpkg_contents (
              table_name TEXT NOT NULL PRIMARY KEY, data_type TEXT NOT NULL, identifier TEXT UNIQUE, description TEXT DEFAULT '',
              last_change DATETIME NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
              min_x DOUBLE, min_y DOUBLE, max_x DOUBLE, max_y DOUBLE, srs_id INTEGER,
              CONSTRAINT fk_gc_r_srs_id FOREIGN KEY (srs_id) REFERENCES gpkg_spatial_ref_sys(srs_id));
            CREATE TABLE gpkg_geometry_columns (
              table_name TEXT NOT NULL, column_name TEXT NOT NULL, geometry_type_name TEXT NOT NULL, srs_id INTEGER NOT NULL,
              z TINYINT NOT NULL, m TINYINT NOT NULL,
              CONSTRAINT pk_geom_cols PRIMARY KEY (table_name, column_name),
              CONSTRAINT uk_gc_table_name UNIQUE (table_name),
              CONSTRAINT fk_gc_tn FOREIGN KEY (table_name) REFERENCES gpkg_contents(table_name),
              CONSTRAINT fk_gc_srs FOREIGN KEY (srs_id) REFERENCES gpkg_spatial_ref_sys (srs_id));
            CREATE TABLE gpkg_extensions (
              table_name TEXT, column_name TEXT, extension_name TEXT NOT NULL, definition TEXT NOT NULL, scope TEXT NOT NULL,
              CONSTRAINT ge_tce UNIQUE (table_name, column_name, extension_name));
            INSERT INTO gpkg_spatial_ref_sys VALUES
              ('Undefined cartesian SRS', -1, 'NONE', -1, 'undefined', 'undefined cartesian coordinate reference system'),
              ('Undefined geographic SRS', 0, 'NONE', 0, 'undefined', 'undefined geographic coordinate reference system'),
              ('WGS 84 geodetic', 4326, 'EPSG', 4326, '{Wgs84Wkt}', 'longitude/latitude coordinates in decimal degrees on the WGS 84 spheroid');
            """);
        if (srs.Epsg != 4326)
        {
            Execute(connection, tx, "INSERT INTO gpkg_spatial_ref_sys VALUES ($name, $id, 'EPSG', $id, $wkt, NULL)",
                ("$name", srs.Name), ("$id", srs.Epsg), ("$wkt", srs.Wkt));
        }
        string columnDdl = string.Concat(columns.Select(c => $", {Quote(c.Name)} {c.Type}"));
        Execute(connection, tx, $"CREATE TABLE {t} (fid INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL, {GeometryColumn} MULTIPOLYGON{columnDdl})");

        var writer = new GeoPackageGeoWriter { HandleOrdinates = Ordinates.XY };
        var envelope = new Envelope();
        // Each row's envelope, in fid order, for the R-tree below: the features themselves are gone by then (streamed).
        var envelopes = new List<(double MinX, double MaxX, double MinY, double MaxY)>();
        using (var insert = connection.CreateCommand())
        {
            insert.Transaction = tx;
            insert.CommandText = $"INSERT INTO {t} ({GeometryColumn}{string.Concat(columns.Select(c => ", " + Quote(c.Name)))}) " +
                $"VALUES ($g{string.Concat(columns.Select((_, i) => $", $p{i}"))})";
            var g = insert.Parameters.Add("$g", SqliteType.Blob);
            var ps = columns.Select((_, i) => insert.Parameters.Add($"$p{i}", SqliteType.Text)).ToArray();
            for (; any; any = each.MoveNext())
            {
                var f = each.Current;
                var multi = f.Geometry switch
                {
                    MultiPolygon m => m,
                    Polygon p => p.Factory.CreateMultiPolygon([p]),
                    var other => throw new ArgumentException($"Only polygons are written, found a {other?.GeometryType ?? "null geometry"}.", nameof(features)),
                };
                multi.SRID = srs.Epsg;
                var e = multi.EnvelopeInternal;
                envelope.ExpandToInclude(e);
                envelopes.Add((e.MinX, e.MaxX, e.MinY, e.MaxY));
                g.Value = writer.Write(multi);
                for (int i = 0; i < columns.Count; i++)
                {
                    ps[i].Value = Value(f.Attributes?.GetOptionalValue(columns[i].Name)) ?? DBNull.Value;
                }
                insert.ExecuteNonQuery();
            }
        }

        Execute(connection, tx, "INSERT INTO gpkg_contents (table_name, data_type, identifier, description, min_x, min_y, max_x, max_y, srs_id) " +
            "VALUES ($t, 'features', $t, '', $minx, $miny, $maxx, $maxy, $srs)",
            ("$t", layer), ("$minx", envelope.IsNull ? null : envelope.MinX), ("$miny", envelope.IsNull ? null : envelope.MinY),
            ("$maxx", envelope.IsNull ? null : envelope.MaxX), ("$maxy", envelope.IsNull ? null : envelope.MaxY), ("$srs", srs.Epsg));
        Execute(connection, tx, "INSERT INTO gpkg_geometry_columns VALUES ($t, $c, 'MULTIPOLYGON', $srs, 0, 0)",
            ("$t", layer), ("$c", GeometryColumn), ("$srs", srs.Epsg));

        // The R-tree index (Annex F.3): filled from the written envelopes, then the triggers of the standard so that a tool
        // which edits the file later keeps it current (they call ST_* functions that GeoPackage-aware engines provide).
        Execute(connection, tx, $"""
            CREATE VIRTUAL TABLE {rtree} USING rtree(id, minx, maxx, miny, maxy);
            INSERT INTO gpkg_extensions VALUES ('{Literal(layer)}', '{GeometryColumn}', 'gpkg_rtree_index', 'http://www.geopackage.org/spec120/#extension_rtree', 'write-only');
            """);
        using (var index = connection.CreateCommand())
        {
            index.Transaction = tx;
            index.CommandText = $"INSERT INTO {rtree} VALUES ($id, $minx, $maxx, $miny, $maxy)";
            var id = index.Parameters.Add("$id", SqliteType.Integer);
            var minx = index.Parameters.Add("$minx", SqliteType.Real);
            var maxx = index.Parameters.Add("$maxx", SqliteType.Real);
            var miny = index.Parameters.Add("$miny", SqliteType.Real);
            var maxy = index.Parameters.Add("$maxy", SqliteType.Real);
            long fid = 0;
            foreach (var e in envelopes)
            {
                fid++;
                (id.Value, minx.Value, maxx.Value, miny.Value, maxy.Value) = (fid, e.MinX, e.MaxX, e.MinY, e.MaxY);
                index.ExecuteNonQuery();
            }
        }
        Execute(connection, tx, RtreeTriggers(layer));
        tx.Commit();
    }

    private static List<(string Name, string Type)> Columns(IFeature first)
    {
        var columns = new List<(string Name, string Type)>();
        if (first.Attributes is not { } attributes)
        {
            return columns;
        }
        foreach (string name in attributes.GetNames())
        {
            // A value missing from the first feature makes a TEXT column (SQLite stores a number given later as its text).
            string type = attributes.GetOptionalValue(name) switch
            {
                int or long or short or byte => "INTEGER",
                double or float or decimal => "REAL",
                _ => "TEXT",
            };
            columns.Add((name, type));
        }
        return columns;
    }

    private static object? Value(object? v) => v switch
    {
        null => null,
        decimal d => (double)d,
        float f => (double)f,
        _ => v,
    };

    private static void Execute(SqliteConnection connection, SqliteTransaction tx, string sql, params (string Name, object? Value)[] parameters)
    {
        using var cmd = connection.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            cmd.Parameters.AddWithValue(name, value ?? DBNull.Value);
        }
        cmd.ExecuteNonQuery();
    }

    private static string Quote(string identifier) => "\"" + identifier.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    private static string Literal(string text) => text.Replace("'", "''", StringComparison.Ordinal);

    /// <summary>The six triggers of GeoPackage 1.3 Annex F.3 for table <paramref name="layer"/>, column geom, primary key fid.</summary>
    private static string RtreeTriggers(string layer)
    {
        string t = Quote(layer), c = GeometryColumn, r = Quote($"rtree_{layer}_{c}");
        string Name(string suffix) => Quote($"rtree_{layer}_{c}_{suffix}");
        string Insert = $"INSERT OR REPLACE INTO {r} VALUES (NEW.fid, ST_MinX(NEW.{c}), ST_MaxX(NEW.{c}), ST_MinY(NEW.{c}), ST_MaxY(NEW.{c}));";
        return $"""
            CREATE TRIGGER {Name("insert")} AFTER INSERT ON {t} WHEN (new.{c} NOT NULL AND NOT ST_IsEmpty(NEW.{c}))
            BEGIN {Insert} END;
            CREATE TRIGGER {Name("update1")} AFTER UPDATE OF {c} ON {t} WHEN OLD.fid = NEW.fid AND (NEW.{c} NOTNULL AND NOT ST_IsEmpty(NEW.{c}))
            BEGIN {Insert} END;
            CREATE TRIGGER {Name("update2")} AFTER UPDATE OF {c} ON {t} WHEN OLD.fid = NEW.fid AND (NEW.{c} ISNULL OR ST_IsEmpty(NEW.{c}))
            BEGIN DELETE FROM {r} WHERE id = OLD.fid; END;
            CREATE TRIGGER {Name("update3")} AFTER UPDATE ON {t} WHEN OLD.fid != NEW.fid AND (NEW.{c} NOTNULL AND NOT ST_IsEmpty(NEW.{c}))
            BEGIN DELETE FROM {r} WHERE id = OLD.fid; {Insert} END;
            CREATE TRIGGER {Name("update4")} AFTER UPDATE ON {t} WHEN OLD.fid != NEW.fid AND (NEW.{c} ISNULL OR ST_IsEmpty(NEW.{c}))
            BEGIN DELETE FROM {r} WHERE id IN (OLD.fid, NEW.fid); END;
            CREATE TRIGGER {Name("delete")} AFTER DELETE ON {t} WHEN old.{c} NOT NULL
            BEGIN DELETE FROM {r} WHERE id = OLD.fid; END;
            """;
    }

    // EPSG:4326 as the standard's mandatory row gives it (OGC WKT 1).
    private const string Wgs84Wkt =
        "GEOGCS[\"WGS 84\",DATUM[\"WGS_1984\",SPHEROID[\"WGS 84\",6378137,298.257223563,AUTHORITY[\"EPSG\",\"7030\"]],AUTHORITY[\"EPSG\",\"6326\"]]," +
        "PRIMEM[\"Greenwich\",0,AUTHORITY[\"EPSG\",\"8901\"]],UNIT[\"degree\",0.0174532925199433,AUTHORITY[\"EPSG\",\"9122\"]],AUTHORITY[\"EPSG\",\"4326\"]]";
}
