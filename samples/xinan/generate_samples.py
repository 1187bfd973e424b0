#!/usr/bin/env python3
"""Synthetic twice-monthly Jiekou samples for the Xin'an sample agreement (seeded, reproducible).

Usage: python3 samples/xinan/generate_samples.py [--seed 20240101] > samples/xinan/jiekou-2024.csv

Each indicator follows its baseline with a seasonal swing (higher in the flood season, May-August) and multiplicative
noise, scaled so the year's index P lands a little below 1 (good water: the downstream party pays). One value is a
deliberate transcription error (TP on 2024-06-16 is ten times too high) so the demo can show the outlier report and a
correction.
"""
import argparse
import math
import random

BASELINE = {"CODMn": 1.90, "NH3-N": 0.100, "TN": 1.20, "TP": 0.025}
LEVEL = {"CODMn": 0.95, "NH3-N": 0.90, "TN": 1.00, "TP": 0.92}  # typical concentration / baseline
DECIMALS = {"CODMn": 2, "NH3-N": 3, "TN": 2, "TP": 4}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--seed", type=int, default=20240101)
    parser.add_argument("--year", type=int, default=2024)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    print("section,sampled_at,indicator,value,unit,lab,party")
    for month in range(1, 13):
        for day in (1, 16):
            lab = "Huangshan_EMS" if day == 1 else "Hangzhou_EMS"
            season = 1.0 + 0.12 * math.sin((month - 3) / 12 * 2 * math.pi)
            for code, base in BASELINE.items():
                value = base * LEVEL[code] * season * math.exp(rng.gauss(0, 0.08))
                if code == "TP" and month == 6 and day == 16:
                    value *= 10  # transcription error: decimal point shifted
                text = f"{value:.{DECIMALS[code]}f}"
                print(f"Jiekou,{args.year}-{month:02d}-{day:02d}T09:30,{code},{text},mg/L,{lab},joint")


if __name__ == "__main__":
    main()
