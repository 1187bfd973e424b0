namespace EcoLedger.Monitoring;

/// <summary>
/// A reading as stored: append-only (a correction is a new reading that names the one it corrects, which stays); only its QC flags
/// change, when the readings around it change, and they are recomputed from the readings alone.
/// </summary>
public sealed class StoredReading
{
    private StoredReading()
    {
        StationId = Variable = Value = Unit = QcValue = "";
    }

    /// <summary>Creates a stored reading from its journal record.</summary>
    public StoredReading(ReadingRecord r, DateTime timeUtc, int year, long seq)
    {
        ArgumentNullException.ThrowIfNull(r);
        Id = r.Id;
        StationId = r.Station;
        Variable = r.Variable;
        TimeUtc = timeUtc;
        Year = year;
        OffsetMinutes = r.OffsetMinutes;
        Value = r.Value;
        Unit = r.Unit;
        Quality = r.Quality;
        QcValue = r.QcValue;
        Amount = r.Amount;
        CorrectsId = r.Corrects;
        RecordedSeq = seq;
    }

    /// <summary>A stored reading as a table row holds it (the store's read path: no journal record in between).</summary>
    public StoredReading(long id, string stationId, string variable, DateTime timeUtc, int year, int offsetMinutes, string value, string unit,
        string? quality, string qcValue, long amount, int flags, long? correctsId, long? supersededBy, long recordedSeq)
    {
        Id = id;
        StationId = stationId;
        Variable = variable;
        TimeUtc = timeUtc;
        Year = year;
        OffsetMinutes = offsetMinutes;
        Value = value;
        Unit = unit;
        Quality = quality;
        QcValue = qcValue;
        Amount = amount;
        Flags = flags;
        CorrectsId = correctsId;
        SupersededBy = supersededBy;
        RecordedSeq = recordedSeq;
    }

    /// <summary>Reading id.</summary>
    public long Id { get; private set; }

    /// <summary>Station.</summary>
    public string StationId { get; private set; }

    /// <summary>Variable name.</summary>
    public string Variable { get; private set; }

    /// <summary>End of the interval, UTC.</summary>
    public DateTime TimeUtc { get; private set; }

    /// <summary>Account year (UTC+8) of the interval.</summary>
    public int Year { get; private set; }

    /// <summary>The offset the time was given in.</summary>
    public int OffsetMinutes { get; private set; }

    /// <summary>Value as given (exact text).</summary>
    public string Value { get; private set; }

    /// <summary>Unit as given.</summary>
    public string Unit { get; private set; }

    /// <summary>The sender's quality field.</summary>
    public string? Quality { get; private set; }

    /// <summary>Value in the QC unit (exact text).</summary>
    public string QcValue { get; private set; }

    /// <summary>Amount over the interval, integer amount unit.</summary>
    public long Amount { get; private set; }

    /// <summary>QC flags (<see cref="QcFlags"/>), recomputed with the series.</summary>
    public int Flags { get; private set; }

    /// <summary>The reading this one corrects.</summary>
    public long? CorrectsId { get; private set; }

    /// <summary>The reading that corrects this one; a superseded reading is kept but no longer counted.</summary>
    public long? SupersededBy { get; private set; }

    /// <summary>The journal entry that recorded it.</summary>
    public long RecordedSeq { get; private set; }

    /// <summary>Marks the reading as corrected by <paramref name="id"/>.</summary>
    public void Supersede(long id) => SupersededBy = id;

    /// <summary>Sets the QC flags.</summary>
    public void SetFlags(QcFlags flags) => Flags = (int)flags;

    /// <summary>The reading as the account reads it.</summary>
    public Reading ToReading() => new(StationId, MonitoringRecords.ParseVariable(Variable), TimeUtc, OffsetMinutes, MonitoringRecords.Dec(Value), Unit,
        Quality, MonitoringRecords.Dec(QcValue), Amount);
}

/// <summary>The kept account of one station variable in one year (summary of <see cref="SeriesResult"/>).</summary>
public sealed class SeriesSummary
{
    private SeriesSummary()
    {
        StationId = Variable = "";
    }

