using System.Globalization;
using EcoLedger.Spatial;
using NetTopologySuite.Geometries;
using NetTopologySuite.IO;
using Npgsql;
using NpgsqlTypes;

namespace EcoLedger.Storage.Postgres;

/// <summary>
/// The polygon overlay run by PostGIS: both lists are copied (binary COPY of WKB) into temporary tables of the session, each
/// with a GiST index, and one join computes every intersecting pair (<c>ST_Intersects</c>) and its area
/// (<c>ST_Area(ST_Intersection(…))</c>, GEOS's OverlayNG, of which NTS's is the port). The tables are dropped at the end of the
/// call's transaction. Geometries keep their plane (SRID 0: the caller's equal-area metres).
/// </summary>
internal sealed class PostgisOverlay(NpgsqlConnection connection) : IPolygonOverlay
{
    /// <inheritdoc/>
    public IReadOnlyList<OverlayHit> Intersections(IReadOnlyList<Geometry> left, IReadOnlyList<Geometry> right) =>
        InTables(left, right, "SELECT l.i, r.i, ST_Area(ST_Intersection(l.g, r.g)) FROM ecoledger_l l JOIN ecoledger_r r ON ST_Intersects(l.g, r.g) ORDER BY l.i, r.i",
            rd => new OverlayHit(rd.GetInt32(0), rd.GetInt32(1), rd.GetDouble(2)));

    /// <inheritdoc/>
    public IReadOnlySet<int> Touching(IReadOnlyList<Geometry> left, IReadOnlyList<Geometry> right) =>
        InTables(left, right, "SELECT l.i FROM ecoledger_l l WHERE EXISTS (SELECT 1 FROM ecoledger_r r WHERE ST_Intersects(l.g, r.g))", rd => rd.GetInt32(0))
            .ToHashSet();

    private List<T> InTables<T>(IReadOnlyList<Geometry> left, IReadOnlyList<Geometry> right, string sql, Func<NpgsqlDataReader, T> row)
    {
        ArgumentNullException.ThrowIfNull(left);
        ArgumentNullException.ThrowIfNull(right);
        using var tx = connection.BeginTransaction();
        Exec(tx, "CREATE EXTENSION IF NOT EXISTS postgis");
        foreach (var (name, list) in new[] { ("ecoledger_l", left), ("ecoledger_r", right) })
        {
            Exec(tx, $"CREATE TEMP TABLE {name} (i integer PRIMARY KEY, w bytea NOT NULL, g geometry GENERATED ALWAYS AS (ST_GeomFromWKB(w)) STORED) ON COMMIT DROP");
            var wkb = new WKBWriter(ByteOrder.LittleEndian, handleSRID: false, emitZ: false, emitM: false);
            using (var copy = connection.BeginBinaryImport($"COPY {name} (i, w) FROM STDIN (FORMAT BINARY)"))
            {
                for (int i = 0; i < list.Count; i++)
                {
                    copy.StartRow();
                    copy.Write(i, NpgsqlDbType.Integer);
                    copy.Write(wkb.Write(list[i]), NpgsqlDbType.Bytea);
                }
                copy.Complete();
            }
            Exec(tx, $"CREATE INDEX ON {name} USING gist (g)");
            Exec(tx, $"ANALYZE {name}");
        }
        var result = new List<T>();
        using (var cmd = new NpgsqlCommand(sql, connection, tx))
        using (var rd = cmd.ExecuteReader())
        {
            while (rd.Read())
            {
                result.Add(row(rd));
            }
        }
        tx.Commit();
        return result;
    }

    private void Exec(NpgsqlTransaction tx, string sql)
    {
        using var cmd = new NpgsqlCommand(sql, connection, tx);
        cmd.ExecuteNonQuery();
    }

    /// <summary>"Units in a polygon" in PostGIS on <c>project_units.geom</c> (GiST): the SQL form of <see cref="UnitsInArea.Find"/>.</summary>
    internal static IReadOnlyList<UnitOverlap> UnitsIntersecting(NpgsqlConnection connection, Geometry area, string? projectId)
    {
        UnitsInArea.RequireArea(area);
        // Intersects on the stored lon/lat (index), areas after projecting both to the same Albers as NTS (PROJ strings from
        // UnitsInArea): the in-memory path projects first and overlays in the plane, and so does this.
        const string Plane = "ST_Transform({0}, @ll, @aea)";
        string unitPlane = string.Format(CultureInfo.InvariantCulture, Plane, "u.geom"), areaPlane = string.Format(CultureInfo.InvariantCulture, Plane, "q.g");
        using var cmd = new NpgsqlCommand(
            $"SELECT u.project_id, u.unit_id, ST_Area({unitPlane}), ST_Area(ST_Intersection({unitPlane}, {areaPlane})) " +
            "FROM project_units u, (SELECT ST_GeomFromEWKB(@area) AS g) q WHERE ST_Intersects(u.geom, q.g)" +
            (projectId is null ? "" : " AND u.project_id = @project") +
            " ORDER BY u.project_id COLLATE \"C\", u.unit_id COLLATE \"C\"", connection);
        cmd.Parameters.AddWithValue("ll", UnitsInArea.LonLatProj4);
        cmd.Parameters.AddWithValue("aea", UnitsInArea.AlbersProj4);
        cmd.Parameters.AddWithValue("area", NpgsqlDbType.Bytea, EcoLedger.Ledger.UnitGeometry.ToEwkb(area));
        if (projectId is not null)
        {
            cmd.Parameters.AddWithValue("project", projectId);
        }
        var result = new List<UnitOverlap>();
        using var rd = cmd.ExecuteReader();
        while (rd.Read())
        {
            result.Add(new UnitOverlap(rd.GetString(0), rd.GetString(1), rd.GetDouble(2) / 1_000_000d, rd.GetDouble(3) / 1_000_000d));
        }
        return result;
    }
}
