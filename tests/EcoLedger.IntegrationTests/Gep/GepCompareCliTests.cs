using System.Globalization;
using System.Text.Json;
using static EcoLedger.IntegrationTests.CliRunner;

namespace EcoLedger.IntegrationTests.Gep;

/// <summary><c>gep compare</c> on the two Yichun sample years (methodology/change-accounts.md, extent-condition.md).</summary>
public class GepCompareCliTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("ecoledger-compare-").FullName;

    public void Dispose() => Directory.Delete(_dir, true);

    private string Compute(string sample, int year)
    {
        string outDir = Path.Combine(_dir, $"gep-{year}");
        var r = Run("gep", "compute", "--units", Repo("samples", sample, "units.geojson"), "--region-stats", Repo("samples", sample, "region-stats.csv"),
            "--year", year.ToString(CultureInfo.InvariantCulture), "--price-year", "2024", "--out", outDir);
        Assert.True(r.ExitCode == 0, r.Err);
        return outDir;
    }

    [Fact]
    public void Two_years_with_land_conversion_give_accounts_that_add_up()
    {
        string from = Compute("yichun", 2023), to = Compute("yichun-2024", 2024), outDir = Path.Combine(_dir, "compare");

        var r = Run("gep", "compare", "--from", from, "--to", to, "--unit-map", Repo("samples", "yichun-2024", "unit-map.csv"), "--out", outDir);

        Assert.True(r.ExitCode == 0, r.Err);
        // Every indicator line and the GEP line: change = quantity effect + price effect + not decomposed, to the fen.
        foreach (var line in File.ReadAllLines(Path.Combine(outDir, "gep-change-indicators.csv")).Skip(1))
        {
            var f = line.Split(',').Skip(2).Select(v => decimal.Parse(v, CultureInfo.InvariantCulture)).ToArray();
            Assert.Equal(f[1] - f[0], f[2]);
            Assert.Equal(f[2], f[3] + f[4] + f[5]);
        }
        using var summary = JsonDocument.Parse(File.ReadAllText(Path.Combine(outDir, "gep-change-summary.json")));
        var root = summary.RootElement;
        Assert.Equal(root.GetProperty("to").GetProperty("total_cny").GetDecimal() - root.GetProperty("from").GetProperty("total_cny").GetDecimal(),
            root.GetProperty("total").GetProperty("change_cny").GetDecimal());
        // The sample's land conversion: YC-0086/0087 forest → marsh, YC-0081/0221 wetland → forest; YC-0300 retired; YC-0302 new.
        var units = root.GetProperty("units");
        Assert.Equal((4, 1, 1), (units.GetProperty("converted").GetInt32(), units.GetProperty("appeared").GetInt32(), units.GetProperty("disappeared").GetInt32()));
        var conversion = File.ReadAllLines(Path.Combine(outDir, "gep-land-conversion.csv"));
        Assert.Contains(conversion, l => l.StartsWith("converted,YC-0086,YC-0086,forest,wetland,", StringComparison.Ordinal));
        Assert.Contains(conversion, l => l.StartsWith("appeared,,YC-0302,,wetland,", StringComparison.Ordinal));
        // Extent: closing = opening + additions − reductions for every type (columns of gep-extent-account.csv).
        var extent = File.ReadAllLines(Path.Combine(outDir, "gep-extent-account.csv")).Skip(1)
            .Select(l => l.Split(',').Skip(1).Select(v => decimal.Parse(v, CultureInfo.InvariantCulture)).ToArray()).ToArray();
        for (int c = 0; c < extent[0].Length; c++)
        {
            Assert.Equal(extent[4][c], extent[0][c] + extent[1][c] - extent[2][c]);
        }
    }

    [Fact]
    public void A_unit_map_row_naming_an_unknown_unit_names_the_map_once_with_its_row_and_field()
    {
        string from = Compute("yichun", 2023), to = Compute("yichun-2024", 2024);
        string map = Path.Combine(_dir, "um.csv");
        File.WriteAllText(map, "from_unit_id,to_unit_id\nYC-0001,YC-0001\nNO-SUCH,YC-0002\n");

        var r = Run("gep", "compare", "--from", from, "--to", to, "--unit-map", map, "--out", Path.Combine(_dir, "compare"));

        Assert.Equal(2, r.ExitCode);
        Assert.StartsWith($"error: {map}: row 3, field 'from_unit_id': unit 'NO-SUCH' is not in the --from run.", r.Err, StringComparison.Ordinal);
    }

    [Fact]
    public void An_indicator_valued_in_one_run_only_and_a_run_without_year_are_warned_not_passed_as_a_change()
    {
        // Before: --to run without --region-stats and --year; material products, recreation and water purification read as losses of
        // their whole value (GEP -24.7 %) with only the price warning, and the change was headed "2023 → ?".
        string from = Compute("yichun", 2023), to = Path.Combine(_dir, "gep-no-stats"), outDir = Path.Combine(_dir, "compare");
        Assert.Equal(0, Run("gep", "compute", "--units", Repo("samples", "yichun", "units.geojson"), "--price-year", "2024", "--out", to).ExitCode);

        var r = Run("gep", "compare", "--from", from, "--to", to, "--out", outDir);

        Assert.True(r.ExitCode == 0, r.Err);
        using var summary = JsonDocument.Parse(File.ReadAllText(Path.Combine(from, "gep-summary.json")));
        int Units(string code) => summary.RootElement.GetProperty("by_indicator").GetProperty(code).GetProperty("units").GetInt32();
        string Missing(string code) => $"warning: {code} is valued for {Units(code).ToString("#,0", CultureInfo.InvariantCulture)} units in --from and for none in --to " +
            "(see --to's gep-not-computed-reasons.csv): its change is an input missing from one run, not a change of the ecosystem; give both runs the same inputs.";
        Assert.Equal(
            [
                "warning: --to has no accounting year (gep compute was run without --year): the change account names the year '?'.",
                Missing("material_products"), Missing("water_purification"), Missing("recreation"),
            ],
            r.ErrLines.Where(l => l.StartsWith("warning: ", StringComparison.Ordinal)));
    }

    [Fact]
    public void Runs_of_different_units_without_a_map_are_refused_and_nothing_is_written()
    {
        string from = Compute("yichun", 2023), to = Compute("yichun-2024", 2024), outDir = Path.Combine(_dir, "compare");

        var r = Run("gep", "compare", "--from", from, "--to", to, "--out", outDir);

        Assert.Equal(2, r.ExitCode);
        Assert.Contains("the two runs account different units (2 only in --from, e.g. YC-0150, YC-0300; 2 only in --to, e.g. YC-0301, YC-0302)", r.Err);
        Assert.False(Directory.Exists(outDir));
    }

    [Fact]
    public void Runs_at_one_price_year_reach_the_gep_growth_rule_as_one_constant_price_unit()
    {
        // The compensation gep_growth rule compares the totals of two summaries only when their units (CNY@parameters_version)
        // agree; --price-year 2024 marks both versions "@cpi-2024", and a run at prices as published does not match them.
        string from = Compute("yichun", 2023), to = Compute("yichun-2024", 2024);
        string published = Path.Combine(_dir, "published");
        Assert.Equal(0, Run("gep", "compute", "--units", Repo("samples", "yichun", "units.geojson"), "--region-stats", Repo("samples", "yichun", "region-stats.csv"),
            "--year", "2023", "--out", published).ExitCode);

        string Unit(string dir) => Assert.Single(EcoLedger.Ledger.Compensation.SampleFile.Read(Path.Combine(dir, "gep-summary.json"), "payee", "伊春").Rows).Unit;

        Assert.EndsWith("@cpi-2024", Unit(from));
        Assert.Equal(Unit(from), Unit(to));
        Assert.NotEqual(Unit(published), Unit(from));
    }

    [Fact]
    public void A_price_year_the_series_cannot_reach_is_refused_with_the_price_and_the_missing_years_and_nothing_written()
    {
        // reservoir_cost_cny_per_m3 is stated at 2010 prices; the shipped PPI table leaves out years it has no confirmed figure
        // for, so moving it to 2020 prices is refused (it used to stop at the first unit with an internal error).
        string outDir = Path.Combine(_dir, "ppi-2020");
        var r = Run("gep", "compute", "--units", Repo("samples", "yichun", "units.geojson"), "--region-stats", Repo("samples", "yichun", "region-stats.csv"),
            "--year", "2023", "--price-year", "2020", "--price-series", "ppi", "--out", outDir);

        Assert.Equal(2, r.ExitCode);
        Assert.Contains("cannot put reservoir_cost_cny_per_m3 at 2020 prices: price year 2010: the ppi series has no index for", r.Err);
        Assert.DoesNotContain("internal error", r.Err);
        Assert.False(Directory.Exists(outDir) && Directory.EnumerateFileSystemEntries(outDir).Any());
    }
}
