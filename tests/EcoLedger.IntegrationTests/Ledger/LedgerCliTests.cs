using System.Text.Json.Nodes;

namespace EcoLedger.IntegrationTests.Ledger;

public class LedgerCliTests
{
    [Fact]
    public void Should_describe_each_event_in_a_sentence_not_raw_json()
    {
        using var db = new LedgerTestDb();
        Assert.StartsWith("event 1 ledger.initialized by system\n", db.Ok("ledger", "init").ReplaceLineEndings("\n"), StringComparison.Ordinal);
        Assert.Equal("event 2 participant.added by system\nparticipant reg (Registry) joined with role registry\n",
            db.Ok("ledger", "participant", "add", "--id", "reg", "--role", "registry", "--name", "Registry").ReplaceLineEndings("\n"));
        db.Ok("ledger", "participant", "add", "--id", "farm", "--role", "project_owner", "--actor", "reg");
        Assert.Equal("event 4 project.created by farm\nproject P1 created (draft) for owner farm: region YC, methodology M, buffer 12.5 %, " +
            "crediting 2020-01-01..2049-12-31, 2 units\n",
            db.Ok("ledger", "project", "create", "--id", "P1", "--owner", "farm", "--region", "YC", "--methodology", "M", "--buffer-pct", "12.5",
                "--period-start", "2020-01-01", "--period-end", "2049-12-31", "--units", "U1,U2", "--actor", "farm").ReplaceLineEndings("\n"));
        Assert.Equal("event 5 project.transitioned by farm\nproject P1: draft -> submitted (submit)\n",
            db.Ok("ledger", "project", "submit", "--id", "P1", "--actor", "farm").ReplaceLineEndings("\n"));
    }

