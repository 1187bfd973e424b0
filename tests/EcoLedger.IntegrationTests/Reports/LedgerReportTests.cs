using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using EcoLedger.Reports.Ledger;
using MiniExcelLibs;

namespace EcoLedger.IntegrationTests.Reports;

public sealed class LedgerReportTests(LedgerReportFixture fx) : IClassFixture<LedgerReportFixture>
{
    /// <summary>
    /// Masks what varies between runs: the temp folder, the repository path, the chart bytes, and the journal's head hash (the demo's
    /// signed retirement carries an ECDSA signature, whose random nonce changes every later hash).
    /// </summary>
    private string Normalise(string text)
    {
        string head = JsonNode.Parse(File.ReadAllText(fx.Files.Json))!["journal"]!["last_hash"]!.GetValue<string>();
        text = text.Replace(fx.Root, "<tmp>", StringComparison.Ordinal).Replace(CliRunner.RepoRoot, "<repo>", StringComparison.Ordinal)
            .Replace(head, "<head hash>", StringComparison.Ordinal);
        return Regex.Replace(text, "data:image/png;base64,[A-Za-z0-9+/=]+", "data:image/png;base64,<png>");
    }

    private static IDictionary<string, object?>[] Sheet(string xlsx, string name) =>
        MiniExcel.Query(xlsx, useHeaderRow: true, sheetName: name).Cast<IDictionary<string, object?>>().ToArray();

    private static long L(object? v) => Convert.ToInt64(v, CultureInfo.InvariantCulture);

    [Fact]
    public void Should_match_the_golden_report_json() =>
        Golden.Assert("ledger-report.json", Normalise(File.ReadAllText(fx.Files.Json)));

    [Fact]
    public void Should_match_the_golden_report_html() =>
        Golden.Assert("ledger-report.html", Normalise(File.ReadAllText(fx.Files.Html)));

