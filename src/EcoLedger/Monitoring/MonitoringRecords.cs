using System.Globalization;

namespace EcoLedger.Monitoring;

/// <summary>Conversions between the domain types and their journal records (decimals as exact invariant text, times as UTC ISO 8601).</summary>
public static class MonitoringRecords
{
    /// <summary>Exact invariant text of a decimal, without trailing zeros.</summary>
    public static string Text(decimal d) => (d / 1.0000000000000000000000000000m).ToString(CultureInfo.InvariantCulture);

    /// <summary>Parses exact invariant text.</summary>
    public static decimal Dec(string s) => decimal.Parse(s, NumberStyles.Float, CultureInfo.InvariantCulture);

    /// <summary>The journal form of a UTC time.</summary>
    public static string Time(DateTime utc) => utc.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    /// <summary>Parses the journal form of a UTC time.</summary>
    public static DateTime ParseTime(string s) =>
        DateTime.ParseExact(s, "yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal);

    /// <summary>Parses a variable name that the journal or a table wrote.</summary>
    public static MonitoredVariable ParseVariable(string s) =>
        MonitoredVariables.TryParse(s, out var v) ? v : throw new InvalidOperationException($"Unknown monitored variable '{s}'.");

    /// <summary>The journal record of a station.</summary>
    public static StationRecord ToRecord(Station s)
    {
        ArgumentNullException.ThrowIfNull(s);
        return new StationRecord(s.Id, s.Kind.Name(), Text(s.Longitude), Text(s.Latitude),
            s.Variables.Select(v => new VariableRecord(v.Variable.Name(), v.Unit, v.IntervalMinutes, Text(v.Qc.RangeMin), Text(v.Qc.RangeMax),
                v.Qc.SpikeZ is { } z ? Text(z) : null, v.Qc.SpikeWindowDays, v.Qc.StuckRun, v.Qc.LinearMaxGapMinutes, v.Qc.DiurnalWindowDays)).ToList(),
            s.Units.Select(u => new UnitRecord(u.UnitId, Text(u.Weight), Text(u.AreaHa), u.Region, u.Ecosystem, u.Subtype,
                u.PriorTCo2PerHa is { } p ? Text(p) : null)).ToList());
    }

    /// <summary>The station of a journal record.</summary>
    public static Station FromRecord(StationRecord r)
    {
        ArgumentNullException.ThrowIfNull(r);
        return new Station(r.Id, Ledger.LedgerNames.Parse<StationKind>(r.Kind), Dec(r.Longitude), Dec(r.Latitude),
            r.Variables.Select(v => new StationVariable(ParseVariable(v.Variable), v.Unit, v.IntervalMinutes,
                new QcSettings(Dec(v.RangeMin), Dec(v.RangeMax), v.SpikeZ is null ? null : Dec(v.SpikeZ), v.SpikeWindowDays, v.StuckRun,
                    v.LinearMaxGapMinutes, v.DiurnalWindowDays))).ToList(),
            r.Units.Select(u => new RepresentedUnit(u.UnitId, Dec(u.Weight), Dec(u.AreaHa), u.Region, u.Ecosystem, u.Subtype,
                u.PriorTCo2PerHa is null ? null : Dec(u.PriorTCo2PerHa))).ToList());
    }
}
