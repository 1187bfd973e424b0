using System.Runtime.CompilerServices;
using EcoLedger.IO;
using EcoLedger.Valuation.Parameters;

namespace EcoLedger.Valuation.Indicators;

/// <summary>
/// Vegetation flood storage (植被洪水调蓄): the rain of one storm that a stand's canopy, litter and soil hold back,
/// valued at the cost of building the same reservoir storage.
/// </summary>
/// <remarks>Q (m³) = A_m² × (CI + L × W / 1000 + 10 × P × D) / 1000, the "comprehensive storage capacity" (综合蓄水能力法)
/// of 马维玲, 石培礼, 宗宁, 赵广帅, 柴曦, 耿守保 2017, 中国生态农业学报 25(4): 478-489, eqs. 2–5: canopy interception of one
/// storm CI (mm), litter holding L (t/ha) × maximum water holding W (% of dry mass) / 1000 (mm), soil storage 10 × non-capillary
/// porosity P (%) × depth D (m) (mm). V = Q × reservoir_cost_cny_per_m3. Every input is measured per stand and has no
/// default. The national guides' own vegetation formula could not be consulted; counted only on opt-in
/// (<c>--include vegetation_flood_storage</c>). See methodology/indicators/vegetation_flood_storage.md.</remarks>
public sealed class VegetationFloodStorage : UnitIndicator
{
    public override string Code => "vegetation_flood_storage";
    public override string NameEn => "Vegetation flood storage";
    public override string NameZh => "植被洪水调蓄";
    public override ServiceCategory Category => ServiceCategory.Regulating;
    public override IReadOnlyList<Ecosystem> Ecosystems { get; } = [Ecosystem.Forest, Ecosystem.Shrub, Ecosystem.Grassland];
    public override string QuantityUnit => "m3";
    public override string Formula => "Q = A_m² × (CI + L × W / 1000 + 10 × P × D) / 1000 m³ (canopy, litter, soil non-capillary storage of one storm); V = Q × reservoir_cost";
    public override IReadOnlyList<string> ParameterKeys { get; } = ["reservoir_cost_cny_per_m3"];
    public override IReadOnlyList<MonitoringField> Inputs { get; } = Stand;

    /// <inheritdoc />
    public override string InputGroups =>
        "canopy_interception_mm, litter_stock_t_per_ha, litter_max_water_holding_pct, soil_noncapillary_porosity_pct and soil_depth_m all required (0 where a layer is absent, e.g. no canopy on grassland)";

    /// <inheritdoc />
    public override IReadOnlyList<string> Sources { get; } = ["马维玲 et al. 2017, 中国生态农业学报 25(4): 478-489, eqs. 2–5 (综合蓄水能力法)"];

    private static readonly MonitoringField[] Stand =
    [
        MonitoringField.CanopyInterceptionMm, MonitoringField.LitterStockTPerHa, MonitoringField.LitterMaxWaterHoldingPct,
        MonitoringField.SoilNoncapillaryPorosityPct, MonitoringField.SoilDepthM,
    ];

    private sealed record Resolved(ResolvedValue Cost);

    private readonly PerTable<Resolved> _resolved = new(p => new Resolved(p.Resolve("reservoir_cost_cny_per_m3")));

    /// <summary>The storage of one storm per unit area, mm: canopy + litter + soil.</summary>
    public static double StorageMm(double canopyMm, double litterTPerHa, double litterHoldingPct, double noncapillaryPorosityPct, double soilDepthM) =>
        // Litter: t/ha × % / 100 = t of water per ha; 1 mm over 1 ha is 10 t, hence / 1000.
        // Soil: P % of a D m layer is P/100 × D × 1000 mm = 10 × P × D mm.
        canopyMm + litterTPerHa * litterHoldingPct / 1000d + 10d * noncapillaryPorosityPct * soilDepthM;

    [MethodImpl(HotPath.Optimized)]
    public override IndicatorResult Compute(AccountingUnit unit, ParameterSet parameters)
    {
        if (RequireAll(unit, Stand) is { } missing)
        {
            return missing;
        }
        double mm = StorageMm(V(unit, MonitoringField.CanopyInterceptionMm), V(unit, MonitoringField.LitterStockTPerHa),
            V(unit, MonitoringField.LitterMaxWaterHoldingPct), V(unit, MonitoringField.SoilNoncapillaryPorosityPct), V(unit, MonitoringField.SoilDepthM));
        double m3 = unit.Area.TimesDepthMillimetres(mm).CubicMetres;
        return IndicatorResult.Computed(m3, IndicatorResult.Price(m3, _resolved.For(parameters).Cost.Decimal));
    }
}
