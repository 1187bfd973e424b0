using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace EcoLedger.Benchmarks;

public static partial class SampleGenerator
{
    /// <summary>Units that are restored marsh in 2024, next to the river valleys (YC-0086 and YC-0087 were forest; YC-0106 and YC-0107 were already marsh and are re-surveyed).</summary>
    private static readonly string[] RestoredToMarsh = ["YC-0086", "YC-0087", "YC-0106", "YC-0107"];

    /// <summary>Units turned from wetland into forest in 2024 (a drained marsh planted, and a riverbank).</summary>
    private static readonly string[] PlantedToForest = ["YC-0081", "YC-0221"];

    /// <summary>
    /// Writes samples/yichun-2024: the Yichun grid a year later (seed 20241), derived from samples/yichun so the two years
    /// share their cells: monitoring values drift, four units change ecosystem type, YC-0150 is renumbered YC-0301,
    /// YC-0300 leaves the account and a new wetland cell YC-0302 joins east of the grid (listed in unit-map.csv), and the
    /// region statistics move. Synthetic, like the first year.
    /// </summary>
    public static void WriteYichunSecondYear(string samplesDir)
    {
        var r = new Random(20241);
        string dir = Path.Combine(samplesDir, "yichun-2024");
        Directory.CreateDirectory(dir);
        var geo = JsonNode.Parse(File.ReadAllText(Path.Combine(samplesDir, "yichun", "units.geojson")))!.AsObject();
        var features = geo["features"]!.AsArray();
        double J(double v, double spread) => Math.Round(v * (1 + spread * (2 * r.NextDouble() - 1)), 3);
        var kept = new JsonArray();
        foreach (var f in features.ToList())
        {
            var props = f!["properties"]!.AsObject();
            string id = props["unit_id"]!.GetValue<string>();
            if (id == "YC-0300")
            {
                continue;
            }
            if (RestoredToMarsh.Contains(id))
            {
                Reset(props, "wetland", "marsh", new Dictionary<string, double>
                {
                    ["precipitation_mm"] = J(YichunNormalPrecipitationMm, 0.08),
                    ["days_above_26c"] = KeepingTheDraw(r, DaysAboveFromMonthlyNormals(JiayinMeanDailyMaxC, 26)),
                    ["evapotranspiration_mm"] = J(560, 0.08),
                    ["nep_t_c_per_ha"] = J(1.6, 0.3),
                    ["water_evaporation_mm"] = J(25, 0.1),
                    ["relative_humidity_pct"] = J(70, 0.1),
                });
            }
            else if (PlantedToForest.Contains(id))
            {
                Reset(props, "forest", "mixed", new Dictionary<string, double>
                {
                    ["precipitation_mm"] = J(YichunNormalPrecipitationMm, 0.08),
                    ["days_above_26c"] = KeepingTheDraw(r, DaysAboveFromMonthlyNormals(JiayinMeanDailyMaxC, 26)),
                    ["evapotranspiration_mm"] = J(450, 0.1),
                    ["soil_erosion_potential_t_per_ha"] = J(38, 0.3),
                    ["soil_erosion_actual_t_per_ha"] = J(2.5, 0.5),
                    // A young plantation: productive, but less than the established forest around it.
                    ["npp_t_c_per_ha"] = J(4.0, 0.15),
                    ["heterotrophic_respiration_t_c_per_ha"] = J(2.4, 0.15),
                });
            }
            else
            {
                foreach (var (key, value) in props.ToList())
                {
                    // Hot days are station normals, not a year's weather: they do not drift (and take no draw).
                    if (key != "days_above_26c" && value is JsonValue v && v.TryGetValue(out double x))
                    {
                        props[key] = Drift(r, key, x);
                    }
                }
            }
            if (id == "YC-0150")
            {
                props["unit_id"] = "YC-0301";
            }
            features.Remove(f);
            kept.Add(f);
        }
        // A wetland cell east of the grid, newly taken into the account.
        var added = JsonNode.Parse(string.Create(CultureInfo.InvariantCulture,
            $$$"""{"type":"Feature","properties":{"unit_id":"YC-0302","region":"伊春","ecosystem":"wetland","subtype":"marsh","precipitation_mm":{{{J(YichunNormalPrecipitationMm, 0.08)}}},"days_above_26c":{{{KeepingTheDraw(r, DaysAboveFromMonthlyNormals(JiayinMeanDailyMaxC, 26))}}},"evapotranspiration_mm":{{{J(560, 0.08)}}},"nep_t_c_per_ha":{{{J(1.6, 0.3)}}},"water_evaporation_mm":{{{J(25, 0.1)}}},"relative_humidity_pct":{{{J(70, 0.1)}}}},"geometry":{"type":"Polygon","coordinates":[[[129.4,47.4],[129.45,47.4],[129.45,47.45],[129.4,47.45],[129.4,47.4]]]}}"""));
        kept.Add(added);
        var text = new StringBuilder("{\"type\":\"FeatureCollection\",\"features\":[\n");
        text.AppendJoin(",\n", kept.Select(f => f!.ToJsonString(new System.Text.Json.JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping })));
        text.Append("\n]}\n");
        File.WriteAllText(Path.Combine(dir, "units.geojson"), text.ToString(), new UTF8Encoding(false));
        File.WriteAllText(Path.Combine(dir, "unit-map.csv"), "from_unit_id,to_unit_id\nYC-0150,YC-0301\nYC-0300,\n,YC-0302\n", new UTF8Encoding(false));

