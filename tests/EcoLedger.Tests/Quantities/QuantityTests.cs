using EcoLedger.Quantities;

namespace EcoLedger.Tests.Quantities;

public class QuantityTests
{
    [Theory]
    [InlineData(1, 10_000, 0.01)]
    [InlineData(250, 2_500_000, 2.5)]
    public void Area_converts_between_hectares_square_metres_and_square_kilometres(double ha, double m2, double km2)
    {
        var a = Area.FromHectares(ha);
        Assert.Equal(m2, a.SquareMetres, 9);
        Assert.Equal(km2, a.SquareKilometres, 12);
        Assert.Equal(ha, Area.FromSquareKilometres(km2).Hectares, 9);
    }

    [Fact]
    public void Negative_area_is_rejected_with_the_valid_range()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => Area.FromHectares(-1));
        Assert.StartsWith("Area in ha must be zero or greater; got -1.", e.Message);
    }

    [Fact]
    public void NaN_area_is_rejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Area.FromSquareMetres(double.NaN));
    }

    [Fact]
    public void One_millimetre_over_one_hectare_is_ten_cubic_metres()
    {
        Assert.Equal(10d, Area.FromHectares(1).TimesDepthMillimetres(1).CubicMetres, 12);
        Assert.Equal(1000d, Area.FromSquareKilometres(1).TimesDepthMillimetres(1).CubicMetres, 9);
    }

    [Fact]
    public void Carbon_converts_to_co2_by_44_over_12()
    {
        // 12 t C × 44/12 = 44 t CO₂, and back.
        Assert.Equal(44d, CarbonMass.FromTonnesCarbon(12).ToCo2().TonnesCo2, 12);
        Assert.Equal(12d, Co2Mass.FromTonnesCo2(44).ToCarbon().TonnesCarbon, 12);
    }

    [Fact]
    public void Energy_converts_3600_kilojoules_to_one_kilowatt_hour()
    {
        Assert.Equal(1d, Energy.FromKilojoules(3600).KilowattHours, 12);
        Assert.Equal(7200d, Energy.FromKilowattHours(2).Kilojoules, 9);
    }

    [Fact]
    public void Mass_in_tonnes_and_kilograms_and_volume_at_density()
    {
        var m = Mass.FromTonnes(0.93);
        Assert.Equal(930d, m.Kilograms, 9);
        Assert.Equal(1d, m.CubicMetresAtDensity(0.93), 12);
        Assert.Equal(1000d, WaterVolume.FromCubicMetres(1).ToMass(1000).Kilograms, 12);
        Assert.Equal(20_000d, WaterVolume.FromTenThousandCubicMetres(2).CubicMetres, 9);
    }
}
