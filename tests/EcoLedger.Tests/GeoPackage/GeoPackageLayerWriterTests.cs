using EcoLedger.GeoPackage;
using EcoLedger.Spatial;
using EcoLedger.Zoning;
using Microsoft.Data.Sqlite;
using NetTopologySuite.Features;
using NetTopologySuite.Geometries;
using NetTopologySuite.Geometries.Implementation;
using NetTopologySuite.IO;

namespace EcoLedger.Tests.GeoPackage;

public sealed class GeoPackageLayerWriterTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("ecoledger-gpkg-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Should_take_a_streamed_layer_once_and_index_every_feature_by_its_envelope()
    {
        // Given three squares handed out one at a time by a sequence that counts how often it is walked (units grid streams
        // its units: walking it twice would build the whole grid twice)
        int walks = 0;
        IEnumerable<IFeature> Layer()
        {
            walks++;
            var wkt = new WKTReader();
            for (int i = 0; i < 3; i++)
            {
                double x = 128 + i;
                yield return new Feature(wkt.Read($"POLYGON (({x} 47, {x + 0.5} 47, {x + 0.5} 47.25, {x} 47.25, {x} 47))"),
                    new AttributesTable { { "unit_id", $"U{i}" }, { "region", "R" } });
            }
        }
        string path = Path.Combine(_dir, "units.gpkg");

        // When
        new GeoPackageLayerWriter().Write(path, "units", Layer(), LayerSrs.Cgcs2000);

        // Then the layer was walked once, and every row and its R-tree entry (fid 1, 2, 3 in order) is there
        Assert.Equal(1, walks);
        using var db = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
        db.Open();
        using var rows = db.CreateCommand();
        rows.CommandText = "SELECT u.fid, u.unit_id, r.minx, r.maxx, r.miny, r.maxy FROM units u JOIN rtree_units_geom r ON r.id = u.fid ORDER BY u.fid";
        using var reader = rows.ExecuteReader();
        var seen = new List<(long, string, double, double, double, double)>();
        while (reader.Read())
        {
            seen.Add((reader.GetInt64(0), reader.GetString(1), reader.GetDouble(2), reader.GetDouble(3), reader.GetDouble(4), reader.GetDouble(5)));
        }
        // Read back, the features share one geometry factory (NTS's reader makes one per geometry, ~1 KB a feature kept alive),
        // whose rings pack their coordinates (16 bytes a vertex, not a Coordinate object each)
        var read = new GeoPackageLayerFormat().Read(path, "unit_id");
        Assert.Equal(["U0", "U1", "U2"], read.Features.Select(f => f.Id));
        Assert.Same(PackedGeometry.Factory, Assert.Single(read.Features.Select(f => f.Geometry!.Factory).Distinct(ReferenceEqualityComparer.Instance)));
        Assert.All(read.Features, f => Assert.IsType<PackedDoubleCoordinateSequence>(((Polygon)f.Geometry!.GetGeometryN(0)).Shell.CoordinateSequence));
        Assert.Equal(0.5 * 0.25, read.Features[1].Geometry!.Area, 1e-12);
        // The R-tree stores 32-bit floats rounded outwards: each bound within 1e-5° of the square's.
        Assert.Equal([1L, 2, 3], seen.Select(r => r.Item1));
        Assert.Equal(["U0", "U1", "U2"], seen.Select(r => r.Item2));
        for (int i = 0; i < 3; i++)
        {
            Assert.Equal(128 + i, seen[i].Item3, 1e-5);
            Assert.Equal(128.5 + i, seen[i].Item4, 1e-5);
            Assert.Equal(47, seen[i].Item5, 1e-5);
            Assert.Equal(47.25, seen[i].Item6, 1e-5);
        }
    }
}
