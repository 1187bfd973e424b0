using System.Globalization;
using EcoLedger.Ledger;
using EcoLedger.Pricing;
using EcoLedger.Server.Auth;
using EcoLedger.Server.Hosting;
using EcoLedger.Storage;
using static EcoLedger.Server.Auth.ServerRoles;

namespace EcoLedger.Server.Endpoints;

/// <summary>A stored price quote (<c>price show --json</c>).</summary>
public sealed record PriceQuoteView(string Market, DateOnly Date, decimal PriceCnyPerT, string Source);

/// <summary>The price a market gives at a date: its last quote on or before it (<c>price show --as-of</c>).</summary>
public sealed record PriceAsOfView(string Market, DateOnly AsOf, DateOnly QuoteDate, int AgeDays, decimal PriceCnyPerT, string Source);

/// <summary>One valued holding: tonnes × price × vintage factor, rounded to the fen.</summary>
public sealed record HoldingValueView(string Holder, string Project, DateOnly VintageStart, DateOnly VintageEnd, string Status, long Tonnes, int AgeYears,
    decimal Factor, decimal ValueCny);

/// <summary>A subtotal of valued holdings.</summary>
public sealed record ValueTotalView(string Key, long Tonnes, decimal ValueCny);

/// <summary>Mark-to-market of holdings (<c>value holdings --json</c>).</summary>
public sealed record MarkToMarketView(DateOnly AsOf, PriceAsOfView Price, IReadOnlyList<HoldingValueView> Rows, IReadOnlyList<ValueTotalView> ByHolder,
    IReadOnlyList<ValueTotalView> ByClass, decimal TotalCny);

/// <summary>A pledge valued: collateral after haircut, loan, LTV and the margin-call flag (<c>value pledges --json</c>).</summary>
public sealed record PledgeValueView(string Pledge, string Kind, string Borrower, string Bank, string Subject, decimal MarketValueCny, decimal Haircut,
    decimal CollateralCny, decimal? LoanCny, decimal? Ltv, bool MarginCall);

/// <summary>Every pledge valued at a date against a margin threshold.</summary>
public sealed record PledgeValuationView(DateOnly AsOf, PriceAsOfView Price, decimal Threshold, IReadOnlyList<PledgeValueView> Pledges,
    IReadOnlyList<string> MarginCalls);

/// <summary>One year of a forward valuation.</summary>
public sealed record ForwardRowView(int T, int Year, decimal GrossT, decimal BufferT, decimal HaircutT, decimal NetT, decimal PriceCnyPerT, decimal ValueCny,
    decimal DiscountFactor, decimal PvCny);

/// <summary>Forward value (NPV) of a project's expected issuances (<c>value project --json</c>).</summary>
public sealed record ForwardValueView(string Project, DateOnly AsOf, PriceAsOfView Price, decimal NpvCny, IReadOnlyList<ForwardRowView> Schedule,
    IReadOnlyList<string> Assumptions);

