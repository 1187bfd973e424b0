namespace EcoLedger.IntegrationTests.Cli;

/// <summary>Argument parse errors follow the exit-code contract: exit 2, one <c>error:</c> line, no help dump.</summary>
public sealed class ParseErrorTests
{
    [Theory]
    [InlineData(new[] { "gep", "compute", "--units", "u.geojson", "--out", "o", "--year", "twenty" },
        "error: --year: 'twenty' is not valid; expected a whole number, the accounting year, recorded in the summary; see 'ecoledger gep compute --help'.")]
    [InlineData(new[] { "ledger", "issuance", "request", "--id", "R", "--project", "P", "--vintage-start", "2023-01-01", "--vintage-end", "2023-12-31", "--quantity", "12.5" },
        "error: --quantity: '12.5' is not valid; expected a whole number, the claimed tonnes CO2e (whole tonnes); see 'ecoledger ledger issuance request --help'.")]
    [InlineData(new[] { "zones", "mark", "--units", "u.geojson", "--gep", "g", "--out", "o", "--basis", "regulatory" },
        "error: --basis: 'regulatory' is not valid; expected one of all, regulating; see 'ecoledger zones mark --help'.")]
    [InlineData(new[] { "zones", "mark", "--units", "u.geojson", "--out", "o" },
        "error: --gep is required: output folder of 'gep compute' (reads gep-units.csv); see 'ecoledger zones mark --help'.")]
    // Before: the whole help text pasted in, with "Monte" lower-cased: "the monte Carlo draws of the parameter distributions (at least 100;
    // e.g. 1000): P5/P50/P95 per indicator, category and GEP. See methodology/uncertainty.md".
    [InlineData(new[] { "gep", "compute", "--units", "u.csv", "--out", "o", "--uncertainty", "abc" },
        "error: --uncertainty: 'abc' is not valid; expected a whole number, the Monte Carlo draws of the parameter distributions (at least 100; e.g. 1000); see 'ecoledger gep compute --help'.")]
    public void Should_print_one_error_line_naming_option_value_and_expectation(string[] args, string expected)
    {
        var r = CliRunner.Run(args);
        Assert.Equal(2, r.ExitCode);
        Assert.Equal([expected], r.ErrLines);
        Assert.Equal("", r.Out);
    }

    [Fact]
    public void Should_name_the_command_ecoledger_in_help()
    {
        var r = CliRunner.Run("--help");
        Assert.Equal(0, r.ExitCode);
        Assert.Contains("  ecoledger [command] [options]", r.Out, StringComparison.Ordinal);
        Assert.DoesNotContain("EcoLedger.Cli", r.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void Should_still_print_help_for_a_verb()
    {
        var r = CliRunner.Run("zones", "mark", "--help");
        Assert.Equal(0, r.ExitCode);
        Assert.Contains("  ecoledger zones mark [options]", r.Out, StringComparison.Ordinal);
        Assert.Equal("", r.Err);
    }
}
