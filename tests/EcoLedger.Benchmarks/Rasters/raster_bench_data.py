# The data of both raster benchmarks, written by GDAL through rasterio (seed 7), so they measure the same files:
# - values.tif: an N × N float32 raster in EPSG:4527, 30 m pixels, tiled 256, Deflate + predictor 3, 1 % nodata;
# - polygons.geojson: POLYGONS non-overlapping concave star polygons (one per cell of a ceil(sqrt(P))² grid) in the
#   raster's CRS with an integer id (ZonalBench, the zonal statistics against rasterio + numpy);
# - units.geojson: the same polygons as units in CGCS2000 lon/lat; landcover.tif: CNLUCC classes on the same grid;
#   boundary.geojson: 3 km inside the raster; rasters.json: three fields from values.tif's band (bench-raster-routes.sh).
# Usage: /usr/bin/python3 raster_bench_data.py DIR N POLYGONS CLASS_TABLE
import sys, json, numpy as np, rasterio
from rasterio.transform import from_origin
from rasterio.warp import transform_geom
d, n, p, classes = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
rng = np.random.default_rng(7)
x0, y0, px = 39400000.0, 5400000.0, 30.0
t = from_origin(x0, y0, px, px)
prof = dict(driver='GTiff', width=n, height=n, count=1, crs='EPSG:4527', transform=t, tiled=True, blockxsize=256, blockysize=256, compress='deflate')
with rasterio.open(d + '/values.tif', 'w', dtype='float32', nodata=-9999, predictor=3, **prof) as ds:
    for r0 in range(0, n, 256):
        h = min(256, n - r0)
        yy, xx = np.mgrid[r0:r0 + h, 0:n]
        a = (500 + 200 * np.sin(xx / 300.0) * np.cos(yy / 250.0) + rng.normal(0, 20, (h, n))).astype('float32')
        a[rng.random((h, n)) < 0.01] = -9999
        ds.write(a, 1, window=rasterio.windows.Window(0, r0, n, h))
# CNLUCC codes in smooth patches: forest 21, shrub 22, grassland 31, marsh 64, dry land 12, lake 42.
with rasterio.open(d + '/landcover.tif', 'w', dtype='uint8', nodata=0, predictor=2, **prof) as ds:
    for r0 in range(0, n, 256):
        h = min(256, n - r0)
        yy, xx = np.mgrid[r0:r0 + h, 0:n]
        f = np.sin(xx / 700.0) * np.cos(yy / 900.0) + 0.5 * np.sin((xx + yy) / 150.0)
        c = np.full((h, n), 21, dtype='uint8')
        c[f > 0.9] = 22
        c[f < -0.6] = 31
        c[f < -1.1] = 64
        c[(f > 0.4) & (f < 0.45)] = 12
        c[f > 1.35] = 42
        ds.write(c, 1, window=rasterio.windows.Window(0, r0, n, h))
g = int(np.ceil(np.sqrt(p)))
cell = n * px / g
eco = ['forest', 'shrub', 'grassland']
projected = []
with open(d + '/units.geojson', 'w') as out:
    out.write('{"type":"FeatureCollection","features":[\n')
    for i in range(p):
        gx, gy = i % g, i // g
        cx, cy = x0 + (gx + 0.5) * cell, y0 - (gy + 0.5) * cell
        k = int(rng.integers(4, 9))
        ring = []
        for j in range(2 * k):
            r = cell * (rng.uniform(0.30, 0.48) if j % 2 == 0 else rng.uniform(0.15, 0.30))
            a = np.pi * j / k
            ring.append([cx + r * np.cos(a), cy + r * np.sin(a)])
        ring.append(ring[0])
        projected.append({'type': 'Feature', 'properties': {'id': i + 1}, 'geometry': {'type': 'Polygon', 'coordinates': [ring]}})
        geom = transform_geom('EPSG:4527', 'EPSG:4490', {'type': 'Polygon', 'coordinates': [ring]}, precision=8)
        props = {'unit_id': 'S%06d' % (i + 1), 'region': 'R%02d' % (gy * 10 // g), 'ecosystem': eco[i % 3],
                 'soil_erosion_actual_t_per_ha': 1.2, 'npp_t_c_per_ha': 4.8, 'heterotrophic_respiration_t_c_per_ha': 2.1,
                 'days_above_26c': 20}
        out.write(('' if i == 0 else ',\n') + json.dumps({'type': 'Feature', 'properties': props, 'geometry': geom}))
    out.write('\n]}\n')
json.dump({'type': 'FeatureCollection', 'features': projected}, open(d + '/polygons.geojson', 'w'))
ext = [[x0, y0], [x0 + n * px, y0], [x0 + n * px, y0 - n * px], [x0, y0 - n * px], [x0, y0]]
# A boundary slightly inside the raster, densified so its lon/lat outline follows the projected square.
inset = 3000.0
pts = []
for (ax, ay), (bx, by) in zip(ext[:-1], ext[1:]):
    for s in np.linspace(0, 1, 50, endpoint=False):
        x, y = ax + (bx - ax) * s, ay + (by - ay) * s
        x = min(max(x, x0 + inset), x0 + n * px - inset); y = min(max(y, y0 - n * px + inset), y0 - inset)
        pts.append([x, y])
pts.append(pts[0])
b = transform_geom('EPSG:4527', 'EPSG:4490', {'type': 'Polygon', 'coordinates': [pts]}, precision=8)
json.dump({'type': 'FeatureCollection', 'features': [{'type': 'Feature', 'properties': {'name': 'bench'}, 'geometry': b}]}, open(d + '/boundary.geojson', 'w'))
json.dump({"coverage": "exact",
           "fields": {"precipitation_mm": {"raster": "values.tif", "band": 1, "statistic": "mean", "scale": 1, "unit": "mm/yr"},
                      "evapotranspiration_mm": {"raster": "values.tif", "band": 1, "statistic": "mean", "scale": 0.8, "unit": "mm/yr"},
                      "soil_erosion_potential_t_per_ha": {"raster": "values.tif", "band": 1, "statistic": "mean", "scale": 0.05, "unit": "t/ha/yr"}},
           "landcover": {"raster": "landcover.tif", "band": 1, "classes": classes}},
          open(d + '/rasters.json', 'w'), indent=1)
