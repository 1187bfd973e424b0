using EcoLedger.Ledger;
using EcoLedger.Pricing;
using EcoLedger.Quantities;
using EcoLedger.Valuation;
using EcoLedger.Valuation.Indicators;
using EcoLedger.Valuation.Parameters;

namespace EcoLedger.Monitoring;

/// <summary>The live pricing basis of one project (methodology/monitoring.md §5).</summary>
/// <param name="ProjectId">Project.</param>
/// <param name="Year">Account year.</param>
/// <param name="UnitsMonitored">Project units with a flux station.</param>
/// <param name="UnitsTotal">Project units.</param>
/// <param name="YtdTonnes">Year-to-date sequestration of the monitored units, t CO₂ (= −Σ NEE).</param>
/// <param name="ObservedShare">Share of the year observed: intervals counted (valid or filled) over the year's intervals.</param>
/// <param name="FilledShare">Share of the counted intervals that were gap-filled.</param>
/// <param name="ProjectedTonnes">Projected full-year sequestration, t CO₂: YTD + Σ_u prior_u × A_u × (1 − s_u), the unobserved share of
/// each unit's year at its yearly GEP rate (or YTD_u / s_u for a unit without a prior); null when the floor withholds it.</param>
/// <param name="UnitsWithoutPrior">Monitored units projected linearly because the units file gave no yearly carbon inputs.</param>
/// <param name="Gross">Whole tonnes of the projection (floor; 0 for a net source); null when not projected.</param>
/// <param name="Buffer">Buffer-pool share (<see cref="Project.BufferShare"/>); null when not projected.</param>
/// <param name="Issuable">Issuable after the buffer and the delivery haircut: floor((gross − buffer) × (1 − h)); null without a haircut or a projection.</param>
/// <param name="Haircut">Delivery-risk haircut h (no default: it is the user's judgement of delivery risk).</param>
/// <param name="Price">The latest quote on or before the as-of date (<see cref="PriceSeries.AsOf"/>), when a market was given.</param>
/// <param name="Value">Issuable × price, rounded to the fen; null when not projected.</param>
/// <param name="Floor">The floor the projection was held to.</param>
/// <param name="Qualification">Whether the projection met the floor, was withheld by it, or was made without one.</param>
/// <param name="Note">Why, in the CLI's words, e.g. <c>not projected: observed 0.01 % &lt; minimum 5.00 %</c>.</param>
public sealed record ProjectBasis(string ProjectId, int Year, int UnitsMonitored, int UnitsTotal, decimal YtdTonnes, decimal ObservedShare, decimal FilledShare,
    decimal? ProjectedTonnes, int UnitsWithoutPrior, long? Gross, long? Buffer, long? Issuable, decimal? Haircut, PriceAsOf? Price, Money.Money? Value,
    BasisFloor Floor, BasisQualification Qualification, string Note);

/// <summary>How far a live projection may be trusted (methodology/monitoring.md §5.1).</summary>
public enum BasisQualification
{
    /// <summary>The observed share is at least the minimum and the gap-filled share at most the maximum (when one is set).</summary>
    Qualified,

    /// <summary>Below the floor: the projection and everything priced from it are withheld.</summary>
    NotProjected,

    /// <summary>No minimum observed share was configured: the projection is shown, flagged as held to no floor.</summary>
    Unqualified,
}

/// <summary>
/// The floor a live projection must clear before a full year is projected and valued from part of it (methodology/monitoring.md §5.1).
/// No source gives these shares for a pricing basis, so neither has a default: they are the lender's or registry's configuration.
/// </summary>
/// <param name="MinObservedShare">The least share of the year observed (counted intervals over the year's), 0–1; null: not configured.</param>
/// <param name="MaxFilledShare">The largest share of the counted intervals that may be gap-filled, 0–1; null: no limit.</param>
public sealed record BasisFloor(decimal? MinObservedShare, decimal? MaxFilledShare)
{
    /// <summary>No floor configured.</summary>
    public static readonly BasisFloor None = new(null, null);

    /// <summary>The floor, refused (naming the field) when a share is outside 0–1.</summary>
    /// <exception cref="LedgerException">A share outside 0–1.</exception>
    public static BasisFloor Of(decimal? minObservedShare, decimal? maxFilledShare)
    {
        if (minObservedShare is < 0m or > 1m)
        {
            throw LedgerException.ForFields($"The minimum observed share ({{min_observed}}) must be between 0 and 1; got {minObservedShare}.", "min_observed");
        }
        if (maxFilledShare is < 0m or > 1m)
        {
            throw LedgerException.ForFields($"The maximum gap-filled share ({{max_filled}}) must be between 0 and 1; got {maxFilledShare}.", "max_filled");
        }
        return new BasisFloor(minObservedShare, maxFilledShare);
    }

