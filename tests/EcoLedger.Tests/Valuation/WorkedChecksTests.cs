using EcoLedger.Quantities;
using EcoLedger.Valuation;
using EcoLedger.Valuation.Accounting;
using EcoLedger.Valuation.Indicators;
using static EcoLedger.Tests.TestUnits;
using F = EcoLedger.Valuation.MonitoringField;

namespace EcoLedger.Tests.Valuation;

/// <summary>
/// The worked checks of methodology/REFERENCE.md, through the public API with the parameters the papers used:
/// Garzê 2010 (G17) and Baiyangdian 2011 (J17). The papers print 4 significant figures, so the checks allow 0.1 %.
/// </summary>
public class WorkedChecksTests
{
    private const double Garze_ha = 15_300_000; // ≈ 153,000 km²; only the product A × depth matters.

    private static void Near(double expected, double actual, double relative = 0.001) =>
        Assert.InRange(actual, expected * (1 - relative), expected * (1 + relative));

    [Fact]
    public void Garze_water_conservation_2010()
    {
        // G17: Q = 321.49 × 10⁸ m³ at 7.06 CNY/m³ → 2,269.71 × 10⁸ CNY. Depth = 321.49e8 / (15.3e6 ha × 10) = 210.1242 mm.
        var unit = Unit(Ecosystem.Grassland, EcosystemSubtype.None, Garze_ha,
            (F.PrecipitationMm, 650), (F.StormRunoffMm, 0), (F.EvapotranspirationMm, 650 - 210.12418300653593));
        var r = new WaterConservation().Compute(unit, With("\"reservoir_cost_cny_per_m3\": 7.06"));
        Near(321.49e8, r.Quantity);
        Near(2_269.71e8, (double)r.ValueCny);
    }

    [Fact]
    public void Garze_soil_retention_2010()
    {
        // G17: Q = 38.86 × 10⁸ t; sediment 0.24 × Q / 0.93 = 10.03 × 10⁸ m³ × 15.58 = 156.26 × 10⁸;
        // N 0.37 % → 1,437.94 × 10⁴ t × 875 = 125.82 × 10⁸; P 0.108 % → 419.72 × 10⁴ t × 2,800 = 117.52 × 10⁸; total 399.60 × 10⁸.
        var unit = Unit(Ecosystem.Grassland, EcosystemSubtype.None, Garze_ha,
            (F.SoilErosionPotentialTPerHa, 253.98692810457516), (F.SoilErosionActualTPerHa, 0));
        var r = new SoilRetention().Compute(unit, Defaults);
        Near(38.86e8, r.Quantity);
        Near(399.60e8, (double)r.ValueCny);
        var sedimentOnly = SoilRetention.Value(Mass.FromTonnes(38.86e8), With("\"soil_n_fraction\": 0, \"soil_p_fraction\": 0"));
        Near(156.26e8, (double)sedimentOnly);
    }

    [Fact]
    public void Garze_pest_control_2010()
    {
        // G17 Table 3 and §3.2.9: natural forest 158 × 10⁴ ha × 375 CNY/ha = 5.9250 × 10⁸; natural grassland
        // 711.13 × 10⁴ ha × 112.5 CNY/ha = 800,021,250 = 8.0002 × 10⁸ (G17 prints 8.0003); total 1,392,521,250 = 13.93 × 10⁸.
        var forest = Unit(Ecosystem.Forest, EcosystemSubtype.None, 1_580_000, (F.NaturalSharePct, 100));
        var grassland = Unit(Ecosystem.Grassland, EcosystemSubtype.None, 7_111_300, (F.NaturalSharePct, 100));
        var f = new PestControl().Compute(forest, Defaults);
        var g = new PestControl().Compute(grassland, Defaults);
        Assert.Equal(592_500_000.00m, decimal.Round(f.ValueCny, 2));
        Assert.Equal(800_021_250.00m, decimal.Round(g.ValueCny, 2));
        Near(5.9250e8, (double)f.ValueCny);
        Near(8.0003e8, (double)g.ValueCny);
        Near(13.93e8, (double)(f.ValueCny + g.ValueCny));
        Near(158e4 + 711.13e4, f.Quantity + g.Quantity);
    }

