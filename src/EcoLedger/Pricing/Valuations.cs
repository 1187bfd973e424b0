using System.Globalization;

namespace EcoLedger.Pricing;

using Money = EcoLedger.Money.Money;

/// <summary>Rounding of pricing results: to the fen, midpoints away from zero (the ledger's and the GEP engine's rule).</summary>
public static class Fen
{
    /// <summary>Rounds an exact amount in CNY to whole fen, half away from zero.</summary>
    public static Money Round(decimal cny) => Money.Cny(decimal.Round(cny, 2, MidpointRounding.AwayFromZero));

    /// <summary>An amount in CNY as whole fen.</summary>
    public static long Of(Money m) => m.Round(MidpointRounding.AwayFromZero).ToMinorUnits();

    /// <summary>An amount someone entered (a loan, an income) as whole fen; a fraction of a fen is refused, never rounded.</summary>
    /// <exception cref="Ledger.LedgerException">The amount has a fraction of a fen.</exception>
    public static long Exact(Money m, string what) => m.IsRoundedToMinorUnit
        ? m.ToMinorUnits()
        : throw new Ledger.LedgerException($"{what} must be a whole number of fen (at most two decimals); got {m}.");

    /// <summary>Parses a CNY amount given with at most two decimals (e.g. a loan or an income on the command line).</summary>
    /// <exception cref="Ledger.LedgerException">Not a non-negative amount in whole fen.</exception>
    public static Money Parse(string text, string what)
    {
        if (!decimal.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var v) || v < 0m || decimal.Round(v, 2) != v)
        {
            throw new Ledger.LedgerException($"{what} must be an amount in CNY with at most two decimals (whole fen), 0 or more; got '{text}'.");
        }
        return Money.Cny(v);
    }

    /// <summary>Parses a fraction in [0, max].</summary>
    public static decimal Fraction(string text, string what, decimal max = 1m)
    {
        if (!decimal.TryParse(text, NumberStyles.AllowDecimalPoint | NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var v) || v < 0m || v > max)
        {
            throw new Ledger.LedgerException($"{what} must be a number from 0 to {max.ToString(CultureInfo.InvariantCulture)}; got '{text}'.");
        }
        return v;
    }
}

/// <summary>Credits of one class held by one holder in one status.</summary>
/// <param name="Holder">Holding account.</param>
/// <param name="Project">Project id.</param>
/// <param name="VintageStart">Vintage start.</param>
/// <param name="VintageEnd">Vintage end.</param>
/// <param name="Status">Block status (active, pledged, frozen).</param>
/// <param name="Tonnes">Credits (t CO2e).</param>
public sealed record Holding(string Holder, string Project, DateOnly VintageStart, DateOnly VintageEnd, string Status, long Tonnes);

/// <summary>A holding marked to market.</summary>
/// <param name="Holding">The holding.</param>
/// <param name="AgeYears">Vintage age at the valuation date.</param>
/// <param name="Factor">Vintage discount factor.</param>
/// <param name="Price">Market price per tonne as of the valuation date.</param>
/// <param name="Value">round(tonnes × price × factor) to the fen.</param>
public sealed record HoldingValue(Holding Holding, int AgeYears, decimal Factor, Money Price, Money Value);

/// <summary>Mark-to-market of credit holdings.</summary>
public static class MarkToMarket
{
    /// <summary>
    /// Values each holding: value = round(q × p × f) to the fen, half away from zero, where q is tonnes, p the as-of price per tonne
    /// and f the vintage discount factor. Totals are sums of the rounded rows, so a table always adds up.
    /// </summary>
    public static IReadOnlyList<HoldingValue> Value(IEnumerable<Holding> holdings, Money price, VintageDiscounts discounts, DateOnly asOf)
    {
        ArgumentNullException.ThrowIfNull(holdings);
        ArgumentNullException.ThrowIfNull(discounts);
        return holdings.Select(h =>
        {
            decimal f = discounts.Factor(h.VintageEnd, asOf);
            return new HoldingValue(h, VintageDiscounts.AgeYears(h.VintageEnd, asOf), f, price, Fen.Round(h.Tonnes * price.Amount * f));
        }).ToList();
    }