    /// <summary>Holds a basis' shares to the floor: the qualification and the sentence that says why.</summary>
    public (BasisQualification Qualification, string Note) Judge(decimal observed, decimal filled)
    {
        if (MinObservedShare is { } min && observed < min)
        {
            return (BasisQualification.NotProjected, $"not projected: observed {Percent(observed, min)} < minimum {Percent(min, observed)}");
        }
        if (MaxFilledShare is { } max && filled > max)
        {
            return (BasisQualification.NotProjected, $"not projected: gap-filled {Percent(filled, max)} > maximum {Percent(max, filled)}");
        }
        if (MinObservedShare is not { } floor)
        {
            return (BasisQualification.Unqualified, "unqualified: no minimum observed share is configured (--min-observed)");
        }
        return (BasisQualification.Qualified, MaxFilledShare is { } limit
            ? $"qualified: observed {Percent(observed, floor)} ≥ minimum {Percent(floor, observed)}, gap-filled {Percent(filled, limit)} ≤ maximum {Percent(limit, filled)}"
            : $"qualified: observed {Percent(observed, floor)} ≥ minimum {Percent(floor, observed)}");
    }

    /// <summary>A share as a percentage to 2 places, or more when 2 would show it equal to the share it is compared with.</summary>
    private static string Percent(decimal share, decimal other)
    {
        for (int places = 2; places < 8; places++)
        {
            if (share == other || decimal.Round(share * 100m, places, MidpointRounding.AwayFromZero) != decimal.Round(other * 100m, places, MidpointRounding.AwayFromZero))
            {
                return (share * 100m).ToString("0." + new string('0', places), System.Globalization.CultureInfo.InvariantCulture) + " %";
            }
        }
        return (share * 100m).ToString("0.00######", System.Globalization.CultureInfo.InvariantCulture) + " %";
    }
}

/// <summary>Water conservation of the monitored units of a region, by the GEP method (<see cref="WaterConservation"/>).</summary>
/// <param name="Region">Region.</param>
/// <param name="Units">Units with both precipitation and evapotranspiration streams.</param>
/// <param name="CubicMetres">Q = Σ A × (P − R − ET) × 10, negatives clamped to 0 per unit.</param>
/// <param name="ValueCny">Q × reservoir construction cost.</param>
/// <param name="NotComputed">Units with a water stream but missing P or ET (and no runoff coefficient), with the reason.</param>
public sealed record WaterBasis(string Region, int Units, double CubicMetres, decimal ValueCny, IReadOnlyList<string> NotComputed);

/// <summary>Computes the live pricing basis and the live water conservation from the kept unit accounts.</summary>
public static class LiveBasis
{
    /// <summary>The basis of <paramref name="project"/> from the NEE accounts of its units (by unit id).</summary>
    /// <remarks>
    /// YTD = −Σ_u total_u / 10⁶ t (totals in g CO₂); observed share s = Σ covered / Σ year intervals over the contributing stations;
    /// projection = YTD + Σ_u prior_u·A_u·(1 − s_u): the observed part as measured, the rest at the unit's yearly GEP rate spread evenly
    /// (the seasonal course of the remaining months is not modelled). Buffer as the
    /// ledger takes it at issuance (floor of gross × buffer basis points); haircut as the forward valuation applies it, q = (gross − b)(1 − h).
    /// </remarks>
    public static ProjectBasis ForProject(Project project, int year, IReadOnlyDictionary<string, UnitAccount> nee,
        IReadOnlyDictionary<string, RepresentedUnit> represented, decimal? haircut, PriceAsOf? price, BasisFloor? floor = null)
    {
        floor ??= BasisFloor.None;
        ArgumentNullException.ThrowIfNull(represented);
        ArgumentNullException.ThrowIfNull(project);
        ArgumentNullException.ThrowIfNull(nee);
        if (haircut is < 0m or > 1m)
        {
            throw LedgerException.ForFields($"The delivery haircut ({{haircut}}) must be between 0 and 1; got {haircut}.", "haircut");
        }
        var accounts = project.Units.Select(u => nee.GetValueOrDefault(u.UnitId)).OfType<UnitAccount>().ToList();
        decimal ytd = -accounts.Sum(a => a.Total) / 1_000_000m;
        long covered = accounts.Sum(a => a.CoveredSlots), yearSlots = accounts.Sum(a => a.YearSlots), filled = accounts.Sum(a => a.FilledSlots);
        decimal observed = yearSlots == 0 ? 0m : (decimal)covered / yearSlots;
        decimal filledShare = covered == 0 ? 0m : (decimal)filled / covered;
        decimal projected = 0m;
        int withoutPrior = 0;
        foreach (var a in accounts)
        {
            decimal ytdU = -a.Total / 1_000_000m;
            decimal s = a.YearSlots == 0 ? 0m : (decimal)a.CoveredSlots / a.YearSlots;
            if (represented.GetValueOrDefault(a.UnitId)?.PriorTCo2PerHa is { } prior)
            {
                projected += ytdU + prior * MonitoringRecords.Dec(a.AreaHa) * (1m - s);
            }
            else
            {
                withoutPrior++;
                projected += s == 0m ? 0m : ytdU / s;
            }
        }
        var (qualification, note) = floor.Judge(observed, filledShare);
        if (qualification == BasisQualification.NotProjected)
        {
            // Below the floor nothing derived from the projection is quoted: not the tonnes, not the issuable quantity, not its value.
            return new ProjectBasis(project.Id, year, accounts.Count, project.Units.Count, ytd, observed, filledShare, null, withoutPrior, null, null, null, haircut,
                price, null, floor, qualification, note);
        }
        long gross = projected <= 0m ? 0 : (long)decimal.Floor(projected);
        long buffer = project.BufferShare(gross);
        long? issuable = haircut is { } h ? (long)decimal.Floor((gross - buffer) * (1m - h)) : null;
        var value = price is null || issuable is null ? (Money.Money?)null : Fen.Round(issuable.Value * price.Quote.Price.Amount);
        return new ProjectBasis(project.Id, year, accounts.Count, project.Units.Count, ytd, observed, filledShare, projected, withoutPrior, gross, buffer, issuable, haircut,
            price, value, floor, qualification, note);
    }

