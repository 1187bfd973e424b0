using EcoLedger.Quantities;
using EcoLedger.Valuation.Parameters;

namespace EcoLedger.Valuation.Indicators;

/// <summary>Oxygen release (释氧): O₂ released with the same productivity, valued at the industrial oxygen price.</summary>
/// <remarks>O₂ (t) = 32/12 × NEP (t C/ha) × A (ha) (= 32/44 × CO₂), or 1.2 × dry-matter increment (t).
/// V = O₂ × oxygen_price_cny_per_t. Sources: G17, J17. See methodology/indicators/oxygen_release.md.</remarks>
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
    public override IReadOnlyList<MonitoringField> Inputs { get; } =
        [MonitoringField.NepTCPerHa, MonitoringField.NppTCPerHa, MonitoringField.HeterotrophicRespirationTCPerHa, MonitoringField.BiomassIncrementTDmPerHa];

    private sealed record Resolved(ResolvedValue O2PerDryMatter, ResolvedValue Price);

    private readonly PerTable<Resolved> _resolved = new(p => new Resolved(p.Resolve("o2_per_t_dry_matter"), p.Resolve("oxygen_price_cny_per_t")));

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
