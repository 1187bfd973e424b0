using System.Text;
using EcoLedger.Valuation;
using EcoLedger.Valuation.Parameters;

namespace EcoLedger.Tests.Valuation;

public class ParameterSetTests
{
    private static (ParameterSet Set, IReadOnlyList<string> Problems) Override(string json)
    {
        var set = ParameterSet.Defaults().WithOverrides("p.json", new MemoryStream(Encoding.UTF8.GetBytes(json)), out var problems);
        return (set, problems);
    }

    [Fact]
    public void Defaults_carry_value_unit_year_and_source()
    {
        var p = ParameterSet.Defaults()["reservoir_cost_cny_per_m3"];
        Assert.Equal(7.06m, p.Value);
        Assert.Equal("CNY/m3", p.Unit);
        Assert.Equal("2010", p.PriceYear);
        Assert.StartsWith("G17", p.Source);
        Assert.Equal("2026.2", ParameterSet.Defaults().Version);
    }

    [Fact]
    public void Every_key_named_by_the_issue_is_in_the_table()
    {
        var set = ParameterSet.Defaults();
        string[] keys = ["reservoir_cost_cny_per_m3", "dredging_cost_cny_per_m3", "sediment_deposition_ratio", "soil_bulk_density_t_per_m3",
            "soil_n_fraction", "soil_p_fraction", "n_cost_cny_per_t", "p_cost_cny_per_t", "sand_bulk_density_t_per_m3", "sand_cover_depth_m",
            "sand_control_cost_cny_per_m2", "carbon_price_cny_per_t_co2", "oxygen_price_cny_per_t", "electricity_price_cny_per_kwh",
            "ac_efficiency_ratio", "latent_heat_j_per_g", "humidifier_kwh_per_m3", "marsh_detention_depth_m", "reservoir_flood_share",
            "lake_regression_a.tibetan_plateau", "lake_regression_b.tibetan_plateau", "water_surface_ac_efficiency_applied", "transpiration_heat_kj_per_m2_day.forest", "so2_cost_cny_per_t"];
        Assert.All(keys, k => Assert.Equal(k, set[k].Key));
    }

    [Fact]
    public void An_override_changes_the_value_and_the_version()
    {
        var (set, problems) = Override("""{ "version": "bureau-2024", "values": { "reservoir_cost_cny_per_m3": 6.11 } }""");
        Assert.Empty(problems);
        Assert.Equal(6.11m, set.Value("reservoir_cost_cny_per_m3"));
        Assert.Equal("2026.2+bureau-2024", set.Version);
        Assert.Equal("override: p.json (bureau-2024)", set["reservoir_cost_cny_per_m3"].Source);
    }

    [Fact]
    public void An_unknown_key_is_an_error_with_a_suggestion()
    {
        var (_, problems) = Override("""{ "version": "x", "values": { "reservoir_cost_cny_per_m": 6.11 } }""");
        Assert.Equal(["p.json: values.reservoir_cost_cny_per_m: unknown parameter key (did you mean 'reservoir_cost_cny_per_m3'?)."], problems);
    }

    [Fact]
    public void Both_carbon_price_bases_at_once_is_an_error()
    {
        var (_, problems) = Override("""{ "version": "x", "values": { "carbon_price_cny_per_t_c": 1320, "carbon_price_cny_per_t_co2": 50 } }""");
        Assert.Equal(["p.json: values: give either carbon_price_cny_per_t_co2 or carbon_price_cny_per_t_c, not both."], problems);
    }

    [Fact]
    public void A_value_that_is_not_a_number_is_an_error()
    {
        var (_, problems) = Override("""{ "version": "x", "values": { "oxygen_price_cny_per_t": "1000" } }""");
        Assert.Equal(["p.json: values.oxygen_price_cny_per_t: expected a number, got \"1000\"."], problems);
    }

    [Fact]
    public void Per_ecosystem_keys_fall_back_from_subtype_to_ecosystem()
    {
        var set = ParameterSet.Defaults();
        Assert.Equal((4.52m, "runoff_coefficient_pct.forest.coniferous"), set.ForEcosystem("runoff_coefficient_pct", Ecosystem.Forest, EcosystemSubtype.Coniferous));
        Assert.Equal((3.52m, "runoff_coefficient_pct.forest"), set.ForEcosystem("runoff_coefficient_pct", Ecosystem.Forest, EcosystemSubtype.None));
    }

    [Fact]
    public void A_divisor_cannot_be_set_to_zero()
    {
        var (_, problems) = Override("""{ "version": "x", "values": { "ac_efficiency_ratio": 0 } }""");
        Assert.Equal(["p.json: values.ac_efficiency_ratio: expected a number greater than 0 (it divides), got 0."], problems);
    }

    [Fact]
    public void A_parameter_with_a_default_cannot_be_set_to_null()
    {
        var (_, problems) = Override("""{ "version": "x", "values": { "reservoir_cost_cny_per_m3": null } }""");
        Assert.StartsWith("p.json: values.reservoir_cost_cny_per_m3: expected a number; only parameters without a default (", Assert.Single(problems));
    }

    [Fact]
    public void A_default_has_a_source_and_a_price_has_a_price_year()
    {
        // Issue 14, section 4: a parameter without a source is not a default; every price states its price year.
        var defaults = ParameterSet.Defaults().All.Where(p => p.Value is not null).ToList();
        Assert.All(defaults, p => Assert.False(string.IsNullOrWhiteSpace(p.Source) || p.Source == "-", $"{p.Key} has a value but no source"));
        Assert.All(defaults.Where(p => p.Unit.StartsWith("CNY", StringComparison.Ordinal)), p => Assert.False(p.PriceYear is null or "-", $"{p.Key} is a price without a price year"));
        Assert.Null(ParameterSet.Defaults()["transpiration_heat_kj_per_m2_day.forest"].Value);
        Assert.Null(ParameterSet.Defaults()["lake_regression_a.northeast_plain_mountain"].Value);
    }
}
