using System.Text.Json.Nodes;
using EcoLedger.IntegrationTests.Ledger;
using EcoLedger.Storage;
using Microsoft.Data.Sqlite;

namespace EcoLedger.IntegrationTests.Interop;

/// <summary>
/// The registry's CAD Trust and Article 6 commands (docs/interop.md): each is a journaled event with its full data, the state machines
/// refuse illegal changes by name, and the interop tables are rebuilt from the journal by <c>audit verify --db</c>.
/// </summary>
public class RegistryInteropCommandTests
{
    [Fact]
    public void Should_make_the_adjustment_pending_on_authorization_and_complete_it_only_after_the_first_transfer()
    {
        // Given P1 with 1,000 t issued as R2023
        using var t = new LedgerTestDb();
        t.Seed();

        // When the host Party authorizes the issuance
        var authorized = t.Json("ledger", "issuance", "authorize", "--issuance", "R2023", "--reference", "LoA-CN-2025-007", "--on", "2025-03-01", "--actor", "reg");

        // Then the event records both machines' transitions
        Assert.Equal("interop.authorization_changed", (string)authorized["kind"]!);
        var p = authorized["payload"]!;
        Assert.Equal("not_authorized", (string)p["from"]!);
        Assert.Equal("authorized", (string)p["to"]!);
        Assert.Equal("not_required", (string)p["adjustment_from"]!);
        Assert.Equal("pending", (string)p["adjustment_to"]!);

        // Completing before the first transfer is refused, naming the state
        var early = t.Cli("ledger", "issuance", "adjustment-complete", "--issuance", "R2023", "--reference", "BTR2 2026", "--on", "2026-12-31", "--actor", "reg");
        Assert.Equal(2, early.Code);
        Assert.Contains("The corresponding adjustment of issuance 'R2023' is in state 'pending (no first transfer recorded)', where trigger 'complete' is not allowed (actor 'reg').", early.Err);

        t.Ok("ledger", "issuance", "first-transfer", "--issuance", "R2023", "--on", "2025-06-30", "--basis", "international_transfer", "--actor", "reg");

        // Once first transferred, the authorization can no longer be withdrawn (6/CMA.4: changes do not apply to first-transferred units)
        var withdraw = t.Cli("ledger", "issuance", "withdraw-authorization", "--issuance", "R2023", "--reference", "LoA-CN-2025-007-W", "--on", "2025-07-01", "--actor", "reg");
        Assert.Equal(2, withdraw.Code);
        Assert.Contains("Issuance 'R2023' is in state 'authorized (first transferred 2025-06-30)', where trigger 'withdraw' is not allowed (actor 'reg').", withdraw.Err);

        t.Ok("ledger", "issuance", "adjustment-complete", "--issuance", "R2023", "--reference", "BTR2 2026", "--on", "2026-12-31", "--actor", "reg");
        var again = t.Cli("ledger", "issuance", "adjustment-complete", "--issuance", "R2023", "--reference", "BTR2 2026", "--on", "2026-12-31", "--actor", "reg");
        Assert.Contains("The corresponding adjustment of issuance 'R2023' is in state 'completed', where trigger 'complete' is not allowed (actor 'reg').", again.Err);

        Assert.Equal("R2023|P1|authorized|completed|LoA-CN-2025-007|2025-03-01|2025-06-30|international_transfer|BTR2 2026|2026-12-31",
            Row(t.Path, "SELECT issuance_id, project_id, authorization, adjustment, authorization_reference, authorized_on, first_transfer_on, first_transfer_basis, adjustment_reference, adjusted_on FROM interop_article6"));
        var verify = t.Cli("audit", "verify");
        Assert.True(verify.Code == 0, verify.Out + verify.Err);
    }

    [Fact]
    public void Should_release_the_pending_adjustment_when_an_authorization_is_withdrawn_before_the_first_transfer()
    {
        using var t = new LedgerTestDb();
        t.Seed();
        t.Ok("ledger", "issuance", "authorize", "--issuance", "R2023", "--reference", "LoA-1", "--on", "2025-03-01", "--actor", "reg");

        var withdrawn = t.Json("ledger", "issuance", "withdraw-authorization", "--issuance", "R2023", "--reference", "LoA-1-W", "--on", "2025-04-01", "--actor", "reg");

        Assert.Equal("pending", (string)withdrawn["payload"]!["adjustment_from"]!);
        Assert.Equal("not_required", (string)withdrawn["payload"]!["adjustment_to"]!);
        Assert.Equal("not_authorized|not_required", Row(t.Path, "SELECT authorization, adjustment FROM interop_article6"));
        // A mitigation contribution carries no adjustment, and a first transfer needs an authorization
        t.Ok("ledger", "issuance", "designate-contribution", "--issuance", "R2023", "--reference", "MC-1", "--on", "2025-05-01", "--actor", "reg");
        var first = t.Cli("ledger", "issuance", "first-transfer", "--issuance", "R2023", "--on", "2025-06-30", "--basis", "use", "--actor", "reg");
        Assert.Contains("Issuance 'R2023' is in state 'mitigation_contribution', where trigger 'record_first_transfer' is not allowed (actor 'reg').", first.Err);
    }