    [Theory]
    [MemberData(nameof(LedgerTestDb.Providers), MemberType = typeof(LedgerTestDb))]
    public void Should_refuse_to_credit_a_unit_of_one_project_again_in_another(string provider)
    {
        using var db = new LedgerTestDb(provider);
        db.Seed(); // P1 over YC-0001 and YC-0002, 2020..2049, 2023 issued
        db.Ok("ledger", "project", "create", "--id", "P4", "--owner", "farm", "--region", "HLJYC", "--methodology", "CCER-14-001-V01", "--buffer-pct", "10",
            "--period-start", "2020-01-01", "--period-end", "2049-12-31", "--units", "U9,YC-0002", "--actor", "farm");
        db.Ok("ledger", "project", "submit", "--id", "P4", "--actor", "farm");
        db.Ok("ledger", "project", "validate", "--id", "P4", "--actor", "ver");

        var register = db.Cli("ledger", "project", "register", "--id", "P4", "--actor", "reg");
        Assert.Equal((2, "error: Crediting period 2020-01-01..2049-12-31 of project 'P4' overlaps the crediting period 2020-01-01..2049-12-31 of registered " +
            "project 'P1', which already covers unit 'YC-0002': the same land cannot be registered twice for 2020-01-01..2049-12-31.\n"),
            (register.Code, register.Err.ReplaceLineEndings("\n")));

        // Once P1 is closed the land may join P4, but the 2023 P1 was issued for is not credited again; 2024 is.
        db.Ok("ledger", "project", "close", "--id", "P1", "--actor", "reg");
        db.Ok("ledger", "project", "register", "--id", "P4", "--actor", "reg");
        var request = db.Cli("ledger", "issuance", "request", "--id", "R4", "--project", "P4", "--vintage-start", "2023-07-01", "--vintage-end", "2024-06-30",
            "--quantity", "1000", "--actor", "farm");
        Assert.Equal((2, "error: Monitoring period 2023-07-01..2024-06-30 of project 'P4' overlaps the issued period 2023-01-01..2023-12-31 (request 'R2023') " +
            "of project 'P1', which also covers unit 'YC-0002': the same land cannot be credited twice for 2023-07-01..2023-12-31.\n"),
            (request.Code, request.Err.ReplaceLineEndings("\n")));
        db.Ok("ledger", "issuance", "request", "--id", "R4", "--project", "P4", "--vintage-start", "2024-01-01", "--vintage-end", "2024-12-31",
            "--quantity", "1000", "--actor", "farm");
        db.Ok("ledger", "issuance", "verify", "--id", "R4", "--actor", "ver");
        Assert.Contains("issued 1000 t", db.Ok("ledger", "issuance", "issue", "--id", "R4", "--actor", "reg"), StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(LedgerTestDb.Providers), MemberType = typeof(LedgerTestDb))]
    public void Should_refuse_a_double_registration_made_within_one_transaction(string provider)
    {
        // Both projects created and registered in one batch: the store sees the units and states not yet written.
        using var db = new LedgerTestDb(provider);
        using var ledger = EcoLedger.Storage.LedgerDatabase.Open(db.Path, durable: false);
        var start = new DateOnly(2020, 1, 1);
        var steps = new List<EcoLedger.Storage.CommandRequest>
        {
            new(new EcoLedger.Ledger.InitializeLedger()),
            new(new EcoLedger.Ledger.AddParticipant("reg", EcoLedger.Ledger.Role.Registry)),
            new(new EcoLedger.Ledger.AddParticipant("ver", EcoLedger.Ledger.Role.Verifier), "reg"),
            new(new EcoLedger.Ledger.AddParticipant("farm", EcoLedger.Ledger.Role.ProjectOwner), "reg"),
        };
        foreach (var (id, units, end) in new[] { ("P1", new[] { "U1", "U2" }, new DateOnly(2049, 12, 31)), ("P4", new[] { "U3", "U2" }, new DateOnly(2029, 12, 31)) })
        {
            steps.Add(new(new EcoLedger.Ledger.CreateProject(id, "farm", "YC", "CCER-14-001-V01", 1_000, start, end, units), "farm"));
            steps.Add(new(new EcoLedger.Ledger.TransitionProject(id, EcoLedger.Ledger.ProjectTrigger.Submit), "farm"));
            steps.Add(new(new EcoLedger.Ledger.TransitionProject(id, EcoLedger.Ledger.ProjectTrigger.Validate), "ver"));
            steps.Add(new(new EcoLedger.Ledger.TransitionProject(id, EcoLedger.Ledger.ProjectTrigger.Register), "reg"));
        }
        var rows = ledger.Commands.RunBatch(steps, out bool committed);
        Assert.False(committed);
        Assert.Equal("Crediting period 2020-01-01..2029-12-31 of project 'P4' overlaps the crediting period 2020-01-01..2049-12-31 of registered project 'P1', " +
            "which already covers unit 'U2': the same land cannot be registered twice for 2020-01-01..2029-12-31.", rows[^1].Error);
    }

    [Fact]
    public void Should_list_the_participants_with_their_roles_names_and_keys_in_force()
    {
        // There was no way to list who is registered (only to add), short of reading the database.
        using var t = new LedgerTestDb();
        t.Seed();
        t.GiveKey("buyer");

        string table = t.Ok("ledger", "participant", "list").ReplaceLineEndings("\n");
        var json = t.Json("ledger", "participant", "list").AsArray();

        Assert.Equal("""
            id     role           name                 keys
            bank   holder         bank                    0
            buyer  holder         buyer                   1
            farm   project_owner  farm                    0
            reg    registry       Provincial registry     0
            ver    verifier       ver                     0

            """, table);
        Assert.Equal(["bank", "buyer", "farm", "reg", "ver"], json.Select(p => p!["id"]!.GetValue<string>()).ToArray());
        Assert.Equal(("holder", 1), (json[1]!["role"]!.GetValue<string>(), json[1]!["active_keys"]!.GetValue<int>()));
    }

