using System.Globalization;

namespace EcoLedger.Pricing;

using Money = EcoLedger.Money.Money;

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
        using var csv = new IO.CsvRecordReader(text, file);
        try
        {
            if (!csv.Read() || csv.FieldCount < 2 || csv.GetString(0).Trim() != "year")
            {
                throw new Ledger.LedgerException($"{file}: expected the header 'year,price_cny_per_t_co2e'.");
            }
            while (csv.Read())
            {
                if (csv.FieldCount < 2 || !int.TryParse(csv.GetString(0).Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out int y)
                    || !decimal.TryParse(csv.GetString(1).Trim(), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var p) || p <= 0m
                    || !prices.TryAdd(y, p))
                {
                    throw new Ledger.LedgerException($"{file}, {csv.Location}: expected a new year and a positive price.");
                }
            }
        }
        catch (IO.CsvFormatException e)
        {
            throw new Ledger.LedgerException(e.Message);
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
            decimal price = Checked(() => inputs.Path.PriceAt(t, year), "its price", year, t);
            decimal value = Checked(() => net * price, "its value q_t × p_t", year, t);
            decimal growth = Checked(() =>
            {
                decimal g = 1m;
                for (int i = 0; i < t; i++)
                {
                    g *= 1m + inputs.DiscountRate;
                }
                return g;
            }, "its discount divisor (1 + r)^t", year, t);
            var pv = Fen.Round(value / growth);
            rows.Add(new ForwardRow(t, year, gross, buffer, haircut, net, price, Fen.Round(value), 1m / growth, pv));
            try
            {
                npv += pv;
            }
            catch (OverflowException)
            {
                throw new Ledger.LedgerException(string.Create(CultureInfo.InvariantCulture,
                    $"The NPV exceeds the largest number a valuation holds (about 7.9 × 10^28) at year {year}; value fewer years or smaller quantities."));
            }
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

    /// <summary>
    /// The years a constant sequestration is valued for: <paramref name="years"/> when given, else to the end of the crediting period.
    /// Credits are issued only within the crediting period (a monitoring period outside it is refused), so a horizon of expected
    /// issuances ends there at the latest: 1 to (end year − valuation year) years. Beyond it, give an explicit schedule.
    /// </summary>
    /// <param name="years">The horizon asked for (<c>{years}</c>), or null for the default.</param>
    /// <param name="baseYear">The valuation year.</param>
    /// <param name="periodEnd">Last day of the project's crediting period.</param>
    /// <exception cref="Ledger.LedgerException">No year of the crediting period is left, or <paramref name="years"/> is not 1 to the years left.</exception>
    public static int Horizon(int? years, int baseYear, DateOnly periodEnd)
    {
        int left = periodEnd.Year - baseYear;
        if (left < 1)
        {
            throw new Ledger.LedgerException(string.Create(CultureInfo.InvariantCulture,
                $"The crediting period ends in {periodEnd.Year}: no year after {baseYear} to value (credits are issued only within the crediting period)."));
        }
        if (years is { } n && (n < 1 || n > left))
        {
            throw Ledger.LedgerException.ForFields(string.Create(CultureInfo.InvariantCulture,
                $"{{years}} must be from 1 to {left}: credits are issued only within the crediting period, which ends in {periodEnd.Year}, {left} years after the valuation year {baseYear}; got {n}."),
                "years");
        }
        return years ?? left;
    }

    /// <summary>
    /// Runs one step of a year's valuation; a result beyond decimal's range (about 7.9 × 10^28) — a growth or discount rate
    /// compounded over many years — is refused as bad input naming the rates, never thrown as an overflow.
    /// </summary>
    private static decimal Checked(Func<decimal> step, string what, int year, int t)
    {
        try
        {
            return step();
        }
        catch (OverflowException)
        {
            throw Ledger.LedgerException.ForFields(string.Create(CultureInfo.InvariantCulture,
                $"Year {year} (t = {t}) cannot be valued: {what} exceeds the largest number a valuation holds (about 7.9 × 10^28); give a lower {{growth}} or {{discount_rate}}, or fewer years."),
                "growth", "discount_rate");
        }
    }

    /// <summary>A constant annual quantity for <paramref name="years"/> years from <paramref name="firstYear"/>.</summary>
    public static IReadOnlyList<(int Year, decimal Tonnes)> Constant(decimal tonnesPerYear, int firstYear, int years) =>
        Enumerable.Range(firstYear, years).Select(y => (y, tonnesPerYear)).ToList();

    /// <summary>
    /// Reads an explicit schedule: <c>year,tonnes</c>, each year once and within the project's crediting period (credits are issued
    /// only within it, as <see cref="Horizon"/> bounds <c>--gep/--years</c>); a bad row is refused naming the row, the field and the value.
    /// </summary>
    /// <param name="file">The file name for messages.</param>
    /// <param name="text">The CSV text.</param>
    /// <param name="periodStart">First day of the project's crediting period.</param>
    /// <param name="periodEnd">Last day of the project's crediting period.</param>
    public static IReadOnlyList<(int Year, decimal Tonnes)> ReadSchedule(string file, TextReader text, DateOnly periodStart, DateOnly periodEnd)
    {
        var rows = new List<(int, decimal)>();
        var ci = CultureInfo.InvariantCulture;
        using var csv = new IO.CsvRecordReader(text, file);
        try
        {
            if (!csv.Read() || csv.FieldCount < 2 || csv.GetString(0).Trim() != "year" || csv.GetString(1).Trim() != "tonnes")
            {
                throw new Ledger.LedgerException($"{file}: expected the header 'year,tonnes'.");
            }
            while (csv.Read())
            {
                string at = $"{file}, {csv.Location}";
                if (csv.FieldCount < 2)
                {
                    throw new Ledger.LedgerException($"{at}: expected 2 fields (year,tonnes); got {csv.FieldCount}.");
                }
                string yearText = csv.GetString(0).Trim();
                string tonnesText = csv.GetString(1).Trim();
                if (!int.TryParse(yearText, NumberStyles.None, ci, out int y))
                {
                    throw new Ledger.LedgerException($"{at}: field 'year': '{yearText}' is not a year; expected a year such as {periodEnd.Year.ToString(ci)}.");
                }
                if (rows.Any(r => r.Item1 == y))
                {
                    throw new Ledger.LedgerException(string.Create(ci, $"{at}: field 'year': {y} is repeated; expected a new year (each year once)."));
                }
                if (y < periodStart.Year || y > periodEnd.Year)
                {
                    throw new Ledger.LedgerException(string.Create(ci,
                        $"{at}: year {y} is outside the crediting period {periodStart:yyyy-MM-dd}..{periodEnd:yyyy-MM-dd}; credits are issued only within the crediting period."));
                }
                if (!decimal.TryParse(tonnesText, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, ci, out var q))
                {
                    throw new Ledger.LedgerException($"{at}: field 'tonnes': '{tonnesText}' is not a number; expected a quantity in tonnes, 0 or more.");
                }
                if (q < 0m)
                {
                    throw new Ledger.LedgerException($"{at}: field 'tonnes': {tonnesText} is negative; expected a quantity in tonnes, 0 or more.");
                }
                rows.Add((y, q));
            }
        }
        catch (IO.CsvFormatException e)
        {
            throw new Ledger.LedgerException(e.Message);
        }
        return rows;
    }
}
