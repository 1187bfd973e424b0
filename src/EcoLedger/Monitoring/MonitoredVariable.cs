namespace EcoLedger.Monitoring;

/// <summary>
/// A variable the live account integrates over time. Each has a QC unit (the unit its physical range and spike tests read) and an
/// integer amount unit (what one reading contributes over its interval), so that sums are exact and independent of order.
/// </summary>
public enum MonitoredVariable
{
    /// <summary>Net ecosystem exchange of CO₂ (negative = uptake); QC unit µmol CO₂ m⁻² s⁻¹; amount µg CO₂ ha⁻¹.</summary>
    Nee,

    /// <summary>Precipitation; QC unit mm per interval; amount µm of water depth.</summary>
    Precipitation,

    /// <summary>Evapotranspiration; QC unit mm per interval; amount µm of water depth.</summary>
    Evapotranspiration,

    /// <summary>Storm (quick-flow) runoff as a depth over the represented area; QC unit mm per interval; amount µm.</summary>
    Runoff,
}

/// <summary>Kinds of monitoring station (issue #18 §1).</summary>
public enum StationKind
{
    /// <summary>Eddy-covariance flux tower.</summary>
    FluxTower,

    /// <summary>Sap-flow sensors.</summary>
    SapFlow,

    /// <summary>Rain gauge.</summary>
    RainGauge,

    /// <summary>Stream gauge.</summary>
    StreamGauge,

    /// <summary>Soil moisture probe.</summary>
    SoilMoisture,

    /// <summary>Water-quality sonde.</summary>
    WaterQualitySonde,

    /// <summary>Weather station.</summary>
    WeatherStation,
}

/// <summary>Names of monitored variables and their units.</summary>
public static class MonitoredVariables
{
    /// <summary>The name used in files and the journal (<c>nee</c>, <c>precipitation</c>, …).</summary>
    public static string Name(this MonitoredVariable v) => v switch
    {
        MonitoredVariable.Nee => "nee",
        MonitoredVariable.Precipitation => "precipitation",
        MonitoredVariable.Evapotranspiration => "evapotranspiration",
        MonitoredVariable.Runoff => "runoff",
        _ => throw new ArgumentOutOfRangeException(nameof(v)),
    };

    private static readonly MonitoredVariable[] All = Enum.GetValues<MonitoredVariable>();

    /// <summary>All names, for messages.</summary>
    public static string Known => "nee, precipitation, evapotranspiration, runoff";

    /// <summary>Parses a variable name (case-insensitive).</summary>
    public static bool TryParse(string? text, out MonitoredVariable variable)
    {
        var name = text.AsSpan().Trim(); // once per reading on ingest and replay: no array or string per call
        foreach (var v in All)
        {
            if (name.Equals(v.Name(), StringComparison.OrdinalIgnoreCase))
            {
                variable = v;
                return true;
            }
        }
        variable = default;
        return false;
    }

    /// <summary>The unit of the QC value (range and spike tests).</summary>
    public static string QcUnit(this MonitoredVariable v) => v == MonitoredVariable.Nee ? "umol m-2 s-1" : "mm";

    /// <summary>The integer unit of an amount.</summary>
    public static string AmountUnit(this MonitoredVariable v) => v == MonitoredVariable.Nee ? "ug CO2 ha-1" : "um";

    /// <summary>True for water-depth variables (precipitation, evapotranspiration, runoff).</summary>
    public static bool IsWaterDepth(this MonitoredVariable v) => v != MonitoredVariable.Nee;
}

/// <summary>Names of station kinds.</summary>
public static class StationKinds
{
    /// <summary>The file name of a kind, e.g. <c>flux_tower</c>.</summary>
    public static string Name(this StationKind k) => Ledger.LedgerNames.Name(k);

    private static readonly MonitoredVariable[] All = Enum.GetValues<MonitoredVariable>();

    /// <summary>All names, for messages.</summary>
    public static string Known => string.Join(", ", Enum.GetValues<StationKind>().Select(k => k.Name()));

    /// <summary>Parses a kind name.</summary>
    public static bool TryParse(string? text, out StationKind kind)
    {
        foreach (var k in Enum.GetValues<StationKind>())
        {
            if (string.Equals(k.Name(), text?.Trim(), StringComparison.OrdinalIgnoreCase))
            {
                kind = k;
                return true;
            }
        }
        kind = default;
        return false;
    }
}
