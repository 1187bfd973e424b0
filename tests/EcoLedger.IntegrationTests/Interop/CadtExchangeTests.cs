using System.Text.Json.Nodes;
using EcoLedger.Cli.Demo;
using EcoLedger.IntegrationTests.Ledger;
using Microsoft.Data.Sqlite;
using static EcoLedger.IntegrationTests.CliRunner;

namespace EcoLedger.IntegrationTests.Interop;

/// <summary>
/// <c>ledger export cadt</c> and <c>ledger import cadt</c> on the shipped sample (samples/cadt/): the demo ledger's project as CAD Trust
/// project and unit records. Import rebuilds the registry data the sample states; exporting again gives the sample byte for byte.
/// </summary>
public class CadtExchangeTests
{
    private const string Registry = "Heilongjiang forest carbon registry";
    private const string Url = "https://registry.example.cn";

    /// <summary>
    /// The demo story (LedgerDemo.Build: 1,000 t, buffer 1–100, buyer 101–500 of which 101–300 retired, bank pledge 501–700,
    /// farm 701–1000) with every command journaled at 2025-06-30 08:00 UTC, so the records' dates are fixed.
    /// </summary>
    private static LedgerTestDb DemoLedger()
    {
        var t = new LedgerTestDb();
        t.Ok("ledger", "init", "--ledger-id", "cadt-test");
        LedgerDemo.Build(t.Path, ["YC-0001", "YC-0002"], 1_000, time: new FixedClock(new DateTimeOffset(2025, 6, 30, 8, 0, 0, TimeSpan.Zero)));
        SqliteConnection.ClearAllPools();
        return t;
    }

    /// <summary>What the registry states about the project, as commands: the data the sample carries.</summary>
    private static void RegistryData(LedgerTestDb t)
    {
        t.Ok("ledger", "project", "describe", "--project", "YC_FOREST_1", "--name", "Yichun state forest farm carbon sink", "--host-country", "CN", "--host-region", "CN-HL",
            "--sector", "Agriculture; forestry and fishing", "--project-type", "Improved Forest Management", "--methodology", "CCER-14-001-V01",
            "--ndc-coverage", "inside", "--actor", "registry");
        t.Ok("ledger", "project", "list-elsewhere", "--project", "YC_FOREST_1", "--registry", "CCER Registry", "--external-id", "CCER-14-2023-0001",
            "--relationship", "origin", "--actor", "registry");
        t.Ok("ledger", "project", "list-elsewhere", "--project", "YC_FOREST_1", "--registry", "Verra", "--external-id", "VCS-9999", "--actor", "registry");
        t.Ok("ledger", "project", "label", "grant", "--id", "CCP_2025_001", "--project", "YC_FOREST_1", "--label", "ICVCM CCP", "--label-type", "Certification",
            "--approving-body", "Integrity Council for the Voluntary Carbon Market", "--approved-on", "2025-01-15", "--valid-from", "2025-01-15",
            "--valid-to", "2027-12-31", "--link", "https://icvcm.org/assessment-status/", "--actor", "registry");
        foreach (var (who, region) in new[] { ("forest_farm", "CN-HL"), ("buyer", "CN-HL"), ("bank", "CN-BJ") })
        {
            t.Ok("ledger", "participant", "jurisdiction", "--participant", who, "--country", "CN", "--region", region, "--actor", "registry");
        }
    }

    private static string Export(LedgerTestDb t, string name)
    {
        string dir = Path.Combine(t.Dir, name);
        t.Ok("ledger", "export", "cadt", "--out", dir, "--registry", Registry, "--registry-url", Url);
        return dir;
    }

