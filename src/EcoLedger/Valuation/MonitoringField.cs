using System.Numerics;

namespace EcoLedger.Valuation;

/// <summary>
/// The optional monitoring inputs of an accounting unit, one per input column. The column name carries the unit.
/// </summary>
public enum MonitoringField
{
    PrecipitationMm,
    StormRunoffMm,
    EvapotranspirationMm,
    RusleR,
    RusleK,
    RusleLs,
    RusleC,
    RusleP,
    SoilErosionPotentialTPerHa,
    SoilErosionActualTPerHa,
    WindErosionPotentialTPerHa,
    WindErosionActualTPerHa,
    NppTCPerHa,
    HeterotrophicRespirationTCPerHa,
    NepTCPerHa,
    BiomassIncrementTDmPerHa,
    DaysAbove26C,
    WaterEvaporationMm,
    RelativeHumidityPct,
    LakeTurnoverPerYear,
    ReservoirStorageM3,
    VisitsPerYear,
    TranspirationMmHotDays,
    ShannonWienerIndex,
    NegativeIonConcentrationPerCm3,
    StandHeightM,
    NaturalSharePct,
    CanopyInterceptionMm,
    LitterStockTPerHa,
    LitterMaxWaterHoldingPct,
    SoilNoncapillaryPorosityPct,
    SoilDepthM,
    SoilBulkDensityTPerM3,
    SoilSaturatedWaterGPerKg,
    SoilWaterGPerKg,
}

/// <summary>Column names and value rules of <see cref="MonitoringField"/>.</summary>
public static class MonitoringFields
{
    /// <summary>Every field, in column order.</summary>
    public static readonly MonitoringField[] All = Enum.GetValues<MonitoringField>();

    private static readonly string[] Columns =
    [
        "precipitation_mm", "storm_runoff_mm", "evapotranspiration_mm",
        "rusle_r", "rusle_k", "rusle_ls", "rusle_c", "rusle_p",
        "soil_erosion_potential_t_per_ha", "soil_erosion_actual_t_per_ha",
        "wind_erosion_potential_t_per_ha", "wind_erosion_actual_t_per_ha",
        "npp_t_c_per_ha", "heterotrophic_respiration_t_c_per_ha", "nep_t_c_per_ha", "biomass_increment_t_dm_per_ha",
        "days_above_26c", "water_evaporation_mm", "relative_humidity_pct",
        "lake_turnover_per_year", "reservoir_storage_m3", "visits_per_year",
        "transpiration_mm_hot_days",
        "shannon_wiener_index", "negative_ion_concentration_per_cm3", "stand_height_m", "natural_share_pct",
        "canopy_interception_mm", "litter_stock_t_per_ha", "litter_max_water_holding_pct", "soil_noncapillary_porosity_pct",
        "soil_depth_m", "soil_bulk_density_t_per_m3", "soil_saturated_water_g_per_kg", "soil_water_g_per_kg",
    ];

    private static readonly Dictionary<string, MonitoringField> ByColumn =
        All.ToDictionary(f => Columns[(int)f], f => f, StringComparer.Ordinal);

    /// <summary>The input column name, e.g. <c>precipitation_mm</c>.</summary>
    public static string Column(this MonitoringField f) => Columns[(int)f];

    /// <summary>Finds the field for a column name.</summary>
    public static bool TryParse(string column, out MonitoringField field) => ByColumn.TryGetValue(column, out field);

    /// <summary>Every known column name.</summary>
    public static IEnumerable<string> ColumnNames => Columns;

