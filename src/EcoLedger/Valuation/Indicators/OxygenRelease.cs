using System.Runtime.CompilerServices;
using EcoLedger.IO;
using EcoLedger.Quantities;
using EcoLedger.Valuation.Parameters;

namespace EcoLedger.Valuation.Indicators;

/// <summary>Oxygen release (释氧): O₂ released with the same productivity, valued at the industrial oxygen price.</summary>
/// <remarks>O₂ (t) = 32/12 × NEP (t C/ha) × A (ha) (= 32/44 × CO₂, the photosynthesis equation), or 1.2 × dry-matter
/// increment (t). V = O₂ × oxygen_price_cny_per_t. Sources: the forest ecosystem services standard LY/T 1721-2008
/// (successor GB/T 38582-2020) and the 2020 technical guide 陆地生态系统生产总值（GEP）核算技术指南 (氧气提供); J17 for
/// 1.2 t O₂ per t dry matter. G17 is not a source: its O₂ and CO₂ are not derived from one productivity. Counted by the
/// guide-2020 profile only. See methodology/indicators/oxygen_release.md.</remarks>
public sealed class OxygenRelease : UnitIndicator
{
    /// <summary>Molar-mass ratio O₂ : C = 32 : 12.</summary>
    public const double OxygenPerCarbon = 32d / 12d;

    public override string Code => "oxygen_release";
    public override string NameEn => "Oxygen release";
    public override string NameZh => "释氧";
    public override ServiceCategory Category => ServiceCategory.Regulating;
    public override IReadOnlyList<Ecosystem> Ecosystems { get; } = [Ecosystem.Forest, Ecosystem.Shrub, Ecosystem.Grassland, Ecosystem.Wetland];
    public override string QuantityUnit => "t";
    public override string Formula => "O₂ = 32/12 × NEP × A_ha or 1.2 × dry matter t; V = O₂ × oxygen price";
    public override IReadOnlyList<string> ParameterKeys { get; } = ["oxygen_price_cny_per_t", "o2_per_t_dry_matter"];

    /// <inheritdoc />
    public override IReadOnlyList<string> Sources { get; } =
        ["LY/T 1721-2008 森林生态系统服务功能评估规范 (successor GB/T 38582-2020)", "陆地生态系统生产总值（GEP）核算技术指南 (2020), 氧气提供", "J17: 江波 et al. 2017, 生态学报 37(8) (1.2 t O2 per t dry matter)"];

    /// <inheritdoc />
    public override string InputGroups =>
        "one of: nep_t_c_per_ha; npp_t_c_per_ha with heterotrophic_respiration_t_c_per_ha; biomass_increment_t_dm_per_ha";
    public override IReadOnlyList<MonitoringField> Inputs { get; } =
        [MonitoringField.NepTCPerHa, MonitoringField.NppTCPerHa, MonitoringField.HeterotrophicRespirationTCPerHa, MonitoringField.BiomassIncrementTDmPerHa];

    private sealed record Resolved(ResolvedValue O2PerDryMatter, ResolvedValue Price);

    private readonly PerTable<Resolved> _resolved = new(p => new Resolved(p.Resolve("o2_per_t_dry_matter"), p.Resolve("oxygen_price_cny_per_t")));

    [MethodImpl(HotPath.Optimized)]
    public override IndicatorResult Compute(AccountingUnit unit, ParameterSet parameters)
    {
        var rp = _resolved.For(parameters);
        var prod = NetProductivity.Of(unit);
        if (prod.Missing is { } missing)
        {
            return missing;
        }
        var o2 = prod.NepTonnesCarbonPerHa is { } nep
            ? Mass.FromTonnes(nep * unit.Area.Hectares * OxygenPerCarbon)
            : Mass.FromTonnes(prod.DryMatterTonnesPerHa!.Value * unit.Area.Hectares * rp.O2PerDryMatter.Double);
        string? warning = null;
        if (o2.Tonnes < 0)
        {
            warning = $"net oxygen consumption ({o2.Tonnes:0.###} t O2); oxygen release reported as 0";
            o2 = Mass.FromTonnes(0);
        }
        return IndicatorResult.Computed(o2.Tonnes, IndicatorResult.Price(o2.Tonnes, rp.Price.Decimal), warning);
    }
}
