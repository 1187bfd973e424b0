using System.Globalization;

namespace EcoLedger.Monitoring;

/// <summary>Conversions between the domain types and their journal records (decimals as exact invariant text, times as UTC ISO 8601).</summary>
public static class MonitoringRecords
{
    /// <summary>Exact invariant text of a decimal, without trailing zeros.</summary>
    /// <remarks>Trailing zeros are cut from the invariant text rather than by dividing by 1.0…0 (which normalises the scale): the same text, at a fraction of the cost, once per reading.</remarks>
    public static string Text(decimal d)
    {
        if (d == 0m)
        {
            return "0";
        }
        string s = d.ToString(CultureInfo.InvariantCulture);
        if (d.Scale == 0)
        {
            return s;
        }
        int end = s.Length;
        while (s[end - 1] == '0')
        {
            end--;
        }
        if (s[end - 1] == '.')
        {
            end--;
        }
        return end == s.Length ? s : s[..end];
    }

    /// <summary>Parses exact invariant text.</summary>
    public static decimal Dec(string s) => decimal.Parse(s, NumberStyles.Float, CultureInfo.InvariantCulture);

    /// <summary>The journal form of a UTC time.</summary>
    /// <remarks>Written by hand: it runs once per reading on ingest and replay, where the custom-format path of <c>ToString</c> costs several times more.</remarks>
    public static string Time(DateTime utc) => string.Create(20, utc, static (span, t) =>
    {
        Digits(span[..4], t.Year);
        span[4] = '-';
        Digits(span.Slice(5, 2), t.Month);
        span[7] = '-';
        Digits(span.Slice(8, 2), t.Day);
        span[10] = 'T';
        Digits(span.Slice(11, 2), t.Hour);
        span[13] = ':';
        Digits(span.Slice(14, 2), t.Minute);
        span[16] = ':';
        Digits(span.Slice(17, 2), t.Second);
        span[19] = 'Z';
    });

    /// <summary>Parses the journal form of a UTC time.</summary>
    /// <remarks>The fixed layout <c>yyyy-MM-ddTHH:mm:ssZ</c> is read by position; anything else goes through <c>ParseExact</c>, which also reports the error.</remarks>
    public static DateTime ParseTime(string s)
    {
        ArgumentNullException.ThrowIfNull(s);
        if (s.Length == 20 && s[4] == '-' && s[7] == '-' && s[10] == 'T' && s[13] == ':' && s[16] == ':' && s[19] == 'Z'
            && TryDigits(s.AsSpan(0, 4), out int y) && TryDigits(s.AsSpan(5, 2), out int mo) && TryDigits(s.AsSpan(8, 2), out int d)
            && TryDigits(s.AsSpan(11, 2), out int h) && TryDigits(s.AsSpan(14, 2), out int mi) && TryDigits(s.AsSpan(17, 2), out int sec)
            && y >= 1 && mo is >= 1 and <= 12 && d >= 1 && d <= DateTime.DaysInMonth(y, mo) && h < 24 && mi < 60 && sec < 60)
        {
            return new DateTime(y, mo, d, h, mi, sec, DateTimeKind.Utc);
        }
        return DateTime.ParseExact(s, "yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal);
    }

    private static void Digits(Span<char> span, int value)
    {
        for (int i = span.Length - 1; i >= 0; i--)
        {
            span[i] = (char)('0' + value % 10);
            value /= 10;
        }
    }

    private static bool TryDigits(ReadOnlySpan<char> s, out int value)
    {
        value = 0;
        foreach (char c in s)
        {
            if (c is < '0' or > '9')
            {
                return false;
            }
            value = value * 10 + (c - '0');
        }
        return true;
    }

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