    /// <summary>
    /// The range a value must be in, as (min, max, description). The bounds are generous physical limits, well beyond any
    /// measured value (the wettest places on Earth get about 12,000 mm of rain a year; terrestrial NPP stays below 30 t C/ha),
    /// so that a typing error such as 1e308 or a 30-digit number is refused instead of overflowing the valuation. Net
    /// ecosystem productivity may be negative (a net carbon source).
    /// </summary>
    public static (double Min, double Max, string Expectation) Range(this MonitoringField f) => f switch
    {
        MonitoringField.NepTCPerHa => (-100, 100, "a number from -100 to 100"),
        MonitoringField.RelativeHumidityPct => (0, 100, "a percentage from 0 to 100"),
        MonitoringField.DaysAbove26C => (0, 366, "a number of days from 0 to 366"),
        MonitoringField.RusleC or MonitoringField.RusleP or MonitoringField.RusleK => (0, 1, "a factor from 0 to 1"),
        MonitoringField.PrecipitationMm or MonitoringField.StormRunoffMm => (0, 30_000, "a number from 0 to 30000"),
        MonitoringField.EvapotranspirationMm or MonitoringField.WaterEvaporationMm or MonitoringField.TranspirationMmHotDays => (0, 5_000, "a number from 0 to 5000"),
        MonitoringField.RusleR => (0, 100_000, "a number from 0 to 100000"),
        MonitoringField.RusleLs => (0, 1_000, "a number from 0 to 1000"),
        MonitoringField.SoilErosionPotentialTPerHa or MonitoringField.SoilErosionActualTPerHa
            or MonitoringField.WindErosionPotentialTPerHa or MonitoringField.WindErosionActualTPerHa => (0, 100_000, "a number from 0 to 100000"),
        MonitoringField.NppTCPerHa or MonitoringField.HeterotrophicRespirationTCPerHa => (0, 100, "a number from 0 to 100"),
        MonitoringField.BiomassIncrementTDmPerHa => (0, 200, "a number from 0 to 200"),
        MonitoringField.LakeTurnoverPerYear => (0, 10_000, "a number from 0 to 10000"),
        MonitoringField.ReservoirStorageM3 => (0, 1e12, "a number from 0 to 1e12"),
        MonitoringField.VisitsPerYear => (0, 1e10, "a number from 0 to 1e10"),
        // Shannon–Wiener indices of stands stay below about 7 (ln of the species count); 20 would need ~5 × 10⁸ equally common species.
        MonitoringField.ShannonWienerIndex => (0, 20, "a Shannon–Wiener index from 0 to 20"),
        // Waterfalls reach about 10⁵ ions/cm³; 10⁷ is a generous ceiling.
        MonitoringField.NegativeIonConcentrationPerCm3 => (0, 1e7, "a concentration from 0 to 10000000 ions per cm³"),
        // The tallest trees measured are about 116 m.
        MonitoringField.StandHeightM => (0, 150, "a height from 0 to 150 m"),
        MonitoringField.NaturalSharePct => (0, 100, "a percentage from 0 to 100"),
        // One storm's canopy interception stays within tens of millimetres; litter stocks within about 100 t/ha.
        MonitoringField.CanopyInterceptionMm => (0, 500, "a depth from 0 to 500 mm"),
        MonitoringField.LitterStockTPerHa => (0, 1_000, "a number from 0 to 1000 t/ha"),
        // Litter holds up to a few times its dry mass (about 200–500 %); peat mosses up to about 2,000 %.
        MonitoringField.LitterMaxWaterHoldingPct => (0, 5_000, "a percentage of dry mass from 0 to 5000"),
        MonitoringField.SoilNoncapillaryPorosityPct => (0, 100, "a percentage from 0 to 100"),
        MonitoringField.SoilDepthM => (0, 20, "a depth from 0 to 20 m"),
        // Peat is about 0.1 t/m³, mineral soils up to about 1.9 t/m³.
        MonitoringField.SoilBulkDensityTPerM3 => (0, 3, "a bulk density from 0 to 3 t/m³"),
        // Peat holds up to about 10,000 g of water per kg of dry soil (Sanjiang Plain grass-root layers: 4,000–9,700).
        MonitoringField.SoilSaturatedWaterGPerKg or MonitoringField.SoilWaterGPerKg => (0, 20_000, "a water content from 0 to 20000 g per kg of dry soil"),
        _ => throw new ArgumentOutOfRangeException(nameof(f), f, "not a monitoring field"),
    };
}

/// <summary>A unit's monitoring values; a missing value is absent, never zero.</summary>
/// <remarks>
/// Only the fields a unit has are stored, in field order: a bit per field says which are present, and a value's place is
/// the number of present fields before it. A unit usually has a dozen of the 35 fields, so a million units take ~120 bytes
/// each instead of one double per field (328 bytes), which the collector of a million-unit run had to move.
/// </remarks>
public sealed class MonitoringData
{
    // Bit i for field i: the 35 fields fit (MonitoringDataTests checks that every field does).
    private long _present;
    private double[] _values;

    /// <summary>Creates an empty set (every field missing).</summary>
    public MonitoringData() => _values = [];

    /// <summary>A set with the fields of <paramref name="present"/> (bit i = field i), whose values are <paramref name="values"/> in field order.</summary>
    internal MonitoringData(long present, double[] values)
    {
        _present = present;
        _values = values;
    }

    /// <summary>The value, or null when the unit has none.</summary>
    public double? this[MonitoringField field]
    {
        get
        {
            long bit = 1L << (int)field;
            return (_present & bit) == 0 ? null : _values[Place(bit)];
        }
    }

    /// <summary>Sets a value (finite) for a field.</summary>
    public MonitoringData With(MonitoringField field, double value)
    {
        if (!double.IsFinite(value))
        {
            throw new ArgumentOutOfRangeException(nameof(value), value, $"{field.Column()} must be a finite number.");
        }
        long bit = 1L << (int)field;
        int place = Place(bit);
        if ((_present & bit) == 0)
        {
            int count = BitOperations.PopCount((ulong)_present);
            if (count == _values.Length)
            {
                Array.Resize(ref _values, Math.Max(4, count * 2));
            }
            Array.Copy(_values, place, _values, place + 1, count - place);
            _present |= bit;
        }
        _values[place] = value;
        return this;
    }

    /// <summary>True when the field has a value.</summary>
    public bool Has(MonitoringField field) => (_present & (1L << (int)field)) != 0;

    private int Place(long bit) => BitOperations.PopCount((ulong)(_present & (bit - 1)));
}
