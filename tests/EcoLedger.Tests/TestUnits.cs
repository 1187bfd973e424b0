using System.Text;
using EcoLedger.Quantities;
using EcoLedger.Valuation;
using EcoLedger.Valuation.Parameters;

namespace EcoLedger.Tests;

/// <summary>Builders shared by the valuation tests.</summary>
internal static class TestUnits
{
    public static AccountingUnit Unit(Ecosystem ecosystem, EcosystemSubtype subtype, double hectares, params (MonitoringField Field, double Value)[] monitoring)
    {
        var data = new MonitoringData();
        foreach (var (f, v) in monitoring)
        {
            data.With(f, v);
        }
        return new AccountingUnit("U1", "R", ecosystem, subtype, Area.FromHectares(hectares), data);
    }

    public static AccountingUnit Forest(double hectares, params (MonitoringField Field, double Value)[] monitoring) =>
        Unit(Ecosystem.Forest, EcosystemSubtype.Coniferous, hectares, monitoring);

    public static ParameterSet Defaults { get; } = ParameterSet.Defaults();

    /// <summary>The defaults with overrides given as JSON "values" members, e.g. <c>"reservoir_cost_cny_per_m3": 6.11</c>.</summary>
    public static ParameterSet With(string values)
    {
        var json = $"{{ \"version\": \"test\", \"values\": {{ {values} }} }}";
        var set = ParameterSet.Defaults().WithOverrides("test.json", new MemoryStream(Encoding.UTF8.GetBytes(json)), out var problems);
        Assert.Empty(problems);
        return set;
    }
}
