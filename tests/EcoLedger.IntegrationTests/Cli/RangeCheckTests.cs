using EcoLedger.Cli.Hosting;
using static EcoLedger.IntegrationTests.CliRunner;

namespace EcoLedger.IntegrationTests.Cli;

/// <summary>The finance sample's ledger, built once for <see cref="RangeCheckTests"/> (whose commands are all refused or read-only).</summary>
public sealed class FinanceLedgerFixture : IDisposable
{
    public FinanceLedgerFixture() =>
        Assert.Equal(0, EcoLedger.Cli.Demo.FinanceDemo.RunFinanceSample(new CliIo(TextWriter.Null, TextWriter.Null, false), Db, Repo("samples"), EcoLedger.Cli.Program.Run));

    public string Dir { get; } = Directory.CreateTempSubdirectory("ecoledger-range-").FullName;

    public string Db => Path.Combine(Dir, "ledger.db");

    public void Dispose() => Directory.Delete(Dir, true);
}

/// <summary>
/// Out-of-range numbers and wrong database paths that used to end in "internal error" (overflows, SQLite error 14) or were accepted
/// silently are bad input (exit 2) or environment errors (exit 3) with one line naming the option and what was expected.
/// </summary>
public sealed class RangeCheckTests(FinanceLedgerFixture finance) : IClassFixture<FinanceLedgerFixture>
{
    private const string YearsExpected = "credits are issued only within the crediting period, which ends in 2035, 10 years after the valuation year 2025";

    private Result ValueProject(params string[] more) =>
        Run(["value", "project", "--project", "SM_CT_1", "--market", "FJ_FFCER", "--as-of", "2025-06-30", .. more, "--db", finance.Db]);

    private Result ValueFromGep(params string[] more) => ValueProject(["--gep", Repo("samples", "finance", "gep-units.csv"), .. more]);

    [Theory]
    [InlineData("1000")] // before: internal error (OverflowException) compounding (1 + r)^t
    [InlineData("2147483647")] // before: internal error (ArgumentOutOfRangeException) building the schedule
    [InlineData("-3")] // before: accepted, valuing the default 10 years
    [InlineData("0")] // before: accepted, valuing the default 10 years
    [InlineData("11")] // before: valued years after the crediting period, when no credit can be issued
    public void Years_outside_the_crediting_period_are_refused_naming_the_range(string years)
    {
        var r = ValueFromGep("--years", years);
        Assert.Equal(2, r.ExitCode);
        Assert.Equal($"error: --years must be from 1 to 10: {YearsExpected}; got {years}.", r.ErrLines.Single());
        Assert.Equal(0, ValueFromGep("--years", "10").ExitCode);
    }

    [Fact]
    public void Years_with_a_compounding_growth_path_are_refused_not_overflowed()
    {
        // Before: internal error (OverflowException) compounding the growth path's price.
        var r = ValueFromGep("--years", "100", "--path", "growth", "--growth", "1");
        Assert.Equal(2, r.ExitCode);
        Assert.Equal($"error: --years must be from 1 to 10: {YearsExpected}; got 100.", r.ErrLines.Single());
    }

    [Theory]
    // Before: exit 0, the value computed on the flat (or curve) path while the user believed the curve or growth was used.
    [InlineData("--curve,CURVE", "--curve applies to --path curve only, and this valuation uses --path flat; add --path curve to value along the curve, or drop --curve.")]
    [InlineData("--path,growth,--growth,0.05,--curve,CURVE", "--curve applies to --path curve only, and this valuation uses --path growth; add --path curve to value along the curve, or drop --curve.")]
    [InlineData("--growth,0.05", "--growth applies to --path growth only, and this valuation uses --path flat; add --path growth to value with it, or drop --growth.")]
    [InlineData("--path,curve,--curve,CURVE,--growth,0", "--growth applies to --path growth only, and this valuation uses --path curve; add --path growth to value with it, or drop --growth.")]
    public void An_option_of_another_price_path_is_refused_not_ignored(string options, string message)
    {
        string curve = Path.Combine(finance.Dir, "curve.csv");
        File.WriteAllText(curve, "year,price_cny_per_t_co2e\n2026,40\n2035,80\n");
        var r = ValueFromGep(options.Replace("CURVE", curve, StringComparison.Ordinal).Split(','));
        Assert.Equal(2, r.ExitCode);
        Assert.Equal($"error: {message}", r.ErrLines.Single());
        Assert.Equal(0, ValueFromGep("--path", "curve", "--curve", curve).ExitCode);
    }

    [Theory]
    // Before: 2036 was valued and added to the NPV although SM_CT_1's crediting period ends 2035-12-31 (--gep/--years stops at 2035);
    // 2200 and 3000 went on to overflow the growth and the discount divisor.
    [InlineData("2036", "")]
    [InlineData("2200", "--path,growth,--growth,1")]
    [InlineData("3000", "")]
    [InlineData("2015", "")]
    public void A_schedule_year_outside_the_crediting_period_is_refused_naming_file_row_year_and_period(string year, string options)
    {
        string schedule = Path.Combine(finance.Dir, $"schedule-{year}.csv");
        File.WriteAllText(schedule, $"year,tonnes\n2030,1000\n{year},1000\n");
        var r = ValueProject(["--schedule", schedule, .. options.Split(',', StringSplitOptions.RemoveEmptyEntries)]);
        Assert.Equal(2, r.ExitCode);
        Assert.Equal($"error: {schedule}, row 3: year {year} is outside the crediting period 2016-01-01..2035-12-31; credits are issued only within the crediting period.",
            r.ErrLines.Single());
    }

