using EcoLedger.Ledger;

namespace EcoLedger.Tests.Ledger;

public class LedgerEngineTests
{
    private static CreditCommand Transfer(string from, string to, long? q, SerialRange? serials = null) =>
        new(CreditOperation.Transfer, from, q, to, serials is null ? null : "P1", serials, RequestId: Guid.NewGuid().ToString("N"));

    [Fact]
    public void Should_issue_one_range_and_split_the_lowest_buffer_share_to_the_buffer_pool()
    {
        // Given a 15 % buffer; When 1,000 t are issued; Then floor(1,000 × 0.15) = 150 serials 1-150 go to the buffer, 151-1000 to the owner
        var ledger = TestLedger.WithProject(bufferBp: 1_500);

        var issued = ledger.Issue("R1", "P1", 2023, 1_000);

        Assert.Equal("ECO-YC-P1-20230101-20231231-1-1000", issued.Serial);
        Assert.Equal(150, issued.Buffer);
        Assert.Equal("P1:1-150", ledger.Ranges(SystemAccounts.BufferPool));
        Assert.Equal("P1:151-1000", ledger.Ranges("owner"));
        Assert.Equal(["ECO-YC-P1-20230101-20231231-1-150", "ECO-YC-P1-20230101-20231231-151-1000"], issued.Moves.Select(m => m.Serial));
        Assert.Equal(-1_000, ledger.Store.Balances[(SystemAccounts.Issuance, "P1", new DateOnly(2023, 1, 1))]);
    }

    [Fact]
    public void Should_number_serials_cumulatively_across_vintages_and_spend_the_oldest_vintage_first()
    {
        var ledger = TestLedger.WithProject(bufferBp: 1_500);
        ledger.Issue("R1", "P1", 2023, 1_000); // buffer 1-150, owner 151-1000
        ledger.Credits("owner", Transfer("owner", "h1", 100)); // h1 151-250, owner 251-1000

        // 2024: 500 t, serials 1001-1500; buffer floor(500 × 0.15) = 75 → 1001-1075; owner 1076-1500
        var second = ledger.Issue("R2", "P1", 2024, 500);
        Assert.Equal("ECO-YC-P1-20240101-20241231-1001-1500", second.Serial);

        // 1,000 t: all 750 of 2023 (251-1000), then the lowest 250 of 2024 (1076-1325)
        var moved = ledger.Credits("owner", Transfer("owner", "h2", 1_000));

        Assert.Equal(["ECO-YC-P1-20230101-20231231-251-1000", "ECO-YC-P1-20240101-20241231-1076-1325"], moved.Moves.Select(m => m.Serial));
        Assert.Equal("P1:251-1000,P1:1076-1325", ledger.Ranges("h2"));
        Assert.Equal("P1:1326-1500", ledger.Ranges("owner"));
        Assert.Equal("P1:151-250", ledger.Ranges("h1"));
    }

    [Fact]
    public void Should_produce_a_retirement_statement_with_the_exact_serials()
    {
        var ledger = TestLedger.WithProject(bufferBp: 1_500);
        ledger.Issue("R1", "P1", 2023, 1_000);
        ledger.Credits("owner", Transfer("owner", "h1", 100)); // h1 151-250

        var retired = ledger.Credits("h1", new CreditCommand(CreditOperation.Retire, "h1", 60, Beneficiary: "City bus company", Purpose: "2025 offset"));

        Assert.Equal(("h1", 60L, "City bus company", "2025 offset"), (retired.Holder, retired.Quantity, retired.Beneficiary!, retired.Purpose!));
        Assert.Equal(["ECO-YC-P1-20230101-20231231-151-210"], retired.Moves.Select(m => m.Serial));
        Assert.Equal("P1:151-210", ledger.Ranges(SystemAccounts.Retired, BlockStatus.Retired));
        Assert.Equal("P1:211-250", ledger.Ranges("h1"));
    }

