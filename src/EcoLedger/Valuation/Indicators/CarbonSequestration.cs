using System.Runtime.CompilerServices;
using EcoLedger.IO;
using EcoLedger.Quantities;
using EcoLedger.Valuation.Parameters;

namespace EcoLedger.Valuation.Indicators;

/// <summary>Carbon sequestration (固碳): CO₂ fixed by net ecosystem productivity, valued at a carbon price per t CO₂.</summary>
/// <remarks>CO₂ (t) = 44/12 × NEP (t C/ha) × A (ha), or 1.63 × dry-matter increment (t); negative (a net source) is
/// reported as 0 with a warning. V = CO₂ × carbon_price_cny_per_t_co2 (or a per-t-C price × 12/44).
/// Sources: G17, J17. See methodology/indicators/carbon_sequestration.md.</remarks>
public sealed class CarbonSequestration : UnitIndicator
{
    public override string Code => "carbon_sequestration";
    public override string NameEn => "Carbon sequestration";
    public override string NameZh => "固碳";
    public override ServiceCategory Category => ServiceCategory.Regulating;
    public override IReadOnlyList<Ecosystem> Ecosystems { get; } = [Ecosystem.Forest, Ecosystem.Shrub, Ecosystem.Grassland, Ecosystem.Wetland];
    public override string QuantityUnit => "t CO2";
    public override string Formula => "CO₂ = 44/12 × NEP × A_ha (NEP = NPP − Rh) or 1.63 × dry matter t; V = CO₂ × carbon price per t CO₂";
    public override IReadOnlyList<string> ParameterKeys { get; } =
        ["carbon_price_cny_per_t_co2", "carbon_price_cny_per_t_c", "co2_per_t_dry_matter"];
    /// <inheritdoc />
    public override string InputGroups =>
        "one of: nep_t_c_per_ha; npp_t_c_per_ha with heterotrophic_respiration_t_c_per_ha; biomass_increment_t_dm_per_ha";

    /// <inheritdoc />
    public override IReadOnlyList<string> Sources { get; } = ["G17: 白玛卓嘎 et al. 2017, 生态学报 37(19)", "J17: 江波 et al. 2017, 生态学报 37(8)", "National carbon emission trading market (CEA), 2025 average price"];

    public override IReadOnlyList<MonitoringField> Inputs { get; } =
        [MonitoringField.NepTCPerHa, MonitoringField.NppTCPerHa, MonitoringField.HeterotrophicRespirationTCPerHa, MonitoringField.BiomassIncrementTDmPerHa];

    private sealed record Resolved(ResolvedValue Co2PerDryMatter, ResolvedValue PricePerTonneCo2);

    // The price as ParameterSet.CarbonPricePerTonneCo2 works it out (reading it throws as that does when neither key has a value).
    private readonly PerTable<Resolved> _resolved = new(p => new Resolved(
        p.Resolve("co2_per_t_dry_matter"),
        p["carbon_price_cny_per_t_c"].Value is { } perC
            ? new ResolvedValue("carbon_price_cny_per_t_c", perC * 12m / 44m)
            : p.Resolve("carbon_price_cny_per_t_co2")));

    [MethodImpl(HotPath.Optimized)]
    public override IndicatorResult Compute(AccountingUnit unit, ParameterSet parameters)
    {
        var rp = _resolved.For(parameters);
        var prod = NetProductivity.Of(unit);
        if (prod.Missing is { } missing)
        {
            return missing;
        }
        Co2Mass co2 = prod.NepTonnesCarbonPerHa is { } nep
            ? CarbonMass.FromTonnesCarbon(nep * unit.Area.Hectares).ToCo2()
            : Co2Mass.FromTonnesCo2(prod.DryMatterTonnesPerHa!.Value * unit.Area.Hectares * rp.Co2PerDryMatter.Double);
        string? warning = null;
        if (co2.TonnesCo2 < 0)
        {
            warning = $"net carbon source ({co2.TonnesCo2:0.###} t CO2); carbon sequestration reported as 0";
            co2 = Co2Mass.FromTonnesCo2(0);
        }
        return IndicatorResult.Computed(co2.TonnesCo2, IndicatorResult.Price(co2.TonnesCo2, rp.PricePerTonneCo2.Decimal), warning);
    }
}
