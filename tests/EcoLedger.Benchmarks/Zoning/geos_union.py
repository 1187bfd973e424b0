#!/usr/bin/python3
"""GEOS (shapely) union of the same polygons that `zones mark` dissolved: the priority-tier units of
units-classified.geojson, unioned by GEOS in one unary union (cascaded union inside GEOS).
Prints `geos: ...` lines. Works with shapely 1.8 (Debian bookworm) and 2.x.

usage: /usr/bin/python3 geos_union.py ZONES_DIR
"""
import json
import sys
import time

import shapely
from shapely.geometry import shape
from shapely.ops import unary_union

try:
    from shapely.geos import geos_version_string as geos
except ImportError:  # shapely 2
    geos = ".".join(map(str, shapely.geos_version))

zones_dir = sys.argv[1]
with open(f"{zones_dir}/units-classified.geojson") as f:
    features = json.load(f)["features"]
with open(f"{zones_dir}/zones-summary.json") as f:
    summary = json.load(f)
top = summary["tiers"][0]["name"]
polys = [shape(ft["geometry"]) for ft in features if ft["properties"]["tier"] == top]
print(f"geos: shapely {shapely.__version__}, GEOS {geos}; {len(polys)} {top} polygons")

t = time.perf_counter()
union = unary_union(polys)
t_unary = time.perf_counter() - t
parts = len(union.geoms) if union.geom_type == "MultiPolygon" else 1
print(f"geos: unary_union: {t_unary:.3f} s ({parts} polygons)")
t = time.perf_counter()
valid = union.is_valid
print(f"geos: is_valid of the union: {time.perf_counter() - t:.3f} s ({valid})")

if hasattr(shapely, "coverage_union_all"):
    t = time.perf_counter()
    cov = shapely.coverage_union_all(polys)
    print(f"geos: coverage_union_all: {time.perf_counter() - t:.3f} s")

ours = summary["tiers"][0]["zone_count"]
area_ours = summary["tiers"][0]["area_km2"]
print(f"geos: zone count ours={ours} geos={parts} {'MATCH' if ours == parts else 'DIFFER'}")
