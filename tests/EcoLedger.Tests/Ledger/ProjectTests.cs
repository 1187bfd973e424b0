using EcoLedger.Ledger;

namespace EcoLedger.Tests.Ledger;

public class ProjectTests
{
    private static readonly string[] States = ["draft", "submitted", "validated", "registered", "suspended", "closed", "rejected"];
    private static readonly string[] Triggers = ["submit", "validate", "register", "suspend", "reinstate", "close", "reject"];

    // The allowed transitions, written out by hand from the issue: draft → submitted → validated → registered; registered ↔ suspended;
    // registered/suspended → closed; submitted/validated → rejected.
    private static readonly Dictionary<(string, string), string> Allowed = new()
    {
        [("draft", "submit")] = "submitted",
        [("submitted", "validate")] = "validated",
        [("submitted", "reject")] = "rejected",
        [("validated", "register")] = "registered",
        [("validated", "reject")] = "rejected",
        [("registered", "suspend")] = "suspended",
        [("registered", "close")] = "closed",
        [("suspended", "reinstate")] = "registered",
        [("suspended", "close")] = "closed",
    };

    // The actor each trigger needs: owner for submit, ver for validate, reg for the rest (reject: reg or ver).
    private static readonly Dictionary<string, string> Actor = new()
    {
        ["submit"] = "owner",
        ["validate"] = "ver",
        ["register"] = "reg",
        ["suspend"] = "reg",
        ["reinstate"] = "reg",
        ["close"] = "reg",
        ["reject"] = "reg",
    };

    public static TheoryData<string, string> AllPairs()
    {
        var data = new TheoryData<string, string>();
        foreach (var s in States)
        {
            foreach (var t in Triggers)
            {
                data.Add(s, t);
            }
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(AllPairs))]
    public void Should_follow_the_transition_table_for_every_state_and_trigger(string state, string trigger)
    {
        // Given a project in the state, and the actor whose role the trigger needs
        var ledger = TestLedger.WithProject(state: LedgerNames.Parse<ProjectState>(state));
        var t = LedgerNames.Parse<ProjectTrigger>(trigger);
        string actor = Actor[trigger];

        if (Allowed.TryGetValue((state, trigger), out var target))
        {
            // When the transition is allowed, then the project moves to the target state
            ledger.Run(e => e.TransitionProject(actor, "P1", t));
            Assert.Equal(target, ledger.Store.FindProject("P1")!.State.Name());
        }
        else
        {
            // When it is not, then the error names state, trigger and actor, and nothing is written
            string message = ledger.Refused(e => e.TransitionProject(actor, "P1", t));
            Assert.Equal($"Project 'P1' is in state '{state}', where trigger '{trigger}' is not allowed (actor '{actor}').", message);
            Assert.Equal(state, ledger.Store.FindProject("P1")!.State.Name());
        }
    }

    [Theory]
    [InlineData("draft", "submit", "ver", "Actor 'ver' (role 'verifier') may not fire trigger 'submit' on project 'P1' in state 'draft': it requires the project's owner 'owner'.")]
    [InlineData("submitted", "validate", "owner", "Actor 'owner' (role 'project_owner') may not fire trigger 'validate' on project 'P1' in state 'submitted': it requires role 'verifier'.")]
    [InlineData("submitted", "validate", "reg", "Actor 'reg' (role 'registry') may not fire trigger 'validate' on project 'P1' in state 'submitted': it requires role 'verifier'.")]
    [InlineData("validated", "register", "ver", "Actor 'ver' (role 'verifier') may not fire trigger 'register' on project 'P1' in state 'validated': it requires role 'registry'.")]
    [InlineData("registered", "suspend", "owner", "Actor 'owner' (role 'project_owner') may not fire trigger 'suspend' on project 'P1' in state 'registered': it requires role 'registry'.")]
    [InlineData("suspended", "reinstate", "h1", "Actor 'h1' (role 'holder') may not fire trigger 'reinstate' on project 'P1' in state 'suspended': it requires role 'registry'.")]
    [InlineData("registered", "close", "ver", "Actor 'ver' (role 'verifier') may not fire trigger 'close' on project 'P1' in state 'registered': it requires role 'registry'.")]
    [InlineData("validated", "reject", "owner", "Actor 'owner' (role 'project_owner') may not fire trigger 'reject' on project 'P1' in state 'validated': it requires role 'registry' or 'verifier'.")]
    public void Should_refuse_an_actor_without_the_role_naming_state_trigger_and_actor(string state, string trigger, string actor, string expected)
    {
        var ledger = TestLedger.WithProject(state: LedgerNames.Parse<ProjectState>(state));

        string message = ledger.Refused(e => e.TransitionProject(actor, "P1", LedgerNames.Parse<ProjectTrigger>(trigger)));

        Assert.Equal(expected, message);
        Assert.Equal(state, ledger.Store.FindProject("P1")!.State.Name());
    }

    [Fact]
    public void Should_let_a_verifier_reject_a_submitted_project()
    {
        var ledger = TestLedger.WithProject(state: ProjectState.Submitted);
        ledger.Run(e => e.TransitionProject("ver", "P1", ProjectTrigger.Reject));
        Assert.Equal(ProjectState.Rejected, ledger.Store.FindProject("P1")!.State);
    }

    [Theory]
    [InlineData(0, 0)]
    [InlineData(1_000, 99)] // floor(999 × 10 %) = floor(99.9) = 99
    [InlineData(1_500, 149)] // floor(999 × 15 %) = floor(149.85) = 149
    [InlineData(1_250, 124)] // floor(999 × 12.5 %) = floor(124.875) = 124
    [InlineData(10_000, 999)]
    public void Should_round_the_buffer_share_down(int basisPoints, long expected)
    {
        var p = new Project("P", "o", "R", "M", basisPoints, new DateOnly(2020, 1, 1), new DateOnly(2030, 12, 31));
        Assert.Equal(expected, p.BufferShare(999));
    }

    [Fact]
    public void Should_refuse_a_project_created_by_someone_else_than_its_owner()
    {
        var ledger = TestLedger.WithProject();
        string message = ledger.Refused(e => e.CreateProject("reg", "P2", "owner", "YC", "M", 0, new DateOnly(2020, 1, 1), new DateOnly(2030, 1, 1)));
        Assert.Equal("Actor 'reg' (role 'registry') may not create project 'P2': it requires the owner 'owner'.", message);
    }
}
