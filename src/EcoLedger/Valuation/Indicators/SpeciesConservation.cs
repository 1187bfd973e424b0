using System.Runtime.CompilerServices;
using EcoLedger.IO;
using EcoLedger.Valuation.Parameters;

namespace EcoLedger.Valuation.Indicators;

/// <summary>
/// Species conservation (物种保育): the forest's value for conserving species, per hectare and year by the class of the
/// stand's Shannon–Wiener index.
/// </summary>
/// <remarks>U (CNY/a) = S_class × A_ha, where S_class is the value per hectare and year of the class that the stand's
/// Shannon–Wiener index H′ falls in (H′ &lt; 1, 1 ≤ H′ &lt; 2, … 5 ≤ H′ &lt; 6, H′ ≥ 6). Method: the forest ecosystem
/// services standard LY/T 1721-2008 (森林生态系统服务功能评估规范), from 王兵, 郑秋红, 郭浩 2008, 林业科学研究 21(2): 268-274.
/// The per-class values could not be confirmed from a source, so every class is a required parameter (no default).
/// Counted only on opt-in (<c>--include species_conservation</c>). See methodology/indicators/species_conservation.md.</remarks>
public sealed class SpeciesConservation : UnitIndicator
{
    public override string Code => "species_conservation";
    public override string NameEn => "Species conservation";
    public override string NameZh => "物种保育";
    public override ServiceCategory Category => ServiceCategory.Regulating;
    public override IReadOnlyList<Ecosystem> Ecosystems { get; } = [Ecosystem.Forest];
    public override string QuantityUnit => "ha";
    public override string Formula => "U = S(class of H′) × A_ha; classes H′ < 1, 1–2, 2–3, 3–4, 4–5, 5–6, ≥ 6 (S in CNY/ha/a, set by the user)";
    public override IReadOnlyList<string> ParameterKeys { get; } = ["species_conservation_cny_per_ha.*"];
    public override IReadOnlyList<MonitoringField> Inputs { get; } = [MonitoringField.ShannonWienerIndex];

    /// <inheritdoc />
    public override string InputGroups =>
        "shannon_wiener_index (H′ of the stand) required; the value of its class, species_conservation_cny_per_ha.<class>, has no default and must be set";

    /// <inheritdoc />
    public override IReadOnlyList<string> Sources { get; } =
        ["LY/T 1721-2008 森林生态系统服务功能评估规范 (物种保育)", "王兵, 郑秋红, 郭浩 2008, 林业科学研究 21(2): 268-274"];

    /// <summary>The class keys (suffixes of <c>species_conservation_cny_per_ha</c>), lowest index first, with their lower bounds.</summary>
    public static IReadOnlyList<(double LowerBound, string Key)> Classes { get; } =
    [
        (0, "h_below_1"), (1, "h_1_to_2"), (2, "h_2_to_3"), (3, "h_3_to_4"), (4, "h_4_to_5"), (5, "h_5_to_6"), (6, "h_6_or_more"),
    ];

    /// <summary>The class key of an index: the last class whose lower bound the index reaches (a bound belongs to the upper class).</summary>
    public static string ClassOf(double shannonWienerIndex) => Classes[ClassIndex(shannonWienerIndex)].Key;

    private static int ClassIndex(double shannonWienerIndex)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(shannonWienerIndex);
        int i = Classes.Count - 1;
        while (shannonWienerIndex < Classes[i].LowerBound)
        {
            i--;
        }
        return i;
    }

    private static readonly MonitoringField[] Index = [MonitoringField.ShannonWienerIndex];

    private readonly PerTable<ResolvedValue[]> _resolved = new(p =>
        Classes.Select(c => p.Resolve($"species_conservation_cny_per_ha.{c.Key}")).ToArray());

    [MethodImpl(HotPath.Optimized)]
    public override IndicatorResult Compute(AccountingUnit unit, ParameterSet parameters)
    {
        if (RequireAll(unit, Index) is { } missing)
        {
            return missing;
        }
        double h = V(unit, MonitoringField.ShannonWienerIndex);
        var perHectare = _resolved.For(parameters)[ClassIndex(h)];
        if (perHectare.OrNull is not { } value)
        {
            // One reason per class, not per index value, so that the summary groups the gaps by class.
            return IndicatorResult.NotComputed(
                $"no value for {perHectare.Key}: the per-class values of LY/T 1721-2008 are not in the table; set them");
        }
        double hectares = unit.Area.Hectares;
        return IndicatorResult.Computed(hectares, IndicatorResult.Price(hectares, value));
    }
}
