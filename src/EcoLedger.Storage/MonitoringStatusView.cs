using System.Globalization;
using EcoLedger.Monitoring;

namespace EcoLedger.Storage;

/// <summary>
/// The live account and pricing basis as both hosts publish it: <c>monitor status --json</c> and <c>GET /api/monitoring/status</c>
/// serialize this record with the journal's JSON conventions, so the two show the same members and the same rounding.
/// </summary>
/// <param name="Year">Account year (UTC+8).</param>
/// <param name="AsOf">As-of date, <c>yyyy-MM-dd</c>.</param>
/// <param name="Readings">Readings stored (corrections included).</param>
/// <param name="Superseded">Readings superseded by a correction.</param>
/// <param name="Series">Station variables with their QC counts.</param>
/// <param name="Regions">Region totals.</param>
/// <param name="Projects">The projects' live pricing basis.</param>
/// <param name="Water">Water conservation by region.</param>
public sealed record MonitoringStatusView(int Year, string AsOf, long Readings, long Superseded, IReadOnlyList<SeriesView> Series,
    IReadOnlyList<RegionView> Regions, IReadOnlyList<ProjectBasisView> Projects, IReadOnlyList<WaterView> Water)
{
    /// <summary>The published form of <paramref name="s"/> (shares to 4 places, tonnes to 6 (YTD) and 3 (projection), water to 3 and the fen).</summary>
    public static MonitoringStatusView Of(MonitoringStatus s)
    {
        ArgumentNullException.ThrowIfNull(s);
        return new MonitoringStatusView(s.Year, s.AsOf.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), s.Readings, s.Superseded,
            s.Series.Select(x => new SeriesView(x.Series.StationId, x.Station.Kind.Name(), x.Series.Variable,
                MonitoringRecords.ParseVariable(x.Series.Variable).AmountUnit(), x.Series.Total, x.Series.Filled, x.Series.Slots, x.Series.ValidSlots,
                x.Series.LinearSlots, x.Series.DiurnalSlots, x.Series.UnfilledSlots, x.Series.RangeFlags, x.Series.SpikeFlags, x.Series.StuckFlags,
                x.Series.SourceFlags)).ToList(),
            s.Regions.Select(r => new RegionView(r.Region, r.Variable, r.Total, r.Variable == "nee" ? "g CO2" : "L", r.Units)).ToList(),
            s.Projects.Select(p => new ProjectBasisView(p.ProjectId, p.UnitsMonitored, p.UnitsTotal, Round(p.YtdTonnes, 6), Round(p.ObservedShare, 4),
                Round(p.FilledShare, 4), p.ProjectedTonnes is { } t ? Round(t, 3) : null, p.UnitsWithoutPrior, p.Gross, p.Buffer, p.Haircut, p.Issuable, p.Price?.Quote.Market,
                p.Price?.Quote.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), p.Price?.Quote.Price.Amount, p.Value?.Amount,
                p.Qualification switch { BasisQualification.Qualified => "qualified", BasisQualification.NotProjected => "not_projected", _ => "unqualified" },
                p.Floor.MinObservedShare, p.Floor.MaxFilledShare, p.Note)).ToList(),
            s.Water.Select(w => new WaterView(w.Region, w.Units, Math.Round(w.CubicMetres, 3), Math.Round(w.ValueCny, 2), w.NotComputed)).ToList());
    }

    private static decimal Round(decimal d, int places) => decimal.Round(d, places, MidpointRounding.AwayFromZero);
}