    [Fact]
    public void Should_split_a_block_in_three_when_named_serials_are_in_its_middle()
    {
        var ledger = TestLedger.WithProject(bufferBp: 1_000);
        ledger.Issue("R1", "P1", 2023, 1_000); // buffer 1-100, owner 101-1000

        ledger.Credits("owner", Transfer("owner", "h1", null, new SerialRange(300, 309)));

        Assert.Equal("P1:101-299,P1:310-1000", ledger.Ranges("owner"));
        Assert.Equal("P1:300-309", ledger.Ranges("h1"));
    }

    [Fact]
    public void Should_keep_pledged_credits_with_the_holder_but_not_let_them_move()
    {
        var ledger = TestLedger.WithProject(bufferBp: 1_000);
        ledger.Issue("R1", "P1", 2023, 200); // buffer 1-20, owner 21-200 (block 1)

        ledger.Credits("owner", new CreditCommand(CreditOperation.Pledge, "owner", 100, "bank")); // 21-120 pledged (block 3), 121-200 active (block 1)

        Assert.Equal("P1:21-120", ledger.Ranges("owner", BlockStatus.Pledged));
        Assert.Equal(0, ledger.Held("bank"));
        Assert.Equal("Holder 'owner' has 80 active credits; cannot transfer 100.", ledger.Refused(e => e.Credits("owner", Transfer("owner", "h1", 100))));
        Assert.Equal("Block 3 (serials 21-120 of project 'P1') is in state 'pledged', where trigger 'transfer' is not allowed (actor 'owner').",
            ledger.Refused(e => e.Credits("owner", Transfer("owner", "h1", null, new SerialRange(50, 59)))));
        Assert.Equal("Actor 'h1' (role 'holder') may not fire trigger 'release' on credits of holder 'owner' in state 'pledged': it requires the bank 'bank' or role 'registry'.",
            ledger.Refused(e => e.Credits("h1", new CreditCommand(CreditOperation.Release, "owner", 10, "bank"))));

        // When the bank releases 40, the lowest 40 pledged serials (21-60) become active again
        ledger.Credits("bank", new CreditCommand(CreditOperation.Release, "owner", 40));

        Assert.Equal("P1:61-120", ledger.Ranges("owner", BlockStatus.Pledged));
        Assert.Equal("P1:21-60,P1:121-200", ledger.Ranges("owner"));
    }

    [Fact]
    public void Should_let_only_the_registry_freeze_unfreeze_and_cancel()
    {
        var ledger = TestLedger.WithProject(bufferBp: 0);
        ledger.Issue("R1", "P1", 2023, 100); // owner 1-100

        Assert.Equal("Actor 'owner' (role 'project_owner') may not fire trigger 'freeze' on credits of holder 'owner' in state 'active': it requires role 'registry'.",
            ledger.Refused(e => e.Credits("owner", new CreditCommand(CreditOperation.Freeze, "owner", 10))));
        ledger.Credits("reg", new CreditCommand(CreditOperation.Freeze, "owner", 30)); // 1-30 frozen
        Assert.Equal("P1:1-30", ledger.Ranges("owner", BlockStatus.Frozen));
        ledger.Credits("reg", new CreditCommand(CreditOperation.Unfreeze, "owner", 10)); // 1-10 active again
        Assert.Equal("P1:11-30", ledger.Ranges("owner", BlockStatus.Frozen));
        Assert.Equal("A cancellation needs a reason (reason).", ledger.Refused(e => e.Credits("reg", new CreditCommand(CreditOperation.Cancel, "owner", 5))));
        ledger.Credits("reg", new CreditCommand(CreditOperation.Cancel, "owner", 5, Reason: "double counting")); // oldest active: 1-5
        Assert.Equal("P1:1-5", ledger.Ranges(SystemAccounts.Cancelled, BlockStatus.Cancelled));
        Assert.Equal("P1:6-10,P1:31-100", ledger.Ranges("owner"));
    }