/// <summary>
/// Green-finance reads: the price series, mark-to-market of holdings, pledges with LTV and margin calls, and the forward value of a
/// project, computed by the same code the CLI's <c>price show</c> and <c>value holdings|pledges|project</c> call (methodology/pricing.md).
/// Defaults are the CLI's: quotes at most 90 days old, haircut 0.3, margin threshold 0.8, flat price path, discount rate 0.08,
/// delivery haircut 0.1. Vintage discount tables and price curves are files on the CLI and are not taken here (no discount; flat or growth).
/// </summary>
public static class FinanceEndpoints
{
    /// <summary>Maps the finance reads under <c>/api/pricing</c>.</summary>
    public static void Map(IEndpointRouteBuilder app)
    {
        var pricing = app.MapGroup("/api/pricing").WithTags("pricing");
        pricing.MapGet("/prices", (string? market, LedgerHost host) => LedgerEndpoints.Read(host, db =>
            {
                var series = db.Prices();
                return (market is null ? series.Markets : [market]).SelectMany(series.Quotes)
                    .Select(q => new PriceQuoteView(q.Market, q.Date, q.Price.Amount, q.Source)).ToList();
            }))
            .Roles(ServerRoles.All.ToArray()).WithSummary("Stored price quotes by market and date (price show).");
        pricing.MapGet("/prices/as-of", (string as_of, string? market, int? max_age_days, LedgerHost host) => LedgerEndpoints.Read(host, db =>
            {
                var d = CommandInput.Date(as_of, "as_of");
                var series = db.Prices();
                return (market is null ? series.Markets : [market]).Select(m => Price(series.AsOf(m, d, MaxAge(max_age_days)))).ToList();
            }))
            .Roles(ServerRoles.All.ToArray()).WithSummary("The price each market gives at a date: its last quote on or before it (price show --as-of).");
        pricing.MapGet("/mark-to-market", (string market, string as_of, int? max_age_days, string? holder, string? project, HttpContext http, LedgerHost host) =>
            {
                var caller = Caller.Of(http.User);
                // A holder values its own holdings; the registry, overseers and banks value anyone's (a bank sizes collateral).
                if (!caller.Oversees && !caller.Has(Bank))
                {
                    if (holder is not null && holder != caller.Participant)
                    {
                        return Task.FromResult(Http.Problems.Problem(StatusCodes.Status403Forbidden, "Forbidden",
                            $"A {string.Join("/", caller.Roles)} values only its own holdings; '{holder}' is another holder.", "forbidden", ["holder"]));
                    }
                    holder = caller.Participant;
                }
                return LedgerEndpoints.Read(host, db =>
                {
                    var d = CommandInput.Date(as_of, "as_of");
                    var price = db.Prices().AsOf(market, d, MaxAge(max_age_days));
                    var values = MarkToMarket.Value(db.Holdings(holder, project), price.Quote.Price, VintageDiscounts.None, d);
                    return new MarkToMarketView(d, Price(price),
                        values.Select(v => new HoldingValueView(v.Holding.Holder, v.Holding.Project, v.Holding.VintageStart, v.Holding.VintageEnd, v.Holding.Status,
                            v.Holding.Tonnes, v.AgeYears, v.Factor, v.Value.Amount)).ToList(),
                        Totals(MarkToMarket.Totals(values, h => h.Holder)),
                        Totals(MarkToMarket.Totals(values, h => string.Create(CultureInfo.InvariantCulture, $"{h.Project} {h.VintageStart:yyyy-MM-dd}..{h.VintageEnd:yyyy-MM-dd}"))),
                        values.Sum(v => v.Value.Amount));
                });
            })
            .Roles(ServerRoles.All.ToArray()).WithSummary("Mark-to-market of holdings at a market's as-of price (value holdings); a holder sees its own.");
        pricing.MapGet("/pledges/valuation", (string market, string as_of, int? max_age_days, string? haircut, string? threshold, string? path, string? growth,
                string? discount_rate, string? delivery_haircut, HttpContext http, LedgerHost host) =>
            {
                var caller = Caller.Of(http.User);
                return LedgerEndpoints.Read(host, db =>
                {
                    var d = CommandInput.Date(as_of, "as_of");
                    var price = db.Prices().AsOf(market, d, MaxAge(max_age_days));
                    decimal limit = Fraction(threshold ?? "0.8", "threshold", 100m);
                    var rows = db.ValuePledges(price, d, VintageDiscounts.None, Fraction(haircut ?? "0.3", "haircut"), limit,
                        Path(path, growth, price.Quote.Price.Amount), Fraction(discount_rate ?? "0.08", "discount_rate"), Fraction(delivery_haircut ?? "0.1", "delivery_haircut"))
                        .Where(p => caller.Oversees || p.Exposure.Bank == caller.Participant || p.Exposure.Borrower == caller.Participant)
                        .ToList();
                    return new PledgeValuationView(d, Price(price), limit,
                        rows.Select(p => new PledgeValueView(p.Exposure.PledgeId, p.Exposure.Kind, p.Exposure.Borrower, p.Exposure.Bank, p.Exposure.Subject,
                            p.Exposure.MarketValue.Amount, p.Exposure.Haircut, p.Collateral.Amount, p.Exposure.Loan?.Amount,
                            p.Ltv is { } l ? decimal.Round(l, 6) : null, p.MarginCall)).ToList(),
                        rows.Where(p => p.MarginCall).Select(p => p.Exposure.PledgeId).ToList());
                });
            })
            .Roles(Registry, Bank, Bureau, Auditor)
            .WithSummary("Each pledge (credits and share certificates) with collateral value, LTV and the margin-call flag (value pledges); a bank sees its own.");
        pricing.MapGet("/projects/{id}/forward-value", (string id, string market, string as_of, string tonnes_per_year, int? years, int? max_age_days, string? buffer,
                string? path, string? growth, string? discount_rate, string? delivery_haircut, LedgerHost host) => LedgerEndpoints.Read(host, db =>
            {
                var d = CommandInput.Date(as_of, "as_of");
                var price = db.Prices().AsOf(market, d, MaxAge(max_age_days));
                var (_, bufferBp, _, periodEnd) = db.ProjectUnits(id);
                if (!decimal.TryParse(tonnes_per_year, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var perYear) || perYear <= 0m)
                {
                    throw LedgerException.ForFields($"{{tonnes_per_year}} must be a positive number of t CO2e a year; got '{tonnes_per_year}'.", "tonnes_per_year");
                }
                int n = ForwardValuation.Horizon(years, d.Year, periodEnd);
                var rows = ForwardValuation.Constant(perYear, d.Year + 1, n);
                decimal b = buffer is { } bt ? Fraction(bt, "buffer") : bufferBp / 10_000m;
                var result = ForwardValuation.Value(new ForwardInputs(rows, d.Year, b, Fraction(delivery_haircut ?? "0.1", "delivery_haircut"),
                    Path(path, growth, price.Quote.Price.Amount), Fraction(discount_rate ?? "0.08", "discount_rate")));
                string source = string.Create(CultureInfo.InvariantCulture, $"expected sequestration: {perYear:0.###} t CO2/yr for {n} years (given)");
                string priceLine = string.Create(CultureInfo.InvariantCulture,
                    $"price {price.Quote.Price.Amount:0.00} CNY/t on {price.Quote.Market}, quoted {price.Quote.Date:yyyy-MM-dd} ({price.AgeDays} days before {d:yyyy-MM-dd}; source: {price.Quote.Source})");
                return new ForwardValueView(id, d, Price(price), result.Npv.Amount,
                    result.Rows.Select(x => new ForwardRowView(x.T, x.Year, x.Gross, x.Buffer, x.Haircut, x.Net, x.Price, x.Value.Amount, decimal.Round(x.DiscountFactor, 10),
                        x.PresentValue.Amount)).ToList(),
                    new[] { source, priceLine }.Concat(result.Assumptions).ToList());
            }))
            .Roles(ServerRoles.All.ToArray())
            .WithSummary("Forward value (NPV) of a project's expected issuances from a constant yearly sequestration (value project with a constant schedule).");
    }

