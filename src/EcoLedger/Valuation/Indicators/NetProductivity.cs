namespace EcoLedger.Valuation.Indicators;

/// <summary>
/// The carbon a unit fixes in a year, shared by carbon sequestration and oxygen release (they come from the same
/// productivity and are reported separately). NEP is taken as measured, else NPP − heterotrophic respiration; where
/// only a biomass increment (t dry matter/ha) is known, the photosynthesis-equation factors per tonne of dry matter apply.
/// </summary>
internal readonly record struct NetProductivity(double? NepTonnesCarbonPerHa, double? DryMatterTonnesPerHa, IndicatorResult? Missing)
{
    private static readonly MonitoringField[] NppGroup = [MonitoringField.NppTCPerHa, MonitoringField.HeterotrophicRespirationTCPerHa];

    public static NetProductivity Of(AccountingUnit unit)
    {
        var m = unit.Monitoring;
        if (m[MonitoringField.NepTCPerHa] is { } nep)
        {
            return new(nep, null, null);
        }
        if (m[MonitoringField.NppTCPerHa] is { } npp && m[MonitoringField.HeterotrophicRespirationTCPerHa] is { } rh)
        {
            return new(npp - rh, null, null);
        }
        if (m[MonitoringField.BiomassIncrementTDmPerHa] is { } dm)
        {
            return new(null, dm, null);
        }
        bool partial = NppGroup.Any(m.Has);
        return new(null, null, IndicatorResult.NotComputed(
            "missing nep_t_c_per_ha, or npp_t_c_per_ha with heterotrophic_respiration_t_c_per_ha, or biomass_increment_t_dm_per_ha",
            partial ? "incomplete input group: npp_t_c_per_ha and heterotrophic_respiration_t_c_per_ha must be given together" : null));
    }
}
