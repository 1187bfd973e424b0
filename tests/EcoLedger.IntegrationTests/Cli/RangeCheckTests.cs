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
    [InlineData("2200", "--path,growth,--growth,1", "Year 2200 (t = 175) cannot be valued: its price exceeds")]
    [InlineData("3000", "", "Year 3000 (t = 975) cannot be valued: its discount divisor (1 + r)^t exceeds")]
    public void A_schedule_too_far_ahead_for_its_rates_is_refused_naming_the_options(string year, string options, string what)
    {
        string schedule = Path.Combine(finance.Dir, $"schedule-{year}.csv");
        File.WriteAllText(schedule, $"year,tonnes\n{year},1000\n");
        var r = ValueProject(["--schedule", schedule, .. options.Split(',', StringSplitOptions.RemoveEmptyEntries)]);
        Assert.Equal(2, r.ExitCode);
        Assert.Equal($"error: {what} the largest number a valuation holds (about 7.9 × 10^28); give a lower --growth or --discount-rate, or fewer years.",
            r.ErrLines.Single());
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
