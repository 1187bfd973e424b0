using EcoLedger.Ledger.Compensation;

namespace EcoLedger.Tests.Ledger.Compensation;

public class AssessmentRuleTests
{
    [Fact]
    public void Should_compute_the_water_quality_index_as_worked_by_hand()
    {
        // Given k0 = 0.85, weights 0.25, baselines CODMn 2, NH3-N 0.5, TN 1, TP 0.1 mg/L and samples
        //   CODMn 1.6, 2.0       → mean 1.8,  ratio 1.8 / 2   = 0.9,  × 0.25 = 0.225
        //   NH3-N 0.3, 0.4, 0.5  → mean 0.4,  ratio 0.4 / 0.5 = 0.8,  × 0.25 = 0.2
        //   TN    1.1            → mean 1.1,  ratio 1.1 / 1   = 1.1,  × 0.25 = 0.275
        //   TP    0.06, 0.08     → mean 0.07, ratio 0.07 / 0.1 = 0.7, × 0.25 = 0.175
        //   Σ = 0.225 + 0.2 + 0.275 + 0.175 = 0.875;  P = 0.85 × 0.875 = 0.74375 ≤ 1 → downstream (payer) pays upstream.
        var c = TestCompensation.With(spec: TestCompensation.Spec(TestCompensation.Water(k0: "0.85")));
        c.Import(("CODMn", ["1.6", "2.0"]), ("NH3-N", ["0.3", "0.4", "0.5"]), ("TN", ["1.1"]), ("TP", ["0.06", "0.08"]));
        c.Run(e => e.CloseMonitoring("reg", TestCompensation.Round));

        var a = c.Payload<RoundAssessed>(c.Run(e => e.Assess("reg", TestCompensation.Round))).Assessment;

        Assert.Equal(["0.9", "0.8", "1.1", "0.7"], a.Lines.Select(l => l.Ratio));
        Assert.Equal(["1.8", "0.4", "1.1", "0.07"], a.Lines.Select(l => l.Mean));
        Assert.Equal(["0.225", "0.2", "0.275", "0.175"], a.Lines.Select(l => l.Weighted));
        Assert.Equal("0.74375", a.Index);
        Assert.True(a.Met);
        Assert.Equal("payer_to_payee", a.Direction);
        Assert.Equal(100_000_00, a.AmountFen);
        Assert.Equal("water_quality_index/1", a.RuleVersion);
        Assert.Equal(8, a.SampleCount);
        Assert.Equal(64, a.SampleSetHash.Length);
    }

    [Fact]
    public void Should_let_the_downstream_party_pay_when_the_index_is_exactly_one()
    {
        // Every mean equals its baseline: ratios 1, Σ 0.25 × 4 = 1, P = 1 × 1 = 1 → the rule is P ≤ 1: downstream pays upstream.
        var c = TestCompensation.With();
        c.RoundTo(RoundState.Assessed);
        var a = c.Store.FindRound(TestCompensation.Round)!.Assessment!;
        Assert.Equal("1", a.Index);
        Assert.True(a.Met);
        Assert.Equal("payer_to_payee", a.Direction);
        Assert.All(c.Store.Payments, p => Assert.Equal(("down", "up"), (p.FromParty, p.ToParty)));
        Assert.Equal("P = 1 ≤ 1: the payer side pays 100,000.00 CNY to the payee side.", a.Decision);
    }

    [Fact]
    public void Should_let_the_upstream_party_pay_when_the_index_exceeds_one()
    {
        // TP mean 0.1004 / 0.1 = 1.004 → Σ = 0.75 + 0.251 = 1.001 → P = 1.001 > 1: upstream pays the not-met amount 40,000 CNY.
        var c = TestCompensation.With();
        c.Import(("CODMn", ["2"]), ("NH3-N", ["0.5"]), ("TN", ["1"]), ("TP", ["0.1004"]));
        c.Run(e => e.CloseMonitoring("reg", TestCompensation.Round));
        var a = c.Payload<RoundAssessed>(c.Run(e => e.Assess("reg", TestCompensation.Round))).Assessment;
        Assert.Equal("1.001", a.Index);
        Assert.Equal("payee_to_payer", a.Direction);
        Assert.Equal(40_000_00, a.AmountFen);
        Assert.All(c.Store.Payments, p => Assert.Equal(("up", "down"), (p.FromParty, p.ToParty)));
    }

    [Fact]
    public void Should_refuse_to_assess_a_round_with_a_missing_indicator()
    {
        var c = TestCompensation.With();
        c.Import(("CODMn", ["2"]), ("NH3-N", ["0.5"]), ("TN", ["1"]));
        c.Run(e => e.CloseMonitoring("reg", TestCompensation.Round));
        Assert.Equal("Round 'A1_R1' cannot be assessed: No sample of indicator 'TP' at section 'S1' in 2024-01-01..2024-12-31. " +
            "Import the samples or corrections first (actor 'reg').", c.Refused(e => e.Assess("reg", TestCompensation.Round)));
        Assert.Equal(RoundState.MonitoringClosed, c.Store.FindRound(TestCompensation.Round)!.State);
    }

