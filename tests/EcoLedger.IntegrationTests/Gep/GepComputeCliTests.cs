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
    public void Yichun_sample_lands_near_the_published_structure()
    {
        string outDir = Path.Combine(_dir, "yichun");
        var r = Run("gep", "compute", "--units", Repo("samples", "yichun", "units.geojson"), "--region-stats", Repo("samples", "yichun", "region-stats.csv"), "--year", "2023", "--out", outDir, "--json");
        Assert.Equal(0, r.ExitCode);
        using var summary = JsonDocument.Parse(r.Out);
        var root = summary.RootElement;
        decimal total = root.GetProperty("total_cny").GetDecimal();
        decimal regulating = root.GetProperty("by_category").GetProperty("regulating").GetDecimal();
        decimal forest = root.GetProperty("by_ecosystem").GetProperty("forest").GetProperty("value_cny").GetDecimal();
        // Published Yichun structure: ≈ 92 % regulating, forests ≈ 80 %, ≈ 12.5 million CNY/km².
        Assert.InRange(regulating / total, 0.90m, 0.94m);
        Assert.InRange(forest / total, 0.77m, 0.83m);
        Assert.InRange(root.GetProperty("density_cny_per_km2").GetDecimal(), 11_000_000m, 14_000_000m);
        Assert.Equal(300, root.GetProperty("units").GetInt32());
        Assert.Equal("2026.1", root.GetProperty("parameters_version").GetString());
        Assert.Equal(2, root.GetProperty("inputs").GetArrayLength());
        Assert.Equal(64, root.GetProperty("inputs")[0].GetProperty("sha256").GetString()!.Length);
        // samples/README.md states the run's one warning word for word.
        var warnings = root.GetProperty("warnings");
        string warning = Assert.Single(warnings.GetProperty("file").EnumerateArray()).GetString()!;
        Assert.Empty(warnings.GetProperty("units_by_indicator").EnumerateObject());
        Assert.Contains("The run has one warning, for the whole file and no unit:\n`" + warning + "`", File.ReadAllText(Repo("samples", "README.md")), StringComparison.Ordinal);
        // The unit file adds up exactly to the summary.
        Assert.Equal(total, SumOfUnitRows(Path.Combine(outDir, "gep-units.csv")));
        Assert.Equal("unit_id,region,ecosystem,indicator,quantity,quantity_unit,value_cny", File.ReadLines(Path.Combine(outDir, "gep-units.csv")).First());
        // Region-level material products add up to the statistics exactly: Σ quantity × price per item.
        decimal expectedMaterial = File.ReadLines(Repo("samples", "yichun", "region-stats.csv")).Skip(1).Select(l => l.Split(','))
            .Where(f => f[1] == "material_product").Sum(f => decimal.Round(decimal.Parse(f[3], CultureInfo.InvariantCulture) * decimal.Parse(f[5], CultureInfo.InvariantCulture), 2));
        Assert.Equal(expectedMaterial, root.GetProperty("by_indicator").GetProperty("material_products").GetProperty("value_cny").GetDecimal());
        // Sand fixation has no wind-erosion input in this sample: listed, not zero.
        var gap = root.GetProperty("not_computed").EnumerateArray().Single(g => g.GetProperty("indicator").GetString() == "sand_fixation");
        Assert.Equal("missing wind_erosion_potential_t_per_ha, wind_erosion_actual_t_per_ha", gap.GetProperty("reason").GetString());
    }

    [Fact]
    public void Lueliang_sample_computes_every_terrestrial_indicator()
    {
        string outDir = Path.Combine(_dir, "lueliang");
        var r = Run("gep", "compute", "--units", Repo("samples", "lueliang", "units.geojson"), "--region-stats", Repo("samples", "lueliang", "region-stats.csv"), "--out", outDir);
        Assert.Equal(0, r.ExitCode);
        Assert.Contains("GEP of 240 units", r.Out);
        // No wetland in Lüliang: flood regulation does not apply, which is not the same as missing inputs.
        Assert.Matches(@"flood_regulation\s+regulating\s+not applicable", r.Out);
        using var summary = JsonDocument.Parse(File.ReadAllText(Path.Combine(outDir, "gep-summary.json")));
        var byIndicator = summary.RootElement.GetProperty("by_indicator");
        foreach (var code in new[] { "material_products", "water_conservation", "soil_retention", "sand_fixation", "carbon_sequestration", "oxygen_release", "air_purification", "climate_regulation", "recreation" })
        {
            Assert.True(byIndicator.GetProperty(code).GetProperty("value_cny").GetDecimal() > 0m, code);
        }
        Assert.Equal(summary.RootElement.GetProperty("total_cny").GetDecimal(), SumOfUnitRows(Path.Combine(outDir, "gep-units.csv")));
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
            $"error: {units}: row 3, unit 'A2', field 'ecosystem': expected one of forest, shrub, grassland, wetland, got 'desert'.",
            $"error: {units}: row 4, unit 'A3', field 'area_ha': expected a number of hectares greater than 0, got '0'.",
            $"error: {units}: row 5, unit 'A4', field 'precipitation_mm': expected a number of zero or more, got 'abc'.",
            $"error: {units}: row 6, unit 'A5', field 'relative_humidity_pct': expected a percentage from 0 to 100, got 101.",
            $"error: {units}: row 7, unit 'A1', field 'unit_id': duplicate unit id 'A1'; expected each unit once.",
            $"error: 5 input problems; nothing was written to {outDir}.",
        ], r.ErrLines);
        Assert.Equal(["gep-units.csv"], Directory.GetFiles(outDir).Select(Path.GetFileName));
        Assert.Equal("previous run", File.ReadAllText(Path.Combine(outDir, "gep-units.csv")));
        Assert.Empty(Directory.GetDirectories(_dir, ".out.staging-*"));
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
        var parameters = Run("gep", "parameters");
        Assert.Equal(0, parameters.ExitCode);
        Assert.StartsWith("parameters version 2026.1", parameters.Out);
        Assert.Contains("reservoir_cost_cny_per_m3", parameters.Out);
    }
}