    /// <summary>Builds the summary of a computed series.</summary>
    public SeriesSummary(string stationId, string variable, int year, SeriesResult r)
    {
        ArgumentNullException.ThrowIfNull(r);
        StationId = stationId;
        Variable = variable;
        Year = year;
        Total = r.Total;
        Filled = r.FilledTotal;
        Slots = r.Slots;
        ValidSlots = r.ValidSlots;
        LinearSlots = r.LinearSlots;
        DiurnalSlots = r.DiurnalSlots;
        UnfilledSlots = r.UnfilledSlots;
        RangeFlags = r.Count(QcFlags.Range);
        SpikeFlags = r.Count(QcFlags.Spike);
        StuckFlags = r.Count(QcFlags.Stuck);
        SourceFlags = r.Count(QcFlags.Source);
    }

    /// <summary>A summary from its sums (the incremental path keeps them by the exact change of each day).</summary>
    public SeriesSummary(string stationId, string variable, int year, long total, long filled, int slots, int validSlots, int linearSlots,
        int diurnalSlots, int unfilledSlots, int rangeFlags, int spikeFlags, int stuckFlags, int sourceFlags)
    {
        StationId = stationId;
        Variable = variable;
        Year = year;
        Total = total;
        Filled = filled;
        Slots = slots;
        ValidSlots = validSlots;
        LinearSlots = linearSlots;
        DiurnalSlots = diurnalSlots;
        UnfilledSlots = unfilledSlots;
        RangeFlags = rangeFlags;
        SpikeFlags = spikeFlags;
        StuckFlags = stuckFlags;
        SourceFlags = sourceFlags;
    }

#pragma warning disable CS1591 // the columns mirror SeriesResult
    public string StationId { get; private set; }
    public string Variable { get; private set; }
    public int Year { get; private set; }
    public long Total { get; private set; }
    public long Filled { get; private set; }
    public int Slots { get; private set; }
    public int ValidSlots { get; private set; }
    public int LinearSlots { get; private set; }
    public int DiurnalSlots { get; private set; }
    public int UnfilledSlots { get; private set; }
    public int RangeFlags { get; private set; }
    public int SpikeFlags { get; private set; }
    public int StuckFlags { get; private set; }
    public int SourceFlags { get; private set; }
#pragma warning restore CS1591

    /// <summary>The journal entry that pruned this series' raw readings (retention); its account is final from then on. Null while they are kept.</summary>
    public long? PrunedSeq { get; private set; }

    /// <summary>Marks the raw readings as pruned by journal entry <paramref name="seq"/>.</summary>
    public void Pruned(long seq) => PrunedSeq = seq;

    /// <summary>Intervals counted (valid or filled).</summary>
    public int CoveredSlots => ValidSlots + LinearSlots + DiurnalSlots;
}

/// <summary>One kept hourly or daily aggregate of a station variable.</summary>
public sealed record AggregateRow(string StationId, string Variable, string Period, DateTime Start, long Measured, long Filled, int Readings, int Flagged,
    int FilledSlots, int UnfilledSlots, int DiurnalSlots);

/// <summary>
/// The kept year-to-date account of one unit for one variable: the weighted per-hectare amount of the stations representing it, and
/// the unit's total in an integer unit (g CO₂ for NEE, litres for water depths).
/// </summary>
/// <param name="UnitId">Unit.</param>
/// <param name="Variable">Variable name.</param>
/// <param name="Year">Account year.</param>
/// <param name="Region">Region.</param>
/// <param name="AreaHa">Area (exact text).</param>
/// <param name="PerHa">Weighted per-hectare amount (µg CO₂ ha⁻¹ or µm), exact text.</param>
/// <param name="Total">Unit total, g CO₂ or L, rounded half away from zero.</param>
/// <param name="Stations">Stations contributing.</param>
/// <param name="CoveredSlots">Intervals counted over the contributing stations.</param>
/// <param name="FilledSlots">Of those, gap-filled.</param>
/// <param name="YearSlots">Intervals of the whole year over the contributing stations.</param>
public sealed record UnitAccount(string UnitId, string Variable, int Year, string Region, string AreaHa, string PerHa, long Total, int Stations,
    long CoveredSlots, long FilledSlots, long YearSlots);

/// <summary>The kept region total for one variable and year (sum of its units' totals, exact).</summary>
public sealed record RegionAccount(string Region, string Variable, int Year, long Total, int Units);