    [Theory]
    [InlineData(new[] { "--host-country", "XX", "--sector", "Agriculture; forestry and fishing" },
        "--host-country 'XX' is not an ISO 3166-1 alpha-2 code of a country the CAD Trust lists (e.g. CN).")]
    [InlineData(new[] { "--host-country", "CN", "--host-region", "US-CA", "--sector", "Agriculture; forestry and fishing" },
        "--host-region 'US-CA' is not an ISO 3166-2 subdivision code of CN (e.g. CN-AH).")]
    [InlineData(new[] { "--host-country", "CN", "--sector", " " }, "--sector is required.")]
    public void Should_refuse_a_description_naming_the_option_at_fault(string[] options, string message)
    {
        using var t = new LedgerTestDb();
        t.Seed();

        var r = t.Cli([.. new[] { "ledger", "project", "describe", "--project", "P1", "--name", "Yichun forest sink", "--project-type", "Afforestation", "--methodology", "CCER-14-001-V01", "--actor", "reg" }, .. options]);

        Assert.Equal(2, r.Code);
        Assert.Contains(message, r.Err);
    }

    [Fact]
    public void Should_let_only_the_registry_record_what_other_bodies_decided()
    {
        using var t = new LedgerTestDb();
        t.Seed();

        var r = t.Cli("ledger", "issuance", "authorize", "--issuance", "R2023", "--reference", "LoA-1", "--on", "2025-03-01", "--actor", "farm");
        var d = t.Cli("ledger", "project", "describe", "--project", "P1", "--name", "Yichun forest sink", "--host-country", "CN", "--sector", "Agriculture; forestry and fishing",
            "--project-type", "Afforestation", "--methodology", "CCER-14-001-V01", "--actor", "farm");

        Assert.Contains("Actor 'farm' (role 'project_owner') may not fire trigger 'authorize' on issuance 'R2023': it requires role 'registry'.", r.Err);
        Assert.Contains("Actor 'farm' (role 'project_owner') may not describe project 'P1': it requires role 'registry'.", d.Err);
    }

    [Fact]
    public void Should_journal_a_description_with_what_it_replaced_and_keep_one_registry_of_origin()
    {
        using var t = new LedgerTestDb();
        t.Seed();
        t.Ok("ledger", "project", "describe", "--project", "P1", "--name", "Yichun forest sink", "--host-country", "CN", "--host-region", "CN-HL", "--sector", "Agriculture; forestry and fishing",
            "--project-type", "Afforestation", "--methodology", "CCER-14-001-V01", "--actor", "reg");

        var second = t.Json("ledger", "project", "describe", "--project", "P1", "--name", "Yichun forest sink", "--host-country", "CN", "--host-region", "CN-HL", "--sector", "Agriculture; forestry and fishing",
            "--project-type", "Reforestation", "--methodology", "CCER-14-001-V01", "--actor", "reg");
        t.Ok("ledger", "project", "list-elsewhere", "--project", "P1", "--registry", "CDM Registry", "--external-id", "CDM-1234", "--relationship", "origin", "--actor", "reg");
        var two = t.Cli("ledger", "project", "list-elsewhere", "--project", "P1", "--registry", "Verra", "--external-id", "VCS-9", "--relationship", "origin", "--actor", "reg");

        Assert.Equal("Afforestation", (string)second["payload"]!["previous"]!["project_type"]!);
        Assert.Equal("Reforestation", (string)second["payload"]!["project_type"]!);
        Assert.Contains("Project 'P1' already has a registry of origin ('CDM Registry', 'CDM-1234'); remove it first.", two.Err);
        Assert.Equal("CN|CN-HL|Reforestation", Row(t.Path, "SELECT host_country, host_region, project_type FROM interop_projects"));
    }