    [Fact]
    public void Baiyangdian_reed_carbon_and_oxygen_2011()
    {
        // J17: 3.74 × 10⁴ t dry matter × 1.63 = 6.10 × 10⁴ t CO₂ = 1.66 × 10⁴ t C × 1,320 CNY/t C → 0.22 × 10⁸ CNY;
        // oxygen 3.74 × 10⁴ × 1.2 = 4.49 × 10⁴ t × 1,000 → 0.45 × 10⁸ CNY. Reed area 36,600 ha → 1.0218579 t/ha.
        var reed = Unit(Ecosystem.Wetland, EcosystemSubtype.Marsh, 36_600, (F.BiomassIncrementTDmPerHa, 3.74e4 / 36_600));
        var p = With("\"carbon_price_cny_per_t_c\": 1320, \"oxygen_price_cny_per_t\": 1000");
        var carbon = new CarbonSequestration().Compute(reed, p);
        var oxygen = new OxygenRelease().Compute(reed, p);
        Near(6.10e4, carbon.Quantity, 0.002);
        Near(0.2195e8, (double)carbon.ValueCny, 0.002); // 60,962 t × 360 = 21,946,320
        Near(4.488e4, oxygen.Quantity);
        Near(0.4488e8, (double)oxygen.ValueCny);
    }

    [Fact]
    public void Baiyangdian_flood_storage_2011()
    {
        // J17: 2.45 × 10⁸ m³ × 6.11 = 14.97 × 10⁸ CNY; as a reservoir of 7 × 10⁸ m³ total storage × 0.35.
        var lake = Unit(Ecosystem.Wetland, EcosystemSubtype.Reservoir, 36_600, (F.ReservoirStorageM3, 7e8));
        var r = new FloodRegulation().Compute(lake, With("\"reservoir_cost_cny_per_m3\": 6.11"));
        Near(2.45e8, r.Quantity);
        Assert.Equal(1_496_950_000m, decimal.Round(r.ValueCny, 2));
    }

    private sealed class Rows : IGepSink
    {
        public List<GepRow> All { get; } = [];

        public void Row(in GepRow row) => All.Add(row);

        public void NotComputed(in NotComputed item)
        {
        }

        public void Warning(in UnitWarning warning)
        {
        }
    }

    private static RegionStatistic Region(RegionStatKind kind, string item, decimal tonnes) => new("甘孜", kind, item, tonnes, "t", null, []);

    [Fact]
    public void Garze_air_purification_2010_by_the_emissions_method()
    {
        // G17: purified = emissions SO₂ 1,137 t × 1,200 + NOx 2,772 t × 630 + dust 941 t × 150
        // = 1,364,400 + 1,746,360 + 141,150 = 3,251,910 CNY. Through the engine with one forest and one grassland unit.
        var stats = new RegionStatistics([Region(RegionStatKind.EmissionCap, "so2", 1_137m), Region(RegionStatKind.EmissionCap, "nox", 2_772m), Region(RegionStatKind.EmissionCap, "dust", 941m)]);
        var rows = new Rows();
        new GepEngine(Defaults, stats, GepOptions.Default with { AirMethod = AirPurificationMethod.Emissions })
            .Run([Unit(Ecosystem.Forest, EcosystemSubtype.None, 7_000_000) with { UnitId = "F", Region = "甘孜" }, Unit(Ecosystem.Grassland, EcosystemSubtype.None, 8_300_000) with { UnitId = "G", Region = "甘孜" }], rows);
        var air = rows.All.Where(r => r.Indicator == "air_purification").ToList();
        Assert.Equal(3_251_910.00m, air.Sum(r => r.ValueCny));
        Near(4_850, air.Sum(r => r.Quantity!.Value), 1e-9);
    }

    [Fact]
    public void Garze_water_purification_2010_from_discharged_loads()
    {
        // G17 sets the purified amount to Garzê's discharged loads: COD 5,424 t × 700 = 3,796,800; NH₃-N 625 t × 875 = 546,875;
        // total 4,343,675.00 CNY (methodology/REFERENCE.md gives the loads; the paper's printed value is not reproduced there).
        var stats = new RegionStatistics([Region(RegionStatKind.DischargeCap, "cod", 5_424m), Region(RegionStatKind.DischargeCap, "nh3n", 625m)]);
        var rows = new Rows();
        new GepEngine(Defaults, stats).Run([Unit(Ecosystem.Wetland, EcosystemSubtype.Marsh, 400_000) with { UnitId = "W", Region = "甘孜" }], rows);
        var water = rows.All.Single(r => r.Indicator == "water_purification");
        Assert.Equal(4_343_675.00m, water.ValueCny);
        Near(6_049, water.Quantity!.Value, 1e-9);
    }
}
