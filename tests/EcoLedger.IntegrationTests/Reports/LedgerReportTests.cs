using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using EcoLedger.Reports.Ledger;
using MiniExcelLibs;

namespace EcoLedger.IntegrationTests.Reports;

public sealed class LedgerReportTests(LedgerReportFixture fx) : IClassFixture<LedgerReportFixture>
{
    /// <summary>Masks what varies between machines: the temp folder, the repository path, the chart bytes.</summary>
    private string Normalise(string text)
    {
        text = text.Replace(fx.Root, "<tmp>", StringComparison.Ordinal).Replace(CliRunner.RepoRoot, "<repo>", StringComparison.Ordinal);
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
}
