using System.Globalization;
using EcoLedger.IO;
using EcoLedger.Ledger;

namespace EcoLedger.Pricing;

using Money = EcoLedger.Money.Money;

/// <summary>Reads the contributions file: <c>unit_id,contributor,mode,term_years,area_ha,guaranteed_min_cny</c>.</summary>
public static class ContributionsCsv
{
    /// <summary>The header.</summary>
    public const string Header = "unit_id,contributor,mode,term_years,area_ha,guaranteed_min_cny";

    // A household plot above 10^8 ha or a yearly minimum above 10^12 CNY is a typing error, and beyond it the fen amounts overflow.
    private const decimal MaxAreaHa = 100_000_000m, MaxMinimumCny = 1_000_000_000_000m;

    /// <summary>Parses the file; every bad row is reported.</summary>
    public static (IReadOnlyList<Contribution> Rows, IReadOnlyList<InputProblem> Problems) Read(string file, TextReader text)
    {
        var rows = new List<Contribution>();
        var problems = new List<InputProblem>();
        using var csv = new CsvRecordReader(text, file);
        try
        {
            if (!csv.Read() || string.Join(',', csv.TrimmedFields()) != Header)
            {
                problems.Add(new InputProblem(file, "row 1", null, $"Expected the header '{Header}'."));
                return (rows, problems);
            }
            while (csv.Read())
            {
                string loc = csv.Location;
                if (csv.FieldCount < 6)
                {
                    problems.Add(new InputProblem(file, loc, null, $"Expected 6 fields ({Header}); found {csv.FieldCount}."));
                    continue;
                }
                string F(int i) => csv.GetString(i).Trim();
                int before = problems.Count;
                string? idProblem = F(0).Length == 0 ? "at least one character" : InputText.NameProblem(F(0));
                if (idProblem is not null)
                {
                    problems.Add(new InputProblem(file, loc, "unit_id", $"Expected a unit id with {idProblem}; found '{InputText.Show(F(0))}'."));
                }
                ContributionMode mode = default;
                if (F(2) is not ("custody" or "lease" or "buyout"))
                {
                    problems.Add(new InputProblem(file, loc, "mode", $"Expected custody, lease or buyout; found '{InputText.Show(F(2))}'."));
                }
                else
                {
                    mode = LedgerNames.Parse<ContributionMode>(F(2));
                }
                if (!Identifiers.IsValid(F(1)))
                {
                    problems.Add(new InputProblem(file, loc, "contributor", $"Expected 1 to 40 ASCII letters, digits or underscores; found '{InputText.Show(F(1))}'."));
                }
                if (!int.TryParse(F(3), NumberStyles.None, CultureInfo.InvariantCulture, out int term) || term is < 1 or > 70)
                {
                    problems.Add(new InputProblem(file, loc, "term_years", $"Expected a whole number of years from 1 to 70; found '{InputText.Show(F(3))}'."));
                }
                if (!ExactDecimal.TryParse(F(4), NumberStyles.AllowDecimalPoint, out var area) || area <= 0m || area > MaxAreaHa)
                {
                    problems.Add(new InputProblem(file, loc, "area_ha", $"Expected a positive area in hectares, at most 100000000; found '{InputText.Show(F(4))}'."));
                }
                if (!decimal.TryParse(F(5), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var min) || min < 0m || decimal.Round(min, 2) != min
                    || min > MaxMinimumCny)
                {
                    problems.Add(new InputProblem(file, loc, "guaranteed_min_cny", $"Expected an amount in CNY with at most two decimals, from 0 to 1000000000000; found '{InputText.Show(F(5))}'."));
                }
                else if (mode == ContributionMode.Buyout && min != 0m && problems.Count == before)
                {
                    problems.Add(new InputProblem(file, loc, "guaranteed_min_cny", "A buyout is paid at purchase: its guaranteed minimum must be 0."));
                }
                if (problems.Count == before)
                {
                    rows.Add(new Contribution(F(0), F(1), mode, term, area, Money.Cny(min)));
                }
            }
        }
        catch (CsvFormatException e)
        {
            problems.Add(e.ToProblem());
        }
        return (rows, problems);
    }
}