    [Fact]
    public void Should_refuse_a_transfer_by_anyone_but_the_holder()
    {
        var ledger = TestLedger.WithProject();
        ledger.Issue("R1", "P1", 2023, 100);
        Assert.Equal("Actor 'reg' (role 'registry') may not fire trigger 'transfer' on credits of holder 'owner' in state 'active': it requires the holder 'owner'.",
            ledger.Refused(e => e.Credits("reg", Transfer("owner", "h1", 10))));
    }

    [Fact]
    public void Should_refuse_a_transfer_to_a_participant_whose_role_may_not_hold_credits()
    {
        // docs/ledger.md, "Participants and accounts": only holder and project_owner hold credits
        var ledger = TestLedger.WithProject();
        ledger.Issue("R1", "P1", 2023, 100); // buffer 1-10, owner 11-100

        Assert.Equal("Cannot transfer to 'ver': role 'verifier' may not hold credits; only roles 'holder' and 'project_owner' may.",
            ledger.Refused(e => e.Credits("owner", Transfer("owner", "ver", 10))));
        Assert.Equal("Cannot transfer to 'reg': role 'registry' may not hold credits; only roles 'holder' and 'project_owner' may.",
            ledger.Refused(e => e.Credits("owner", Transfer("owner", "reg", 10))));
        Assert.Equal("A pledge needs a bank with role 'holder' (counterparty); got 'ver'.",
            ledger.Refused(e => e.Credits("owner", new CreditCommand(CreditOperation.Pledge, "owner", 10, "ver"))));

        // A holder and another project owner may receive credits
        ledger.Credits("owner", Transfer("owner", "h1", 10));
        Assert.Equal("P1:11-20", ledger.Ranges("h1"));
    }

    [Fact]
    public void Should_cancel_the_buffer_first_and_hold_issuance_until_the_shortfall_is_surrendered()
    {
        // Given 1,000 t issued with a 10 % buffer: buffer 1-100, owner 101-1000
        var ledger = TestLedger.WithProject(bufferBp: 1_000);
        ledger.Issue("R1", "P1", 2023, 1_000);

        // When a fire destroys 130 t: the buffer's 100 are cancelled, 30 t remain uncovered
        var reversal = ledger.Payload<ReversalReported>(ledger.Run(e => e.ReportReversal("reg", "P1", 130, "fire")));

        Assert.Equal((100L, 30L), (reversal.FromBuffer, reversal.Shortfall));
        Assert.Equal("P1:1-100", ledger.Ranges(SystemAccounts.Cancelled, BlockStatus.Cancelled));
        Assert.Equal(30, ledger.Store.FindProject("P1")!.ReversalShortfall);

        // Then issuance is held
        ledger.Run(e => e.RequestIssuance("owner", "R2", "P1", new DateOnly(2024, 1, 1), new DateOnly(2024, 12, 31), 500));
        ledger.Run(e => e.TransitionIssuance("ver", "R2", IssuanceTrigger.Verify));
        Assert.Equal("Issuance to project 'P1' is held: the owner must first surrender 30 t to cover a reversal (trigger 'issue', actor 'reg').",
            ledger.Refused(e => e.Issue("reg", "R2")));
        Assert.Equal("Project 'P1' has a reversal shortfall of 30 t; cannot surrender 40 t.",
            ledger.Refused(e => e.Credits("owner", new CreditCommand(CreditOperation.Surrender, "owner", 40, Project: "P1"))));

        // When the owner surrenders 30 t (101-130 are cancelled), issuance resumes with serials 1001-1500
        ledger.Credits("owner", new CreditCommand(CreditOperation.Surrender, "owner", 30, Project: "P1"));
        var second = ledger.Payload<IssuanceIssued>(ledger.Run(e => e.Issue("reg", "R2")));

        Assert.Equal("P1:1-100,P1:101-130", ledger.Ranges(SystemAccounts.Cancelled, BlockStatus.Cancelled));
        Assert.Equal("ECO-YC-P1-20240101-20241231-1001-1500", second.Serial);
        var supply = Supply.Compute(ledger.Store);
        // 2023: issued 1,000 = buffer 0 + active 870 + cancelled 130; 2024: 500 = buffer 50 + active 450
        Assert.Equal(new SupplyRow("P1", new DateOnly(2023, 1, 1), new DateOnly(2023, 12, 31), 1_000, 0, 870, 0, 0, 0, 130), supply[0]);
        Assert.Equal(new SupplyRow("P1", new DateOnly(2024, 1, 1), new DateOnly(2024, 12, 31), 500, 50, 450, 0, 0, 0, 0), supply[1]);
    }

