namespace EcoLedger.Monitoring;

/// <summary>An accounting unit a station represents, with its weight and the unit's area and region.</summary>
/// <param name="UnitId">The accounting unit (as in the GEP units file).</param>
/// <param name="Weight">Share of the unit's per-hectare value this station gives (the weights of one unit over all stations
/// measuring a variable sum to 1); for a footprint, the share of the footprint inside the unit.</param>
/// <param name="AreaHa">The unit's area in hectares (from the units file at registration).</param>
/// <param name="Region">The unit's region.</param>
/// <param name="Ecosystem">The unit's ecosystem (for the water-conservation runoff coefficient when runoff is not measured).</param>
/// <param name="Subtype">The unit's ecosystem subtype, or empty.</param>
/// <param name="PriorTCo2PerHa">The unit's yearly sequestration from its GEP inputs (the <c>carbon_sequestration</c> indicator), t CO₂ ha⁻¹ yr⁻¹,
/// which projects the part of the year not yet observed; null when the units file lacks those inputs.</param>
public sealed record RepresentedUnit(string UnitId, decimal Weight, decimal AreaHa, string Region, string Ecosystem, string Subtype,
    decimal? PriorTCo2PerHa = null);

/// <summary>
/// Quality-control and gap-filling settings of one station variable. Nullable settings switch a test off; none has a default
/// unless a source supports it (see <see cref="QcDefaults"/> and methodology/monitoring.md §2–3).
/// </summary>
/// <param name="RangeMin">Lowest physically plausible value in the QC unit (required).</param>
/// <param name="RangeMax">Highest physically plausible value in the QC unit (required).</param>
/// <param name="SpikeZ">Robust z threshold of the spike test; null = test off.</param>
/// <param name="SpikeWindowDays">Width of the centred moving window of the spike test, in days.</param>
/// <param name="StuckRun">Number of identical consecutive values flagged as a stuck sensor; null = test off.</param>
/// <param name="LinearMaxGapMinutes">Longest gap filled by linear interpolation; longer gaps use the mean diurnal course.</param>
/// <param name="DiurnalWindowDays">Width of the window (centred, days) whose valid readings at the same time of day fill a long gap.</param>
public sealed record QcSettings(decimal RangeMin, decimal RangeMax, decimal? SpikeZ, int SpikeWindowDays, int? StuckRun,
    int LinearMaxGapMinutes, int DiurnalWindowDays);

/// <summary>Defaults that a published method supports; every other setting is required input.</summary>
public static class QcDefaults
{
    /// <summary>Spike threshold z = 4 on the double-differenced series (Papale et al. 2006, Biogeosciences 3:571–583).</summary>
    public const decimal SpikeZ = 4m;

    /// <summary>Spike window of 13 days (Papale et al. 2006 test 13-day blocks).</summary>
    public const int SpikeWindowDays = 13;

    /// <summary>Linear interpolation for gaps up to 2 hours (Falge et al. 2001, Agric. For. Meteorol. 107:43–69).</summary>
    public const int LinearMaxGapMinutes = 120;

    /// <summary>Mean diurnal variation over a 14-day window (Falge et al. 2001 recommend 14 days for daytime data).</summary>
    public const int DiurnalWindowDays = 14;
}

/// <summary>A variable a station measures: the unit it reports in, its reporting interval and its QC settings.</summary>
/// <param name="Variable">The variable.</param>
/// <param name="Unit">The unit readings are expected in (others accepted for the variable are converted too).</param>
/// <param name="IntervalMinutes">The reporting interval (1 to 60 minutes); a reading's time is the end of its interval.</param>
/// <param name="Qc">QC and gap-filling settings.</param>
public sealed record StationVariable(MonitoredVariable Variable, string Unit, int IntervalMinutes, QcSettings Qc);

/// <summary>A monitoring station as registered.</summary>
/// <param name="Id">Station id.</param>
/// <param name="Kind">Kind of station.</param>
/// <param name="Longitude">Longitude, degrees (CGCS2000/WGS84).</param>
/// <param name="Latitude">Latitude, degrees.</param>
/// <param name="Variables">The variables it measures.</param>
/// <param name="Units">The accounting units it represents.</param>
public sealed record Station(string Id, StationKind Kind, decimal Longitude, decimal Latitude, IReadOnlyList<StationVariable> Variables,
    IReadOnlyList<RepresentedUnit> Units)
{
    /// <summary>The settings of a variable, or null when the station does not measure it.</summary>
    public StationVariable? Find(MonitoredVariable v) => Variables.FirstOrDefault(x => x.Variable == v);
}
