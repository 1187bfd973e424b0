using EcoLedger.Ledger;

namespace EcoLedger.Tests.Ledger;

public class IssuanceRequestTests
{
    private static readonly Dictionary<(string, string), string> Allowed = new()
    {
        [("submitted", "verify")] = "verified",
        [("submitted", "reject")] = "rejected",
        [("verified", "issue")] = "issued",
        [("verified", "reject")] = "rejected",
    };

    private static readonly Dictionary<string, string> Actor = new() { ["verify"] = "ver", ["issue"] = "reg", ["reject"] = "ver" };

    public static TheoryData<string, string> AllPairs()
    {
        var data = new TheoryData<string, string>();
        foreach (var s in new[] { "submitted", "verified", "issued", "rejected" })
        {
            foreach (var t in new[] { "verify", "issue", "reject" })
            {
                data.Add(s, t);
            }
        }
        return data;
    }

    private static TestLedger WithRequestIn(string state)
    {
        var l = TestLedger.WithProject();
        l.Run(e => e.RequestIssuance("owner", "R1", "P1", new DateOnly(2023, 1, 1), new DateOnly(2023, 12, 31), 500));
        if (state is "verified" or "issued")
        {
            l.Run(e => e.TransitionIssuance("ver", "R1", IssuanceTrigger.Verify));
        }
        if (state == "issued")
        {
            l.Run(e => e.Issue("reg", "R1"));
        }
        if (state == "rejected")
        {
            l.Run(e => e.TransitionIssuance("reg", "R1", IssuanceTrigger.Reject));
        }
        return l;
    }

    private static PendingEvent Fire(LedgerEngine e, string actor, string trigger) =>
        trigger == "issue" ? e.Issue(actor, "R1") : e.TransitionIssuance(actor, "R1", LedgerNames.Parse<IssuanceTrigger>(trigger));

    [Theory]
    [MemberData(nameof(AllPairs))]
    public void Should_follow_the_transition_table_for_every_state_and_trigger(string state, string trigger)
    {
        var ledger = WithRequestIn(state);
        string actor = Actor[trigger];
        if (Allowed.TryGetValue((state, trigger), out var target))
        {
            ledger.Run(e => Fire(e, actor, trigger));
            Assert.Equal(target, ledger.Store.FindRequest("R1")!.State.Name());
        }
        else
        {
            Assert.Equal($"Issuance request 'R1' is in state '{state}', where trigger '{trigger}' is not allowed (actor '{actor}').",
                ledger.Refused(e => Fire(e, actor, trigger)));
            Assert.Equal(state, ledger.Store.FindRequest("R1")!.State.Name());
        }
    }

    [Theory]
    [InlineData("submitted", "verify", "reg", "Actor 'reg' (role 'registry') may not fire trigger 'verify' on issuance request 'R1' in state 'submitted': it requires role 'verifier'.")]
    [InlineData("verified", "issue", "ver", "Actor 'ver' (role 'verifier') may not fire trigger 'issue' on issuance request 'R1' in state 'verified': it requires role 'registry'.")]
    [InlineData("verified", "issue", "owner", "Actor 'owner' (role 'project_owner') may not fire trigger 'issue' on issuance request 'R1' in state 'verified': it requires role 'registry'.")]
    [InlineData("submitted", "reject", "h1", "Actor 'h1' (role 'holder') may not fire trigger 'reject' on issuance request 'R1' in state 'submitted': it requires role 'registry' or 'verifier'.")]
    public void Should_refuse_an_actor_without_the_role(string state, string trigger, string actor, string expected)
    {
        var ledger = WithRequestIn(state);
        Assert.Equal(expected, ledger.Refused(e => Fire(e, actor, trigger)));
    }

    [Theory]
    [InlineData(ProjectState.Draft, "draft")]
    [InlineData(ProjectState.Validated, "validated")]
    [InlineData(ProjectState.Suspended, "suspended")]
    [InlineData(ProjectState.Closed, "closed")]
    public void Should_let_only_a_registered_project_request_issuance(ProjectState state, string name)
    {
        var ledger = TestLedger.WithProject(state: state);
        Assert.Equal($"Project 'P1' is in state '{name}', where trigger 'request_issuance' is not allowed (actor 'owner').",
            ledger.Refused(e => e.RequestIssuance("owner", "R1", "P1", new DateOnly(2023, 1, 1), new DateOnly(2023, 12, 31), 10)));
    }