    private static PriceAsOfView Price(PriceAsOf p) => new(p.Quote.Market, p.AsOf, p.Quote.Date, p.AgeDays, p.Quote.Price.Amount, p.Quote.Source);

    private static List<ValueTotalView> Totals(IEnumerable<(string Key, long Tonnes, EcoLedger.Money.Money Value)> totals) =>
        totals.Select(t => new ValueTotalView(t.Key, t.Tonnes, t.Value.Amount)).ToList();

    private static int MaxAge(int? days) => days is null ? 90
        : days >= 0 ? days.Value : throw LedgerException.ForFields($"{{max_age_days}} must be 0 or more; got {days}.", "max_age_days");

    /// <summary>A fraction in [0, max]; a refusal names the query parameter.</summary>
    private static decimal Fraction(string text, string field, decimal max = 1m)
    {
        try
        {
            return Fen.Fraction(text, "{" + field + "}", max);
        }
        catch (LedgerException e)
        {
            throw LedgerException.ForFields(e.Message, field);
        }
    }

    private static PricePath Path(string? path, string? growth, decimal p0) => (path ?? "flat") switch
    {
        // A growth rate with the flat path would be ignored in silence, as the CLI refuses it too.
        "flat" when growth is not null => throw LedgerException.ForFields("{growth} applies to the growth path only, and this valuation uses the flat path: set {path} to growth, or drop {growth}.", "growth", "path"),
        "flat" => new FlatPath(p0),
        "growth" => new GrowthPath(p0, Fraction(growth ?? "0", "growth")),
        var other => throw LedgerException.ForFields($"Unknown {{path}} '{other}': expected flat or growth (a price curve is a file: use the CLI).", "path"),
    };
}
