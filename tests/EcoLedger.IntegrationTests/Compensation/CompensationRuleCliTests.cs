using System.Text.Json;
using EcoLedger.IntegrationTests.Ledger;

namespace EcoLedger.IntegrationTests.Compensation;

/// <summary>The <c>gep_growth</c> and <c>target</c> rules end to end through the CLI, with amounts checked by hand.</summary>
public class CompensationRuleCliTests
{
    private const string UnitsHeader = "unit_id,region,ecosystem,subtype,area_ha,npp_t_c_per_ha,heterotrophic_respiration_t_c_per_ha\n";

    private static void Parties(LedgerTestDb db, string payer, string payee)
    {
        db.Ok("ledger", "init");
        db.Ok("ledger", "participant", "add", "--id", "mee", "--role", "registry");
        db.Ok("ledger", "participant", "add", "--id", payer, "--role", "holder", "--actor", "mee");
        db.Ok("ledger", "participant", "add", "--id", payee, "--role", "holder", "--actor", "mee");
    }

    private static void Activate(LedgerTestDb db, string id, string spec, string payer, string payee)
    {
        string path = Path.Combine(db.Dir, id + ".json");
        File.WriteAllText(path, spec);
        db.Ok("compensation", "agreement", "create", "--id", id, "--spec", path, "--actor", "mee");
        db.Ok("compensation", "agreement", "sign", "--id", id, "--actor", payer);
        db.Ok("compensation", "agreement", "sign", "--id", id, "--actor", payee);
        db.Ok("compensation", "agreement", "activate", "--id", id, "--actor", "mee");
    }

    /// <summary>Runs <c>gep compute</c> on one 100 ha forest unit with the given NPP and returns the summary's path.</summary>
    private static string GepSummary(string dir, int year, string npp, params string[] extra)
    {
        string units = Path.Combine(dir, $"units-{year}.csv");
        File.WriteAllText(units, UnitsHeader + $"F1,R,forest,broadleaf,100,{npp},2\n");
        string outDir = Path.Combine(dir, $"gep-{year}{(extra.Length > 0 ? "-x" : "")}");
        // The 2020 guide's profile counts oxygen release, which the figures below include (the 2022 default does not).
        var r = CliRunner.Run(["gep", "compute", "--units", units, "--out", outDir, "--method", "guide-2020", .. (year > 0 ? new[] { "--year", year.ToString(System.Globalization.CultureInfo.InvariantCulture) } : []), .. extra]);
        Assert.True(r.ExitCode == 0, r.Err);
        return Path.Combine(outDir, "gep-summary.json");
    }

