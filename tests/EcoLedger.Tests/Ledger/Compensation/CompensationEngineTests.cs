using EcoLedger.Ledger;
using EcoLedger.Ledger.Compensation;

namespace EcoLedger.Tests.Ledger.Compensation;

public class CompensationEngineTests
{
    private const string R = TestCompensation.Round;

    [Fact]
    public void Should_not_re_assess_a_settled_round()
    {
        var c = TestCompensation.With();
        c.RoundTo(RoundState.Settled);
        Assert.Equal("Round 'A1_R1' is in state 'settled', where trigger 'assess' is not allowed (actor 'reg').", c.Refused(e => e.Assess("reg", R)));
    }

    [Fact]
    public void Should_not_post_a_payment_twice()
    {
        // Settling posts every pending payment once; settling again is refused and moves no money.
        var c = TestCompensation.With();
        c.RoundTo(RoundState.Settled);
        Assert.All(c.Store.Payments, p => Assert.Equal(PaymentState.Posted, p.State));
        long paid = c.Store.Balance("A1:party:up");
        Assert.Equal("Round 'A1_R1' is in state 'settled', where trigger 'settle' is not allowed (actor 'down').", c.Refused(e => e.Settle("down", R)));
        Assert.Equal(paid, c.Store.Balance("A1:party:up"));
        Assert.Throws<LedgerException>(() => c.Store.Payments[0].Fire(PaymentTrigger.Post, "down", 1));
    }

    [Fact]
    public void Should_split_the_amount_across_funding_sources_to_the_fen()
    {
        // 100,000.01 CNY = 10,000,001 fen over shares 60 : 30 : 10 (sources in id order ent, gov, soc: 30, 60, 10), cumulative rounding:
        //   ent: round(10,000,001 × 30/100) = round(3,000,000.3) = 3,000,000
        //   gov: round(10,000,001 × 90/100) − 3,000,000 = 9,000,001 − 3,000,000 = 6,000,001   (9,000,000.9 rounds up)
        //   soc: 10,000,001 − 9,000,001 = 1,000,000
        //   3,000,000 + 6,000,001 + 1,000,000 = 10,000,001: no fen lost or created.
        var c = TestCompensation.With(spec: TestCompensation.Spec(TestCompensation.Water(met: 10_000_001)));
        c.RoundTo(RoundState.Assessed);
        var a = c.Store.FindRound(R)!.Assessment!;
        Assert.Equal([("ent", 3_000_000L), ("gov", 6_000_001L), ("soc", 1_000_000L)], a.Funding.Select(f => (f.Source, f.AmountFen)));
        Assert.Equal(10_000_001, c.Store.Payments.Sum(p => p.AmountFen));
        Assert.Equal(10_000_001, c.Store.Balance("A1:fund:ent") + c.Store.Balance("A1:fund:gov") + c.Store.Balance("A1:fund:soc"));
        Assert.Equal(-10_000_001, c.Store.Balance("A1:party:down"));
    }

    [Fact]
    public void Should_refuse_a_payee_trying_to_settle()
    {
        var c = TestCompensation.With();
        c.RoundTo(RoundState.Assessed);
        Assert.Equal("Actor 'up' (role 'holder') may not fire trigger 'settle' on round 'A1_R1' in state 'assessed': it requires the administrator 'reg' or a paying party ('down').",
            c.Refused(e => e.Settle("up", R)));
        Assert.All(c.Store.Payments, p => Assert.Equal(PaymentState.Pending, p.State));
    }

    [Fact]
    public void Should_reserve_in_the_fund_while_pending_and_pay_the_payee_when_posted()
    {
        var c = TestCompensation.With();
        c.RoundTo(RoundState.Assessed);
        // pending: the payer funded the three fund accounts; the payee has nothing yet
        Assert.Equal(-100_000_00, c.Store.Balance("A1:party:down"));
        Assert.Equal(60_000_00, c.Store.Balance("A1:fund:gov"));
        Assert.Equal(0, c.Store.Balance("A1:party:up"));
        c.Run(e => e.Settle("down", R));
        Assert.Equal(100_000_00, c.Store.Balance("A1:party:up"));
        Assert.Equal(0, c.Store.Balance("A1:fund:gov"));
    }

