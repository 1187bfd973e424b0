using System.Globalization;
using System.Text;

namespace EcoLedger.Benchmarks;

/// <summary>
/// Seeded generator of synthetic accounting units. Writes the shipped samples (GeoJSON grid cells with monitoring
/// attributes plus region statistics) and large CSV files for the benchmark. The values are synthetic: drawn around
/// typical magnitudes so the Yichun sample lands near the published structure (see samples/README.md).
/// </summary>
public static partial class SampleGenerator
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    /// <summary>The profile of one region: where its grid sits and what its units look like.</summary>
    private sealed record RegionProfile(string Region, string Prefix, double Lon0, double Lat0, int Cols, int Rows, double CellDeg, Func<Random, int, int, (string Eco, string Sub)> Cover, Func<Random, string, string, double, Dictionary<string, double>> Monitoring, string? LakeRegion = null);

    /// <summary>Writes samples/yichun and samples/lueliang.</summary>
    public static void WriteSamples(string samplesDir)
    {
        // Heilongjiang lies in the Northeast Plain and Mountain lake region (东北平原与山区湖区).
        var yichun = new RegionProfile("伊春", "YC", 128.40, 47.40, 20, 15, 0.05, YichunCover, YichunMonitoring, "northeast_plain_mountain");
        var lueliang = new RegionProfile("吕梁", "LL", 110.90, 37.20, 20, 12, 0.05, LueliangCover, LueliangMonitoring);
        WriteRegion(Path.Combine(samplesDir, "yichun"), yichun, seed: 20231, (areaKm2, s) => YichunStats(areaKm2, s));
        WriteRegion(Path.Combine(samplesDir, "lueliang"), lueliang, seed: 20232, (areaKm2, s) => LueliangStats(areaKm2, s));
    }

    private static (string, string) YichunCover(Random r, int col, int row)
    {
        // Wetlands follow two river valleys; the rest is forest, mostly coniferous and mixed (Korean pine, larch, birch).
        bool valley = Math.Abs(row - 4 - col / 4) <= 0 || Math.Abs(row - 11 + col / 6) <= 0;
        if (valley)
        {
            double x = r.NextDouble();
            return ("wetland", x < 0.6 ? "marsh" : x < 0.8 ? "river" : x < 0.92 ? "lake" : "reservoir");
        }
        double f = r.NextDouble();
        return ("forest", f < 0.45 ? "coniferous" : f < 0.8 ? "mixed" : "broadleaf");
    }

    private static Dictionary<string, double> YichunMonitoring(Random r, string eco, string sub, double vigour)
    {
        double J(double v, double spread = 0.15) => Math.Round(v * (1 + spread * (2 * r.NextDouble() - 1)), 3);
        // Precipitation around the city's normal; hot days from the Jiayin station normals (one station for the whole grid).
        // The draw that used to jitter the hot days is kept so that later cells, and their land cover, stay as shipped.
        var m = new Dictionary<string, double>
        {
            ["precipitation_mm"] = J(YichunNormalPrecipitationMm, 0.08),
            ["days_above_26c"] = KeepingTheDraw(r, DaysAboveFromMonthlyNormals(JiayinMeanDailyMaxC, 26)),
        };
        if (eco == "forest")
        {
            m["evapotranspiration_mm"] = J(450, 0.1);
            m["soil_erosion_potential_t_per_ha"] = J(38, 0.3);
            m["soil_erosion_actual_t_per_ha"] = J(1.5, 0.5);
            m["npp_t_c_per_ha"] = J(5.2, 0.15);
            m["heterotrophic_respiration_t_c_per_ha"] = J(2.4, 0.15);
            if (r.NextDouble() < 0.25)
            {
                m["visits_per_year"] = Math.Round(J(40000, 0.9));
            }
        }
        else
        {
            m["evapotranspiration_mm"] = J(560, 0.08);
            m["nep_t_c_per_ha"] = J(1.6, 0.3);
            m["water_evaporation_mm"] = J(25 * vigour, 0.1);
            m["relative_humidity_pct"] = J(70, 0.1);
            if (sub == "lake")
            {
                m["lake_turnover_per_year"] = J(1.2, 0.3);
            }
            if (sub == "reservoir")
            {
                m["reservoir_storage_m3"] = Math.Round(J(3.0e7, 0.5));
            }
            if (r.NextDouble() < 0.4)
            {
                m["visits_per_year"] = Math.Round(J(60000, 0.9));
            }
        }
        return m;
    }

    private static string YichunStats(double areaKm2, StringBuilder s)
    {
        // Material ≈ 5 % and cultural ≈ 2.8 % of a GEP of ≈ 12.5 million CNY/km² (Yichun: 222 and 118 of 4,240 亿).
        double material = 0.052 * 12.5e6 * areaKm2, cultural = 0.028 * 12.5e6 * areaKm2;
        void Item(string item, double share, string unit, double price, string suppliedBy) =>
            s.Append(Inv, $"伊春,material_product,{item},{Math.Round(material * share / price)},{unit},{price},{suppliedBy}\n");
        Item("blueberry", 0.22, "t", 12000, "forest");
        Item("edible_fungi", 0.28, "t", 16000, "forest");
        Item("pine_nuts", 0.18, "t", 30000, "forest");
        Item("medicinal_herbs", 0.12, "t", 25000, "forest");
        Item("freshwater_fish", 0.10, "t", 14000, "wetland");
        Item("water_supply", 0.10, "m3", 2.6, "forest;wetland");
        s.Append(Inv, $"伊春,recreation,visits,{Math.Round(cultural / 395.80)},visits,395.80,\n");
        s.Append("伊春,emission_cap,so2,9000,t,,\n");
        s.Append("伊春,discharge_cap,cod,6200,t,,\n");
        s.Append("伊春,discharge_cap,nh3n,640,t,,\n");
        s.Append("伊春,discharge_cap,tp,95,t,,\n");
        return s.ToString();
    }

    private static (string, string) LueliangCover(Random r, int col, int row)
    {
        // Loess hills: forest on the higher eastern side, grassland and shrub on the slopes.
        double x = r.NextDouble() + (col - 10) * 0.03;
        return x > 0.62 ? ("forest", r.NextDouble() < 0.6 ? "coniferous" : "broadleaf") : x > 0.32 ? ("shrub", "") : ("grassland", "");
    }

    private static Dictionary<string, double> LueliangMonitoring(Random r, string eco, string sub, double vigour)
    {
        double J(double v, double spread = 0.15) => Math.Round(v * (1 + spread * (2 * r.NextDouble() - 1)), 3);
        var m = new Dictionary<string, double>
        {
            ["precipitation_mm"] = J(LinxianNormalPrecipitationMm, 0.1),
            ["evapotranspiration_mm"] = J(eco == "forest" ? 420 : 440, 0.08),
            // Hot days from the Linxian station normals; the draw that used to jitter them is kept (see YichunMonitoring).
            ["days_above_26c"] = KeepingTheDraw(r, DaysAboveFromMonthlyNormals(LinxianMeanDailyMaxC, 26)),
            // RUSLE factors for loess slopes (R MJ·mm/(ha·h·yr), K t·ha·h/(ha·MJ·mm)).
            ["rusle_r"] = J(1600, 0.2),
            ["rusle_k"] = J(0.045, 0.2),
            ["rusle_ls"] = J(6.5, 0.4),
            ["rusle_c"] = J(eco == "forest" ? 0.05 : eco == "shrub" ? 0.12 : 0.2, 0.3),
            ["rusle_p"] = J(0.8, 0.2),
            ["wind_erosion_potential_t_per_ha"] = J(eco == "grassland" ? 22 : 14, 0.3),
            ["wind_erosion_actual_t_per_ha"] = J(eco == "grassland" ? 6 : 3, 0.3),
            ["npp_t_c_per_ha"] = J(eco == "forest" ? 4.0 : eco == "shrub" ? 2.6 : 1.8, 0.2),
            ["heterotrophic_respiration_t_c_per_ha"] = J(eco == "forest" ? 2.2 : eco == "shrub" ? 1.6 : 1.3, 0.2),
        };
        if (r.NextDouble() < 0.15)
        {
            m["visits_per_year"] = Math.Round(J(20000, 0.9));
        }
        return m;
    }

    private static string LueliangStats(double areaKm2, StringBuilder s)
    {
        s.Append(Inv, $"吕梁,material_product,jujube,{Math.Round(areaKm2 * 9.0)},t,6000,shrub;forest\n");
        s.Append(Inv, $"吕梁,material_product,walnut,{Math.Round(areaKm2 * 3.5)},t,18000,forest\n");
        s.Append(Inv, $"吕梁,material_product,sheep,{Math.Round(areaKm2 * 12)},head,900,grassland\n");
        s.Append(Inv, $"吕梁,recreation,visits,{Math.Round(areaKm2 * 260)},visits,,\n");
        s.Append("吕梁,emission_cap,so2,30000,t,,\n");
        return s.ToString();
    }

    /// <summary>
    /// A value that no longer comes from the generator's random stream, taken where a random draw used to be, so that the
    /// draws after it (and with them every later cell's land cover and values) stay those of the shipped samples.
    /// </summary>
    private static double KeepingTheDraw(Random r, double value)
    {
        _ = r.NextDouble();
        return value;
    }

    /// <summary>
    /// A smooth spatial factor in about [0.1, 1.9], mean ≈ 1: warmer, more productive valleys against cooler, thinner
    /// ridges, so value density varies across the region and some units fall below the zoning threshold.
    /// </summary>
    private static double Vigour(int col, int row, int cols, int rows)
    {
        double x = (double)col / cols, y = (double)row / rows;
        double wave = Math.Sin(2 * Math.PI * (x * 1.3 + 0.1)) * Math.Cos(2 * Math.PI * (y * 0.9 - 0.2));
        return 1 + 0.9 * wave;
    }

    private static void WriteRegion(string dir, RegionProfile p, int seed, Func<double, StringBuilder, string> stats)
    {
        Directory.CreateDirectory(dir);
        var r = new Random(seed);
        var geo = new StringBuilder();
        geo.Append("{\"type\":\"FeatureCollection\",\"features\":[\n");
        double approxAreaKm2 = 0;
        int n = 0;
        for (int row = 0; row < p.Rows; row++)
        {
            for (int col = 0; col < p.Cols; col++)
            {
                var (eco, sub) = p.Cover(r, col, row);
                var mon = p.Monitoring(r, eco, sub, Vigour(col, row, p.Cols, p.Rows));
                double x0 = p.Lon0 + col * p.CellDeg, y0 = p.Lat0 + row * p.CellDeg, x1 = x0 + p.CellDeg, y1 = y0 + p.CellDeg;
                approxAreaKm2 += p.CellDeg * 111.32 * Math.Cos((y0 + p.CellDeg / 2) * Math.PI / 180) * p.CellDeg * 111.0;
                string id = $"{p.Prefix}-{n + 1:D4}";
                if (n > 0)
                {
                    geo.Append(",\n");
                }
                geo.Append(Inv, $"{{\"type\":\"Feature\",\"properties\":{{\"unit_id\":\"{id}\",\"region\":\"{p.Region}\",\"ecosystem\":\"{eco}\"");
                if (sub.Length > 0)
                {
                    geo.Append(Inv, $",\"subtype\":\"{sub}\"");
                }
                if (sub == "lake" && p.LakeRegion is { } lakeRegion)
                {
                    geo.Append(Inv, $",\"lake_region\":\"{lakeRegion}\"");
                }
                foreach (var (k, v) in mon)
                {
                    geo.Append(Inv, $",\"{k}\":{v.ToString("R", Inv)}");
                }
                geo.Append(Inv, $"}},\"geometry\":{{\"type\":\"Polygon\",\"coordinates\":[[[{x0:0.####},{y0:0.####}],[{x1:0.####},{y0:0.####}],[{x1:0.####},{y1:0.####}],[{x0:0.####},{y1:0.####}],[{x0:0.####},{y0:0.####}]]]}}}}");
                n++;
            }
        }
        geo.Append("\n]}\n");
        File.WriteAllText(Path.Combine(dir, "units.geojson"), geo.ToString(), new UTF8Encoding(false));
        var s = new StringBuilder("region,kind,item,quantity,quantity_unit,price_cny_per_unit,supplied_by\n");
        File.WriteAllText(Path.Combine(dir, "region-stats.csv"), stats(approxAreaKm2, s), new UTF8Encoding(false));
    }

    /// <summary>Writes <paramref name="count"/> synthetic units as CSV (forest, shrub, grassland, wetland mixed; every group filled).</summary>
    public static void WriteCsv(string path, int count, int seed = 42)
    {
        var r = new Random(seed);
        using var w = new StreamWriter(path, false, new UTF8Encoding(false), 1 << 16);
        w.NewLine = "\n";
        w.WriteLine("unit_id,region,ecosystem,subtype,area_ha,precipitation_mm,evapotranspiration_mm,soil_erosion_potential_t_per_ha,soil_erosion_actual_t_per_ha,wind_erosion_potential_t_per_ha,wind_erosion_actual_t_per_ha,npp_t_c_per_ha,heterotrophic_respiration_t_c_per_ha,days_above_26c,water_evaporation_mm,visits_per_year");
        string[] ecos = ["forest", "forest", "forest", "shrub", "grassland", "wetland"];
        string[] forestSubs = ["coniferous", "broadleaf", "mixed"];
        string[] wetSubs = ["marsh", "lake", "river"];
        for (int i = 0; i < count; i++)
        {
            string eco = ecos[r.Next(ecos.Length)];
            string sub = eco == "forest" ? forestSubs[r.Next(3)] : eco == "wetland" ? wetSubs[r.Next(3)] : "";
            w.Write(string.Create(Inv, $"U{i:D7},R{i % 20:D2},{eco},{sub},{10 + r.NextDouble() * 90:0.##},{500 + r.NextDouble() * 300:0.#},{350 + r.NextDouble() * 150:0.#},"));
            w.Write(string.Create(Inv, $"{20 + r.NextDouble() * 30:0.##},{r.NextDouble() * 3:0.##},{10 + r.NextDouble() * 10:0.##},{r.NextDouble() * 5:0.##},"));
            w.Write(string.Create(Inv, $"{3 + r.NextDouble() * 3:0.##},{1.5 + r.NextDouble():0.##},{20 + r.Next(40)},{(eco == "wetland" ? (20 + r.NextDouble() * 20).ToString("0.#", Inv) : "")},"));
            w.Write(r.NextDouble() < 0.2 ? r.Next(100, 100000).ToString(Inv) : "");
            w.Write('\n');
        }
    }
}
