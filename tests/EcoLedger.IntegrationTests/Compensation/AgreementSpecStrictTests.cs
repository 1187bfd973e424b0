using static EcoLedger.IntegrationTests.CliRunner;

namespace EcoLedger.IntegrationTests.Compensation;

/// <summary>An agreement spec is read strictly: a misspelt member used to become 0 silently, a missing rule used to crash.</summary>
public sealed class AgreementSpecStrictTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("ecoledger-spec-").FullName;

    public void Dispose() => Directory.Delete(_dir, true);

    [Theory]
    [InlineData("\"pay_if_not_met_fen\"", "\"pay_if_not_met_fenn\"", "The JSON property 'pay_if_not_met_fenn' could not be mapped to any .NET member contained in type 'EcoLedger.Ledger.Compensation.RuleSpec'.")]
    [InlineData("\"rule\"", "\"rules\"", "The JSON property 'rules' could not be mapped to any .NET member contained in type 'EcoLedger.Ledger.Compensation.AgreementSpec'.")]
    public void A_misspelt_member_is_refused_naming_it_and_nothing_is_written(string member, string misspelt, string expected)
    {
        string db = Path.Combine(_dir, "l.db");
        Assert.Equal(0, Run("ledger", "init", "--db", db).ExitCode);
        Assert.Equal(0, Run("ledger", "participant", "add", "--id", "mee", "--role", "registry", "--db", db).ExitCode);
        string spec = Path.Combine(_dir, "spec.json");
        File.WriteAllText(spec, File.ReadAllText(Repo("samples", "xinan", "agreement.json")).Replace(member, misspelt, StringComparison.Ordinal));

        var r = Run("compensation", "agreement", "create", "--id", "X", "--spec", spec, "--actor", "mee", "--db", db);

        Assert.Equal(2, r.ExitCode);
        Assert.StartsWith($"error: {spec}: not a valid agreement spec: {expected}", r.ErrLines.Single(), StringComparison.Ordinal);
        Assert.Contains("2 events", Run("audit", "verify", "--db", db).Out);
    }
}
