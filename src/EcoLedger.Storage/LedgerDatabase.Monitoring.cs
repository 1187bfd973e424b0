using System.Text.Json;
using EcoLedger.IO;
using EcoLedger.Ledger;
using EcoLedger.Monitoring;
using EcoLedger.Pricing;
using EcoLedger.Valuation.Files;
using EcoLedger.Valuation.Parameters;
using Microsoft.EntityFrameworkCore;

namespace EcoLedger.Storage;

/// <summary>One station variable's kept account with its station.</summary>
public sealed record StationStatus(Station Station, SeriesSummary Series);

/// <summary>What <c>monitor status</c> shows: the stations' accounts, region totals, the projects' live pricing basis and water conservation.</summary>
/// <param name="Year">Account year.</param>
/// <param name="AsOf">The data's as-of date (local date of the latest reading, or as given); the price is the latest on or before it.</param>
/// <param name="Series">Station variables.</param>
/// <param name="Regions">Region totals (g CO₂ for NEE, L for water depths).</param>
/// <param name="Projects">The pricing basis of each project with monitored units.</param>
/// <param name="Water">Water conservation by region.</param>
/// <param name="Readings">Readings stored (corrections included).</param>
/// <param name="Superseded">Readings superseded by a correction (kept, not counted).</param>
public sealed record MonitoringStatus(int Year, DateOnly AsOf, IReadOnlyList<StationStatus> Series, IReadOnlyList<RegionAccount> Regions,
    IReadOnlyList<ProjectBasis> Projects, IReadOnlyList<WaterBasis> Water, long Readings, long Superseded);

public sealed partial class LedgerDatabase
{
    /// <summary>The registered stations.</summary>
    public IReadOnlyList<Station> MonitoringStations()
    {
        using var ctx = NewContext();
        return ctx.MonitoringStations.AsNoTracking().OrderBy(s => s.Id).ToList()
            .Select(r => MonitoringRecords.FromRecord(JsonSerializer.Deserialize<StationRecord>(r.Definition, Journal.PayloadOptions)!)).ToList();
    }

    /// <summary>
    /// The input problems the command's engine finds (file, row, field), deciding it without writing anything; empty when it would be
    /// accepted or is refused for another reason (which running it reports). A host with syntax problems in the same file lists these
    /// with them, so one report names every problem.
    /// </summary>
    public IReadOnlyList<InputProblem> InputProblems(ICommand command, string? actor)
    {
        try
        {
            Commands.Decide(command, actor);
            return [];
        }
        catch (LedgerException e)
        {
            return e.Problems;
        }
    }

    /// <summary>The kept year-to-date account of every station variable and year.</summary>
    public IReadOnlyList<SeriesSummary> MonitoringSeries()
    {
        using var ctx = NewContext();
        return ctx.MonitoringSeries.AsNoTracking().ToList();
    }

    /// <summary>
    /// The live account and pricing basis. <paramref name="market"/> null values nothing; a project that does not exist is refused.
    /// </summary>
    /// <exception cref="LedgerException">Unknown project, no monitoring data, or no usable quote (the pricing module's as-of rule).</exception>
    /// <param name="year">Account year (default: the latest with readings).</param>
    /// <param name="projectId">Only this project.</param>
    /// <param name="haircut">Delivery-risk haircut, 0–1.</param>
    /// <param name="market">Price market.</param>
    /// <param name="asOf">As-of date.</param>
    /// <param name="maxAgeDays">Oldest usable quote.</param>
    /// <param name="floor">The minimum observed and maximum gap-filled shares a projection must meet (none: shown, flagged unqualified).</param>
    public MonitoringStatus MonitoringStatus(int? year, string? projectId, decimal? haircut, string? market, DateOnly? asOf, int maxAgeDays, BasisFloor? floor = null)
    {
        var stations = MonitoringStations().ToDictionary(s => s.Id, StringComparer.Ordinal);
        if (year is < GepRun.MinYear or > GepRun.MaxYear)
        {
            throw LedgerException.ForFields($"{{year}}: expected a year from {GepRun.MinYear} to {GepRun.MaxYear}; got {year}.", "year");
        }
        using var ctx = NewContext();
        int y = year ?? ctx.MonitoringSeries.Max(s => (int?)s.Year) ?? throw new LedgerException("No readings have been ingested yet (monitor ingest).");
        var series = ctx.MonitoringSeries.AsNoTracking().Where(s => s.Year == y).ToList()
            .OrderBy(s => s.StationId, StringComparer.Ordinal).ThenBy(s => s.Variable, StringComparer.Ordinal)
            .Select(s => new StationStatus(stations[s.StationId], s)).ToList();
        var last = ctx.MonitoringReadings.Where(r => r.Year == y).Max(r => (DateTime?)r.TimeUtc);
        var date = asOf ?? (last is { } l ? DateOnly.FromDateTime(AccountClock.Local(l)) : new DateOnly(y, 12, 31));
        var units = ctx.MonitoringUnits.AsNoTracking().Where(u => u.Year == y).ToList();
        var nee = units.Where(u => u.Variable == "nee").ToDictionary(u => u.UnitId, StringComparer.Ordinal);
        var projects = ctx.Projects.AsNoTracking().Include(p => p.Units).ToList().OrderBy(p => p.Id, StringComparer.Ordinal).ToList();
        if (projectId is not null)
        {
            projects = projects.Where(p => p.Id == projectId).ToList();
            if (projects.Count == 0)
            {
                throw LedgerException.ForFields($"Unknown project '{projectId}' ({{project}}).", "project");
            }
        }
        else
        {
            projects = projects.Where(p => p.Units.Any(u => nee.ContainsKey(u.UnitId))).ToList();
        }
        var price = market is null ? null : Prices().AsOf(market, date, maxAgeDays);
        var represented = new Dictionary<string, RepresentedUnit>(StringComparer.Ordinal);
        foreach (var u in stations.Values.SelectMany(s => s.Units))
        {
            represented.TryAdd(u.UnitId, u);
        }
        var bases = projects.Select(p => LiveBasis.ForProject(p, y, nee, represented, haircut, price, floor)).ToList();
        var regions = ctx.MonitoringRegions.AsNoTracking().Where(r => r.Year == y).ToList()
            .OrderBy(r => r.Region, StringComparer.Ordinal).ThenBy(r => r.Variable, StringComparer.Ordinal).ToList();
        var water = LiveBasis.Water(units, stations.Values, ParameterSet.Defaults());
        long readings = ctx.MonitoringReadings.LongCount();
        long superseded = ctx.MonitoringReadings.LongCount(r => r.SupersededBy != null);
        return new MonitoringStatus(y, date, series, regions, bases, water, readings, superseded);
    }
}
