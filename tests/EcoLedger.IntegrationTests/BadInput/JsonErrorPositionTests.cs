using System.Net;
using EcoLedger.IntegrationTests.Ledger;
using EcoLedger.IntegrationTests.Server;
using EcoLedger.Reports.Inputs;
using static EcoLedger.IntegrationTests.CliRunner;

namespace EcoLedger.IntegrationTests.BadInput;

/// <summary>
/// The CLI, the server and the report readers place a JSON syntax error as an editor shows it, in the same words as every
/// reader of a JSON input (see EcoLedger.Tests' JsonErrorPositionTests); each used to print System.Text.Json's
/// "LineNumber: 2 | BytePositionInLine: 23".
/// </summary>
public sealed class JsonErrorPositionTests : IDisposable
{
    // Line 3 is `  "name": "伊春市", x`: 2 spaces, `"name":` (7), a space, `"伊春市"` (5 characters, 11 bytes), `,` and a
    // space come before the x, so it is column 2 + 7 + 1 + 5 + 1 + 1 + 1 = 18 (byte 23 of line 2 counted from 0).
    private const string Malformed = "{\n  \"type\": \"FeatureCollection\",\n  \"name\": \"伊春市\", x\n  \"features\": []\n}\n";

    private const string Expected = "line 3, column 18: not valid JSON ('x' is an invalid start of a property name. Expected a '\"').";

    private readonly string _dir = Directory.CreateTempSubdirectory("ecoledger-json-").FullName;

    public void Dispose() => Directory.Delete(_dir, true);

    private string Write(string name, string text)
    {
        string path = Path.Combine(_dir, name);
        File.WriteAllText(path, text);
        return path;
    }

    [Fact]
    public void An_agreement_spec_given_to_the_cli()
    {
        string db = Path.Combine(_dir, "l.db");
        Assert.Equal(0, Run("ledger", "init", "--db", db).ExitCode);
        Assert.Equal(0, Run("ledger", "participant", "add", "--id", "mee", "--role", "registry", "--db", db).ExitCode);
        // The serializer refuses an unknown member as it reads it, so the members before the error are a spec's; line 3 is as in Malformed.
        string spec = Write("spec.json", "{\n  \"period_start\": \"2024-01-01\",\n  \"name\": \"伊春市\", x\n}\n");

        var r = Run("compensation", "agreement", "create", "--id", "X", "--spec", spec, "--actor", "mee", "--db", db);

        Assert.Equal(2, r.ExitCode);
        Assert.Equal($"error: {spec}: {Expected}", r.ErrLines.Single());
    }

    [Fact]
    public void An_agreement_spec_value_of_the_wrong_type_given_to_the_cli()
    {
        // Before: "not a valid agreement spec: The JSON value could not be converted to EcoLedger.Ledger.Compensation.AgreementSpec.
        // Path: $.round_months | LineNumber: 2 | BytePositionInLine: 26."
        string db = Path.Combine(_dir, "l.db");
        Assert.Equal(0, Run("ledger", "init", "--db", db).ExitCode);
        Assert.Equal(0, Run("ledger", "participant", "add", "--id", "mee", "--role", "registry", "--db", db).ExitCode);
        string spec = Write("spec.json", "{\n  \"name\": \"伊春市\",\n  \"round_months\": \"twelve\"\n}\n");

        var r = Run("compensation", "agreement", "create", "--id", "X", "--spec", spec, "--actor", "mee", "--db", db);

        Assert.Equal(2, r.ExitCode);
        Assert.Equal($"error: {spec}: line 3, column 27, field '$.round_months': expected a whole number from -2147483648 to 2147483647.", r.ErrLines.Single());
    }

    [Fact]
    public void A_proof_and_a_checkpoint_given_to_the_cli()
    {
        using var t = new LedgerTestDb();
        t.Ok("ledger", "init");
        string bad = Write("bad.json", Malformed);

        var proof = t.Cli("audit", "verify-proof", bad, "--public-key", t.Path + ".pub.pem");
        var checkpoint = t.Cli("audit", "verify-proof", bad, "--checkpoint", bad, "--public-key", t.Path + ".pub.pem");

        Assert.Equal(2, proof.Code);
        Assert.Equal($"error: Cannot read proof file '{bad}': {Expected}\n", proof.Err.ReplaceLineEndings("\n"));
        Assert.Equal(2, checkpoint.Code);
        Assert.Equal($"error: Cannot read checkpoint file '{bad}': Not a checkpoint file: {Expected}\n", checkpoint.Err.ReplaceLineEndings("\n"));
    }

    [Fact]
    public void A_proof_sent_to_the_server()
    {
        // A proof body is read whole, so its error is placed in characters; command bodies are streamed and placed in bytes (ProblemDetailsTests).
        using var server = new ServerTestHost();

        var proof = server.Send(server.TokenOf("reg"), HttpMethod.Post, "/api/audit/proofs/verify", Malformed);

        Assert.Equal(HttpStatusCode.BadRequest, proof.Status);
        Assert.Equal("The body is not a proof file: " + Expected, proof.Json!["detail"]!.GetValue<string>());
    }

    [Fact]
    public void A_gep_summary_read_for_a_report()
    {
        string path = Write(GepResultFolder.SummaryFile, Malformed);

        var e = Assert.Throws<ReportInputException>(() => GepResultFolder.Read(_dir));

        Assert.Equal($"{path}: {Expected}", e.Message);
    }

    [Fact]
    public void A_zones_summary_and_a_zones_layer_read_for_a_report()
    {
        string summary = Write(ZonesResultFolder.SummaryFile, Malformed);
        string units = Write(ZonesResultFolder.UnitsFile, Malformed);
        Write(ZonesResultFolder.ZonesFile, Malformed);

        var badSummary = Assert.Throws<ReportInputException>(() => ZonesResultFolder.Read(_dir));
        Write(ZonesResultFolder.SummaryFile, "{ \"tiers\": [] }");
        var badUnits = Assert.Throws<ReportInputException>(() => ZonesResultFolder.Read(_dir));

        Assert.Equal($"{summary}: {Expected}", badSummary.Message);
        Assert.Equal($"{units}: {Expected}", badUnits.Message);
    }

    [Fact]
    public void A_change_summary_read_for_a_report()
    {
        string path = Write(ChangeAccountFolder.SummaryFile, Malformed);

        var e = Assert.Throws<ReportInputException>(() => ChangeAccountFolder.Read(_dir));

        Assert.Equal($"--change: {path}: {Expected}", e.Message);
    }
}
