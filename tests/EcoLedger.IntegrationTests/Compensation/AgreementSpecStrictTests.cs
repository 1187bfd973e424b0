using static EcoLedger.IntegrationTests.CliRunner;

namespace EcoLedger.IntegrationTests.Compensation;

/// <summary>An agreement spec is read strictly: a misspelt member used to become 0 silently, a missing rule used to crash.</summary>
public sealed class AgreementSpecStrictTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("ecoledger-spec-").FullName;

    public void Dispose() => Directory.Delete(_dir, true);

    [Theory]
    // Before: System.Text.Json's message, naming the .NET type (EcoLedger.Ledger.Compensation.RuleSpec) and no place in the file.
    [InlineData("\"pay_if_not_met_fen\"", "\"pay_if_not_met_fenn\"", "line 26, column 27, field '$.rule.pay_if_not_met_fenn': unknown member; expected one of amount_fen, base_fen, " +
        "indicator, indicators, k0, kind, mode, pay_if_met_fen, pay_if_not_met_fen, rate, section, target, unit.")]
    [InlineData("\"rule\"", "\"rules\"", "line 15, column 11, field '$.rules': unknown member; expected one of funding, name, parties, period_end, period_start, round_months, rule.")]
    public void A_misspelt_member_is_refused_naming_it_and_nothing_is_written(string member, string misspelt, string expected)
    {
        string db = Path.Combine(_dir, "l.db");
        Assert.Equal(0, Run("ledger", "init", "--db", db).ExitCode);
        Assert.Equal(0, Run("ledger", "participant", "add", "--id", "mee", "--role", "registry", "--db", db).ExitCode);
        string spec = Path.Combine(_dir, "spec.json");
        File.WriteAllText(spec, File.ReadAllText(Repo("samples", "xinan", "agreement.json")).Replace(member, misspelt, StringComparison.Ordinal));

        var r = Run("compensation", "agreement", "create", "--id", "X", "--spec", spec, "--actor", "mee", "--db", db);

        Assert.Equal(2, r.ExitCode);
        Assert.Equal($"error: {spec}: {expected}", r.ErrLines.Single());
        Assert.Contains("2 events", Run("audit", "verify", "--db", db).Out);
    }
}