    [Fact]
    public void The_sample_is_what_the_ledger_exports_for_the_demo_project()
    {
        using var t = DemoLedger();
        RegistryData(t);

        string dir = Export(t, "cadt");

        if (Environment.GetEnvironmentVariable("ECOLEDGER_UPDATE_GOLDEN") == "1")
        {
            File.Copy(Path.Combine(dir, "projects.json"), Repo("samples", "cadt", "projects.json"), true);
            File.Copy(Path.Combine(dir, "units.json"), Repo("samples", "cadt", "units.json"), true);
        }
        Assert.Equal(File.ReadAllText(Repo("samples", "cadt", "projects.json")), File.ReadAllText(Path.Combine(dir, "projects.json")));
        Assert.Equal(File.ReadAllText(Repo("samples", "cadt", "units.json")), File.ReadAllText(Path.Combine(dir, "units.json")));
        // Five blocks: buffer 1–100, retired 101–300, buyer 301–500, pledged 501–700, farm 701–1000 = 100 + 200 + 200 + 200 + 300 = 1,000.
        var units = JsonNode.Parse(File.ReadAllText(Path.Combine(dir, "units.json")))!.AsArray();
        Assert.Equal(["Buffer", "Retired", "Held", "Held", "Held"], units.Select(u => (string)u!["unitStatus"]!));
        Assert.Equal([100L, 200, 200, 200, 300], units.Select(u => (long)u!["unitCount"]!));
        Assert.Equal("ECO-HLJYC-YC_FOREST_1-20230101-20231231-101", (string)units[1]!["unitBlockStart"]!);
        Assert.Equal("ECO-HLJYC-YC_FOREST_1-20230101-20231231-300", (string)units[1]!["unitBlockEnd"]!);
        Assert.Equal("Retired for Power company: Offset of 2024 emissions (200 t)", (string)units[1]!["unitStatusReason"]!);
        Assert.Equal("Pledged to bank", (string)units[3]!["unitStatusReason"]!);
    }

    [Fact]
    public void Importing_the_sample_records_the_registry_data_and_exporting_gives_the_sample_back_byte_for_byte()
    {
        // Given the demo ledger without any registry data
        using var t = DemoLedger();
        string projects = Repo("samples", "cadt", "projects.json");
        string units = Repo("samples", "cadt", "units.json");

        // When the sample is imported
        var import = t.Json("ledger", "import", "cadt", "--projects", projects, "--units", units, "--registry", Registry, "--actor", "registry");

        // Then it ran one registry command per fact: description, two listings, the label, the two owners' jurisdictions (farm and
        // buyer hold units; the bank holds a pledge, not units, so the records do not say where it is)
        Assert.Equal(["DescribeProject", "AddListing", "AddListing", "GrantLabel", "SetJurisdiction", "SetJurisdiction"],
            import["commands"]!.AsArray().Select(c => (string)c!["command"]!));
        Assert.Empty(import["differences"]!.AsArray());
        string dir = Export(t, "again");
        Assert.Equal(File.ReadAllText(projects), File.ReadAllText(Path.Combine(dir, "projects.json")));
        Assert.Equal(File.ReadAllText(units), File.ReadAllText(Path.Combine(dir, "units.json")));

        // A second import finds nothing to do and journals nothing
        long events = (long)t.Json("audit", "checkpoint")["checkpoint"]!["tree_size"]!;
        var again = t.Json("ledger", "import", "cadt", "--projects", projects, "--units", units, "--registry", Registry, "--actor", "registry");
        Assert.Empty(again["commands"]!.AsArray());
        Assert.Equal(events, (long)t.Json("audit", "checkpoint")["checkpoint"]!["tree_size"]!);
        Assert.Equal(0, t.Cli("audit", "verify").Code);
    }

    [Fact]
    public void A_dry_run_lists_the_commands_and_journals_nothing()
    {
        using var t = DemoLedger();
        long events = (long)t.Json("audit", "checkpoint")["checkpoint"]!["tree_size"]!;

        var plan = t.Json("ledger", "import", "cadt", "--projects", Repo("samples", "cadt", "projects.json"), "--units", Repo("samples", "cadt", "units.json"),
            "--registry", Registry, "--dry-run");

        Assert.Equal(6, plan["commands"]!.AsArray().Count);
        Assert.All(plan["commands"]!.AsArray(), c => Assert.Null(c!["seq"]));
        Assert.Equal(events, (long)t.Json("audit", "checkpoint")["checkpoint"]!["tree_size"]!);
    }