/// <summary>One station variable's year-to-date account and QC flag counts.</summary>
/// <param name="Station">Station id.</param>
/// <param name="Kind">Station kind.</param>
/// <param name="Variable">Variable.</param>
/// <param name="AmountUnit">Unit of <paramref name="Total"/> and <paramref name="Filled"/> (µg CO₂ ha⁻¹ or µm).</param>
/// <param name="Total">Year-to-date amount, measured and filled.</param>
/// <param name="Filled">Of it, gap-filled.</param>
/// <param name="Slots">Intervals from the first to the last reading.</param>
/// <param name="ValidSlots">Intervals with a reading that passed QC.</param>
/// <param name="LinearSlots">Intervals filled linearly.</param>
/// <param name="DiurnalSlots">Intervals filled by the mean diurnal course.</param>
/// <param name="UnfilledSlots">Intervals left unfilled.</param>
/// <param name="RangeFlags">Readings out of the physical range.</param>
/// <param name="SpikeFlags">Spikes.</param>
/// <param name="StuckFlags">Stuck-sensor readings.</param>
/// <param name="SourceFlags">Readings the sender flagged.</param>
public sealed record SeriesView(string Station, string Kind, string Variable, string AmountUnit, long Total, long Filled, int Slots, int ValidSlots,
    int LinearSlots, int DiurnalSlots, int UnfilledSlots, int RangeFlags, int SpikeFlags, int StuckFlags, int SourceFlags);

/// <summary>A region total.</summary>
/// <param name="Region">Region.</param>
/// <param name="Variable">Variable.</param>
/// <param name="Total">Total in <paramref name="Unit"/>.</param>
/// <param name="Unit">g CO₂ for NEE, L for water depths.</param>
/// <param name="Units">Units contributing.</param>
public sealed record RegionView(string Region, string Variable, long Total, string Unit, int Units);

/// <summary>A project's live pricing basis (<see cref="ProjectBasis"/>; methodology/monitoring.md §5).</summary>
/// <param name="Project">Project id.</param>
/// <param name="UnitsMonitored">Units with a flux station.</param>
/// <param name="UnitsTotal">Units of the project.</param>
/// <param name="YtdTCo2">Year-to-date sequestration, t CO₂.</param>
/// <param name="ObservedShare">Share of the year observed.</param>
/// <param name="FilledShare">Share of the observed intervals gap-filled.</param>
/// <param name="ProjectedTCo2">Projected full-year sequestration, t CO₂.</param>
/// <param name="UnitsWithoutPrior">Units projected linearly.</param>
/// <param name="Gross">Whole tonnes of the projection.</param>
/// <param name="Buffer">Buffer-pool share, t.</param>
/// <param name="Haircut">Delivery-risk haircut, when given.</param>
/// <param name="Issuable">Issuable tonnes after buffer and haircut, when a haircut was given.</param>
/// <param name="Market">Price market, when given.</param>
/// <param name="PriceDate">Date of the quote used.</param>
/// <param name="PriceCnyPerT">The quote, CNY per t.</param>
/// <param name="ValueCny">Issuable × price, CNY to the fen.</param>
/// <param name="Qualification"><c>qualified</c>, <c>not_projected</c> (below the floor: projection, gross, buffer, issuable and value withheld)
/// or <c>unqualified</c> (no minimum observed share configured).</param>
/// <param name="MinObservedShare">The configured minimum observed share, when set.</param>
/// <param name="MaxFilledShare">The configured maximum gap-filled share, when set.</param>
/// <param name="Note">The qualification in words, e.g. <c>not projected: observed 0.01 % &lt; minimum 5.00 %</c>.</param>
public sealed record ProjectBasisView(string Project, int UnitsMonitored, int UnitsTotal, decimal YtdTCo2, decimal ObservedShare, decimal FilledShare,
    decimal? ProjectedTCo2, int UnitsWithoutPrior, long? Gross, long? Buffer, decimal? Haircut, long? Issuable, string? Market, string? PriceDate,
    decimal? PriceCnyPerT, decimal? ValueCny, string Qualification, decimal? MinObservedShare, decimal? MaxFilledShare, string Note);

/// <summary>Water conservation of a region's monitored units.</summary>
/// <param name="Region">Region.</param>
/// <param name="Units">Units computed.</param>
/// <param name="CubicMetres">Water conserved, m³.</param>
/// <param name="ValueCny">Its value, CNY.</param>
/// <param name="NotComputed">Units not computed, with the reason.</param>
public sealed record WaterView(string Region, int Units, double CubicMetres, decimal ValueCny, IReadOnlyList<string> NotComputed);
