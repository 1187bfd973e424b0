using System.Runtime.CompilerServices;
using EcoLedger.IO;
using EcoLedger.Valuation.Parameters;

namespace EcoLedger.Valuation.Indicators;

/// <summary>Negative air ions (提供负离子 / 负氧离子): the ions a forest stand supplies in a year, valued at their production cost.</summary>
/// <remarks>G (ions/a) = 5.256 × 10¹⁵ × Q × A_ha × H / L and U (CNY/a) = 5.256 × 10¹⁵ × A_ha × H × K × (Q − Q₀) / L, with
/// Q the ion concentration (ions/cm³), H the stand height (m), L the ion lifetime (min), K the production cost and Q₀ the
/// concentration above which ions count. The constant is 10¹⁰ cm³ per hectare-metre × 525,600 minutes a year. Form of
/// the forest ecosystem services standard LY/T 1721-2008 (提供负离子). L, K and Q₀ could not be confirmed from a source and
/// are required parameters. Counted only on opt-in (<c>--include negative_air_ions</c>).
/// See methodology/indicators/negative_air_ions.md.</remarks>
public sealed class NegativeAirIons : UnitIndicator
{
    /// <summary>Cubic centimetres in a layer one hectare wide and one metre high: 10⁴ m² × 1 m × 10⁶ cm³/m³.</summary>
    public const double CubicCentimetresPerHectareMetre = 1e10;

    /// <summary>Minutes in a 365-day year: 365 × 24 × 60.</summary>
    public const double MinutesPerYear = 525_600;

    /// <summary>10¹⁸ ions: the unit of the quantity and of the production cost (CNY per 10¹⁸ ions), so that figures stay readable.</summary>
    private const double IonsPerUnit = 1e18;

    public override string Code => "negative_air_ions";
    public override string NameEn => "Negative air ions";
    public override string NameZh => "提供负离子";
    public override ServiceCategory Category => ServiceCategory.Regulating;
    public override IReadOnlyList<Ecosystem> Ecosystems { get; } = [Ecosystem.Forest];
    public override string QuantityUnit => "1e18 ions";
    public override string Formula => "G = 5.256×10¹⁵ × Q × A_ha × H / L ions (reported in 10¹⁸ ions); U = 5.256×10¹⁵ × A_ha × H × K × (Q − Q₀) / L (Q ≤ Q₀ → 0)";
    public override IReadOnlyList<string> ParameterKeys { get; } =
        ["negative_ion_lifetime_min", "negative_ion_cost_cny_per_1e18_ions", "negative_ion_threshold_per_cm3"];
    public override IReadOnlyList<MonitoringField> Inputs { get; } = [MonitoringField.NegativeIonConcentrationPerCm3, MonitoringField.StandHeightM];

    /// <inheritdoc />
    public override string InputGroups =>
        "negative_ion_concentration_per_cm3 and stand_height_m required; negative_ion_lifetime_min, negative_ion_cost_cny_per_1e18_ions and negative_ion_threshold_per_cm3 have no default and must be set";

    /// <inheritdoc />
    public override IReadOnlyList<string> Sources { get; } = ["LY/T 1721-2008 森林生态系统服务功能评估规范 (提供负离子)"];

    private static readonly MonitoringField[] Measured = [MonitoringField.NegativeIonConcentrationPerCm3, MonitoringField.StandHeightM];

    private sealed record Resolved(ResolvedValue Lifetime, ResolvedValue Cost, ResolvedValue Threshold);

    private readonly PerTable<Resolved> _resolved = new(p => new Resolved(
        p.Resolve("negative_ion_lifetime_min"), p.Resolve("negative_ion_cost_cny_per_1e18_ions"), p.Resolve("negative_ion_threshold_per_cm3")));

    [MethodImpl(HotPath.Optimized)]
    public override IndicatorResult Compute(AccountingUnit unit, ParameterSet parameters)
    {
        if (RequireAll(unit, Measured) is { } missing)
        {
            return missing;
        }
        var rp = _resolved.For(parameters);
        if (rp.Lifetime.OrNull is null || rp.Cost.OrNull is null || rp.Threshold.OrNull is null)
        {
            var unset = new[] { rp.Lifetime, rp.Cost, rp.Threshold }.Where(v => v.OrNull is null).Select(v => v.Key);
            return IndicatorResult.NotComputed($"no value for {string.Join(", ", unset)}: the LY/T 1721-2008 constants could not be confirmed from a source; set them");
        }
        double q = V(unit, MonitoringField.NegativeIonConcentrationPerCm3);
        double threshold = rp.Threshold.Double;
        // Ions per year per ion/cm³ of concentration: the stand's air volume renewed every L minutes.
        double perConcentration = CubicCentimetresPerHectareMetre * MinutesPerYear * unit.Area.Hectares * V(unit, MonitoringField.StandHeightM) / rp.Lifetime.Double;
        double supplied = perConcentration * q;
        string? warning = null;
        double excess = q - threshold;
        if (excess < 0)
        {
            warning = $"negative_ion_concentration_per_cm3 {q:0.###} is below the threshold {threshold:0.###}; negative air ions valued at 0";
            excess = 0;
        }
        double valued = perConcentration * excess / IonsPerUnit;
        return IndicatorResult.Computed(supplied / IonsPerUnit, IndicatorResult.Price(valued, rp.Cost.Decimal), warning);
    }
}