    private static decimal TotalCny(string summary)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(summary));
        return doc.RootElement.GetProperty("total_cny").GetDecimal();
    }

    [Fact]
    public void Should_pay_base_plus_rate_times_gep_growth_from_two_gep_compute_summaries()
    {
        // Given two gep compute summaries of one 100 ha forest unit: NEP = NPP − Rh = 3 t C/ha in 2023, 4 t C/ha in 2024
        using var db = new LedgerTestDb();
        Parties(db, "down", "up");
        string s2023 = GepSummary(db.Dir, 2023, "5", []);
        string s2024 = GepSummary(db.Dir, 2024, "6", []);
        // (carbon sequestration, oxygen release and air purification at parameter table 2026.2, method guide-2020)
        Assert.Equal(1_030_884.00m, TotalCny(s2023));
        Assert.Equal(1_320_416.00m, TotalCny(s2024));
        Activate(db, "GEPG", """
            { "name": "GEP growth", "period_start": "2024-01-01", "period_end": "2024-12-31", "round_months": 12,
              "parties": [ { "id": "down", "side": "payer", "weight": 1 }, { "id": "up", "side": "payee", "weight": 1 } ],
              "funding": [ { "id": "gov", "kind": "government_transfer", "share": 100 } ],
              "rule": { "kind": "gep_growth", "base_fen": 100000000, "rate": "0.0123" } }
            """, "down", "up");

        // When both summaries are imported into the 2024 round, which is then closed, assessed and settled
        Assert.Contains("1 samples imported into GEPG_R1", db.Ok("compensation", "samples", "import", "--round", "GEPG_R1", s2023, "--actor", "up"));
        Assert.Contains("1 samples imported into GEPG_R1", db.Ok("compensation", "samples", "import", "--round", "GEPG_R1", s2024, "--actor", "up"));
        Assert.Contains("samples: gep_total 2", db.Ok("compensation", "round", "close-monitoring", "--round", "GEPG_R1", "--actor", "mee"));
        var record = db.Json("compensation", "round", "assess", "--round", "GEPG_R1", "--actor", "mee")["payload"]!["assessment"]!;
        db.Ok("compensation", "round", "settle", "--round", "GEPG_R1", "--actor", "down");

        // Then, by hand from the two total_cny values:
        //   growth  = 1,320,416.00 − 1,030,884.00 = 289,532.00 CNY
        //   payment = base + rate × max(0, growth) = 1,000,000 + 0.0123 × 289,532 = 1,000,000 + 3,561.2436 = 1,003,561.2436 CNY
        //           → 1,003,561.24 CNY = 100,356,124 fen (rounded to the fen)
        Assert.Equal("gep_growth/1", record["rule_version"]!.GetValue<string>());
        Assert.Equal("payer_to_payee", record["direction"]!.GetValue<string>());
        Assert.Equal(100_356_124L, record["amount_fen"]!.GetValue<long>());
        var payments = db.Json("compensation", "payments", "--agreement", "GEPG").AsArray();
        var payment = Assert.Single(payments)!;
        Assert.Equal(100_356_124L, payment["amount_fen"]!.GetValue<long>());
        Assert.Equal("posted", payment["state"]!.GetValue<string>());

        string statement = Path.Combine(db.Dir, "gepg.md");
        db.Ok("compensation", "statement", "--agreement", "GEPG", "--out", statement);
        string text = File.ReadAllText(statement);
        Assert.Contains("- GEP_2023 = sample 1 (CNY@2026.2) = 1030884", text);
        Assert.Contains("- GEP_2024 = sample 2 (CNY@2026.2) = 1320416", text);
        Assert.Contains("- growth = GEP_2024 − GEP_2023 = 289532", text);
        Assert.Contains("- payment (yuan) = base + rate × counted growth = 1000000 + 0.0123 × 289532 = 1003561.2436", text);
        Assert.Contains("**Decision:** GEP grew by 289532 CNY: the payer side pays 1,003,561.24 CNY to the payee side.", text);
        Assert.Contains("| GEPG_R1_P1 | gov | down | up | 1,003,561.24 | posted |", text);
        Assert.Contains("| GEPG:party:up | 1,003,561.24 |", text);
        Assert.Contains("| sum of all postings | 0.00 |", text);
        Assert.Contains("ledger verified", db.Ok("ledger", "verify"));
    }

    [Fact]
    public void Should_refuse_gep_summaries_at_different_prices_and_summaries_without_a_year()
    {
        using var db = new LedgerTestDb();
        Parties(db, "down", "up");
        Activate(db, "GEPG", """
            { "name": "GEP growth", "period_start": "2024-01-01", "period_end": "2024-12-31", "round_months": 12,
              "parties": [ { "id": "down", "side": "payer", "weight": 1 }, { "id": "up", "side": "payee", "weight": 1 } ],
              "funding": [ { "id": "gov", "kind": "government_transfer", "share": 1 } ],
              "rule": { "kind": "gep_growth", "base_fen": 0, "rate": "0.01" } }
            """, "down", "up");

        // a summary computed without --year cannot be dated: nothing is imported, and the message says what to do
        string noYear = GepSummary(db.Dir, 0, "5", []);
        var (code, _, err) = db.Cli("compensation", "samples", "import", "--round", "GEPG_R1", noYear, "--actor", "up");
        Assert.Equal(2, code);
        Assert.Contains($"{noYear}, field 'year': expected the accounting year (run 'gep compute' with --year YYYY); got null.", err);

        // summaries from different parameter tables are not at constant prices: the assessment is refused
        string overrides = Path.Combine(db.Dir, "p.json");
        File.WriteAllText(overrides, """{ "version": "t2", "values": {} }""");
        db.Ok("compensation", "samples", "import", "--round", "GEPG_R1", GepSummary(db.Dir, 2023, "5", []), "--actor", "up");
        db.Ok("compensation", "samples", "import", "--round", "GEPG_R1", GepSummary(db.Dir, 2024, "6", "--parameters", overrides), "--actor", "up");
        Assert.Contains("missing: The GEP summaries of 2023 (CNY@2026.2) and 2024 (CNY@2026.2+t2) are not at constant prices: use the same parameter table.",
            db.Ok("compensation", "round", "close-monitoring", "--round", "GEPG_R1", "--actor", "mee"));
        Assert.NotEqual(0, db.Cli("compensation", "round", "assess", "--round", "GEPG_R1", "--actor", "mee").Code);
        Assert.Empty(db.Json("compensation", "payments", "--agreement", "GEPG").AsArray());
    }

    private static string TargetSpec(string mode) => $$"""
        { "name": "Forest cover ({{mode}})", "period_start": "2024-01-01", "period_end": "2026-12-31", "round_months": 12,
          "parties": [ { "id": "prov", "side": "payer", "weight": 1 }, { "id": "county", "side": "payee", "weight": 1 } ],
          "funding": [ { "id": "gov", "kind": "government_transfer", "share": 3 }, { "id": "ent", "kind": "enterprise_agreement", "share": 1 } ],
          "rule": { "kind": "target", "indicator": "forest_cover_pct", "unit": "%", "target": "64", "amount_fen": 200000000, "mode": "{{mode}}" } }
        """;

    [Theory]
    // amount 2,000,000 CNY, target 64 %; funding gov 3 : ent 1.
    // 2024: latest sample 62.4 (the earlier 61.0 is not used): pro-rated 2,000,000 × min(1, 62.4 / 64) = 2,000,000 × 0.975 = 1,950,000.00
    //       (ent 1,950,000 / 4 = 487,500.00, gov 1,462,500.00); all-or-nothing 62.4 < 64 → 0.00, no payment.
    // 2025: exactly 64.00: pro-rated 2,000,000 × 64 / 64 = 2,000,000.00; all-or-nothing 64 ≥ 64 → 2,000,000.00.
    // 2026: 66: pro-rated 2,000,000 × min(1, 1.03125) = 2,000,000.00 (capped); all-or-nothing 2,000,000.00.
    [InlineData("pro_rated", 195_000_000L, "min(1, 62.4 / 64) = 0.975", "meets the target 64: the payer side pays 2,000,000.00 CNY", 595_000_000L)]
    [InlineData("all_or_nothing", 0L, "62.4 ≥ 64 ? 1 : 0 = 0", "meets the target 64: the payer side pays 2,000,000.00 CNY", 400_000_000L)]
    public void Should_pay_a_target_amount_pro_rated_or_all_or_nothing(string mode, long firstFen, string firstFraction, string metDecision, long totalFen)
    {
        using var db = new LedgerTestDb();
        Parties(db, "prov", "county");
        Activate(db, "FC", TargetSpec(mode), "prov", "county");
        const string header = "section,sampled_at,indicator,value,unit,lab,party\n";
        string[] csv =
        [
            header + "county,2024-06-30,forest_cover_pct,61.0,%,forestry survey,joint\ncounty,2024-12-31,forest_cover_pct,62.4,%,forestry survey,joint\n",
            header + "county,2025-12-31,forest_cover_pct,64.00,%,forestry survey,joint\n",
            header + "county,2026-12-31,forest_cover_pct,66,%,forestry survey,joint\n",
        ];
        long[] expected = [firstFen, 200_000_000L, 200_000_000L];
        for (int i = 0; i < 3; i++)
        {
            string round = $"FC_R{i + 1}";
            string file = Path.Combine(db.Dir, $"cover-{i + 1}.csv");
            File.WriteAllText(file, csv[i]);
            db.Ok("compensation", "samples", "import", "--round", round, file, "--actor", "county");
            db.Ok("compensation", "round", "close-monitoring", "--round", round, "--actor", "mee");
            var record = db.Json("compensation", "round", "assess", "--round", round, "--actor", "mee")["payload"]!["assessment"]!;
            Assert.Equal("target/1", record["rule_version"]!.GetValue<string>());
            Assert.Equal(expected[i], record["amount_fen"]!.GetValue<long>());
            Assert.Equal(expected[i] == 0 ? "none" : "payer_to_payee", record["direction"]!.GetValue<string>());
            // with nothing to pay there is no paying side: the administrator settles the round
            db.Ok("compensation", "round", "settle", "--round", round, "--actor", expected[i] == 0 ? "mee" : "prov");
        }
        db.Ok("compensation", "agreement", "close", "--id", "FC", "--actor", "mee");

        var payments = db.Json("compensation", "payments", "--agreement", "FC").AsArray();
        Assert.Equal(totalFen, payments.Sum(p => p!["amount_fen"]!.GetValue<long>()));
        Assert.All(payments, p => Assert.Equal("posted", p!["state"]!.GetValue<string>()));
        Assert.Equal(firstFen == 0 ? 4 : 6, payments.Count);

        string statement = Path.Combine(db.Dir, "fc.md");
        db.Ok("compensation", "statement", "--agreement", "FC", "--out", statement);
        string text = File.ReadAllText(statement);
        Assert.Contains("State: closed.", text);
        Assert.Contains("- forest_cover_pct = latest sample 2 (2024-12-31) = 62.4", text);
        Assert.Contains("- target = set by the agreement (%) = 64", text);
        Assert.Contains($"- fraction = {firstFraction}", text);
        Assert.Contains($"**Decision:** forest_cover_pct = 62.4 % misses the target 64: the payer side pays {(firstFen == 0 ? "0.00" : "1,950,000.00")} CNY to the payee side.", text);
        Assert.Contains($"**Decision:** forest_cover_pct = 64 % {metDecision} to the payee side.", text);
        Assert.Contains($"**Decision:** forest_cover_pct = 66 % {metDecision} to the payee side.", text);
        if (firstFen == 0)
        {
            Assert.DoesNotContain("FC_R1_P", text);
        }
        else
        {
            Assert.Contains("| FC_R1_P1 | ent | prov | county | 487,500.00 | posted |", text);
            Assert.Contains("| FC_R1_P2 | gov | prov | county | 1,462,500.00 | posted |", text);
        }
        Assert.Contains("| FC_R2_P2 | gov | prov | county | 1,500,000.00 | posted |", text);
        Assert.Contains($"| FC:party:county | {(totalFen / 100m).ToString("#,0.00", System.Globalization.CultureInfo.InvariantCulture)} |", text.Replace("\r", "", StringComparison.Ordinal));
        Assert.Contains("| sum of all postings | 0.00 |", text);
        Assert.Contains("ledger verified", db.Ok("ledger", "verify"));
    }
}
