using System.Runtime.CompilerServices;
using EcoLedger.IO;
using EcoLedger.Valuation.Parameters;

namespace EcoLedger.Valuation.Indicators;

/// <summary>
/// Pest and disease control (病虫害控制): natural forest and grassland that recover from pests and diseases by themselves,
/// valued at the cost of controlling pests by hand on the same area.
/// </summary>
/// <remarks>Q (ha) = A_ha × natural_share_pct / 100; V = Q × pest_control_cost_cny_per_ha of the ecosystem. G17 (白玛卓嘎,
/// 肖燚, 欧阳志云, 王莉雁 2017, 生态学报 37(19), §2.4.9 and Table 3) values "the area that heals by itself after pests occur"
/// at the cost of artificial control, and takes the whole natural forest (158 × 10⁴ ha at 375 CNY/ha) and natural
/// grassland (711.13 × 10⁴ ha at 112.5 CNY/ha) as that area: 13.93 × 10⁸ CNY for Garzê in 2010. Counted only on opt-in
/// (<c>--include pest_control</c>). See methodology/indicators/pest_control.md.</remarks>
public sealed class PestControl : UnitIndicator
{
    public override string Code => "pest_control";
    public override string NameEn => "Pest and disease control";
    public override string NameZh => "病虫害控制";
    public override ServiceCategory Category => ServiceCategory.Regulating;
    public override IReadOnlyList<Ecosystem> Ecosystems { get; } = [Ecosystem.Forest, Ecosystem.Grassland];
    public override string QuantityUnit => "ha";
    public override string Formula => "Q = A_ha × natural_share_pct / 100 ha (natural forest or grassland); V = Q × pest_control_cost_cny_per_ha of the ecosystem";
    public override IReadOnlyList<string> ParameterKeys { get; } = ["pest_control_cost_cny_per_ha.*"];
    public override IReadOnlyList<MonitoringField> Inputs { get; } = [MonitoringField.NaturalSharePct];

    /// <inheritdoc />
    public override string InputGroups =>
        "natural_share_pct required (share of the unit that is natural forest or natural grassland: 100 natural, 0 planted)";

    /// <inheritdoc />
    public override IReadOnlyList<string> Sources { get; } = ["G17: 白玛卓嘎 et al. 2017, 生态学报 37(19), §2.4.9 and Table 3"];

    private static readonly MonitoringField[] Share = [MonitoringField.NaturalSharePct];

    private readonly PerTable<PerEcosystemValue> _cost = new(p => p.ResolveForEcosystem("pest_control_cost_cny_per_ha"));

    [MethodImpl(HotPath.Optimized)]
    public override IndicatorResult Compute(AccountingUnit unit, ParameterSet parameters)
    {
        if (RequireAll(unit, Share) is { } missing)
        {
            return missing;
        }
        var (cost, key) = _cost.For(parameters)[unit.Ecosystem, unit.Subtype];
        if (cost is null)
        {
            return IndicatorResult.NotComputed($"no value for {key}");
        }
        double hectares = unit.Area.Hectares * V(unit, MonitoringField.NaturalSharePct) / 100d;
        return IndicatorResult.Computed(hectares, IndicatorResult.Price(hectares, cost.Value));
    }
}