    [Fact]
    public void A_negative_schedule_quantity_is_refused_naming_the_field_and_the_value()
    {
        // Before: "sch.csv, row 2: expected a new year and a quantity in tonnes (0 or more)."
        string schedule = Path.Combine(finance.Dir, "schedule-negative.csv");
        File.WriteAllText(schedule, "year,tonnes\n2030,-1000\n");
        var r = ValueProject("--schedule", schedule);
        Assert.Equal(2, r.ExitCode);
        Assert.Equal($"error: {schedule}, row 2: field 'tonnes': -1000 is negative; expected a quantity in tonnes, 0 or more.", r.ErrLines.Single());
    }

    [Fact]
    public void An_income_beyond_what_the_ledger_stores_is_refused_naming_the_largest()
    {
        // Before: internal error (OverflowException: Value was either too large or too small for an Int64).
        var r = Run("bank", "package", "distribute", "--id", "SC_PKG_1", "--year", "2031", "--income", "99999999999999999", "--actor", "sc_operator", "--db", finance.Db);
        Assert.Equal(2, r.ExitCode);
        Assert.Equal("error: --income must be at most 92233720368547758.07 CNY (the largest amount the ledger stores: 2^63 − 1 fen); got '99999999999999999'.",
            r.ErrLines.Single());
    }

    [Theory]
    [InlineData("99999")]
    [InlineData("1899")]
    [InlineData("2101")]
    public void A_distribution_year_outside_the_accounting_years_is_refused(string year)
    {
        // Before: accepted and journaled.
        var r = Run("bank", "package", "distribute", "--id", "SC_PKG_1", "--year", year, "--income", "100", "--actor", "sc_operator", "--db", finance.Db);
        Assert.Equal(2, r.ExitCode);
        Assert.Equal($"error: --year must be an accounting year from 1900 to 2100; got {year}.", r.ErrLines.Single());
    }

    [Fact]
    public void Init_on_a_folder_is_bad_input_naming_it()
    {
        // Before: internal error (SqliteException: SQLite Error 14: 'unable to open database file').
        string folder = Directory.CreateDirectory(Path.Combine(finance.Dir, "a-folder")).FullName;
        var r = Run("ledger", "init", "--ledger-id", "x", "--db", folder);
        Assert.Equal(2, r.ExitCode);
        Assert.Equal($"error: --db '{folder}' is a folder; expected the ledger database file.", r.ErrLines.Single());
        Assert.Empty(Directory.EnumerateFileSystemEntries(folder));
    }

    [Fact]
    public void Init_in_a_missing_folder_is_an_environment_error_naming_the_folder()
    {
        // Before: internal error (SqliteException: SQLite Error 14: 'unable to open database file').
        string folder = Path.Combine(finance.Dir, "newdir", "sub");
        string db = Path.Combine(folder, "new.db");
        var r = Run("ledger", "init", "--ledger-id", "x", "--db", db);
        Assert.Equal(3, r.ExitCode);
        Assert.Equal($"error: Cannot create the ledger database {db}: its folder {folder} does not exist; create the folder first or choose another path.",
            r.ErrLines.Single());
        Assert.False(Directory.Exists(Path.Combine(finance.Dir, "newdir")));
    }

    [Fact]
    public void Init_on_an_existing_file_that_is_not_a_database_says_to_choose_another_path()
    {
        // Before: "… not a ledger database … If it was one, it has been overwritten: restore it from a backup."
        string file = Path.Combine(finance.Dir, "units.geojson");
        File.Copy(Repo("samples", "lueliang", "units.geojson"), file, overwrite: true);
        byte[] before = File.ReadAllBytes(file);
        var r = Run("ledger", "init", "--ledger-id", "x", "--db", file);
        Assert.Equal(2, r.ExitCode);
        Assert.Equal($"error: --db '{file}' exists and is not a ledger database; 'ledger init' creates a new one: choose another path (it leaves this file as it is).",
            r.ErrLines.Single());
        Assert.Equal(before, File.ReadAllBytes(file));
    }

    [Fact]
    public void Init_with_a_non_ascii_ledger_id_names_the_option_without_the_parameter_name()
    {
        // Before: "… (got \"伊春登记簿\"). (Parameter 'LedgerId')".
        var r = Run("ledger", "init", "--ledger-id", "伊春登记簿", "--db", Path.Combine(finance.Dir, "yichun.db"));
        Assert.Equal(2, r.ExitCode);
        Assert.Equal("error: Invalid --ledger-id: A ledger id is 1–200 printable ASCII characters without spaces (got \"伊春登记簿\").", r.ErrLines.Single());
    }
}