    [Fact]
    public void Should_let_only_the_owner_request_issuance()
    {
        var ledger = TestLedger.WithProject();
        Assert.Equal("Actor 'h1' (role 'holder') may not fire trigger 'request_issuance' on project 'P1' in state 'registered': it requires the project's owner 'owner'.",
            ledger.Refused(e => e.RequestIssuance("h1", "R1", "P1", new DateOnly(2023, 1, 1), new DateOnly(2023, 12, 31), 10)));
    }

    [Fact]
    public void Should_refuse_a_period_overlapping_an_issued_period()
    {
        var ledger = TestLedger.WithProject();
        ledger.Issue("R1", "P1", 2023, 100);
        Assert.Equal("Monitoring period 2023-12-01..2024-11-30 overlaps the issued period 2023-01-01..2023-12-31 (request 'R1') of project 'P1'.",
            ledger.Refused(e => e.RequestIssuance("owner", "R2", "P1", new DateOnly(2023, 12, 1), new DateOnly(2024, 11, 30), 10)));
    }

    [Fact]
    public void Should_refuse_to_issue_a_second_of_two_overlapping_pending_requests()
    {
        // Both requested before either was issued: the check is repeated at issue time.
        var ledger = TestLedger.WithProject();
        ledger.Run(e => e.RequestIssuance("owner", "R1", "P1", new DateOnly(2023, 1, 1), new DateOnly(2023, 12, 31), 10));
        ledger.Run(e => e.RequestIssuance("owner", "R2", "P1", new DateOnly(2023, 7, 1), new DateOnly(2024, 6, 30), 10));
        ledger.Run(e => e.TransitionIssuance("ver", "R1", IssuanceTrigger.Verify));
        ledger.Run(e => e.TransitionIssuance("ver", "R2", IssuanceTrigger.Verify));
        ledger.Run(e => e.Issue("reg", "R1"));
        Assert.Equal("Monitoring period 2023-07-01..2024-06-30 overlaps the issued period 2023-01-01..2023-12-31 (request 'R1') of project 'P1'.",
            ledger.Refused(e => e.Issue("reg", "R2")));
    }

    [Fact]
    public void Should_refuse_a_period_outside_the_crediting_period()
    {
        var ledger = TestLedger.WithProject();
        Assert.Equal("Monitoring period 2019-01-01..2019-12-31 is outside the crediting period 2020-01-01..2049-12-31 of project 'P1'.",
            ledger.Refused(e => e.RequestIssuance("owner", "R1", "P1", new DateOnly(2019, 1, 1), new DateOnly(2019, 12, 31), 10)));
    }

    [Fact]
    public void Should_refuse_to_issue_for_a_suspended_project()
    {
        var ledger = TestLedger.WithProject();
        ledger.Run(e => e.RequestIssuance("owner", "R1", "P1", new DateOnly(2023, 1, 1), new DateOnly(2023, 12, 31), 10));
        ledger.Run(e => e.TransitionIssuance("ver", "R1", IssuanceTrigger.Verify));
        ledger.Run(e => e.TransitionProject("reg", "P1", ProjectTrigger.Suspend));
        Assert.Equal("Project 'P1' is in state 'suspended', where trigger 'issue' is not allowed (actor 'reg').", ledger.Refused(e => e.Issue("reg", "R1")));
    }

    [Theory]
    // 2^63 − 1 t used to be accepted and then overflow the serial arithmetic at issuance (an internal error).
    [InlineData(9_223_372_036_854_775_807L, "Quantity must be at most 1,000,000,000,000 t in one issuance; got 9,223,372,036,854,775,807.")]
    [InlineData(1_000_000_000_001L, "Quantity must be at most 1,000,000,000,000 t in one issuance; got 1,000,000,000,001.")]
    [InlineData(0L, "Quantity must be a positive number of tonnes; got 0.")]
    public void Should_refuse_a_quantity_outside_one_to_a_trillion_tonnes(long quantity, string message)
    {
        var e = Assert.Throws<LedgerException>(() => new IssuanceRequest("R1", "P1", new DateOnly(2023, 1, 1), new DateOnly(2023, 12, 31), quantity));
        Assert.Equal(message, e.Message);
        Assert.Equal(1_000_000_000_000L, new IssuanceRequest("R1", "P1", new DateOnly(2023, 1, 1), new DateOnly(2023, 12, 31), 1_000_000_000_000L).Quantity);
    }
}
