using System.Text;
using EcoLedger.Cli.Hosting;
using EcoLedger.IntegrationTests.Ledger;
using Xunit.Abstractions;

namespace EcoLedger.IntegrationTests.BadInput;

/// <summary>Generated bad contributions files and vintage-discount tables against the finance sample's ledger.</summary>
public sealed class FinanceInputsBadInputTests(ITestOutputHelper output) : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("ecoledger-badinput-finance-").FullName;

    public void Dispose() => Directory.Delete(_dir, true);

    private string Db => Path.Combine(_dir, "ledger.db");

    private static string Quote(string field) =>
        field.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + field.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : field;

    [Fact]
    public void Generated_contributions_and_vintage_discounts_are_used_right_or_refused_with_error_lines()
    {
        using var suite = new BadInputSuite("bank package create and value pledges", 20261217, output);
        Assert.Equal(0, EcoLedger.Cli.Demo.FinanceDemo.RunFinanceSample(new CliIo(TextWriter.Null, TextWriter.Null, false), Db, CliRunner.Repo("samples"), EcoLedger.Cli.Program.Run));
        string gep = CliRunner.Repo("samples", "finance", "gep-units.csv");
        string[] good = ["SC-H01", "hh_chen", "custody", "30", "12.5", "1500"];
        string[] modes = ["custody", "lease", "buyout", "rent", ""];
        var r = suite.Random;
        for (int i = 0; i < 30; i++)
        {
            var row = good.ToArray();
            int col = r.Next(6);
            row[col] = col switch
            {
                0 or 1 => r.Pick(BadValues.Names),
                2 => r.Pick(modes),
                _ => r.Pick(BadValues.Numbers),
            };
            string file = Path.Combine(suite.Dir, $"contributions-{i}.csv");
            File.WriteAllBytes(file, Encoding.UTF8.GetBytes("unit_id,contributor,mode,term_years,area_ha,guaranteed_min_cny\n" + string.Join(',', row.Select(Quote)) + "\n"));
            // Whether a value fits depends on the column and the sample's other rows; the contract (0 or 2, nothing written on 2) holds for all.
            suite.Case($"column {col} = '{(row[col].Length > 30 ? row[col][..30] + "…" : row[col])}'",
                ["bank", "package", "create", "--id", $"PKG_{i}", "--units", file, "--gep", gep, "--services", "water_conservation", "--actor", "sc_operator", "--db", Db]);
        }
        string[] factors = ["0.85", "1", "0", "-0.1", "1.5", "NaN", "1e308", "0.123456789012345678901234567890", "", "abc"];
        string[] ages = ["5", "0", "-1", "2147483648", "1e3", "x"];
        for (int i = 0; i < 15; i++)
        {
            string age = i == 0 ? "5" : r.Pick(ages), factor = i == 0 ? "0.85" : r.Pick(factors);
            string file = Path.Combine(suite.Dir, $"discounts-{i}.csv");
            File.WriteAllText(file, $"age_years,factor\n{age},{factor}\n");
            bool ok = int.TryParse(age, out int a) && a >= 0 && decimal.TryParse(factor, System.Globalization.NumberStyles.AllowDecimalPoint, System.Globalization.CultureInfo.InvariantCulture, out var f)
                && f > 0 && f <= 1;
            suite.Case($"age {age}, factor {factor}", ["value", "pledges", "--market", "CEA", "--as-of", "2025-06-30", "--discounts", file, "--db", Db], mustRefuse: !ok);
        }
        suite.AssertAllHeld();
    }
}