        var stats = new StringBuilder();
        foreach (var line in File.ReadAllLines(Path.Combine(samplesDir, "yichun", "region-stats.csv")))
        {
            var f = line.Split(',');
            if (f[1] is "material_product" or "recreation")
            {
                // Output −4 % … +8 %, prices −2 % … +4 % (2024 against 2023).
                double q = double.Parse(f[3], CultureInfo.InvariantCulture) * (1.02 + 0.06 * (2 * r.NextDouble() - 1));
                double p = double.Parse(f[5], CultureInfo.InvariantCulture) * (1.01 + 0.03 * (2 * r.NextDouble() - 1));
                f[3] = Math.Round(q).ToString(CultureInfo.InvariantCulture);
                f[5] = Math.Round(p, 2).ToString(CultureInfo.InvariantCulture);
            }
            stats.Append(string.Join(",", f)).Append('\n');
        }
        File.WriteAllText(Path.Combine(dir, "region-stats.csv"), stats.ToString(), new UTF8Encoding(false));
    }

    private static void Reset(JsonObject props, string ecosystem, string subtype, Dictionary<string, double> monitoring)
    {
        string id = props["unit_id"]!.GetValue<string>(), region = props["region"]!.GetValue<string>();
        props.Clear();
        props["unit_id"] = id;
        props["region"] = region;
        props["ecosystem"] = ecosystem;
        props["subtype"] = subtype;
        foreach (var (k, v) in monitoring)
        {
            props[k] = v;
        }
    }

    /// <summary>One year's drift of a monitoring value: weather ±8 %, productivity +2 % ± 5 %, soil loss −5 % ± 10 %, visits +8 % ± 20 %.</summary>
    private static JsonNode Drift(Random r, string key, double x)
    {
        double u = 2 * r.NextDouble() - 1;
        double factor = key switch
        {
            "npp_t_c_per_ha" or "nep_t_c_per_ha" or "heterotrophic_respiration_t_c_per_ha" => 1.02 + 0.05 * u,
            "soil_erosion_actual_t_per_ha" => 0.95 + 0.10 * u,
            "visits_per_year" => 1.08 + 0.20 * u,
            "reservoir_storage_m3" or "lake_turnover_per_year" or "soil_erosion_potential_t_per_ha" => 1.0,
            _ => 1.0 + 0.08 * u,
        };
        double v = key is "days_above_26c" or "visits_per_year" or "reservoir_storage_m3" ? Math.Round(x * factor) : Math.Round(x * factor, 3);
        return JsonValue.Create(v)!;
    }
}