    [Fact]
    public void Should_report_the_demo_story_with_exact_serials_and_a_supply_that_adds_up()
    {
        var r = JsonNode.Parse(File.ReadAllText(fx.Files.Json))!;
        var supply = r["supply"]!.AsArray();
        Assert.Equal(2, supply.Count);
        var p1 = supply[0]!;
        Assert.Equal(("YC_FOREST_1", 1000L, 100L, 500L, 200L, 200L), (p1["project"]!.GetValue<string>(), p1["issued"]!.GetValue<long>(),
            p1["buffer"]!.GetValue<long>(), p1["active"]!.GetValue<long>(), p1["pledged"]!.GetValue<long>(), p1["retired"]!.GetValue<long>()));
        Assert.All(supply, s => Assert.True(s!["adds_up"]!.GetValue<bool>()));
        Assert.Equal(1250, r["headline"]!["issued"]!.GetValue<long>());
        Assert.True(r["headline"]!["verified"]!.GetValue<bool>());

        var retirements = r["retirements"]!.AsArray();
        Assert.Equal(2, retirements.Count);
        Assert.Equal("Power company", retirements[0]!["beneficiary"]!.GetValue<string>());
        Assert.Equal("Offset of 2024 emissions (200 t)", retirements[0]!["purpose"]!.GetValue<string>());
        Assert.Equal(["ECO-HLJYC-YC_FOREST_1-20230101-20231231-101-300"], retirements[0]!["serials"]!.AsArray().Select(s => s!.GetValue<string>()));

        var pledges = r["pledges"]!.AsArray();
        Assert.Equal("ECO-HLJYC-YC_FOREST_1-20230101-20231231-501-700", pledges[0]!["serial"]!.GetValue<string>());
        Assert.Equal(("forest_farm", "bank", "not_priced"), (pledges[0]!["holder"]!.GetValue<string>(), pledges[0]!["bank"]!.GetValue<string>(),
            pledges[0]!["ltv_status"]!.GetValue<string>()));
        Assert.Null(pledges[0]!["ltv"]);

        // The journal: events by kind add up to the total; the last hash is the chain's head.
        var journal = r["journal"]!;
        Assert.Equal(journal["events"]!.GetValue<long>(), journal["by_kind"]!.AsArray().Sum(k => k!["events"]!.GetValue<long>()));
        Assert.Equal("2024-02-01T09:00:00.0000000Z", journal["first_time"]!.GetValue<string>());
        Assert.Matches("^[0-9a-f]{64}$", journal["last_hash"]!.GetValue<string>());
        var html = File.ReadAllText(fx.Files.Html);
        Assert.Contains(journal["last_hash"]!.GetValue<string>(), html, StringComparison.Ordinal);
        Assert.Contains("<td class=\"warn\"><!--warn-->未定价</td>", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Should_write_a_workbook_with_the_report_sheets_and_numbers()
    {
        string xlsx = fx.Files.Xlsx;
        Assert.Equal(LedgerReportWorkbook.Sheets, MiniExcel.GetSheetNames(xlsx));
        var supply = Sheet(xlsx, "Supply");
        Assert.Equal(2, supply.Length);
        Assert.Equal(1000, L(supply[0]["签发"]));
        Assert.All(supply, s => Assert.Equal(L(s["签发"]), L(s["缓冲池"]) + L(s["可用"]) + L(s["质押"]) + L(s["冻结"]) + L(s["注销"]) + L(s["作废"])));
        Assert.All(supply, s => Assert.Equal("ok", s["核对"]));

        var retirements = Sheet(xlsx, "Retirements");
        Assert.Equal(fx.Files.Report.Retired, retirements.Sum(r => L(r["数量（吨）"])));
        Assert.Contains(retirements, r => (string?)r["序列号"] == "ECO-HLJYC-YC_FOREST_1-20230101-20231231-101-300" && (string?)r["受益方"] == "Power company");

        var pledges = Sheet(xlsx, "Pledges");
        Assert.All(pledges, p => Assert.Equal("未定价", p["贷款价值比（LTV）"]));
        Assert.All(pledges, p => Assert.StartsWith("credits@", (string?)p["质押编号"], StringComparison.Ordinal));
        Assert.Equal("本报告未给出定价参数（--market、--as-of），或数据库中没有价格数据，LTV 不填写数字；给出参数后按 value pledges 的规则估值。", Sheet(xlsx, "PledgeValues").Single()["说明"]);
        Assert.Equal("登记簿中没有生态补偿协议。", Sheet(xlsx, "Compensation").Single()["说明"]);
        Assert.Equal(250, pledges.Sum(p => L(p["数量（吨）"])));

        var holdings = Sheet(xlsx, "Holdings");
        Assert.Equal(-1250, L(holdings.Single(h => (string?)h["持有人"] == "issuance")["复式记账余额"]));
        var journal = Sheet(xlsx, "Journal");
        Assert.Equal(fx.Files.Report.Journal.Events, journal.Sum(k => L(k["事件数"])));
    }

    [Fact]
    public void Should_write_an_english_report_with_lang_en_from_the_cli()
    {
        string outDir = Path.Combine(fx.Root, "report-en");
        var r = CliRunner.Run("report", "ledger", "--db", fx.DbPath, "--out", outDir, "--lang", "en");
        Assert.True(r.ExitCode == 0, r.Err);
        string html = File.ReadAllText(Path.Combine(outDir, "report.html"));
        Assert.Contains("<title>Carbon credit ledger report</title>", html, StringComparison.Ordinal);
        Assert.Contains("<td class=\"warn\"><!--warn-->not priced</td>", html, StringComparison.Ordinal);
        Assert.StartsWith("The ledger holds 2 project(s) and 2 vintage(s); 1,250 t CO₂e", r.Out, StringComparison.Ordinal);
        Assert.Contains($"wrote {Path.Combine(outDir, "report.html")}", r.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void Should_fail_with_one_line_and_create_no_database_when_the_file_is_missing()
    {
        string missing = Path.Combine(fx.Root, "no-such.db");
        var r = CliRunner.Run("report", "ledger", "--db", missing, "--out", Path.Combine(fx.Root, "report-x"));
        Assert.Equal(2, r.ExitCode);
        Assert.Equal([$"error: {missing}: file not found; expected a ledger database (ledger --db, or demo's ecoledger.db)."], r.ErrLines);
        Assert.False(File.Exists(missing));
        Assert.False(Directory.Exists(Path.Combine(fx.Root, "report-x")));
    }

    /// <summary>
    /// The fixture's story on a fresh database plus a CEA quote of 80.00 CNY/t (2024-01-15), a loan on each pledge and the Xin'an
    /// round to settlement. Pledge 1: 200 t × 80 = 16,000.00, collateral × 0.7 = 11,200.00, loan 8,960.00 → LTV 0.8 exactly, not called.
    /// Pledge 2: 50 t × 80 = 4,000.00, collateral 2,800.00, loan 2,500.00 → LTV 0.892857, called (above 0.8).
    /// </summary>
    private string PricedDatabase()
    {
        string path = Path.Combine(fx.Root, "priced-" + Guid.NewGuid().ToString("N")[..8] + ".db");
        var clock = new LedgerReportFixture.SteppingClock(LedgerReportFixture.Start, TimeSpan.FromMinutes(1));
        EcoLedger.Cli.Demo.LedgerDemo.Build(path, ["YC001", "YC002", "YC003"], 1_000, "YC_FOREST_1", "HLJYC", clock);
        EcoLedger.Cli.Demo.LedgerDemo.Build(path, ["YC004"], 250, "YC_FOREST_2", "HLJYC", clock);
        using (var db = EcoLedger.Storage.LedgerDatabase.Open(path))
        {
            db.Run(new EcoLedger.Pricing.ImportPrices("prices.csv", new string('0', 64), [new EcoLedger.Pricing.QuoteEntry("CEA", new DateOnly(2024, 1, 15), 8_000, "test")]), "registry");
            var pledges = db.PledgedCredits();
            Assert.Equal([200L, 50L], pledges.Select(p => p.Classes.Sum(c => c.Tonnes)));
            db.Run(new EcoLedger.Pricing.RecordLoan(pledges[0].PledgeSeq, EcoLedger.Money.Money.Cny(8_960m), null), "bank");
            db.Run(new EcoLedger.Pricing.RecordLoan(pledges[1].PledgeSeq, EcoLedger.Money.Money.Cny(2_500m), null), "bank");
        }
        EcoLedger.Cli.Demo.CompensationDemo.Run(path, CliRunner.Repo("samples", "xinan"));
        return path;
    }

    [Fact]
    public void Should_price_pledges_and_list_compensation_rounds_from_the_cli()
    {
        string db = PricedDatabase(), outDir = Path.Combine(fx.Root, "report-priced");
        var r = CliRunner.Run("report", "ledger", "--db", db, "--out", outDir, "--market", "CEA", "--as-of", "2024-03-31", "--lang", "en");
        Assert.True(r.ExitCode == 0, r.Err);
        Assert.Contains("are pledged to 1 bank(s), collateral worth 14,000.00 CNY at CEA prices of 2024-03-31 against loans of 11,460.00 CNY, 1 margin call(s)", r.Out, StringComparison.Ordinal);

        var json = JsonNode.Parse(File.ReadAllText(Path.Combine(outDir, "report.json")))!;
        var pricing = json["pricing"]!;
        Assert.Equal(("priced", "2024-01-15", 80m), (pricing["status"]!.GetValue<string>(), pricing["quote_date"]!.GetValue<string>(), pricing["price_cny_per_t"]!.GetValue<decimal>()));
        var values = pricing["pledges"]!.AsArray();
        Assert.Equal((16_000m, 11_200m, 8_960m, 0.8m, false), (values[0]!["market_value_cny"]!.GetValue<decimal>(), values[0]!["collateral_cny"]!.GetValue<decimal>(),
            values[0]!["loan_cny"]!.GetValue<decimal>(), values[0]!["ltv"]!.GetValue<decimal>(), values[0]!["margin_call"]!.GetValue<bool>()));
        Assert.Equal((4_000m, 2_800m, 2_500m, 0.892857m, true), (values[1]!["market_value_cny"]!.GetValue<decimal>(), values[1]!["collateral_cny"]!.GetValue<decimal>(),
            values[1]!["loan_cny"]!.GetValue<decimal>(), values[1]!["ltv"]!.GetValue<decimal>(), values[1]!["margin_call"]!.GetValue<bool>()));
        var blocks = json["pledges"]!.AsArray();
        Assert.Equal(values[1]!["pledge"]!.GetValue<string>(), blocks[1]!["pledge"]!.GetValue<string>());
        Assert.Equal(("priced", 0.892857m, true), (blocks[1]!["ltv_status"]!.GetValue<string>(), blocks[1]!["ltv"]!.GetValue<decimal>(), blocks[1]!["margin_call"]!.GetValue<bool>()));

        // The Xin'an round: P ≤ 1, so the payer pays 100,000,000.00 CNY, split 5 / 15 / 80 over the three funding sources.
        var xinan = json["compensation"]!.AsArray().Single()!;
        var round = xinan["rounds"]!.AsArray()[0]!;
        Assert.Equal(("XINAN_R1", "settled", 100_000_000m), (round["round"]!.GetValue<string>(), round["state"]!.GetValue<string>(), round["amount_cny"]!.GetValue<decimal>()));
        Assert.Equal("0.7952140204678362573099415201", round["index"]!.GetValue<string>());
        Assert.Equal([5_000_000m, 15_000_000m, 80_000_000m], round["funding"]!.AsArray().Select(f => f!["amount_cny"]!.GetValue<decimal>()));
        Assert.Equal([5_000_000m, 15_000_000m, 80_000_000m], xinan["payments"]!.AsArray().Select(f => f!["amount_cny"]!.GetValue<decimal>()));

        string html = File.ReadAllText(Path.Combine(outDir, "report.html"));
        Assert.Contains("<td class=\"warn\"><!--warn-->89.29%</td>", html, StringComparison.Ordinal);
        Assert.Contains("<td class=\"num\">30.0%</td>", html, StringComparison.Ordinal); // the haircut, as a percentage like the LTV
        Assert.Contains("<td class=\"num\">11,200.00</td>", html, StringComparison.Ordinal);
        Assert.Contains("id=\"table-rounds-XINAN\"", html, StringComparison.Ordinal);
        Assert.Contains("<td class=\"num\">0.7952</td>", html, StringComparison.Ordinal);
        // The decision says P to four decimals, as the P index column does; report.json keeps the exact value.
        Assert.Contains("<td>P = 0.7952 ≤ 1: the payer side pays 100,000,000.00 CNY to the payee side.</td>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("0.79521", html, StringComparison.Ordinal);
        Assert.Contains("100,000,000.00", html, StringComparison.Ordinal);
        Assert.DoesNotContain("not priced", html, StringComparison.Ordinal);

        // The workbook: the same figures as numbers.
        string xlsx = Path.Combine(outDir, "report.xlsx");
        Assert.Equal(LedgerReportWorkbook.Sheets, MiniExcel.GetSheetNames(xlsx));
        var sheet = Sheet(xlsx, "PledgeValues");
        Assert.Equal([16_000m, 4_000m], sheet.Select(p => Convert.ToDecimal(p["Market value (CNY)"], CultureInfo.InvariantCulture)));
        Assert.Equal([11_200m, 2_800m], sheet.Select(p => Convert.ToDecimal(p["Collateral value (CNY)"], CultureInfo.InvariantCulture)));
        Assert.Equal([8_960m, 2_500m], sheet.Select(p => Convert.ToDecimal(p["Loan (CNY)"], CultureInfo.InvariantCulture)));
        Assert.Equal([0.8m, 0.892857m], sheet.Select(p => Convert.ToDecimal(p["Loan-to-value (LTV)"], CultureInfo.InvariantCulture)));
        Assert.Equal(["no", "YES"], sheet.Select(p => (string?)p["Margin call"]));
        var pledges = Sheet(xlsx, "Pledges");
        Assert.Equal([0.8m, 0.892857m], pledges.Select(p => Convert.ToDecimal(p["Loan-to-value (LTV)"], CultureInfo.InvariantCulture)));
        var rounds = Sheet(xlsx, "Compensation");
        Assert.Equal(["settled", "open", "open"], rounds.Select(x => (string?)x["State"]));
        Assert.Equal(0.7952m, decimal.Round(Convert.ToDecimal(rounds[0]["P index"], CultureInfo.InvariantCulture), 4));
        Assert.Equal(100_000_000m, Convert.ToDecimal(rounds[0]["Amount (CNY)"], CultureInfo.InvariantCulture));
        var payments = Sheet(xlsx, "Payments");
        Assert.Equal(100_000_000m, payments.Sum(p => Convert.ToDecimal(p["Amount (CNY)"], CultureInfo.InvariantCulture)));
        Assert.All(payments, p => Assert.Equal(("posted", "zhejiang", "anhui"), ((string?)p["State"], (string?)p["From"], (string?)p["To"])));
    }

    [Fact]
    public void Should_keep_pledges_not_priced_and_warn_when_the_market_has_no_price()
    {
        string outDir = Path.Combine(fx.Root, "report-noprice");
        var r = CliRunner.Run("report", "ledger", "--db", fx.DbPath, "--out", outDir, "--market", "CEA", "--as-of", "2024-06-30", "--lang", "en");
        Assert.True(r.ExitCode == 0, r.Err);
        Assert.Contains("warning: pledges not priced: Market 'CEA' has no quotes: no prices have been imported", r.Err, StringComparison.Ordinal);
        Assert.Contains("are pledged to 1 bank(s), not priced;", r.Out, StringComparison.Ordinal);
        Assert.Contains("<td class=\"warn\"><!--warn-->not priced</td>", File.ReadAllText(Path.Combine(outDir, "report.html")), StringComparison.Ordinal);
        Assert.Equal("not_priced", JsonNode.Parse(File.ReadAllText(Path.Combine(outDir, "report.json")))!["pricing"]!["status"]!.GetValue<string>());
    }

    [Fact]
    public void Should_refuse_a_market_without_a_date()
    {
        var r = CliRunner.Run("report", "ledger", "--db", fx.DbPath, "--out", Path.Combine(fx.Root, "report-y"), "--market", "CEA");
        Assert.Equal(2, r.ExitCode);
        Assert.Equal(["error: --market needs --as-of: the valuation date, YYYY-MM-DD."], r.ErrLines);
    }
}