    [Fact]
    public void Should_void_the_payments_and_reserve_the_amended_amount()
    {
        var c = TestCompensation.With();
        c.RoundTo(RoundState.Disputed);
        var resolved = c.Payload<RoundResolved>(c.Run(e => e.Resolve("reg", R, "amended", 50_000_00, "TP sample discarded")));
        Assert.Equal(["A1_R1_P1", "A1_R1_P2", "A1_R1_P3"], resolved.Voided);
        Assert.Equal(["A1_R1_P4", "A1_R1_P5", "A1_R1_P6"], resolved.Payments.Select(p => p.Id));
        Assert.Equal(-50_000_00, c.Store.Balance("A1:party:down"));
        c.Run(e => e.Settle("reg", R));
        Assert.Equal(50_000_00, c.Store.Balance("A1:party:up"));
        Assert.Equal(3, c.Store.Payments.Count(p => p.State == PaymentState.Voided));
        Assert.Equal(3, c.Store.Payments.Count(p => p.State == PaymentState.Posted));
    }

    [Fact]
    public void After_an_amended_resolution_the_round_and_its_statement_show_the_split_of_the_amended_amount()
    {
        // Assessed 100,000.00 CNY, split 60 / 30 / 10 (gov, ent, soc); amended to 50,000.01 CNY, whose split by the same allocation is
        // 30,000.01 / 15,000.00 / 5,000.00 (5,000,001 fen × 0.6 = 3,000,000.6 → the cumulative rounding gives gov the odd fen).
        var c = TestCompensation.With();
        c.RoundTo(RoundState.Disputed);
        c.Run(e => e.Resolve("reg", R, "amended", 50_000_01, "TP sample discarded"));
        var round = c.Store.FindRound(R)!;
        var agreement = c.Store.FindAgreement(TestCompensation.Agreement)!;

        var funding = round.Funding(agreement);

        Assert.True(round.Amended);
        Assert.Equal([("ent", 15_000_00L), ("gov", 30_000_01L), ("soc", 5_000_00L)], funding.Select(f => (f.Source, f.AmountFen)));
        Assert.Equal(round.AmountFen, funding.Sum(f => f.AmountFen));
        // The pending payments were reserved with the same split.
        Assert.Equal(funding.Select(f => (f.Source, f.AmountFen)), c.Store.PaymentsOf(R).Where(p => p.State == PaymentState.Pending)
            .GroupBy(p => p.SourceId).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => (g.Key, g.Sum(p => p.AmountFen))));
        var statement = CompensationStatement.Render(new CompensationStatementData(agreement, c.Store.RoundsOf(TestCompensation.Agreement),
            c.Store.SamplesOf(R), c.Store.PaymentsOf(R), [], []));
        Assert.Contains("Funding split of the amended amount (50,000.01 CNY; the assessed 100,000.00 CNY was voided):", statement, StringComparison.Ordinal);
        Assert.Contains("| gov | government_transfer | 60 | 30,000.01 |", statement, StringComparison.Ordinal);
        Assert.Contains("| total | | | 50,000.01 |", statement, StringComparison.Ordinal);
    }

    [Fact]
    public void Should_void_pending_payments_when_the_agreement_is_terminated()
    {
        var c = TestCompensation.With();
        c.RoundTo(RoundState.Assessed);
        var t = c.Payload<AgreementTransitioned>(c.Run(e => e.TransitionAgreement("reg", "A1", AgreementTrigger.Terminate)));
        Assert.Equal(3, t.Voided.Count);
        Assert.Equal(0, c.Store.Balance("A1:party:down"));
        Assert.All(c.Store.Payments, p => Assert.Equal(PaymentState.Voided, p.State));
    }

    [Fact]
    public void Should_accept_only_corrections_once_monitoring_is_closed()
    {
        var c = TestCompensation.With();
        c.RoundTo(RoundState.MonitoringClosed);
        Assert.Equal("1 problem in late.csv; nothing was imported:\n  late.csv, line 1: monitoring of round 'A1_R1' is closed (state 'monitoring_closed'); " +
            "only corrections (column 'corrects') may be added.", c.Refused(e => e.ImportSamples("up", R, "late.csv", [TestCompensation.Row("TP", "0.2")])));
        c.Run(e => e.ImportSamples("up", R, "fix.csv", [TestCompensation.Row("TP", "0.09", corrects: 6)]));
        var samples = c.Store.SamplesOf(R);
        Assert.Equal("0.1", samples.Single(s => s.Id == 6).Value); // the original is unchanged
        Assert.DoesNotContain(MonitoringSample.Effective(samples), s => s.Id == 6);
        Assert.Equal("1 problem in again.csv; nothing was imported:\n  again.csv, line 1, field 'corrects': sample 6 is already corrected by sample 7; correct that one instead.",
            c.Refused(e => e.ImportSamples("up", R, "again.csv", [TestCompensation.Row("TP", "0.08", corrects: 6)])));
    }

    [Fact]
    public void Should_skip_a_repeat_of_a_recorded_sample_and_refuse_a_changed_value()
    {
        // Given the six baseline samples recorded (ids 1..6: CODMn 1.5, 2.5; NH3-N 0.5; TN 0.8, 1.2; TP 0.1)
        var c = TestCompensation.With();
        c.ImportAtBaseline();
        var first = c.Journal[^1];
        Assert.DoesNotContain("repeats", first.Payload); // an import without repeats is written as before

        // When the same file is imported again, then nothing new is recorded: the six rows are repeats
        var again = c.Payload<SamplesImported>(c.Run(e => e.ImportSamples("up", R, "test.csv", BaselineRows())));
        Assert.Empty(again.Samples);
        Assert.Equal(6, again.Repeats);
        Assert.Equal(6, c.Store.SamplesOf(R).Count);

        // A repeat written differently (1.50 is 1.5) is skipped and a new sample beside it recorded
        var mixed = c.Payload<SamplesImported>(c.Run(e => e.ImportSamples("up", R, "more.csv",
            [TestCompensation.Row("CODMn", "1.50", "2024-01-15"), TestCompensation.Row("TP", "0.1", "2024-03-15")])));
        Assert.Equal([7L], mixed.Samples.Select(s => s.Id));
        Assert.Equal(1, mixed.Repeats);

        // A recorded sample with another value is refused: a changed value is a correction
        Assert.Equal("2 problems in changed.csv; nothing was imported:" +
            "\n  changed.csv, line 3: sample 4 of round 'A1_R1' has the same section, sampled_at, indicator, lab and party with value 0.8 mg/L; " +
            "got 0.9 mg/L. A recorded sample is never changed: a changed value is a correction (give 'corrects' 4 and 'reason')." +
            "\n  changed.csv, line 4: sample 6 of round 'A1_R1' has the same section, sampled_at, indicator, lab and party with value 0.1 mg/L; " +
            "got 0.11 mg/L. A recorded sample is never changed: a changed value is a correction (give 'corrects' 6 and 'reason').",
            c.Refused(e => e.ImportSamples("up", R, "changed.csv", [TestCompensation.Row("TP", "0.2", "2024-04-15") with { Line = 2 },
                TestCompensation.Row("TN", "0.9", "2024-01-15") with { Line = 3 }, TestCompensation.Row("TP", "0.11", "2024-01-15") with { Line = 4 }])));

        // A correction imported twice is recorded once; after it, the changed value names the correction to correct
        c.Run(e => e.ImportSamples("up", R, "fix.csv", [TestCompensation.Row("TN", "0.9", "2024-01-15", corrects: 4)]));
        var fixAgain = c.Payload<SamplesImported>(c.Run(e => e.ImportSamples("up", R, "fix.csv", [TestCompensation.Row("TN", "0.9", "2024-01-15", corrects: 4)])));
        Assert.Empty(fixAgain.Samples);
        Assert.Equal(1, fixAgain.Repeats);
        Assert.Equal("1 problem in changed.csv; nothing was imported:" +
            "\n  changed.csv, line 1: sample 4 of round 'A1_R1' has the same section, sampled_at, indicator, lab and party with value 0.8 mg/L; " +
            "got 0.9 mg/L. A recorded sample is never changed: a changed value is a correction (give 'corrects' 8 and 'reason').",
            c.Refused(e => e.ImportSamples("up", R, "changed.csv", [TestCompensation.Row("TN", "0.9", "2024-01-15")])));

        // And the assessment counts each sample once: 7 recorded, one of them corrected
        c.Run(e => e.CloseMonitoring("reg", R));
        var assessed = c.Payload<RoundAssessed>(c.Run(e => e.Assess("reg", R)));
        Assert.Equal(7, assessed.Assessment.SampleCount);
        Assert.Equal([1L, 2L, 3L, 5L, 6L, 7L, 8L], assessed.Assessment.SampleIds);
    }

    /// <summary>The rows <see cref="TestCompensation.ImportAtBaseline"/> imports.</summary>
    private static List<SampleRow> BaselineRows() =>
    [
        TestCompensation.Row("CODMn", "1.5", "2024-01-15"), TestCompensation.Row("CODMn", "2.5", "2024-02-15"), TestCompensation.Row("NH3-N", "0.5", "2024-01-15"),
        TestCompensation.Row("TN", "0.8", "2024-01-15"), TestCompensation.Row("TN", "1.2", "2024-02-15"), TestCompensation.Row("TP", "0.1", "2024-01-15"),
    ];

    [Fact]
    public void Should_report_every_bad_row_and_import_none()
    {
        var c = TestCompensation.With();
        var rows = new[]
        {
            TestCompensation.Row("TP", "0.1"),
            TestCompensation.Row("DO", "7"),
            TestCompensation.Row("TN", "-1", unit: "mg/m3"),
            TestCompensation.Row("TN", "1", date: "2025-02-01", section: "S2"),
        }.Select((r, i) => r with { Line = i + 2 }).ToList();
        Assert.Equal("5 problems in bad.csv; nothing was imported:" +
            "\n  bad.csv, line 3, field 'indicator': expected one of CODMn, NH3-N, TN, TP; got 'DO'." +
            "\n  bad.csv, line 4, field 'unit': expected 'mg/L'; got 'mg/m3'." +
            "\n  bad.csv, line 4, field 'value': expected a decimal of at least 0; got '-1'." +
            "\n  bad.csv, line 5, field 'section': expected 'S1'; got 'S2'." +
            "\n  bad.csv, line 5, field 'sampled_at': expected a date in 2024-01-01..2024-12-31; got '2025-02-01'.",
            c.Refused(e => e.ImportSamples("up", R, "bad.csv", rows)));
        Assert.Empty(c.Store.SamplesOf(R));
    }

    [Fact]
    public void Should_report_outliers_before_assessment()
    {
        var c = TestCompensation.With();
        c.Import(("CODMn", ["2"]), ("NH3-N", ["0.5"]), ("TN", ["1"]), ("TP", ["0.31"]));
        var review = new CompensationEngine(c.Store, c.Ledger).Review(R);
        Assert.Equal(["Sample 4 (TP 0.31 mg/L on 2024-01-15) is more than 3 × the baseline 0.1 mg/L."], review.Outliers);
        Assert.Empty(review.Missing);
    }

    [Fact]
    public void Should_not_move_rounds_of_a_suspended_agreement()
    {
        var c = TestCompensation.With();
        c.RoundTo(RoundState.MonitoringClosed);
        c.Run(e => e.TransitionAgreement("reg", "A1", AgreementTrigger.Suspend));
        Assert.Equal("Agreement 'A1' is in state 'suspended', where its rounds cannot move (trigger 'assess' on round 'A1_R1', actor 'reg'): it must be 'active'.",
            c.Refused(e => e.Assess("reg", R)));
    }

    [Fact]
    public void Should_let_only_a_registry_create_an_agreement_of_known_parties()
    {
        var c = TestCompensation.With();
        Assert.Equal("Actor 'down' (role 'holder') may not create agreement 'A2': it requires role 'registry'.",
            c.Refused(e => e.CreateAgreement("down", "A2", TestCompensation.Spec())));
        Assert.Equal("Unknown party 'nobody' of agreement 'A2'.", c.Refused(e => e.CreateAgreement("reg", "A2",
            TestCompensation.Spec(parties: [new("nobody", "payer"), new("up", "payee")]))));
        Assert.Equal("Rule 'water_quality_index' needs k0 as a decimal greater than 0; got '0'.",
            c.Refused(e => e.CreateAgreement("reg", "A2", TestCompensation.Spec(TestCompensation.Water(k0: "0")))));
    }
}