    /// <summary>Subtotals by a key (holder, or project and vintage), in ordinal order of the key.</summary>
    public static IReadOnlyList<(string Key, long Tonnes, Money Value)> Totals(IEnumerable<HoldingValue> values, Func<Holding, string> key) =>
        values.GroupBy(v => key(v.Holding), StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => (g.Key, g.Sum(v => v.Holding.Tonnes), g.Aggregate(Money.Zero(), (s, v) => s + v.Value))).ToList();
}

/// <summary>A price path for forward valuation: the price per tonne in year <c>t</c> after the base year.</summary>
public abstract record PricePath
{
    /// <summary>The price per tonne (exact, not rounded) in calendar year <paramref name="year"/>, <paramref name="t"/> years after the base.</summary>
    public abstract decimal PriceAt(int t, int year);

    /// <summary>A sentence stating the path, for the assumptions list.</summary>
    public abstract string Describe();
}

/// <summary>p_t = p0 for every year.</summary>
/// <param name="P0">Price per tonne in CNY.</param>
public sealed record FlatPath(decimal P0) : PricePath
{
    /// <inheritdoc/>
    public override decimal PriceAt(int t, int year) => P0;

    /// <inheritdoc/>
    public override string Describe() => string.Create(CultureInfo.InvariantCulture, $"flat price path: p_t = {P0:0.00} CNY/t every year");
}

/// <summary>p_t = p0 · (1 + g)^t.</summary>
/// <param name="P0">Price per tonne in CNY in the base year.</param>
/// <param name="Growth">Annual growth rate g (0.05 = 5 %).</param>
public sealed record GrowthPath(decimal P0, decimal Growth) : PricePath
{
    /// <inheritdoc/>
    public override decimal PriceAt(int t, int year)
    {
        decimal p = P0;
        for (int i = 0; i < t; i++)
        {
            p *= 1m + Growth;
        }
        return p;
    }

    /// <inheritdoc/>
    public override string Describe() => string.Create(CultureInfo.InvariantCulture,
        $"growth price path: p_t = {P0:0.00} × (1 + {Growth}) ^ t CNY/t");
}

/// <summary>A price per calendar year read from a curve file; a year missing from the curve takes the last earlier year's price.</summary>
/// <param name="Prices">Price per tonne in CNY by year.</param>
/// <param name="Source">The curve file, for the assumptions list.</param>
public sealed record CurvePath(IReadOnlyDictionary<int, decimal> Prices, string Source) : PricePath
{
    /// <inheritdoc/>
    public override decimal PriceAt(int t, int year)
    {
        var earlier = Prices.Keys.Where(y => y <= year).ToList();
        if (earlier.Count == 0)
        {
            throw new Ledger.LedgerException($"The price curve {Source} has no price for {year} or an earlier year; it starts in {Prices.Keys.Min()}.");
        }
        return Prices[earlier.Max()];
    }

    /// <inheritdoc/>
    public override string Describe() => $"price curve from {Source} (a year missing from the curve takes the last earlier year's price)";

    /// <summary>Reads <c>year,price_cny_per_t_co2e</c> rows.</summary>
    public static CurvePath Read(string file, TextReader text)
    {
        var prices = new SortedDictionary<int, decimal>();
        using var csv = new IO.CsvLineReader(text);
        if (!csv.Read() || csv.FieldCount < 2 || csv.GetString(0).Trim().TrimStart('\uFEFF') != "year")
        {
            throw new Ledger.LedgerException($"{file}: expected the header 'year,price_cny_per_t_co2e'.");
        }
        while (csv.Read())
        {
            if (csv.FieldCount < 2 || !int.TryParse(csv.GetString(0).Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out int y)
                || !decimal.TryParse(csv.GetString(1).Trim(), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var p) || p <= 0m
                || !prices.TryAdd(y, p))
            {
                throw new Ledger.LedgerException($"{file}, row {csv.LineNumber}: expected a new year and a positive price.");
            }
        }
        if (prices.Count == 0)
        {
            throw new Ledger.LedgerException($"{file}: the curve has no rows.");
        }
        return new CurvePath(prices, file);
    }
}

