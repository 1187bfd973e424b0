using System.Globalization;
using EcoLedger.IO;

namespace EcoLedger.Pricing;

/// <summary>
/// Table-driven vintage discount factors: older vintages are worth less. A row <c>(age_years, factor)</c> applies to every credit
/// whose vintage age is at least <c>age_years</c> and below the next row's; below the first row the factor is 1.
/// Vintage age = valuation year − year of the vintage's end date (a 2016–2020 vintage valued in 2024 is 4 years old).
/// </summary>
public sealed class VintageDiscounts
{
    private readonly (int MinAge, decimal Factor)[] _rows;

    /// <summary>Builds a table from rows with strictly increasing ages ≥ 0 and factors in (0, 1].</summary>
    public VintageDiscounts(IEnumerable<(int MinAgeYears, decimal Factor)> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        _rows = rows.ToArray();
        for (int i = 0; i < _rows.Length; i++)
        {
            if (_rows[i].MinAge < 0 || (i > 0 && _rows[i].MinAge <= _rows[i - 1].MinAge))
            {
                throw new ArgumentException($"Vintage ages must be 0 or more and strictly increasing; row {i + 1} has {_rows[i].MinAge}.", nameof(rows));
            }
            if (_rows[i].Factor is <= 0m or > 1m)
            {
                throw new ArgumentException($"Discount factors must be in (0, 1]; row {i + 1} has {_rows[i].Factor.ToString(CultureInfo.InvariantCulture)}.", nameof(rows));
            }
        }
    }

    /// <summary>No discount: every factor is 1.</summary>
    public static VintageDiscounts None { get; } = new([]);

    /// <summary>The rows, youngest first.</summary>
    public IReadOnlyList<(int MinAgeYears, decimal Factor)> Rows => _rows;

    /// <summary>Vintage age in whole years: valuation year − vintage end year (never below 0).</summary>
    public static int AgeYears(DateOnly vintageEnd, DateOnly asOf) => Math.Max(0, asOf.Year - vintageEnd.Year);

    /// <summary>The factor of a vintage ending on <paramref name="vintageEnd"/>, valued at <paramref name="asOf"/>.</summary>
    public decimal Factor(DateOnly vintageEnd, DateOnly asOf)
    {
        int age = AgeYears(vintageEnd, asOf);
        decimal f = 1m;
        foreach (var (minAge, factor) in _rows)
        {
            if (age >= minAge)
            {
                f = factor;
            }
        }
        return f;
    }

    /// <summary>Reads <c>age_years,factor</c> rows.</summary>
    public static (VintageDiscounts? Table, IReadOnlyList<InputProblem> Problems) Read(string file, TextReader text)
    {
        var problems = new List<InputProblem>();
        var rows = new List<(int, decimal)>();
        using var csv = new CsvRecordReader(text, file);
        try
        {
            if (!csv.Read() || csv.FieldCount < 2 || csv.GetString(0).Trim() != "age_years" || csv.GetString(1).Trim() != "factor")
            {
                problems.Add(new InputProblem(file, "row 1", null, "Expected the header 'age_years,factor'."));
                return (null, problems);
            }
            while (csv.Read())
            {
                string loc = csv.Location;
                if (!int.TryParse(csv.GetString(0).Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out int age))
                {
                    problems.Add(new InputProblem(file, loc, "age_years", $"Expected a whole number of years; found '{csv.GetString(0)}'."));
                    continue;
                }
                if (csv.FieldCount < 2 || !decimal.TryParse(csv.GetString(1).Trim(), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var f)
                    || f <= 0m || f > 1m)
                {
                    problems.Add(new InputProblem(file, loc, "factor", $"Expected a factor in (0, 1]; found '{(csv.FieldCount < 2 ? "" : csv.GetString(1))}'."));
                    continue;
                }
                if (rows.Count > 0 && age <= rows[^1].Item1)
                {
                    problems.Add(new InputProblem(file, loc, "age_years", $"Expected ages in strictly increasing order; {age} follows {rows[^1].Item1}."));
                    continue;
                }
                rows.Add((age, f));
            }
        }
        catch (CsvFormatException e)
        {
            problems.Add(e.ToProblem());
        }
        return problems.Count == 0 ? (new VintageDiscounts(rows), problems) : (null, problems);
    }
}
