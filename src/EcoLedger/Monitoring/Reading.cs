namespace EcoLedger.Monitoring;

/// <summary>Quality-control flags of a reading; any flag excludes it from the account (it is kept, never deleted).</summary>
[Flags]
public enum QcFlags
{
    /// <summary>Passed every test.</summary>
    None = 0,

    /// <summary>Outside the physical range.</summary>
    Range = 1,

    /// <summary>A spike: its double difference is beyond the robust z threshold of its moving window.</summary>
    Spike = 2,

    /// <summary>Part of a run of identical values (stuck sensor).</summary>
    Stuck = 4,

    /// <summary>The sender's own quality field marked it bad.</summary>
    Source = 8,
}

/// <summary>A reading as accepted: the input as given and its converted value.</summary>
/// <param name="Station">Station id.</param>
/// <param name="Variable">Variable.</param>
/// <param name="TimeUtc">End of the reading's interval, UTC.</param>
/// <param name="OffsetMinutes">The offset the time was given with (kept so the input can be shown as given).</param>
/// <param name="Value">The value as given (exact).</param>
/// <param name="Unit">The unit as given.</param>
/// <param name="Quality">The sender's quality field, if any (<c>bad</c> marks it <see cref="QcFlags.Source"/>).</param>
/// <param name="QcValue">The value in the variable's QC unit.</param>
/// <param name="Amount">The amount over the interval, in the variable's integer amount unit.</param>
public sealed record Reading(string Station, MonitoredVariable Variable, DateTime TimeUtc, int OffsetMinutes, decimal Value, string Unit,
    string? Quality, decimal QcValue, long Amount)
{
    /// <summary>True when the sender's quality field rejects the reading.</summary>
    public bool SourceRejected => Quality is not null && (Quality.Equals("bad", StringComparison.OrdinalIgnoreCase)
        || Quality.Equals("invalid", StringComparison.OrdinalIgnoreCase));
}

/// <summary>The days and years of the account: China Standard Time (UTC+8, no daylight saving), the legal time of every deployment.</summary>
public static class AccountClock
{
    /// <summary>UTC+8.</summary>
    public static readonly TimeSpan Offset = TimeSpan.FromHours(8);

    /// <summary>The local time of a UTC instant.</summary>
    public static DateTime Local(DateTime utc) => utc + Offset;

    /// <summary>The account year an interval ending at <paramref name="endUtc"/> of <paramref name="minutes"/> belongs to (by its start).</summary>
    public static int YearOf(DateTime endUtc, int minutes) => Local(endUtc.AddMinutes(-minutes)).Year;
}