    [Fact]
    public void Should_run_the_whole_flow_and_report_supply_that_adds_up()
    {
        using var db = new LedgerTestDb();
        db.Seed();

        // transfer 400 (farm's lowest: 101-500) to the buyer, pledge 200 (501-700) to the bank, the buyer retires 150 (101-250)
        var transfer = db.Json("ledger", "credits", "transfer", "--from", "farm", "--to", "buyer", "--quantity", "400", "--request-id", "t1", "--actor", "farm");
        db.Ok("ledger", "credits", "pledge", "--holder", "farm", "--to", "bank", "--quantity", "200", "--request-id", "p1", "--actor", "farm");
        string statement = db.Ok("ledger", "credits", "retire", "--holder", "buyer", "--quantity", "150", "--beneficiary", "City bus company",
            "--purpose", "2025 offset", "--request-id", "r1", "--actor", "buyer");

        Assert.Equal("ECO-YC-P1-20230101-20231231-101-500", transfer["payload"]!["moves"]![0]!["serial"]!.GetValue<string>());
        Assert.Contains("Retirement statement: 150 t retired by buyer for City bus company; purpose: 2025 offset", statement);
        Assert.Contains("ECO-YC-P1-20230101-20231231-101-250  150 t  buyer -> retired  active -> retired", statement);

        // issued 1,000 = buffer 100 + active (farm 701-1000: 300, buyer 251-500: 250) 550 + pledged 200 + retired 150
        var supply = db.Json("ledger", "supply");
        Assert.Equal("""[{"project":"P1","vintage_start":"2023-01-01","vintage_end":"2023-12-31","issued":1000,"buffer":100,"active":550,"pledged":200,"frozen":0,"retired":150,"cancelled":0}]""",
            supply.ToJsonString());

        var balance = db.Json("ledger", "balance", "--holder", "farm")[0]!;
        Assert.Equal((300L, 200L, 500L), (balance["active"]!.GetValue<long>(), balance["pledged"]!.GetValue<long>(), balance["posted"]!.GetValue<long>()));

        // events: init 1, five participants 2-6, project 7-10, request 11, verify 12, issue 13; each command with a request id is
        // journaled as accepted, then its event: transfer 14-15, pledge 16-17, retire 18-19.
        // history of serial 120: issued (13), transferred (15), retired (19); the pledge (17) never touched it
        var history = db.Json("ledger", "history", "--serial", "ECO-YC-P1-20230101-20231231-120-120");
        Assert.Equal(["issuance.issued", "credits.transferred", "credits.retired"], history.AsArray().Select(h => h!["kind"]!.GetValue<string>()));
        Assert.Equal([13L, 15L, 19L], history.AsArray().Select(h => h!["seq"]!.GetValue<long>()));
        // For people, each movement of the part holding serial 120: issued 900 t to farm (101-1000), 400 t to the buyer (101-500),
        // 150 t retired (101-250).
        var rows = db.Ok("ledger", "history", "--serial", "ECO-YC-P1-20230101-20231231-120-120").ReplaceLineEndings("\n").Split('\n')
            .Skip(1).Where(l => l.Length > 0).Select(l => l.Split("  ", StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).ToList();
        Assert.Equal(["issuance", "farm", "active", "900", "ECO-YC-P1-20230101-20231231-101-1000"], rows[0][4..]);
        Assert.Equal(["farm", "buyer", "active", "400", "ECO-YC-P1-20230101-20231231-101-500"], rows[1][4..]);
        Assert.Equal(["buyer", "retired", "active -> retired", "150", "ECO-YC-P1-20230101-20231231-101-250"], rows[2][4..]);

        Assert.Contains("ledger verified: 19 events", db.Ok("ledger", "verify"));
    }

    [Fact]
    public void Should_return_the_original_result_for_a_repeated_request_id_and_refuse_different_content()
    {
        using var db = new LedgerTestDb();
        db.Seed();
        var first = db.Json("ledger", "credits", "transfer", "--from", "farm", "--to", "buyer", "--quantity", "10", "--request-id", "x1", "--actor", "farm");
        var again = db.Json("ledger", "credits", "transfer", "--from", "farm", "--to", "buyer", "--quantity", "10", "--request-id", "x1", "--actor", "farm");

        Assert.Equal(first["seq"]!.GetValue<long>(), again["seq"]!.GetValue<long>());
        Assert.True(again["repeated"]!.GetValue<bool>());
        Assert.Equal(10L, db.Json("ledger", "balance", "--holder", "buyer")[0]!["active"]!.GetValue<long>());

        var (code, _, err) = db.Cli("ledger", "credits", "transfer", "--from", "farm", "--to", "buyer", "--quantity", "11", "--request-id", "x1", "--actor", "farm");
        Assert.Equal(2, code);
        Assert.Equal($"error: Request id 'x1' was already used for a different command (journal entry {first["seq"]}); nothing was written.\n", err.ReplaceLineEndings("\n"));
    }

    [Fact]
    public void Should_write_nothing_when_a_transition_is_illegal_or_the_role_is_missing()
    {
        using var db = new LedgerTestDb();
        db.Seed();
        int events = db.Json("ledger", "verify")["events"]!.GetValue<int>();

        var illegal = db.Cli("ledger", "project", "validate", "--id", "P1", "--actor", "ver");
        var role = db.Cli("ledger", "credits", "freeze", "--holder", "farm", "--quantity", "5", "--request-id", "f1", "--actor", "buyer");

        Assert.Equal((2, "error: Project 'P1' is in state 'registered', where trigger 'validate' is not allowed (actor 'ver').\n"), (illegal.Code, illegal.Err.ReplaceLineEndings("\n")));
        Assert.Equal((2, "error: Actor 'buyer' (role 'holder') may not fire trigger 'freeze' on credits of holder 'farm' in state 'active': it requires role 'registry'.\n"),
            (role.Code, role.Err.ReplaceLineEndings("\n")));
        Assert.Equal(events, db.Json("ledger", "verify")["events"]!.GetValue<int>());
    }

    [Fact]
    public void A_batch_without_actor_or_keys_is_refused_instead_of_acting_for_each_rows_sender()
    {
        // Rows used to run as their 'from' holder on the file's word: anyone with the CLI could move anyone's credits.
        using var db = new LedgerTestDb();
        db.Seed();
        string file = Path.Combine(db.Dir, "b.csv");
        File.WriteAllText(file, "request_id,from,to,quantity\nx1,farm,buyer,5\n");

        var refused = db.Cli("ledger", "credits", "transfer", "--batch", file);

        Assert.Equal(2, refused.Code);
        Assert.Equal("error: A batch runs as one participant (--actor), or with --key-dir each row signed by its 'from' holder; " +
            "a row never acts for its 'from' holder on the file's word alone.\n", refused.Err.ReplaceLineEndings("\n"));
        Assert.Equal(900L, db.Json("ledger", "balance", "--holder", "farm")[0]!["active"]!.GetValue<long>());
    }

    [Fact]
    public void A_batch_file_is_read_as_rfc_4180_and_a_broken_quote_is_named_by_row()
    {
        using var db = new LedgerTestDb();
        db.Seed();
        string quoted = Path.Combine(db.Dir, "quoted.csv");
        File.WriteAllText(quoted, "\uFEFFrequest_id,from,to,quantity\r\n\"q1\",farm,\"buyer\",\"25\"\r\n");
        string broken = Path.Combine(db.Dir, "broken.csv");
        File.WriteAllText(broken, "request_id,from,to,quantity\nq2,farm,buyer,5\n\"q3,farm,buyer,5\n");

        db.Ok("ledger", "credits", "transfer", "--batch", quoted, "--actor", "farm");
        var bad = db.Cli("ledger", "credits", "transfer", "--batch", broken, "--actor", "farm");

        Assert.Equal(25L, db.Json("ledger", "balance", "--holder", "buyer")[0]!["active"]!.GetValue<long>());
        Assert.Equal(2, bad.Code);
        Assert.StartsWith($"error: {broken}: row 3: a quoted field is not closed", bad.Err);
    }

    [Fact]
    public void A_batch_file_with_only_the_header_is_bad_input()
    {
        // Before: exit 0 with "0 transfers committed, 0 repeated"; 'price import' refuses a file without quotes in the same way.
        using var db = new LedgerTestDb();
        db.Seed();
        string empty = Path.Combine(db.Dir, "empty.csv");
        File.WriteAllText(empty, "request_id,from,to,quantity\n");

        var r = db.Cli("ledger", "credits", "transfer", "--batch", empty, "--actor", "farm");

        Assert.Equal((2, "", $"error: Batch file '{empty}' has no transfers: it holds only the header.\n"), (r.Code, r.Out, r.Err.ReplaceLineEndings("\n")));
    }

    [Fact]
    public void Should_apply_a_batch_all_or_nothing_with_per_row_results()
    {
        using var db = new LedgerTestDb();
        db.Seed();
        string ok = Path.Combine(db.Dir, "ok.csv");
        File.WriteAllText(ok, "request_id,from,to,quantity\nb1,farm,buyer,100\nb2,buyer,bank,30\nb3,farm,bank,5\n");
        string bad = Path.Combine(db.Dir, "bad.csv");
        File.WriteAllText(bad, "request_id,from,to,quantity\nc1,farm,buyer,100\nc2,buyer,bank,1000\n");

        db.GiveKey("farm");
        db.GiveKey("buyer");

        // each row acts for its sender, signed by the sender's own key
        var result = db.Json("ledger", "credits", "transfer", "--batch", ok, "--key-dir", db.KeyDir);
        var (code, output, err) = db.Cli("ledger", "credits", "transfer", "--batch", bad, "--key-dir", db.KeyDir, "--json");

        Assert.True(result["committed"]!.GetValue<bool>());
        Assert.Equal(["ok", "ok", "ok"], result["rows"]!.AsArray().Select(r => r!["status"]!.GetValue<string>()));
        Assert.Equal(2, code);
        var rows = JsonNode.Parse(output)!["rows"]!.AsArray();
        Assert.Equal(["not_applied", "error"], rows.Select(r => r!["status"]!.GetValue<string>()));
        // rows count as in every other CSV input: the header is row 1, so c1 is row 2 and c2 (on line 3) is row 3
        Assert.Equal([2, 3], rows.Select(r => r!["row"]!.GetValue<int>()));
        // after the first batch the buyer has 100 - 30 = 70; row c2 sees 70 + 100 from row c1 = 170; then c1 is rolled back too
        Assert.Equal("error: batch rejected at row 3 (c2): Holder 'buyer' has 170 active credits; cannot transfer 1000.\n", err.ReplaceLineEndings("\n"));
        Assert.Equal(70L, db.Json("ledger", "balance", "--holder", "buyer")[0]!["active"]!.GetValue<long>());
        Assert.Equal(35L, db.Json("ledger", "balance", "--holder", "bank")[0]!["active"]!.GetValue<long>());
    }

    [Theory]
    [MemberData(nameof(LedgerTestDb.Providers), MemberType = typeof(LedgerTestDb))]
    public void Should_refuse_a_reversal_larger_than_what_the_project_issued_net_of_earlier_reversals(string provider)
    {
        // Given P1 with 100 t issued (buffer 10 t)
        using var db = new LedgerTestDb(provider);
        db.Seed(tonnes: 100);

        var huge = db.Cli("ledger", "reversal", "report", "--project", "P1", "--quantity", "1000000", "--cause", "fire", "--actor", "reg");
        db.Ok("ledger", "reversal", "report", "--project", "P1", "--quantity", "60", "--cause", "fire", "--actor", "reg");
        var over = db.Cli("ledger", "reversal", "report", "--project", "P1", "--quantity", "41", "--cause", "pest", "--actor", "farm");

        // A reversal is a loss of issued credits (docs/ledger.md, "Issuance, buffer and reversals"): at most 100 t, then 100 - 60 = 40 t
        Assert.Equal((2, "error: Project 'P1' has issued 100 t and already reported 0 t reversed; a reversal of 1000000 t exceeds the 100 t that remain " +
            "(a reversal is a loss of issued credits: docs/ledger.md, 'Issuance, buffer and reversals').\n"), (huge.Code, huge.Err.ReplaceLineEndings("\n")));
        Assert.Equal((2, "error: Project 'P1' has issued 100 t and already reported 60 t reversed; a reversal of 41 t exceeds the 40 t that remain " +
            "(a reversal is a loss of issued credits: docs/ledger.md, 'Issuance, buffer and reversals').\n"), (over.Code, over.Err.ReplaceLineEndings("\n")));
        // 60 t: buffer 10 cancelled, shortfall 50
        Assert.Equal("reversal of 40 t (pest) on P1: 0 t cancelled from the buffer, shortfall 40 t",
            db.Ok("ledger", "reversal", "report", "--project", "P1", "--quantity", "40", "--cause", "pest", "--actor", "farm").ReplaceLineEndings("\n").Split('\n')[1]);
        db.Ok("ledger", "verify");
    }

    [Fact]
    public void Should_refuse_to_transfer_credits_to_a_verifier_or_the_registry()
    {
        using var db = new LedgerTestDb();
        db.Seed(); // farm holds 101-1000

        var toVerifier = db.Cli("ledger", "credits", "transfer", "--from", "farm", "--to", "ver", "--quantity", "10", "--request-id", "tv", "--actor", "farm");
        var toRegistry = db.Cli("ledger", "credits", "transfer", "--from", "farm", "--to", "reg", "--quantity", "10", "--request-id", "tr", "--actor", "farm");

        Assert.Equal((2, "error: Cannot transfer to 'ver': role 'verifier' may not hold credits; only roles 'holder' and 'project_owner' may.\n"),
            (toVerifier.Code, toVerifier.Err.ReplaceLineEndings("\n")));
        Assert.Equal((2, "error: Cannot transfer to 'reg': role 'registry' may not hold credits; only roles 'holder' and 'project_owner' may.\n"),
            (toRegistry.Code, toRegistry.Err.ReplaceLineEndings("\n")));
        Assert.Equal(900L, db.Json("ledger", "balance", "--holder", "farm")[0]!["active"]!.GetValue<long>());
    }

    [Fact]
    public void Should_name_serials_and_hold_issuance_after_an_uncovered_reversal()
    {
        using var db = new LedgerTestDb();
        db.Seed();
        db.Ok("ledger", "credits", "transfer", "--from", "farm", "--to", "buyer", "--serials", "ECO-YC-P1-20230101-20231231-300-309", "--request-id", "s1", "--actor", "farm");
        var reversal = db.Json("ledger", "reversal", "report", "--project", "P1", "--quantity", "130", "--cause", "fire", "--actor", "reg");
        db.Ok("ledger", "issuance", "request", "--id", "R2024", "--project", "P1", "--vintage-start", "2024-01-01", "--vintage-end", "2024-12-31", "--quantity", "500", "--actor", "farm");
        db.Ok("ledger", "issuance", "verify", "--id", "R2024", "--actor", "ver");
        var held = db.Cli("ledger", "issuance", "issue", "--id", "R2024", "--actor", "reg");
        db.Ok("ledger", "reversal", "surrender", "--holder", "farm", "--project", "P1", "--quantity", "30", "--request-id", "sur1", "--actor", "farm");
        db.Ok("ledger", "issuance", "issue", "--id", "R2024", "--actor", "reg");

        Assert.Equal("P1:300-309", string.Join(",", db.Json("ledger", "blocks", "--holder", "buyer").AsArray().Select(b => $"{b!["project"]}:{b["start"]}-{b["end"]}")));
        Assert.Equal((100L, 30L), (reversal["payload"]!["from_buffer"]!.GetValue<long>(), reversal["payload"]!["shortfall"]!.GetValue<long>()));
        Assert.Equal("error: Issuance to project 'P1' is held: the owner must first surrender 30 t to cover a reversal (trigger 'issue', actor 'reg').\n", held.Err.ReplaceLineEndings("\n"));
        // 2023: 1,000 = buffer 0 + active 870 + cancelled 130 (buffer 1-100, surrendered 101-130); 2024: 500 = buffer 50 + active 450
        Assert.Equal("""[{"project":"P1","vintage_start":"2023-01-01","vintage_end":"2023-12-31","issued":1000,"buffer":0,"active":870,"pledged":0,"frozen":0,"retired":0,"cancelled":130},{"project":"P1","vintage_start":"2024-01-01","vintage_end":"2024-12-31","issued":500,"buffer":50,"active":450,"pledged":0,"frozen":0,"retired":0,"cancelled":0}]""",
            db.Json("ledger", "supply").ToJsonString());
        db.Ok("ledger", "verify");
    }
}