    [Fact]
    public void Should_keep_a_withdrawn_label_and_refuse_to_withdraw_it_twice()
    {
        using var t = new LedgerTestDb();
        t.Seed();
        t.Ok("ledger", "project", "label", "grant", "--id", "CCP1", "--project", "P1", "--issuance", "R2023", "--label", "ICVCM CCP", "--label-type", "Certification",
            "--approving-body", "Integrity Council for the Voluntary Carbon Market", "--approved-on", "2025-01-15", "--valid-from", "2025-01-15", "--valid-to", "2027-12-31",
            "--link", "https://icvcm.org/assessment-status/", "--actor", "reg");
        t.Ok("ledger", "project", "label", "withdraw", "--id", "CCP1", "--reason", "methodology approval suspended", "--actor", "reg");

        var again = t.Cli("ledger", "project", "label", "withdraw", "--id", "CCP1", "--reason", "again", "--actor", "reg");
        var badType = t.Cli("ledger", "project", "label", "grant", "--id", "CCP2", "--project", "P1", "--label", "ICVCM CCP", "--label-type", "Stamp",
            "--approving-body", "ICVCM", "--approved-on", "2025-01-15", "--valid-from", "2025-01-15", "--valid-to", "2027-12-31", "--link", "x", "--actor", "reg");

        Assert.Contains("Label 'CCP1' is in state 'withdrawn', where trigger 'withdraw' is not allowed (actor 'reg').", again.Err);
        Assert.Contains("--label-type 'Stamp' is not a CAD Trust label type; expected one of Endorsement, Certification, Letter of Approval, Letter of Authorization, Letter of Qualification.", badType.Err);
        Assert.Equal("withdrawn|methodology approval suspended", Row(t.Path, "SELECT state, withdrawn_reason FROM interop_labels"));
    }

    [Theory]
    [InlineData("UPDATE interop_article6 SET adjustment = 'completed'",
        "interop_article6 row (issuance_id=R2023): adjustment is 'completed' in the live table but 'pending' by the journal")]
    [InlineData("UPDATE interop_projects SET host_country = 'US'",
        "interop_projects row (project_id=P1): host_country is 'US' in the live table but 'CN' by the journal")]
    [InlineData("DELETE FROM interop_listings",
        "interop_listings row (project_id=P1, registry=Verra, external_id=VCS-9) is missing from the live table")]
    [InlineData("INSERT INTO interop_labels (id, project_id, label, label_type, approving_body, approved_on, valid_from, valid_to, link, state, granted_seq) VALUES ('X', 'P1', 'ICVCM CCP', 'Certification', 'ICVCM', '2025-01-01', '2025-01-01', '2026-01-01', 'x', 'active', 3)",
        "interop_labels row (id=X) is in the live table but no event wrote it")]
    [InlineData("UPDATE interop_jurisdictions SET country = 'SG'",
        "interop_jurisdictions row (participant_id=buyer): country is 'SG' in the live table but 'CN' by the journal")]
    public void An_edited_interop_table_fails_verification_naming_the_row_and_column(string sql, string difference)
    {
        // Given a ledger with every interop table written by its commands
        using var t = new LedgerTestDb();
        t.Seed();
        t.Ok("ledger", "project", "describe", "--project", "P1", "--name", "Yichun forest sink", "--host-country", "CN", "--sector", "Agriculture; forestry and fishing",
            "--project-type", "Afforestation", "--methodology", "CCER-14-001-V01", "--actor", "reg");
        t.Ok("ledger", "project", "list-elsewhere", "--project", "P1", "--registry", "Verra", "--external-id", "VCS-9", "--actor", "reg");
        t.Ok("ledger", "issuance", "authorize", "--issuance", "R2023", "--reference", "LoA-1", "--on", "2025-03-01", "--actor", "reg");
        t.Ok("ledger", "participant", "jurisdiction", "--participant", "buyer", "--country", "CN", "--actor", "reg");
        Assert.Equal(0, t.Cli("audit", "verify").Code);

        // When a table is edited behind the ledger's back
        SqliteConnection.ClearAllPools();
        using (var c = new SqliteConnection($"Data Source={t.Path};Pooling=False"))
        {
            c.Open();
            using var cmd = c.CreateCommand();
            cmd.CommandText = sql;
            cmd.ExecuteNonQuery();
        }

        // Then the audit names the row and column
        var r = t.Cli("audit", "verify");
        Assert.Equal(1, r.Code);
        Assert.Contains(difference, r.Out + r.Err);
    }

    private static string Row(string db, string sql)
    {
        using var c = new SqliteConnection($"Data Source={db};Pooling=False");
        c.Open();
        using var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        using var r = cmd.ExecuteReader();
        Assert.True(r.Read(), sql);
        return string.Join('|', Enumerable.Range(0, r.FieldCount).Select(i => r.IsDBNull(i) ? "" : Convert.ToString(r.GetValue(i), System.Globalization.CultureInfo.InvariantCulture)));
    }
}
