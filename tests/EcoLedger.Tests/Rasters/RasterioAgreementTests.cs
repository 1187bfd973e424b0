using System.Text.Json;
using EcoLedger.Rasters;
using EcoLedger.Spatial;
using NetTopologySuite.Geometries;

namespace EcoLedger.Tests.Rasters;

/// <summary>
/// Centre-based zonal statistics against GDAL (rasterio.features.rasterize, all_touched = False, then numpy over the
/// valid pixels), on a generated raster and generated polygons; required to agree within 1e-6 relative.
/// </summary>
public sealed class RasterioAgreementTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("ecoledger-rasterio-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    // Writes a 400 × 300 float32 raster (tiled 64, Deflate, predictor 3, nodata −9999 on ~3 % of pixels) of 30 m pixels
    // in EPSG:4527 and 150 random star polygons (concave, 5–14 spokes, 40–900 m radius) in the polygons' CRS (argv[3]);
    // prints them with GDAL's centre-based count, sum and mean of each (after PROJ reprojects them to the raster's CRS).
    private const string Script = """
import sys, json, numpy as np, rasterio
from rasterio.features import rasterize
from rasterio.transform import from_origin
from rasterio.warp import transform_geom
path, seed, units_crs = sys.argv[1], int(sys.argv[2]), sys.argv[3]
rng = np.random.default_rng(seed)
h, w = 300, 400
x0, y0, px = 39512000.0, 5301000.0, 30.0
a = rng.gamma(4.0, 150.0, (h, w)).astype('float32')
a[rng.random((h, w)) < 0.03] = -9999
t = from_origin(x0, y0, px, px)
with rasterio.open(path, 'w', driver='GTiff', width=w, height=h, count=1, dtype='float32', crs='EPSG:4527', transform=t,
                   nodata=-9999, tiled=True, blockxsize=64, blockysize=64, compress='deflate', predictor=3) as d:
    d.write(a, 1)
out = []
for i in range(150):
    cx, cy = x0 + rng.uniform(1000, w * px - 1000), y0 - rng.uniform(1000, h * px - 1000)
    n = int(rng.integers(5, 15))
    ring = []
    for k in range(2 * n):
        r = rng.uniform(300, 900) if k % 2 == 0 else rng.uniform(40, 300)
        ang = np.pi * k / n
        ring.append((cx + r * np.cos(ang), cy + r * np.sin(ang)))
    ring.append(ring[0])
    geom = {'type': 'Polygon', 'coordinates': [ring]}
    if units_crs != 'EPSG:4527':
        geom = transform_geom('EPSG:4527', units_crs, geom, precision=-1)
    in_raster = transform_geom(units_crs, 'EPSG:4527', geom, precision=-1) if units_crs != 'EPSG:4527' else geom
    mask = rasterize([(in_raster, 1)], out_shape=(h, w), transform=t, fill=0, all_touched=False, dtype='uint8') == 1
    v = a[mask & (a != -9999)].astype('float64')
    out.append({'ring': geom['coordinates'][0], 'count': int(v.size), 'sum': float(v.sum()), 'mean': float(v.mean()) if v.size else None})
print(json.dumps(out))
""";

    [Theory]
    [InlineData("EPSG:4527", 4527)]
    [InlineData("EPSG:4490", 4490)]
    public void Should_agree_with_GDAL_on_centre_based_count_sum_and_mean(string unitsCrs, int unitsEpsg)
    {
        // Given
        string raster = Path.Combine(_dir, "values.tif");
        var reference = JsonDocument.Parse(ReferencePython.Run(Script, raster, "20261206", unitsCrs)).RootElement;
        using var tif = GeoTiffRaster.Open(raster);
        var band = tif.Band(1);
        var factory = new GeometryFactory();
        int compared = 0;

        foreach (var p in reference.EnumerateArray())
        {
            var ring = p.GetProperty("ring").EnumerateArray().Select(c => new Coordinate(c[0].GetDouble(), c[1].GetDouble())).ToArray();
            var polygon = UnitCrsMapping.ToRaster(factory.CreatePolygon(ring), SupportedCrs.Find(unitsEpsg)!, tif.Crs);

            // When
            var s = ZonalStatistics.Compute(band, new PixelCoverage(polygon, tif.Transform, tif.Width, tif.Height, CoverageMode.Centre));

            // Then
            Assert.Equal(p.GetProperty("count").GetInt32(), (int)s.Count);
            if (s.Count > 0)
            {
                Assert.Equal(1, s.Sum / p.GetProperty("sum").GetDouble(), 1e-6);
                Assert.Equal(1, s.Mean!.Value / p.GetProperty("mean").GetDouble(), 1e-6);
                compared++;
            }
        }
        Assert.True(compared >= 140, $"only {compared} of 150 polygons covered a valid pixel");
    }
}
