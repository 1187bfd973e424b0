using EcoLedger.Valuation;
using FsCheck.Xunit;

namespace EcoLedger.Tests.Valuation;

/// <summary>MonitoringData keeps only the fields a unit has; it must read back exactly what was set, in any order.</summary>
public class MonitoringDataTests
{
    [Fact]
    public void Every_monitoring_field_has_a_presence_bit()
    {
        Assert.True(MonitoringFields.All.Length <= 64);
        Assert.Equal(Enumerable.Range(0, MonitoringFields.All.Length), MonitoringFields.All.Select(f => (int)f));
    }

    [Property(MaxTest = 300)]
    public bool Values_set_in_any_order_read_back_as_set_and_others_stay_missing(int[] order, int seed)
    {
        var random = new Random(seed);
        var data = new MonitoringData();
        var expected = new Dictionary<MonitoringField, double>();
        foreach (int o in order ?? [])
        {
            var field = MonitoringFields.All[Math.Abs(o % MonitoringFields.All.Length)];
            double value = Math.Round(random.NextDouble() * 1000, 3);
            data.With(field, value);
            expected[field] = value; // a field set twice keeps the last value
        }
        return MonitoringFields.All.All(f => expected.TryGetValue(f, out double v)
            ? data.Has(f) && data[f] == v
            : !data.Has(f) && data[f] is null);
    }

    [Fact]
    public void A_unit_read_from_csv_has_the_values_of_its_non_empty_cells()
    {
        string path = Path.Combine(Path.GetTempPath(), $"ecoledger-monitoring-{Guid.NewGuid():N}.csv");
        File.WriteAllText(path, "unit_id,region,ecosystem,area_ha,precipitation_mm,evapotranspiration_mm,npp_t_c_per_ha,visits_per_year\n"
            + "A,R,forest,10,600.5,,3.25,12\n");
        try
        {
            var unit = Assert.Single(new EcoLedger.Valuation.Files.UnitFileReader(path, "units.csv").ReadCsv());
            Assert.Equal(600.5, unit.Monitoring[MonitoringField.PrecipitationMm]);
            Assert.Null(unit.Monitoring[MonitoringField.EvapotranspirationMm]);
            Assert.Equal(3.25, unit.Monitoring[MonitoringField.NppTCPerHa]);
            Assert.Equal(12, unit.Monitoring[MonitoringField.VisitsPerYear]);
            Assert.Equal(3, MonitoringFields.All.Count(unit.Monitoring.Has));
        }
        finally
        {
            File.Delete(path);
        }
    }
}
