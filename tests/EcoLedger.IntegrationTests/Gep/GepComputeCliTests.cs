using System.Globalization;
using System.Text.Json;
using static EcoLedger.IntegrationTests.CliRunner;

namespace EcoLedger.IntegrationTests.Gep;

public class GepComputeCliTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("ecoledger-gep-").FullName;

    public void Dispose() => Directory.Delete(_dir, true);

    private static decimal SumOfUnitRows(string csv) =>
        File.ReadLines(csv).Skip(1).Sum(l => decimal.Parse(l[(l.LastIndexOf(',') + 1)..], CultureInfo.InvariantCulture));

    [Fact]
    public void Yichun_sample_reports_gaps_instead_of_unsourced_climate_figures()
    {
        string outDir = Path.Combine(_dir, "yichun");
        var r = Run("gep", "compute", "--units", Repo("samples", "yichun", "units.geojson"), "--region-stats", Repo("samples", "yichun", "region-stats.csv"), "--year", "2023", "--out", outDir, "--json");
        Assert.Equal(0, r.ExitCode);
        using var summary = JsonDocument.Parse(r.Out);
        var root = summary.RootElement;
        decimal total = root.GetProperty("total_cny").GetDecimal();
        Assert.Equal(300, root.GetProperty("units").GetInt32());
        Assert.Equal("2026.2", root.GetProperty("parameters_version").GetString());
        Assert.Equal("spec-2022", root.GetProperty("method").GetProperty("profile").GetString());
        Assert.True(root.GetProperty("mixed_price_years").GetBoolean());
        Assert.Equal(["2010", "2011", "2025"], root.GetProperty("price_years").EnumerateObject().Select(p => p.Name));
        Assert.False(root.GetProperty("by_indicator").TryGetProperty("oxygen_release", out _));
        Assert.Equal(2, root.GetProperty("inputs").GetArrayLength());
        Assert.Equal(64, root.GetProperty("inputs")[0].GetProperty("sha256").GetString()!.Length);
        // samples/README.md states the run's two warnings word for word.
        var warnings = root.GetProperty("warnings");
        var fileWarnings = warnings.GetProperty("file").EnumerateArray().Select(w => w.GetString()!).ToList();
        // With precipitation at Yichun's normal (635.7 mm), two synthetic wetland cells evaporate more than it rains: clamped, and said so.
        Assert.Equal(2, warnings.GetProperty("units_by_indicator").GetProperty("water_conservation").GetInt32());
        Assert.Equal(2, fileWarnings.Count);
        Assert.Contains("The run has two warnings for the whole\nfile:\n`" + fileWarnings[0] + "`\nand\n`" + fileWarnings[1] + "`",
            File.ReadAllText(Repo("samples", "README.md")).ReplaceLineEndings("\n"), StringComparison.Ordinal);
        // The unit file adds up exactly to the summary.
        Assert.Equal(total, SumOfUnitRows(Path.Combine(outDir, "gep-units.csv")));
        Assert.Equal("unit_id,region,ecosystem,indicator,quantity,quantity_unit,value_cny", File.ReadLines(Path.Combine(outDir, "gep-units.csv")).First());
        // Region-level material products add up to the statistics exactly: Σ quantity × price per item.
        decimal expectedMaterial = File.ReadLines(Repo("samples", "yichun", "region-stats.csv")).Skip(1).Select(l => l.Split(','))
            .Where(f => f[1] == "material_product").Sum(f => decimal.Round(decimal.Parse(f[3], CultureInfo.InvariantCulture) * decimal.Parse(f[5], CultureInfo.InvariantCulture), 2));
        Assert.Equal(expectedMaterial, root.GetProperty("by_indicator").GetProperty("material_products").GetProperty("value_cny").GetDecimal());
        // No sourced transpiration on hot days for the forests, and no sourced regression for north-east lakes: listed, not invented.
        var gaps = root.GetProperty("not_computed").EnumerateArray().ToDictionary(g => g.GetProperty("indicator").GetString()!, g => (Reason: g.GetProperty("reason").GetString(), Units: g.GetProperty("units").GetInt32()));
        Assert.Equal(("missing wind_erosion_potential_t_per_ha, wind_erosion_actual_t_per_ha", 262), gaps["sand_fixation"]);
        Assert.Equal(("missing transpiration_mm_hot_days (no transpiration_heat_kj_per_m2_day value is set for the ecosystem and the evapotranspiration fallback is not allowed)", 262), gaps["climate_regulation"]);
        Assert.Equal(("no value for lake_regression_a.northeast_plain_mountain and lake_regression_b.northeast_plain_mountain: no sourced coefficients for this lake region are in the table; set them", 6), gaps["flood_regulation"]);
        // The structure stated in samples/yichun/README.md: regulating 75.0 %, forests 55.0 %, 3,980,729 CNY/km².
        decimal regulating = root.GetProperty("by_category").GetProperty("regulating").GetDecimal();
        decimal forest = root.GetProperty("by_ecosystem").GetProperty("forest").GetProperty("value_cny").GetDecimal();
        Assert.Equal(0.750m, decimal.Round(regulating / total, 3));
        Assert.Equal(0.550m, decimal.Round(forest / total, 3));
        Assert.Equal(3_980_729m, decimal.Round(root.GetProperty("density_cny_per_km2").GetDecimal(), 0));
    }

    [Fact]
    public void Not_computed_lines_carry_a_reason_code_whose_sentence_is_written_once()
    {
        string outDir = Path.Combine(_dir, "codes");
        var r = Run("gep", "compute", "--units", Repo("samples", "yichun", "units.geojson"), "--region-stats", Repo("samples", "yichun", "region-stats.csv"), "--year", "2023", "--out", outDir, "--json");
        Assert.Equal(0, r.ExitCode);
        using var summary = JsonDocument.Parse(r.Out);
        var groups = summary.RootElement.GetProperty("not_computed").EnumerateArray()
            .Select(g => (Code: g.GetProperty("code").GetString()!, Indicator: g.GetProperty("indicator").GetString()!, Reason: g.GetProperty("reason").GetString()!, Units: g.GetProperty("units").GetInt32()))
            .ToList();
        // Codes are R1, R2, … in the order of the summary's groups.
        Assert.Equal(Enumerable.Range(1, groups.Count).Select(i => $"R{i}"), groups.Select(g => g.Code));

        // Each line: unit id, indicator, code; the code's indicator is the line's, and each code counts the lines that carry it.
        var lines = File.ReadLines(Path.Combine(outDir, "gep-not-computed.csv")).ToList();
        Assert.Equal("unit_id,indicator,reason_code", lines[0]);
        var byCode = groups.ToDictionary(g => g.Code);
        var counted = lines.Skip(1).Select(l => l.Split(',')).GroupBy(f => f[2]).ToDictionary(x => x.Key, x => x.ToList());
        Assert.Equal(byCode.Keys.Order(), counted.Keys.Order());
        foreach (var (code, fields) in counted)
        {
            Assert.Equal(byCode[code].Units, fields.Count);
            Assert.All(fields, f => Assert.Equal(byCode[code].Indicator, f[1]));
        }
        // The sand fixation gap of the Yichun sample (262 units, as in the summary test above) is one code.
        var sand = groups.Single(g => g.Indicator == "sand_fixation");
        Assert.Equal(262, counted[sand.Code].Count);

        // The legend gives each sentence once, CSV-quoted where it has commas, with its unit count.
        var legend = File.ReadAllLines(Path.Combine(outDir, "gep-not-computed-reasons.csv"));
        Assert.Equal("reason_code,indicator,reason,units", legend[0]);
        Assert.Equal(groups.Count + 1, legend.Length);
        Assert.Equal($"{sand.Code},sand_fixation,\"missing wind_erosion_potential_t_per_ha, wind_erosion_actual_t_per_ha\",262", legend.Single(l => l.StartsWith(sand.Code + ",", StringComparison.Ordinal)));
    }

    [Fact]
    public void Lueliang_sample_computes_every_terrestrial_indicator_with_sourced_inputs()
    {
        string outDir = Path.Combine(_dir, "lueliang");
        var r = Run("gep", "compute", "--units", Repo("samples", "lueliang", "units.geojson"), "--region-stats", Repo("samples", "lueliang", "region-stats.csv"), "--out", outDir);
        Assert.Equal(0, r.ExitCode);
        Assert.Contains("GEP of 240 units", r.Out);
        // No wetland in Lüliang: flood regulation does not apply, which is not the same as missing inputs.
        Assert.Matches(@"flood_regulation\s+regulating\s+not applicable", r.Out);
        // No transpiration input: climate regulation is a gap, not a figure from all of ET.
        Assert.Matches(@"climate_regulation\s+regulating\s+not computed", r.Out);
        Assert.Contains("method: spec-2022", r.Out);
        using var summary = JsonDocument.Parse(File.ReadAllText(Path.Combine(outDir, "gep-summary.json")));
        var byIndicator = summary.RootElement.GetProperty("by_indicator");
        foreach (var code in new[] { "material_products", "water_conservation", "soil_retention", "sand_fixation", "carbon_sequestration", "air_purification", "recreation" })
        {
            Assert.True(byIndicator.GetProperty(code).GetProperty("value_cny").GetDecimal() > 0m, code);
        }
        Assert.Equal(summary.RootElement.GetProperty("total_cny").GetDecimal(), SumOfUnitRows(Path.Combine(outDir, "gep-units.csv")));
    }

    [Fact]
    public void A_lake_split_in_the_units_file_is_valued_as_one_lake()
    {
        // Two halves of one 165.10 km² plateau lake, T = 1: e^6.636 × 165.10^0.678 × 10⁴ = 243,002,475.36 m³ × 7.06
        // = 1,715,597,476.01 CNY, as for the whole lake (unit by unit the halves would give 3.04亿 m³).
        string units = Path.Combine(_dir, "lake.csv");
        File.WriteAllText(units, "unit_id,region,ecosystem,subtype,area_ha,lake_turnover_per_year,water_body_id,lake_region\n" +
            "L1,R,wetland,lake,8255,1,LAKE-1,tibetan_plateau\nL2,R,wetland,lake,8255,1,LAKE-1,tibetan_plateau\n");
        var r = Run("gep", "compute", "--units", units, "--out", Path.Combine(_dir, "lake"), "--json");
        Assert.Equal(0, r.ExitCode);
        Assert.DoesNotContain(r.ErrLines, l => l.Contains("is not used by any indicator", StringComparison.Ordinal));
        var flood = JsonDocument.Parse(r.Out).RootElement.GetProperty("by_indicator").GetProperty("flood_regulation");
        Assert.Equal(1_715_597_476.01m, flood.GetProperty("value_cny").GetDecimal());
        Assert.Equal(243_002_475.36, flood.GetProperty("quantity").GetDouble(), 1);
    }

    [Fact]
    public void The_et_fallback_is_opt_in_and_warned()
    {
        string units = Path.Combine(_dir, "et.csv");
        File.WriteAllText(units, "unit_id,region,ecosystem,subtype,area_ha,evapotranspiration_mm,days_above_26c\nF1,R,forest,coniferous,1,365,30\n");
        var without = Run("gep", "compute", "--units", units, "--out", Path.Combine(_dir, "et0"), "--json");
        Assert.Equal(0, without.ExitCode);
        Assert.Equal(0, JsonDocument.Parse(without.Out).RootElement.GetProperty("by_indicator").GetProperty("climate_regulation").GetProperty("units").GetInt32());
        // ET 365 mm → 2,450 kJ/m²/day × 10,000 m² × 30 days / 3,600 / 3 = 68,055.56 kWh × 0.53 = 36,069.44 CNY.
        var with = Run("gep", "compute", "--units", units, "--out", Path.Combine(_dir, "et1"), "--allow-et-fallback", "--json");
        Assert.Equal(0, with.ExitCode);
        Assert.Contains("warning: climate_regulation: 1 unit valued by the evapotranspiration fallback (EPP = ET/365 × latent heat, allowed for this run), which overstates the service; give transpiration_mm_hot_days instead (see gep-warnings.csv).", with.ErrLines);
        var root = JsonDocument.Parse(with.Out).RootElement;
        Assert.Equal(36_069.44m, root.GetProperty("by_indicator").GetProperty("climate_regulation").GetProperty("value_cny").GetDecimal());
        Assert.Equal(1, root.GetProperty("warnings").GetProperty("units_by_indicator").GetProperty("climate_regulation").GetInt32());
        Assert.True(root.GetProperty("method").GetProperty("et_fallback_allowed").GetBoolean());
        Assert.Contains("transpiration heat derived from all of evapotranspiration_mm", File.ReadAllText(Path.Combine(_dir, "et1", "gep-warnings.csv")));
    }

    [Fact]
    public void Opt_in_indicators_are_counted_only_with_include_and_recorded_in_the_summary()
    {
        // Given a natural forest unit (80 ha, 75 % natural) and a natural grassland unit (33.3 ha)
        string units = Path.Combine(_dir, "pest.csv");
        File.WriteAllText(units, "unit_id,region,ecosystem,subtype,area_ha,natural_share_pct\nF1,R,forest,coniferous,80,75\nG1,R,grassland,,33.3,100\n");

        // When run with the default profile, the indicator is not counted and the summary has no opted_in
        var plain = Run("gep", "compute", "--units", units, "--out", Path.Combine(_dir, "pest0"), "--json");
        Assert.Equal(0, plain.ExitCode);
        var plainRoot = JsonDocument.Parse(plain.Out).RootElement;
        Assert.False(plainRoot.GetProperty("by_indicator").TryGetProperty("pest_control", out _));
        Assert.False(plainRoot.GetProperty("method").TryGetProperty("opted_in", out _));

        // Then with --include pest_control: 60 ha × 375 = 22,500.00 and 33.3 ha × 112.5 = 3,746.25 → 26,246.25 CNY
        var with = Run("gep", "compute", "--units", units, "--out", Path.Combine(_dir, "pest1"), "--include", "pest_control", "--json");
        Assert.Equal(0, with.ExitCode);
        var root = JsonDocument.Parse(with.Out).RootElement;
        Assert.Equal(26_246.25m, root.GetProperty("by_indicator").GetProperty("pest_control").GetProperty("value_cny").GetDecimal());
        Assert.Equal(["pest_control"], root.GetProperty("method").GetProperty("opted_in").EnumerateArray().Select(e => e.GetString()));
        Assert.Contains("pest_control", root.GetProperty("method").GetProperty("indicators").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(["2010"], root.GetProperty("price_years").EnumerateObject().Select(p => p.Name));
    }

    [Fact]
    public void Include_refuses_an_indicator_that_cannot_be_opted_into()
    {
        string units = Path.Combine(_dir, "any.csv");
        File.WriteAllText(units, "unit_id,region,ecosystem,subtype,area_ha\nF1,R,forest,coniferous,1\n");
        var r = Run("gep", "compute", "--units", units, "--out", Path.Combine(_dir, "inc"), "--include", "oxygen_release");
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("error: --include: 'oxygen_release' is not an indicator that can be opted into; expected one of pest_control, species_conservation, negative_air_ions, vegetation_flood_storage, marsh_soil_storage.", r.ErrLines);
        Assert.False(Directory.Exists(Path.Combine(_dir, "inc")));
    }

    [Fact]
    public void Bad_rows_are_all_reported_and_the_output_folder_is_left_untouched()
    {
        string units = Path.Combine(_dir, "bad.csv");
        File.WriteAllText(units,
            "unit_id,region,ecosystem,subtype,area_ha,precipitation_mm,evapotranspiration_mm,relative_humidity_pct,precipitaton_mm\n" +
            "A1,R,forest,coniferous,10,700,400,60,\n" +
            "A2,R,desert,,10,700,400,60,\n" +
            "A3,R,forest,,0,700,400,60,\n" +
            "A4,R,grassland,,5,abc,400,60,\n" +
            "A5,R,wetland,marsh,5,700,400,101,\n" +
            "A1,R,forest,,5,700,400,60,\n");
        string outDir = Path.Combine(_dir, "out");
        Directory.CreateDirectory(outDir);
        File.WriteAllText(Path.Combine(outDir, "gep-units.csv"), "previous run");

        var r = Run("gep", "compute", "--units", units, "--out", outDir);

        Assert.Equal(2, r.ExitCode);
        Assert.Equal(
        [
            $"warning: {units}: column 'precipitaton_mm' is not used by any indicator (did you mean 'precipitation_mm'?).",
            $"error: {units}: row 3, unit 'A2', field 'ecosystem': expected one of forest, shrub, grassland, wetland, other, got 'desert'.",
            $"error: {units}: row 4, unit 'A3', field 'area_ha': expected a number of hectares greater than 0, got '0'.",
            $"error: {units}: row 5, unit 'A4', field 'precipitation_mm': expected a number from 0 to 30000, got 'abc'.",
            $"error: {units}: row 6, unit 'A5', field 'relative_humidity_pct': expected a percentage from 0 to 100, got 101.",
            $"error: {units}: row 7, unit 'A1', field 'unit_id': duplicate unit id 'A1'; expected each unit once.",
            $"error: 5 input problems; nothing was written to {outDir}.",
        ], r.ErrLines);
        Assert.Equal(["gep-units.csv"], Directory.GetFiles(outDir).Select(Path.GetFileName));
        Assert.Equal("previous run", File.ReadAllText(Path.Combine(outDir, "gep-units.csv")));
        Assert.Empty(Directory.GetDirectories(_dir, ".out.staging-*"));
    }

    [Fact]
    public void An_output_folder_where_the_run_would_replace_or_remove_an_input_is_refused_and_the_input_kept()
    {
        // Given units kept in the output folder under the name of the run's unit rows, and region statistics under the name of the
        // uncertainty table, which a run without --uncertainty removes
        string outDir = Directory.CreateDirectory(Path.Combine(_dir, "out")).FullName;
        string units = Path.Combine(outDir, "gep-units.csv"), stats = Path.Combine(outDir, "gep-uncertainty.csv");
        File.WriteAllText(units, "unit_id,region,ecosystem,subtype,area_ha,precipitation_mm,evapotranspiration_mm\nA1,R,forest,coniferous,10,700,400\n");
        File.Copy(Repo("samples", "yichun", "region-stats.csv"), stats);
        byte[] unitsBytes = File.ReadAllBytes(units), statsBytes = File.ReadAllBytes(stats);

        // When
        var overUnits = Run("gep", "compute", "--units", units, "--out", outDir);
        string elsewhere = Path.Combine(_dir, "units.csv");
        File.Copy(units, elsewhere);
        var overStats = Run("gep", "compute", "--units", elsewhere, "--region-stats", stats, "--out", outDir);

        // Then both are refused naming the file and the input, and nothing in the folder changed
        Assert.Equal(2, overUnits.ExitCode);
        Assert.Equal(
        [
            $"error: --out: '{outDir}': gep compute would replace or remove its gep-units.csv, which is --units '{units}'; expected an output folder that holds none of the inputs under a name gep compute writes.",
            $"error: 1 input problem; nothing was written to {outDir}.",
        ], overUnits.ErrLines);
        Assert.Equal(2, overStats.ExitCode);
        Assert.Equal(
        [
            $"error: --out: '{outDir}': gep compute would replace or remove its gep-uncertainty.csv, which is --region-stats '{stats}'; expected an output folder that holds none of the inputs under a name gep compute writes.",
            $"error: 1 input problem; nothing was written to {outDir}.",
        ], overStats.ErrLines);
        Assert.Equal(unitsBytes, File.ReadAllBytes(units));
        Assert.Equal(statsBytes, File.ReadAllBytes(stats));
        Assert.Equal(["gep-uncertainty.csv", "gep-units.csv"], Directory.GetFileSystemEntries(outDir).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        Assert.Empty(Directory.GetDirectories(_dir, ".out.staging-*"));

        // And the folder holding the inputs is a fine output folder when none of them has such a name
        string renamed = Path.Combine(outDir, "units.csv");
        File.Move(units, renamed);
        Assert.Equal(0, Run("gep", "compute", "--units", renamed, "--out", outDir).ExitCode);
        Assert.Equal(unitsBytes, File.ReadAllBytes(renamed));
    }

    [Fact]
    public void An_output_that_is_a_file_is_refused_as_bad_input_and_the_file_kept()
    {
        string units = Path.Combine(_dir, "units.csv");
        File.WriteAllText(units, "unit_id,region,ecosystem,subtype,area_ha,precipitation_mm,evapotranspiration_mm\nA1,R,forest,coniferous,10,700,400\n");
        byte[] before = File.ReadAllBytes(units);

        var r = Run("gep", "compute", "--units", units, "--out", units);

        Assert.Equal(2, r.ExitCode);
        Assert.Equal(
        [
            $"error: --out: '{units}': is a file; expected the folder to write the results into.",
            $"error: 1 input problem; nothing was written to {units}.",
        ], r.ErrLines);
        Assert.Equal(before, File.ReadAllBytes(units));
        Assert.Equal([units], Directory.GetFileSystemEntries(_dir));
    }

    [Fact]
    public void An_unknown_parameter_key_fails_the_run()
    {
        string overrides = Path.Combine(_dir, "p.json");
        File.WriteAllText(overrides, """{ "version": "t", "values": { "oxygen_price": 900 } }""");
        string outDir = Path.Combine(_dir, "out2");
        var r = Run("gep", "compute", "--units", Repo("samples", "yichun", "units.geojson"), "--parameters", overrides, "--out", outDir);
        Assert.Equal(2, r.ExitCode);
        Assert.Equal($"error: {overrides}: values.oxygen_price: unknown parameter key.", r.ErrLines[0]);
        Assert.False(Directory.Exists(outDir));
    }

    [Fact]
    public void Indicators_and_parameters_are_listed()
    {
        var indicators = Run("gep", "indicators");
        Assert.Equal(0, indicators.ExitCode);
        Assert.Contains("water_conservation (Water conservation, 水源涵养) — regulating; forest, shrub, grassland, wetland", indicators.Out);
        Assert.Contains("landscape_value (Landscape value, 景观价值) — cultural; forest, shrub, grassland, wetland", indicators.Out);
        Assert.Contains("  inputs: vegetation: transpiration_mm_hot_days, or a transpiration_heat_kj_per_m2_day table value with days_above_26c", indicators.Out);
        Assert.Contains("  profiles: guide-2020", indicators.Out);
        var parameters = Run("gep", "parameters");
        Assert.Equal(0, parameters.ExitCode);
        Assert.StartsWith("parameters version 2026.2", parameters.Out);
        Assert.Contains("reservoir_cost_cny_per_m3", parameters.Out);
    }
}