    [Fact]
    public void Should_refuse_a_reversal_larger_than_the_issued_tonnes_net_of_earlier_reversals()
    {
        // Given 100 t issued with a 10 % buffer: buffer 1-10, owner 11-100
        var ledger = TestLedger.WithProject(bufferBp: 1_000);
        ledger.Issue("R1", "P1", 2023, 100);

        // A reversal is a loss of issued credits (docs/ledger.md, "Issuance, buffer and reversals"): 1,000,000 t of a 100 t project is refused
        Assert.Equal("Project 'P1' has issued 100 t and already reported 0 t reversed; a reversal of 1000000 t exceeds the 100 t that remain " +
            "(a reversal is a loss of issued credits: docs/ledger.md, 'Issuance, buffer and reversals').",
            ledger.Refused(e => e.ReportReversal("reg", "P1", 1_000_000, "fire")));

        // When 60 t are reversed (buffer 10 cancelled, shortfall 50), 100 − 60 = 40 t remain reversible
        var first = ledger.Payload<ReversalReported>(ledger.Run(e => e.ReportReversal("reg", "P1", 60, "fire")));
        Assert.Equal((10L, 50L), (first.FromBuffer, first.Shortfall));
        Assert.Equal("Project 'P1' has issued 100 t and already reported 60 t reversed; a reversal of 41 t exceeds the 40 t that remain " +
            "(a reversal is a loss of issued credits: docs/ledger.md, 'Issuance, buffer and reversals').",
            ledger.Refused(e => e.ReportReversal("owner", "P1", 41, "pest")));

        // Then exactly the 40 t left are accepted: all shortfall, 50 + 40 = 90
        var second = ledger.Payload<ReversalReported>(ledger.Run(e => e.ReportReversal("owner", "P1", 40, "pest")));
        Assert.Equal((0L, 40L), (second.FromBuffer, second.Shortfall));
        Assert.Equal(90, ledger.Store.FindProject("P1")!.ReversalShortfall);
    }

    [Fact]
    public void Should_refuse_a_reversal_on_a_project_that_has_issued_nothing()
    {
        var ledger = TestLedger.WithProject();
        Assert.Equal("Project 'P1' has issued 0 t and already reported 0 t reversed; a reversal of 1 t exceeds the 0 t that remain " +
            "(a reversal is a loss of issued credits: docs/ledger.md, 'Issuance, buffer and reversals').",
            ledger.Refused(e => e.ReportReversal("reg", "P1", 1, "fire")));
    }

    [Fact]
    public void Should_require_a_registry_as_the_first_participant_and_then_only_a_registry_adds_participants()
    {
        var ledger = new TestLedger();
        ledger.Run(e => e.Initialize());
        Assert.Equal("The first participant must be a registry; add it with role registry.", ledger.Refused(e => e.AddParticipant(null, "h1", Role.Holder, null)));
        ledger.Run(e => e.AddParticipant(null, "reg", Role.Registry, null));
        ledger.Run(e => e.AddParticipant("reg", "h1", Role.Holder, null));
        Assert.Equal("Actor 'h1' (role 'holder') may not add participants: it requires role 'registry'.", ledger.Refused(e => e.AddParticipant("h1", "h2", Role.Holder, null)));
        Assert.Equal("This command needs the acting participant (actor).", ledger.Refused(e => e.AddParticipant(null, "h2", Role.Holder, null)));
    }
}