    [Fact]
    public void An_import_reports_an_article6_status_the_ledger_does_not_have_and_exits_1_without_changing_it()
    {
        using var t = DemoLedger();
        t.Ok("ledger", "issuance", "authorize", "--issuance", "YC_FOREST_1_2023", "--reference", "LoA-CN-2025-007", "--on", "2025-03-01", "--actor", "registry");

        var r = t.Cli("ledger", "import", "cadt", "--projects", Repo("samples", "cadt", "projects.json"), "--units", Repo("samples", "cadt", "units.json"),
            "--registry", Registry, "--actor", "registry");

        Assert.Equal(1, r.Code);
        Assert.Contains("difference: units.json record 1 (ECO-HLJYC-YC_FOREST_1-20230101-20231231-1..ECO-HLJYC-YC_FOREST_1-20230101-20231231-100): corresponding adjustment "
            + "'Not Required' / 'Not Started' in the record, 'Committed' / 'Not Started' here (issuance 'YC_FOREST_1_2023', authorized, pending); "
            + "an import does not change Article 6 status.", r.Out);
    }

    [Fact]
    public void A_record_of_another_registry_is_matched_through_the_projects_listing_or_refused()
    {
        using var t = DemoLedger();
        string file = Path.Combine(t.Dir, "verra.json");
        var record = JsonNode.Parse(File.ReadAllText(Repo("samples", "cadt", "projects.json")))!.AsArray()[0]!.AsObject();
        record["currentRegistry"] = "Verra";
        record["projectId"] = "VCS-9999";
        File.WriteAllText(file, new JsonArray(record.DeepClone()).ToJsonString());

        var refused = t.Cli("ledger", "import", "cadt", "--projects", file, "--registry", Registry, "--actor", "registry");
        t.Ok("ledger", "project", "list-elsewhere", "--project", "YC_FOREST_1", "--registry", "Verra", "--external-id", "VCS-9999", "--actor", "registry");
        var matched = t.Json("ledger", "import", "cadt", "--projects", file, "--registry", Registry, "--actor", "registry");

        Assert.Equal(2, refused.Code);
        Assert.Contains("projects.json record 1 (projectId 'VCS-9999'): no project here is listed as 'VCS-9999' in 'Verra'; record the listing first (ledger project list-elsewhere).", refused.Err);
        // Matched: the description (the project had none) and the registry of origin; Verra's label is that registry's, not imported.
        Assert.Equal(["DescribeProject", "AddListing"], matched["commands"]!.AsArray().Select(c => (string)c!["command"]!));
        Assert.Contains("projects.json record 1 (projectId 'VCS-9999'): 1 label(s) of registry 'Verra' not imported: they concern that registry's units.",
            matched["notes"]!.AsArray().Select(n => (string)n!));
    }

    [Theory]
    // A required field missing, a picklist value CADT does not know, a wrong type, a field CADT does not have, an end before its start.
    [InlineData("projects", "projectName", null, "projects.json record 1: (record): Required properties [\"projectName\"] are not present.")]
    [InlineData("projects", "coveredByNDC", "\"Partly\"", "projects.json record 1: /coveredByNDC: Value should match one of the values specified by the enum: expected one of the CAD Trust picklist 'coveredByNDC' values.")]
    [InlineData("units", "unitCount", "\"many\"", "units.json record 1: /unitCount: Value is \"string\" but should be \"integer\".")]
    [InlineData("units", "serialNumber", "\"X\"", "units.json record 1: /serialNumber: All values fail against the false schema.")]
    [InlineData("units", "vintageYear", "1850", "units.json record 1: /vintageYear: 1850 should be at least 1900.")]
    [InlineData("projects", "projectStatusDate", "\"30 June 2025\"", "projects.json record 1: /projectStatusDate: Value is \"string\" but should be \"number\".")]
    public void A_record_that_breaks_the_cadt_schema_is_refused_naming_the_file_record_and_field(string file, string field, string? value, string message)
    {
        using var t = DemoLedger();
        string projects = Path.Combine(t.Dir, "projects.json");
        string units = Path.Combine(t.Dir, "units.json");
        File.Copy(Repo("samples", "cadt", "projects.json"), projects);
        File.Copy(Repo("samples", "cadt", "units.json"), units);
        string target = file == "projects" ? projects : units;
        var records = JsonNode.Parse(File.ReadAllText(target))!.AsArray();
        if (value is null)
        {
            records[0]!.AsObject().Remove(field);
        }
        else
        {
            records[0]![field] = JsonNode.Parse(value);
        }
        File.WriteAllText(target, records.ToJsonString());

        var r = t.Cli("ledger", "import", "cadt", "--projects", projects, "--units", units, "--registry", Registry, "--actor", "registry");

        Assert.Equal(2, r.Code);
        Assert.Contains(message, r.Err);
        Assert.DoesNotContain("Exception", r.Err);
    }