    /// <summary>
    /// Water conservation per region from the units' precipitation, evapotranspiration and (when streamed) runoff accounts, computed by
    /// the GEP indicator itself (<see cref="WaterConservation"/>) with <paramref name="parameters"/>.
    /// </summary>
    public static IReadOnlyList<WaterBasis> Water(IEnumerable<UnitAccount> units, IEnumerable<Station> stations, ParameterSet parameters)
    {
        ArgumentNullException.ThrowIfNull(units);
        ArgumentNullException.ThrowIfNull(stations);
        var represented = new Dictionary<string, RepresentedUnit>(StringComparer.Ordinal);
        foreach (var u in stations.SelectMany(s => s.Units))
        {
            represented.TryAdd(u.UnitId, u);
        }
        var indicator = new WaterConservation();
        var result = new List<WaterBasis>();
        foreach (var region in units.Where(u => MonitoredVariables.TryParse(u.Variable, out var v) && v.IsWaterDepth())
            .GroupBy(u => u.Region).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            double q = 0;
            decimal value = 0m;
            int n = 0;
            var missing = new List<string>();
            foreach (var unit in region.GroupBy(u => u.UnitId).OrderBy(g => g.Key, StringComparer.Ordinal))
            {
                var first = unit.First();
                var data = new MonitoringData();
                foreach (var a in unit)
                {
                    // per-hectare µm → mm
                    double mm = (double)(MonitoringRecords.Dec(a.PerHa) / 1000m);
                    data = MonitoringRecords.ParseVariable(a.Variable) switch
                    {
                        MonitoredVariable.Precipitation => data.With(MonitoringField.PrecipitationMm, mm),
                        MonitoredVariable.Evapotranspiration => data.With(MonitoringField.EvapotranspirationMm, mm),
                        _ => data.With(MonitoringField.StormRunoffMm, mm),
                    };
                }
                var eco = Ecosystem.Forest;
                var sub = EcosystemSubtype.None;
                if (represented.TryGetValue(first.UnitId, out var ru))
                {
                    _ = EcosystemCodes.TryParseEcosystem(ru.Ecosystem, out eco);
                    _ = EcosystemCodes.TryParseSubtype(ru.Subtype, out sub);
                }
                var accounting = new AccountingUnit(first.UnitId, first.Region, eco, sub,
                    Area.FromHectares((double)MonitoringRecords.Dec(first.AreaHa)), data);
                var r = indicator.Compute(accounting, parameters);
                if (r.IsComputed)
                {
                    q += r.Quantity;
                    value += r.ValueCny;
                    n++;
                }
                else
                {
                    missing.Add($"{first.UnitId}: {r.NotComputedReason}");
                }
            }
            result.Add(new WaterBasis(region.Key, n, q, value, missing));
        }
        return result;
    }
}