/// <summary>The inputs of a forward valuation.</summary>
/// <param name="Schedule">Expected gross sequestration by calendar year (t CO2e).</param>
/// <param name="BaseYear">The valuation year: year Y is discounted over t = Y − BaseYear years (t ≥ 1).</param>
/// <param name="BufferShare">Share b withheld for the buffer pool (0.10 = 10 %).</param>
/// <param name="DeliveryHaircut">Delivery-risk haircut h (0.05 = 5 %).</param>
/// <param name="Path">Price path.</param>
/// <param name="DiscountRate">Annual discount rate r (0.08 = 8 %).</param>
public sealed record ForwardInputs(IReadOnlyList<(int Year, decimal Tonnes)> Schedule, int BaseYear, decimal BufferShare,
    decimal DeliveryHaircut, PricePath Path, decimal DiscountRate);

/// <summary>One year of a forward valuation.</summary>
public sealed record ForwardRow(int T, int Year, decimal Gross, decimal Buffer, decimal Haircut, decimal Net, decimal Price,
    Money Value, decimal DiscountFactor, Money PresentValue);

/// <summary>A forward valuation: the schedule table, the NPV and the assumptions in words.</summary>
public sealed record ForwardResult(IReadOnlyList<ForwardRow> Rows, Money Npv, IReadOnlyList<string> Assumptions);

/// <summary>
/// Forward value of expected issuances: NPV = Σ_t q_t · p_t / (1 + r)^t with q_t = gross_t · (1 − b) · (1 − h).
/// </summary>
/// <remarks>
/// Each year's present value is rounded to the fen (half away from zero); the NPV is the sum of the rounded rows, so the schedule
/// table adds up to the NPV. Quantities and prices are kept exact (decimal) until then. See methodology/pricing.md.
/// </remarks>
public static class ForwardValuation
{
    /// <summary>Values the schedule.</summary>
    public static ForwardResult Value(ForwardInputs inputs)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        if (inputs.BufferShare is < 0m or > 1m || inputs.DeliveryHaircut is < 0m or > 1m)
        {
            throw new Ledger.LedgerException("The buffer share and the delivery-risk haircut must each be between 0 and 1.");
        }
        if (inputs.DiscountRate <= -1m)
        {
            throw new Ledger.LedgerException("The discount rate must be greater than −1.");
        }
        var rows = new List<ForwardRow>();
        var npv = Money.Zero();
        foreach (var (year, gross) in inputs.Schedule.OrderBy(s => s.Year))
        {
            int t = year - inputs.BaseYear;
            if (t < 1)
            {
                throw new Ledger.LedgerException($"Schedule year {year} is not after the valuation year {inputs.BaseYear}; forward value covers later years only.");
            }
            if (gross < 0m)
            {
                throw new Ledger.LedgerException($"Schedule year {year} has a negative quantity ({gross.ToString(CultureInfo.InvariantCulture)} t).");
            }
            decimal buffer = gross * inputs.BufferShare;
            decimal haircut = (gross - buffer) * inputs.DeliveryHaircut;
            decimal net = gross - buffer - haircut;
            decimal price = inputs.Path.PriceAt(t, year);
            decimal value = net * price;
            decimal growth = 1m;
            for (int i = 0; i < t; i++)
            {
                growth *= 1m + inputs.DiscountRate;
            }
            var pv = Fen.Round(value / growth);
            rows.Add(new ForwardRow(t, year, gross, buffer, haircut, net, price, Fen.Round(value), 1m / growth, pv));
            npv += pv;
        }
        var ci = CultureInfo.InvariantCulture;
        var assumptions = new List<string>
        {
            string.Create(ci, $"valuation year {inputs.BaseYear}; year Y is discounted over t = Y − {inputs.BaseYear} years"),
            string.Create(ci, $"buffer share b = {inputs.BufferShare} withheld from each year's gross sequestration"),
            string.Create(ci, $"delivery-risk haircut h = {inputs.DeliveryHaircut} on the rest: q_t = gross_t × (1 − b) × (1 − h)"),
            inputs.Path.Describe(),
            string.Create(ci, $"discount rate r = {inputs.DiscountRate}: PV_t = q_t × p_t / (1 + r)^t, rounded to the fen; NPV = Σ PV_t"),
        };
        return new ForwardResult(rows, npv, assumptions);
    }

    /// <summary>A constant annual quantity for <paramref name="years"/> years from <paramref name="firstYear"/>.</summary>
    public static IReadOnlyList<(int Year, decimal Tonnes)> Constant(decimal tonnesPerYear, int firstYear, int years) =>
        Enumerable.Range(firstYear, years).Select(y => (y, tonnesPerYear)).ToList();

    /// <summary>Reads an explicit schedule: <c>year,tonnes</c>.</summary>
    public static IReadOnlyList<(int Year, decimal Tonnes)> ReadSchedule(string file, TextReader text)
    {
        var rows = new List<(int, decimal)>();
        using var csv = new IO.CsvLineReader(text);
        if (!csv.Read() || csv.FieldCount < 2 || csv.GetString(0).Trim().TrimStart('\uFEFF') != "year" || csv.GetString(1).Trim() != "tonnes")
        {
            throw new Ledger.LedgerException($"{file}: expected the header 'year,tonnes'.");
        }
        while (csv.Read())
        {
            if (csv.FieldCount < 2 || !int.TryParse(csv.GetString(0).Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out int y)
                || !decimal.TryParse(csv.GetString(1).Trim(), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var q)
                || rows.Any(r => r.Item1 == y))
            {
                throw new Ledger.LedgerException($"{file}, row {csv.LineNumber}: expected a new year and a quantity in tonnes (0 or more).");
            }
            rows.Add((y, q));
        }
        return rows;
    }
}

