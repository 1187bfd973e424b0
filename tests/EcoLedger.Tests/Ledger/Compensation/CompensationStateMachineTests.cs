using EcoLedger.Ledger;
using EcoLedger.Ledger.Compensation;

namespace EcoLedger.Tests.Ledger.Compensation;

/// <summary>The transition tables of agreements, rounds and payments, for every state and trigger, with the exact refusal messages.</summary>
public class CompensationStateMachineTests
{
    private static readonly Dictionary<(string, string), string> AgreementAllowed = new()
    {
        [("draft", "sign")] = "draft", // one of two signatures
        [("draft", "terminate")] = "terminated",
        [("signed", "activate")] = "active",
        [("signed", "terminate")] = "terminated",
        [("active", "suspend")] = "suspended",
        [("active", "close")] = "closed",
        [("active", "terminate")] = "terminated",
        [("suspended", "activate")] = "active",
        [("suspended", "terminate")] = "terminated",
    };

    public static TheoryData<string, string> AgreementPairs()
    {
        var data = new TheoryData<string, string>();
        foreach (var s in Enum.GetValues<AgreementState>())
        {
            foreach (var t in Enum.GetValues<AgreementTrigger>())
            {
                data.Add(s.Name(), t.Name());
            }
        }
        return data;
    }

    private static PendingEvent FireAgreement(CompensationEngine e, string actor, string trigger) =>
        trigger == "sign" ? e.Sign(actor, TestCompensation.Agreement)
            : e.TransitionAgreement(actor, TestCompensation.Agreement, LedgerNames.Parse<AgreementTrigger>(trigger));

    [Theory]
    [MemberData(nameof(AgreementPairs))]
    public void Should_follow_the_agreement_transition_table(string state, string trigger)
    {
        var c = TestCompensation.With(LedgerNames.Parse<AgreementState>(state));
        if (state == "active" && trigger == "close")
        {
            // closing needs every round settled: settle round 1 of 2 and refuse, then settle round 2.
            c.RoundTo(RoundState.Settled);
            Assert.Equal("Agreement 'A1' cannot close: round 'A1_R2' is in state 'open', not 'settled' (actor 'reg').",
                c.Refused(e => FireAgreement(e, "reg", "close")));
            c.Run(e => e.ImportSamples("up", "A1_R2", "r2", [TestCompensation.Row("CODMn", "2", "2025-01-01"), TestCompensation.Row("NH3-N", "0.5", "2025-01-01"),
                TestCompensation.Row("TN", "1", "2025-01-01"), TestCompensation.Row("TP", "0.1", "2025-01-01")]));
            c.Run(e => e.CloseMonitoring("reg", "A1_R2"));
            c.Run(e => e.Assess("reg", "A1_R2"));
            c.Run(e => e.Settle("reg", "A1_R2"));
        }
        string actor = trigger == "sign" ? "down" : "reg";
        if (AgreementAllowed.TryGetValue((state, trigger), out var target))
        {
            c.Run(e => FireAgreement(e, actor, trigger));
            Assert.Equal(target, c.Store.FindAgreement(TestCompensation.Agreement)!.State.Name());
        }
        else
        {
            Assert.Equal($"Agreement 'A1' is in state '{state}', where trigger '{trigger}' is not allowed (actor '{actor}').",
                c.Refused(e => FireAgreement(e, actor, trigger)));
            Assert.Equal(state, c.Store.FindAgreement(TestCompensation.Agreement)!.State.Name());
        }
    }

    [Fact]
    public void Should_become_signed_with_the_last_signature_only()
    {
        var c = TestCompensation.With(AgreementState.Draft);
        Assert.Equal("draft", c.Payload<AgreementSigned>(c.Run(e => e.Sign("up", "A1"))).To);
        Assert.Equal("Party 'up' has already signed agreement 'A1'.", c.Refused(e => e.Sign("up", "A1")));
        Assert.Equal("Actor 'other' (role 'holder') may not fire trigger 'sign' on agreement 'A1' in state 'draft': it requires a party of the agreement.",
            c.Refused(e => e.Sign("other", "A1")));
        Assert.Equal("signed", c.Payload<AgreementSigned>(c.Run(e => e.Sign("down", "A1"))).To);
    }

