#!/usr/bin/env python3
"""Synthetic zoning input: a grid of adjacent square units in CGCS2000 lon/lat with a jittered value density.

Writes OUT/units.geojson (unit_id, region, ecosystem) and OUT/gep/gep-units.csv (the GEP engine's contract:
unit_id,region,ecosystem,indicator,quantity,quantity_unit,value_cny, two indicators per unit).
Density = 5,000,000 yuan/km2 x (1 + 0.6 sin(i/23) cos(j/17)) x uniform(0.75, 1.25): smooth patches of
priority land with ragged edges, so zones vary from single cells to thousands of cells.
Standard library only; deterministic (seeded).

usage: generate_grid.py OUT [--units 100000] [--cell-deg 0.005] [--seed 42]
"""
import argparse
import json
import math
import os
import random

A = 6378137.0
F = 1 / 298.257222101
E2 = 2 * F - F * F


def cell_area_km2(lat0, lat1, dlon_deg):
    """Ellipsoidal area between two parallels and two meridians: dlon * a^2/2 * (q(lat1) - q(lat0))."""
    e = math.sqrt(E2)

    def q(phi):
        s = math.sin(math.radians(phi))
        return (1 - E2) * (s / (1 - E2 * s * s) - 1 / (2 * e) * math.log((1 - e * s) / (1 + e * s)))

    return math.radians(dlon_deg) * A * A / 2 * (q(lat1) - q(lat0)) / 1e6


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("out")
    ap.add_argument("--units", type=int, default=100_000)
    ap.add_argument("--cell-deg", type=float, default=0.005)
    ap.add_argument("--seed", type=int, default=42)
    args = ap.parse_args()
    rng = random.Random(args.seed)
    cols = int(math.sqrt(args.units * 1.6))
    rows = math.ceil(args.units / cols)
    lon0, lat0, d = 128.0, 47.0, args.cell_deg
    os.makedirs(os.path.join(args.out, "gep"), exist_ok=True)
    n = 0
    with open(os.path.join(args.out, "units.geojson"), "w") as gj, \
            open(os.path.join(args.out, "gep", "gep-units.csv"), "w") as csv:
        gj.write('{"type":"FeatureCollection","crs":{"type":"name","properties":{"name":"urn:ogc:def:crs:EPSG::4490"}},"features":[\n')
        csv.write("unit_id,region,ecosystem,indicator,quantity,quantity_unit,value_cny\n")
        for j in range(rows):
            y0, y1 = round(lat0 + j * d, 7), round(lat0 + (j + 1) * d, 7)
            area = cell_area_km2(y0, y1, d)
            for i in range(cols):
                if n == args.units:
                    break
                x0, x1 = round(lon0 + i * d, 7), round(lon0 + (i + 1) * d, 7)
                uid = f"G{j:04d}-{i:04d}"
                eco = "wetland" if (i // 40 + j // 40) % 5 == 0 else "forest"
                ring = [[x0, y0], [x1, y0], [x1, y1], [x0, y1], [x0, y0]]
                gj.write(("," if n else "") + json.dumps({
                    "type": "Feature",
                    "properties": {"unit_id": uid, "region": "synthetic", "ecosystem": eco},
                    "geometry": {"type": "Polygon", "coordinates": [ring]}}, separators=(",", ":")) + "\n")
                density = 5e6 * (1 + 0.6 * math.sin(i / 23) * math.cos(j / 17)) * rng.uniform(0.75, 1.25)
                value = density * area
                regulating = round(value * 0.9, 2)
                cultural = round(value - regulating, 2)
                csv.write(f"{uid},synthetic,{eco},climate_regulation,,,{regulating:.2f}\n")
                csv.write(f"{uid},synthetic,{eco},recreation,,,{cultural:.2f}\n")
                n += 1
        gj.write("]}\n")
    print(f"wrote {n} units ({cols} x {rows} grid of {d} deg cells) to {args.out}")


if __name__ == "__main__":
    main()