/// <summary>What a pledge is worth to the bank that holds it.</summary>
/// <param name="PledgeId">The pledge: <c>credits@SEQ</c> (journal entry of the pledge) or a certificate id.</param>
/// <param name="Kind"><c>credits</c> or <c>certificate</c>.</param>
/// <param name="Borrower">The pledgor.</param>
/// <param name="Bank">The pledgee.</param>
/// <param name="Subject">What is pledged, in words (e.g. <c>18294 t SM_CT_1 2016–2020</c>).</param>
/// <param name="MarketValue">Market value of the collateral as of the valuation date.</param>
/// <param name="Haircut">Collateral haircut (0.30 = 30 %).</param>
/// <param name="Loan">Outstanding loan, when recorded.</param>
public sealed record PledgeExposure(string PledgeId, string Kind, string Borrower, string Bank, string Subject, Money MarketValue,
    decimal Haircut, Money? Loan);

/// <summary>A pledge valued: collateral, loan-to-value and the margin flag.</summary>
/// <param name="Exposure">The pledge.</param>
/// <param name="Collateral">round(market value × (1 − haircut)) to the fen.</param>
/// <param name="Ltv">loan / collateral, exact; null without a loan or with zero collateral.</param>
/// <param name="MarginCall">True when the loan is above threshold × collateral (LTV strictly above the threshold).</param>
public sealed record PledgeValue(PledgeExposure Exposure, Money Collateral, decimal? Ltv, bool MarginCall);

/// <summary>Collateral value, loan-to-value and the margin-call rule.</summary>
public static class PledgeValuation
{
    /// <summary>
    /// collateral = round(MV × (1 − haircut)); LTV = loan / collateral; margin call when LTV &gt; threshold, tested as
    /// loan &gt; threshold × collateral so that no division rounding decides a case at the threshold. A pledge exactly at the
    /// threshold is not called. A loan against zero collateral is always called.
    /// </summary>
    public static PledgeValue Evaluate(PledgeExposure e, decimal threshold)
    {
        ArgumentNullException.ThrowIfNull(e);
        if (e.Haircut is < 0m or > 1m)
        {
            throw new Ledger.LedgerException($"The haircut must be between 0 and 1; got {e.Haircut.ToString(CultureInfo.InvariantCulture)}.");
        }
        var collateral = Fen.Round(e.MarketValue.Amount * (1m - e.Haircut));
        if (e.Loan is not Money loan)
        {
            return new PledgeValue(e, collateral, null, false);
        }
        if (collateral.Amount == 0m)
        {
            return new PledgeValue(e, collateral, null, loan.Amount > 0m);
        }
        return new PledgeValue(e, collateral, loan.Amount / collateral.Amount, loan.Amount > threshold * collateral.Amount);
    }
}
