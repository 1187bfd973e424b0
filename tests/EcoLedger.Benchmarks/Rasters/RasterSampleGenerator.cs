using EcoLedger.Rasters;
using EcoLedger.Spatial;

namespace EcoLedger.Benchmarks.Rasters;

/// <summary>
/// Writes the synthetic monitoring rasters of samples/yichun/rasters (see its README): seeded, smooth fields around the
/// magnitudes of the Yichun sample, on grids that cover the sample's units (128.40–129.40°E, 47.40–48.15°N) with a margin.
/// </summary>
public static class RasterSampleGenerator
{
    private const double Lon0 = 128.35, Lat1 = 48.20;

    /// <summary>Writes every sample raster into <paramref name="dir"/> (created if needed).</summary>
    public static void Write(string dir)
    {
        Directory.CreateDirectory(dir);
        var geographic = SupportedCrs.Find(4490)!;
        var rng = new Random(20261206);

        // Climate fields on a 0.005° grid (220 × 170 pixels, about 370 m × 560 m).
        var climate = new GeoTransform(Lon0, 0.005, 0, Lat1, 0, -0.005);
        WriteField(dir, "precipitation_mm.tif", climate, 220, 170, geographic, rng,
            (lon, lat) => 650 + 60 * Math.Sin((lon - 128.35) * 4) - 40 * (lat - 47.75), noise: 8, noData: -9999);
        WriteField(dir, "evapotranspiration_mm.tif", climate, 220, 170, geographic, rng,
            (lon, lat) => 470 + 35 * Math.Cos((lat - 47.35) * 6) + 20 * Math.Sin((lon - 128.35) * 3), noise: 6, noData: -9999);
        // Potential soil erosion in t/(km²·yr), the unit of China's soil-erosion statistics (rasters.json converts it to t/ha).
        WriteField(dir, "soil_erosion_potential_t_per_km2.tif", climate, 220, 170, geographic, rng,
            (lon, lat) => 3800 + 1100 * Math.Sin((lon - 128.35) * 7) * Math.Cos((lat - 47.35) * 5), noise: 150, noData: -9999);

        // NPP as MODIS MOD17A3 stores it: int16 kg C/m²/yr × 10,000 (scale 0.0001), fill 32767, on a 250 m grid in
        // CGCS2000 3° Gauss–Krüger zone 43 (EPSG:4531, CM 129°E), so the units are reprojected to reach it.
        var gk = SupportedCrs.Find(4531)!;
        var nppGrid = new GeoTransform(43_448_000, 250, 0, 5_345_000, 0, -250);
        var npp = new short[420, 360];
        for (int r = 0; r < 420; r++)
        {
            for (int c = 0; c < 360; c++)
            {
                var (lon, lat) = gk.ToLonLat(nppGrid.X0 + (c + 0.5) * 250, nppGrid.Y0 - (r + 0.5) * 250);
                double kgCPerM2 = 0.52 + 0.06 * Math.Sin((lon - 128.35) * 5) * Math.Cos((lat - 47.35) * 4) + 0.02 * (rng.NextDouble() - 0.5);
                npp[r, c] = rng.NextDouble() < 0.005 ? (short)32767 : (short)Math.Round(kgCPerM2 * 10_000);
            }
        }
        GeoTiffWriter.WriteInt16(Path.Combine(dir, "npp_mod17_kgc_m2.tif"), npp, nppGrid, gk, 32767);

        // Land cover in CNLUCC codes on a 0.0025° grid (440 × 340): forest (21) with two river valleys (river 41 in
        // a marsh 64 band), a lake (42), shrub (22) on the highest ridges and dry farmland (12) in the south-west.
        var lcGrid = new GeoTransform(Lon0, 0.0025, 0, Lat1, 0, -0.0025);
        var lc = new byte[340, 440];
        for (int r = 0; r < 340; r++)
        {
            for (int c = 0; c < 440; c++)
            {
                double lon = Lon0 + (c + 0.5) * 0.0025, lat = Lat1 - (r + 0.5) * 0.0025;
                double valley1 = Math.Abs(lat - (47.60 + 0.12 * (lon - 128.35))), valley2 = Math.Abs(lat - (47.95 - 0.08 * (lon - 128.35) + 0.02 * Math.Sin(lon * 20)));
                double valley = Math.Min(valley1, valley2);
                double lake = Math.Sqrt(Math.Pow((lon - 129.05) / 0.05, 2) + Math.Pow((lat - 47.80) / 0.03, 2));
                lc[r, c] = valley < 0.004 ? (byte)41
                    : lake < 1 ? (byte)42
                    : valley < 0.02 + 0.005 * rng.NextDouble() ? (byte)64
                    : lon < 128.55 && lat < 47.55 ? (byte)12
                    : Math.Sin(lon * 31) * Math.Cos(lat * 27) > 0.93 ? (byte)22
                    : (byte)21;
            }
        }
        GeoTiffWriter.WriteByte(Path.Combine(dir, "landcover_cnlucc.tif"), lc, lcGrid, geographic);
    }

    private static void WriteField(string dir, string name, GeoTransform t, int width, int height, SupportedCrs crs, Random rng,
        Func<double, double, double> field, double noise, double noData)
    {
        var values = new float[height, width];
        for (int r = 0; r < height; r++)
        {
            for (int c = 0; c < width; c++)
            {
                var (lon, lat) = t.ToWorld(c + 0.5, r + 0.5);
                // Rounded to 0.1 so Deflate has something to work with; 0.5 % of pixels are nodata (cloud, gaps).
                values[r, c] = rng.NextDouble() < 0.005 ? (float)noData : (float)Math.Round(field(lon, lat) + noise * (rng.NextDouble() - 0.5) * 2, 1);
            }
        }
        GeoTiffWriter.WriteFloat32(Path.Combine(dir, name), values, t, crs, noData);
    }
}