    [Theory]
    [InlineData("activate", "signed")]
    [InlineData("suspend", "active")]
    [InlineData("terminate", "active")]
    public void Should_let_only_the_administrator_change_the_agreement(string trigger, string state)
    {
        var c = TestCompensation.With(LedgerNames.Parse<AgreementState>(state));
        Assert.Equal($"Actor 'down' (role 'holder') may not fire trigger '{trigger}' on agreement 'A1' in state '{state}': it requires the agreement's administrator 'reg'.",
            c.Refused(e => FireAgreement(e, "down", trigger)));
    }

    private static readonly Dictionary<(string, string), string> RoundAllowed = new()
    {
        [("open", "import_samples")] = "open",
        [("open", "close_monitoring")] = "monitoring_closed",
        [("monitoring_closed", "import_samples")] = "monitoring_closed",
        [("monitoring_closed", "assess")] = "assessed",
        [("assessed", "settle")] = "settled",
        [("assessed", "dispute")] = "disputed",
        [("disputed", "resolve")] = "resolved",
        [("resolved", "settle")] = "settled",
    };

    public static TheoryData<string, string> RoundPairs()
    {
        var data = new TheoryData<string, string>();
        foreach (var s in Enum.GetValues<RoundState>())
        {
            foreach (var t in Enum.GetValues<RoundTrigger>())
            {
                data.Add(s.Name(), t.Name());
            }
        }
        return data;
    }

    private static (string Actor, Func<CompensationEngine, PendingEvent> Fire) RoundFire(string trigger, string state) => trigger switch
    {
        // in monitoring_closed only a correction may be imported
        "import_samples" => ("up", e => e.ImportSamples("up", TestCompensation.Round, "t.csv",
            [state == "open" ? TestCompensation.Row("TP", "0.1") : TestCompensation.Row("TP", "0.1", corrects: 6)])),
        "close_monitoring" => ("reg", e => e.CloseMonitoring("reg", TestCompensation.Round)),
        "assess" => ("reg", e => e.Assess("reg", TestCompensation.Round)),
        "settle" => ("down", e => e.Settle("down", TestCompensation.Round)),
        "dispute" => ("up", e => e.Dispute("up", TestCompensation.Round, "sampling point moved")),
        _ => ("reg", e => e.Resolve("reg", TestCompensation.Round, "upheld", null, null)),
    };

    [Theory]
    [MemberData(nameof(RoundPairs))]
    public void Should_follow_the_round_transition_table(string state, string trigger)
    {
        var c = TestCompensation.With();
        c.RoundTo(LedgerNames.Parse<RoundState>(state));
        var (actor, fire) = RoundFire(trigger, state);
        if (RoundAllowed.TryGetValue((state, trigger), out var target))
        {
            c.Run(fire);
            Assert.Equal(target, c.Store.FindRound(TestCompensation.Round)!.State.Name());
        }
        else
        {
            Assert.Equal($"Round 'A1_R1' is in state '{state}', where trigger '{trigger}' is not allowed (actor '{actor}').", c.Refused(fire));
            Assert.Equal(state, c.Store.FindRound(TestCompensation.Round)!.State.Name());
        }
    }

    [Theory]
    [InlineData("post", "posted")]
    [InlineData("void", "voided")]
    public void Should_resolve_a_pending_payment_exactly_once(string first, string state)
    {
        var c = TestCompensation.With();
        c.RoundTo(RoundState.Assessed);
        var payment = c.Store.Payments[0];
        payment.Fire(LedgerNames.Parse<PaymentTrigger>(first), "reg", 99);
        Assert.Equal(state, payment.State.Name());
        foreach (var again in new[] { "post", "void" })
        {
            var e = Assert.Throws<LedgerException>(() => payment.Fire(LedgerNames.Parse<PaymentTrigger>(again), "reg", 100));
            Assert.Equal($"Payment 'A1_R1_P1' is in state '{state}', where trigger '{again}' is not allowed (actor 'reg').", e.Message);
        }
        Assert.Equal(99, payment.ResolvedSeq);
    }

    [Fact]
    public void Should_export_the_machines_as_diagrams()
    {
        var round = Stateless.Graph.MermaidGraph.Format(CompensationMachines.Round(() => RoundState.Open, _ => { }).GetInfo());
        Assert.Contains("MonitoringClosed --> Assessed : Assess", round);
        Assert.Contains("Resolved --> Settled : Settle", round);
    }
}
