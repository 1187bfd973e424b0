using System.Runtime.CompilerServices;
using EcoLedger.IO;
using EcoLedger.Valuation.Parameters;

namespace EcoLedger.Valuation.Indicators;

/// <summary>
/// Marsh soil flood storage (沼泽土壤蓄水): the water a marsh's peat and grass-root layer can still take in before it is
/// saturated, valued at the cost of building the same reservoir storage. It adds to the surface detention that
/// <see cref="FloodRegulation"/> counts for marshes.
/// </summary>
/// <remarks>Q (m³) = A_m² × h × ρ_b × (F − E) / ρ_w with h the layer depth above the water table (m), ρ_b its dry bulk
/// density (t/m³), F its saturated water content and E its water content before the flood (g water per kg dry soil, as
/// kg per t ÷ 1000), ρ_w the density of water. With E = 0 it is the Sanjiang Plain marsh soil storage estimate (area × depth
/// × bulk density × saturated water holding; 湿地中国 "湿地的生态服务功能之：天然蓄水库", 2009). V = Q × reservoir_cost.
/// Every soil input is measured per marsh and has no default. Counted only on opt-in (<c>--include marsh_soil_storage</c>).
/// See methodology/indicators/marsh_soil_storage.md.</remarks>
public sealed class MarshSoilStorage : UnitIndicator
{
    public override string Code => "marsh_soil_storage";
    public override string NameEn => "Marsh soil flood storage";
    public override string NameZh => "沼泽土壤蓄水";
    public override ServiceCategory Category => ServiceCategory.Regulating;
    public override IReadOnlyList<Ecosystem> Ecosystems { get; } = [Ecosystem.Wetland];
    public override string QuantityUnit => "m3";
    public override string Formula => "Q = A_m² × h × ρ_b × (F − E) / 1000 / ρ_w m³ (F, E in g/kg; F < E → 0); V = Q × reservoir_cost";
    public override IReadOnlyList<string> ParameterKeys { get; } = ["water_density_kg_per_m3", "reservoir_cost_cny_per_m3"];
    public override IReadOnlyList<MonitoringField> Inputs { get; } = Soil;

    /// <inheritdoc />
    public override string InputGroups =>
        "soil_depth_m (layer above the water table), soil_bulk_density_t_per_m3, soil_saturated_water_g_per_kg and soil_water_g_per_kg (before the flood) all required; marsh units only";

    /// <inheritdoc />
    public override IReadOnlyList<string> Sources { get; } = ["湿地中国, 湿地百科 \"天然蓄水库\" (2009): Sanjiang Plain marsh soil storage (area × depth × bulk density × saturated water holding)"];

    /// <summary>Only marshes: lakes, rivers and reservoirs have no peat layer to fill.</summary>
    public override bool AppliesTo(Ecosystem ecosystem, EcosystemSubtype subtype) =>
        ecosystem == Ecosystem.Wetland && subtype == EcosystemSubtype.Marsh;

    private static readonly MonitoringField[] Soil =
    [
        MonitoringField.SoilDepthM, MonitoringField.SoilBulkDensityTPerM3, MonitoringField.SoilSaturatedWaterGPerKg, MonitoringField.SoilWaterGPerKg,
    ];

    private sealed record Resolved(ResolvedValue WaterDensity, ResolvedValue Cost);

    private readonly PerTable<Resolved> _resolved = new(p => new Resolved(p.Resolve("water_density_kg_per_m3"), p.Resolve("reservoir_cost_cny_per_m3")));

    [MethodImpl(HotPath.Optimized)]
    public override IndicatorResult Compute(AccountingUnit unit, ParameterSet parameters)
    {
        if (RequireAll(unit, Soil) is { } missing)
        {
            return missing;
        }
        var rp = _resolved.For(parameters);
        double saturated = V(unit, MonitoringField.SoilSaturatedWaterGPerKg), before = V(unit, MonitoringField.SoilWaterGPerKg);
        string? warning = null;
        double room = saturated - before;
        if (room < 0)
        {
            warning = $"soil_water_g_per_kg {before:0.###} is above soil_saturated_water_g_per_kg {saturated:0.###}; marsh soil storage valued at 0";
            room = 0;
        }
        // m³ of soil × t/m³ = t of dry soil; × (g/kg ÷ 1000) = t of water; × 1000 kg/t ÷ ρ_w kg/m³ = m³ of water.
        double soilM3 = unit.Area.SquareMetres * V(unit, MonitoringField.SoilDepthM);
        double waterT = soilM3 * V(unit, MonitoringField.SoilBulkDensityTPerM3) * room / 1000d;
        double m3 = waterT * 1000d / rp.WaterDensity.Double;
        return IndicatorResult.Computed(m3, IndicatorResult.Price(m3, rp.Cost.Decimal), warning);
    }
}