    [Fact]
    public void Should_pay_base_plus_rate_times_gep_growth()
    {
        // base 1,000,000 CNY + 0.01 × (52,345,678.90 − 50,000,000.00) = 1,000,000 + 23,456.789 = 1,023,456.789 → 1,023,456.79 CNY.
        var rule = new RuleSpec("gep_growth", BaseFen: 1_000_000_00, Rate: "0.01");
        var c = TestCompensation.With(spec: TestCompensation.Spec(rule));
        c.Run(e => e.ImportSamples("up", TestCompensation.Round, "gep", [
            TestCompensation.Row("gep_total", "50000000.00", "2023-12-31", "CNY@2026.1", section: "region"),
            TestCompensation.Row("gep_total", "52345678.90", "2024-12-31", "CNY@2026.1", section: "region")]));
        c.Run(e => e.CloseMonitoring("reg", TestCompensation.Round));
        var a = c.Payload<RoundAssessed>(c.Run(e => e.Assess("reg", TestCompensation.Round))).Assessment;
        Assert.Equal("2345678.9", a.Index);
        Assert.Equal(102_345_679, a.AmountFen);
    }

    [Fact]
    public void Should_refuse_gep_growth_at_different_prices()
    {
        var c = TestCompensation.With(spec: TestCompensation.Spec(new RuleSpec("gep_growth", BaseFen: 0, Rate: "0.01")));
        c.Run(e => e.ImportSamples("up", TestCompensation.Round, "gep", [
            TestCompensation.Row("gep_total", "50000000", "2023-12-31", "CNY@2025.1", section: "region"),
            TestCompensation.Row("gep_total", "52000000", "2024-12-31", "CNY@2026.1", section: "region")]));
        c.Run(e => e.CloseMonitoring("reg", TestCompensation.Round));
        Assert.Contains("are not at constant prices", c.Refused(e => e.Assess("reg", TestCompensation.Round)));
    }

    [Theory]
    [InlineData("pro_rated", "62.4", 2_000_000_00, 1_950_000_00)] // 2,000,000 × min(1, 62.4 / 64) = 2,000,000 × 0.975 = 1,950,000
    [InlineData("pro_rated", "66", 2_000_000_00, 2_000_000_00)]   // capped at the full amount
    [InlineData("all_or_nothing", "63.99", 2_000_000_00, 0)]
    [InlineData("all_or_nothing", "64", 2_000_000_00, 2_000_000_00)]
    public void Should_pay_a_target_amount_pro_rated_or_all_or_nothing(string mode, string cover, long amount, long expected)
    {
        var rule = new RuleSpec("target", Indicator: "forest_cover_pct", Target: "64", Unit: "%", AmountFen: amount, Mode: mode);
        var c = TestCompensation.With(spec: TestCompensation.Spec(rule));
        c.Run(e => e.ImportSamples("up", TestCompensation.Round, "cover", [TestCompensation.Row("forest_cover_pct", cover, "2024-12-31", "%")]));
        c.Run(e => e.CloseMonitoring("reg", TestCompensation.Round));
        var a = c.Payload<RoundAssessed>(c.Run(e => e.Assess("reg", TestCompensation.Round))).Assessment;
        Assert.Equal(expected, a.AmountFen);
        Assert.Equal(expected, c.Store.Payments.Sum(p => p.AmountFen));
    }

    [Fact]
    public void Should_reproduce_an_assessment_from_the_journal()
    {
        // An auditor replays the journal into a fresh store and recomputes: same hash, same intermediates, same decision.
        var c = TestCompensation.With(spec: TestCompensation.Spec(TestCompensation.Water(k0: "0.85")));
        c.Import(("CODMn", ["1.6", "2.0"]), ("NH3-N", ["0.3", "0.4", "0.5"]), ("TN", ["1.1"]), ("TP", ["0.06", "0.08"]));
        c.Run(e => e.CloseMonitoring("reg", TestCompensation.Round));
        c.Run(e => e.ImportSamples("up", TestCompensation.Round, "fix", [TestCompensation.Row("TN", "1.0", "2024-01-15", corrects: 6)]));
        var stored = c.Payload<RoundAssessed>(c.Run(e => e.Assess("reg", TestCompensation.Round))).Assessment;

        Assert.Null(EcoLedger.Ledger.Journal.Verify(c.Journal));
        var replay = new TestCompensation();
        foreach (var entry in c.Journal.Take(c.Journal.Count - 1))
        {
            var payload = EcoLedger.Ledger.Journal.ReadPayload(entry.Kind, entry.Payload);
            if (payload is ICompensationEvent)
            {
                CompensationApplier.Apply(replay.Store, entry.Actor, payload, entry.Seq);
            }
            else
            {
                EcoLedger.Ledger.LedgerApplier.Apply(replay.Ledger, entry.Kind, entry.Actor, payload, entry.Seq);
            }
        }
        var recomputed = replay.Payload<RoundAssessed>(replay.Run(e => e.Assess("reg", TestCompensation.Round))).Assessment;
        Assert.Equal(EcoLedger.Ledger.Journal.Canonical(System.Text.Json.JsonSerializer.SerializeToNode(stored, EcoLedger.Ledger.Journal.PayloadOptions)),
            EcoLedger.Ledger.Journal.Canonical(System.Text.Json.JsonSerializer.SerializeToNode(recomputed, EcoLedger.Ledger.Journal.PayloadOptions)));
        Assert.Equal("1", stored.Lines.Single(l => l.Indicator == "TN").Mean); // the correction replaced 1.1
    }
}