    [Fact]
    public void An_issuance_ending_before_it_starts_is_refused_although_json_schema_cannot_say_so()
    {
        using var t = DemoLedger();
        string projects = Path.Combine(t.Dir, "projects.json");
        var records = JsonNode.Parse(File.ReadAllText(Repo("samples", "cadt", "projects.json")))!.AsArray();
        records[0]!["issuances"]![0]!["endDate"] = "2022-12-31";
        File.WriteAllText(projects, records.ToJsonString());

        var r = t.Cli("ledger", "import", "cadt", "--projects", projects, "--registry", Registry, "--actor", "registry");

        Assert.Equal(2, r.Code);
        Assert.Contains("projects.json record 1: /issuances/0/endDate: 2022-12-31 is before startDate 2023-01-01.", r.Err);
    }

    [Fact]
    public void An_export_for_a_past_day_uses_the_last_checkpoint_of_that_day_and_is_reproducible()
    {
        // Given a ledger written on two days: init and the registry on 2025-06-29, the verifier on 2025-06-30
        using var t = new LedgerTestDb();
        var clock = new FixedClock(new DateTimeOffset(2025, 6, 29, 10, 0, 0, TimeSpan.Zero));
        using (var db = EcoLedger.Storage.LedgerDatabase.Open(t.Path, clock))
        {
            db.InitializeAudit("as-of-test");
            db.Run(new EcoLedger.Ledger.InitializeLedger(), null, null);
            db.Run(new EcoLedger.Ledger.AddParticipant("reg", EcoLedger.Ledger.Role.Registry), null, null);
            clock.Now = new DateTimeOffset(2025, 6, 30, 10, 0, 0, TimeSpan.Zero);
            db.Run(new EcoLedger.Ledger.AddParticipant("ver", EcoLedger.Ledger.Role.Verifier), "reg", null);
        }
        SqliteConnection.ClearAllPools();

        // When the public export is made as of each day
        var day1 = t.Json("ledger", "export", "public", "--out", Path.Combine(t.Dir, "d1"), "--as-of", "2025-06-29");
        var day1Again = t.Json("ledger", "export", "public", "--out", Path.Combine(t.Dir, "d1b"), "--as-of", "2025-06-29");
        var day2 = t.Json("ledger", "export", "public", "--out", Path.Combine(t.Dir, "d2"), "--as-of", "2025-06-30");
        var before = t.Cli("ledger", "export", "public", "--out", Path.Combine(t.Dir, "d0"), "--as-of", "2025-06-28");

        // Then 2025-06-29 covers the two events of that day, 2025-06-30 all three, and a repeat gives the same files
        Assert.Equal(2, (long)day1["tree_size"]!);
        Assert.Equal("2025-06-29T10:00:00.0000000Z", (string)day1["checkpoint_time"]!);
        Assert.Equal(3, (long)day2["tree_size"]!);
        Assert.Equal(day1["files"]!.ToJsonString(), day1Again["files"]!.ToJsonString());
        Assert.Equal(2, before.Code);
        Assert.Contains("--as-of 2025-06-28: ", before.Err);
        Assert.Contains("has no checkpoint signed on or before 2025-06-28 (UTC); its journal starts later.", before.Err);
    }

    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = now;

        public override DateTimeOffset GetUtcNow() => Now;
    }
}
