using EcoLedger.Rasters;
using EcoLedger.Valuation;

namespace EcoLedger.Tests.Rasters;

public sealed class FieldUnitsTests
{
    [Theory]
    // per-area masses: 1 kg/m² = 10,000 kg/ha = 10 t/ha; 1 g/m² = 10 kg/ha = 0.01 t/ha; 1 t/km² = 0.01 t/ha (100 ha/km²)
    [InlineData(MonitoringField.SoilErosionActualTPerHa, "t/ha", 1)]
    [InlineData(MonitoringField.SoilErosionActualTPerHa, "t/km²/yr", 0.01)]
    [InlineData(MonitoringField.NppTCPerHa, "kg C/m2/yr", 10)]
    [InlineData(MonitoringField.NppTCPerHa, "g C/m²/a", 0.01)]
    // as Chinese standards and papers write them: hm² for the hectare, the year closing the denominator
    [InlineData(MonitoringField.SoilErosionPotentialTPerHa, "t/hm²", 1)]
    [InlineData(MonitoringField.SoilErosionPotentialTPerHa, "t/(hm²·a)", 1)]
    [InlineData(MonitoringField.WindErosionActualTPerHa, "t/hm2/a", 1)]
    [InlineData(MonitoringField.NppTCPerHa, "t C/(hm²·a)", 1)]
    [InlineData(MonitoringField.RusleR, "MJ·mm/(hm²·h·a)", 1)]
    [InlineData(MonitoringField.RusleK, "t·hm²·h/(hm²·MJ·mm)", 1)]
    [InlineData(MonitoringField.PrecipitationMm, "mm/a", 1)]
    [InlineData(MonitoringField.PrecipitationMm, "m", 1000)]
    public void Should_convert_a_unit_to_the_fields_unit_by_its_definition(MonitoringField field, string unit, double factor) =>
        Assert.Equal(factor, FieldUnits.Factor(field, unit));

    [Theory]
    [InlineData(MonitoringField.SoilErosionActualTPerHa, "t/m2")] // not a unit the field takes
    [InlineData(MonitoringField.SoilErosionActualTPerHa, "mm")]
    [InlineData(MonitoringField.NppTCPerHa, "t/hm²")] // carbon needs C: t C/hm²
    [InlineData(MonitoringField.RusleR, "MJ mm/(hm2 a)")] // no hour: another quantity
    [InlineData(MonitoringField.LakeTurnoverPerYear, "1")]
    public void Should_refuse_a_unit_that_is_not_the_fields_quantity(MonitoringField field, string unit) =>
        Assert.Null(FieldUnits.Factor(field, unit));
}
