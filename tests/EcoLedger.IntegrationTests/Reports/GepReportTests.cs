using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using EcoLedger.Reports;
using EcoLedger.Reports.Charts;
using EcoLedger.Reports.Gep;
using MiniExcelLibs;
using SkiaSharp;

namespace EcoLedger.IntegrationTests.Reports;

public sealed class GepReportTests(GepReportFixture fx) : IClassFixture<GepReportFixture>
{
    private static string GoldenDir => CliRunner.Repo("tests", "EcoLedger.IntegrationTests", "Reports", "Golden");

    /// <summary>Replaces what varies between machines and runs: temp folder, repository path, timestamps, PNG bytes, the methodology text.</summary>
    private string Normalise(string text)
    {
        text = text.Replace(fx.Root, "<tmp>", StringComparison.Ordinal).Replace(CliRunner.RepoRoot, "<repo>", StringComparison.Ordinal);
        text = Regex.Replace(text, @"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?[+-]\d{2}:\d{2}", "<timestamp>");
        text = Regex.Replace(text, @"\d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC[+-]\d{2}:\d{2}", "<timestamp>");
        text = Regex.Replace(text, "data:image/png;base64,[A-Za-z0-9+/=]+", "data:image/png;base64,<png>");
        // Output files of gep compute and zones mark are hashed too; they record their inputs' absolute paths, so their
        // hashes depend on where the repository is checked out: mask them (the inputs' own hashes stay checked).
        foreach (var file in Directory.EnumerateFiles(fx.Root, "*", SearchOption.AllDirectories))
        {
            using var stream = File.OpenRead(file);
            text = text.Replace(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(stream)), "<generated-sha256>", StringComparison.Ordinal);
        }
        text = Regex.Replace(text, "<div class=\"methodology\">.*?</div>\n(?=</section>)", "<div class=\"methodology\"><methodology/></div>\n", RegexOptions.Singleline);
        return text;
    }

    private void AssertGolden(string name, string actual)
    {
        string path = Path.Combine(GoldenDir, name);
        if (Environment.GetEnvironmentVariable("UPDATE_GOLDEN") == "1")
        {
            Directory.CreateDirectory(GoldenDir);
            File.WriteAllText(path, actual);
        }
        Assert.True(File.Exists(path), $"{path} is missing; run with UPDATE_GOLDEN=1 to create it, then review it.");
        string expected = File.ReadAllText(path);
        Assert.True(expected == actual, $"{name} differs from the golden file; run with UPDATE_GOLDEN=1 to accept, then review the diff. First difference at {FirstDifference(expected, actual)}.");
    }

    private static string FirstDifference(string a, string b)
    {
        int i = 0;
        while (i < a.Length && i < b.Length && a[i] == b[i])
        {
            i++;
        }
        return $"char {i}: expected '{a.Substring(i, Math.Min(60, a.Length - i))}', got '{b.Substring(i, Math.Min(60, b.Length - i))}'";
    }

    [Fact]
    public void Should_match_the_golden_report_json() =>
        AssertGolden("gep-report.json", Normalise(File.ReadAllText(fx.Files.Json)));

    [Fact]
    public void Should_name_the_method_profile_and_flag_an_account_that_mixes_price_years()
    {
        // The run records its profile (default: the 2022 national specification) and the year each price parameter is stated in;
        // the defaults mix 2010, 2011 and 2025 prices, which the report must say rather than hide (issue 14, item 5).
        string html = File.ReadAllText(fx.Files.Html);
        Assert.Contains("<p>核算规范：生态产品总值核算规范（试行）（2022 (发改基础〔2022〕481号)；配置 spec-2022）。</p>", html, StringComparison.Ordinal);
        Assert.Matches("<p class=\"warn\">价格年份：2010 年（\\d+ 项价格参数）、[^<]*2025 年（1 项价格参数）。本核算混用了不同年份的价格", html);
    }

    [Fact]
    public void Should_match_the_golden_report_html() =>
        AssertGolden("gep-report.html", Normalise(File.ReadAllText(fx.Files.Html)));

    [Fact]
    public void Should_take_every_headline_figure_from_the_gep_summary()
    {
        var summary = JsonNode.Parse(File.ReadAllText(Path.Combine(fx.GepDir, "gep-summary.json")))!;
        var report = JsonNode.Parse(File.ReadAllText(fx.Files.Json))!;
        decimal total = summary["total_cny"]!.GetValue<decimal>();
        Assert.Equal(total, report["headline"]!["gep_cny"]!.GetValue<decimal>());
        // Per capita is GEP / population, to the fen.
        Assert.Equal(Math.Round(total / 100_000m, 2, MidpointRounding.AwayFromZero), report["headline"]!["gep_per_capita_cny"]!.GetValue<decimal>());
        decimal regulating = summary["by_category"]!["regulating"]!.GetValue<decimal>();
        Assert.Equal(Math.Round(regulating / total, 6), report["headline"]!["regulating_share"]!.GetValue<decimal>());
        // The indicator values add up to GEP, and the ecosystem × category split adds up to each ecosystem's value.
        Assert.Equal(total, report["indicators"]!.AsArray().Sum(i => i!["value_cny"]!.GetValue<decimal>()));
        foreach (var e in report["by_ecosystem"]!.AsArray())
        {
            Assert.Equal(e!["value_cny"]!.GetValue<decimal>(), e["by_category"]!.AsObject().Sum(kv => kv.Value!.GetValue<decimal>()));
        }
        // The waterfall closes: previous total + the changes = this year's total.
        var change = report["change"]!;
        Assert.Equal(change["gep_cny"]!.GetValue<decimal>(),
            change["previous_gep_cny"]!.GetValue<decimal>() + change["by_indicator"]!.AsArray().Sum(c => c!["difference_cny"]!.GetValue<decimal>()));
        // Every unit is in one histogram bin, and 5,000,000 is a bin edge.
        var hist = report["zones"]!["density_histogram"]!;
        Assert.Equal(6, hist["counts"]!.AsArray().Sum(c => c!.GetValue<int>()));
        Assert.Contains(hist["edges_cny_per_km2"]!.AsArray(), e => e!.GetValue<double>() == 5_000_000d);
    }

    [Fact]
    public void Should_write_a_workbook_with_the_report_sheets_and_numbers()
    {
        string xlsx = fx.Files.Xlsx;
        Assert.Equal(GepReportWorkbook.Sheets, MiniExcel.GetSheetNames(xlsx));
        var summary = JsonNode.Parse(File.ReadAllText(Path.Combine(fx.GepDir, "gep-summary.json")))!;
        decimal total = summary["total_cny"]!.GetValue<decimal>();

        var head = MiniExcel.Query(xlsx, useHeaderRow: true, sheetName: "Summary").Cast<IDictionary<string, object?>>().ToList();
        var gepRow = head.Single(r => (string?)r["项目"] == "GEP 总值");
        Assert.Equal(total, Convert.ToDecimal(gepRow["价值"], System.Globalization.CultureInfo.InvariantCulture));

        var indicators = MiniExcel.Query(xlsx, useHeaderRow: true, sheetName: "Indicators").Cast<IDictionary<string, object?>>().ToList();
        // The eleven indicators of the default profile: the 2022 specification counts no separate oxygen release, and
        // counts landscape value (not computed for the fixture, which has no landscape_premium rows).
        Assert.Equal(11, indicators.Count);
        Assert.Equal(total, indicators.Sum(r => Convert.ToDecimal(r["价值 (CNY)"], System.Globalization.CultureInfo.InvariantCulture)));
        var water = indicators.Single(r => (string?)r["code"] == "water_conservation");
        Assert.Equal("水源涵养", water["指标"]);
        Assert.Equal(summary["by_indicator"]!["water_conservation"]!["value_cny"]!.GetValue<decimal>(),
            Convert.ToDecimal(water["价值 (CNY)"], System.Globalization.CultureInfo.InvariantCulture));

        var inputs = MiniExcel.Query(xlsx, useHeaderRow: true, sheetName: "Inputs").Cast<IDictionary<string, object?>>().ToList();
        Assert.Contains(inputs, r => ((string?)r["文件"])!.EndsWith("units.geojson", StringComparison.Ordinal) && ((string?)r["sha256"])!.Length == 64);
        var parameters = MiniExcel.Query(xlsx, useHeaderRow: true, sheetName: "Parameters").Cast<IDictionary<string, object?>>().ToList();
        Assert.Equal(7.06m, Convert.ToDecimal(parameters.Single(r => (string?)r["参数"] == "reservoir_cost_cny_per_m3")["价值"], System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public void Should_title_the_report_in_chinese()
    {
        Assert.StartsWith("伊春2023年生态系统生产总值", fx.Files.Report.Title, StringComparison.Ordinal);
    }

    [Fact]
    public void Should_have_every_label_in_both_languages()
    {
        var zh = new Labels(ReportLanguage.Zh);
        var en = new Labels(ReportLanguage.En);
        foreach (string key in Labels.Keys)
        {
            Assert.False(string.IsNullOrWhiteSpace(zh[key]), key);
            Assert.False(string.IsNullOrWhiteSpace(en[key]), key);
        }
        Assert.Equal("水源涵养", zh.Indicator("water_conservation"));
        Assert.Equal("Water conservation", en.Indicator("water_conservation"));
        Assert.Equal("761.62 亿元", zh.Money(76_162_101_185.82m));
        Assert.Equal("76.16 billion yuan", en.Money(76_162_101_185.82m));
        Assert.Equal("500.00 万元/km²", zh.Density(5_000_000m));
    }

    [Fact]
    public void Should_write_an_english_report_with_lang_en()
    {
        string outDir = Path.Combine(fx.Root, "report-en");
        var r = CliRunner.Run("report", "gep", "--gep", fx.GepDir, "--zones", fx.ZonesDir, "--out", outDir, "--lang", "en", "--region-name", "Yichun");
        Assert.Equal(0, r.ExitCode);
        string html = File.ReadAllText(Path.Combine(outDir, "report.html"));
        Assert.Contains("<title>Gross Ecosystem Product (GEP) of Yichun, 2023</title>", html, StringComparison.Ordinal);
        Assert.Contains("<html lang=\"en\">", html, StringComparison.Ordinal);
        Assert.StartsWith("In 2023, the Gross Ecosystem Product (GEP) of Yichun (6 accounting units", r.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void Should_count_the_gaps_of_each_indicator_in_the_summary_without_claiming_one_cause()
    {
        // gep-summary.json of the fixture has four groups: sand_fixation 4 units (missing wind erosion fields),
        // climate_regulation 4 (missing transpiration), landscape_value 6 (no landscape_premium region statistics),
        // water_purification 2 (no discharge caps and no capacities in the parameters): 4 + 4 + 6 + 2 = 16. Two of the
        // four causes are region statistics or parameters, not monitoring data, so the sentence counts and names no cause.
        var summary = JsonNode.Parse(File.ReadAllText(Path.Combine(fx.GepDir, "gep-summary.json")))!;
        var groups = summary["not_computed"]!.AsArray().Select(g => (g!["indicator"]!.GetValue<string>(), g["units"]!.GetValue<int>())).ToList();
        Assert.Equal([("sand_fixation", 4), ("climate_regulation", 4), ("landscape_value", 6), ("water_purification", 2)], groups);

        var zh = JsonNode.Parse(File.ReadAllText(Path.Combine(fx.OutDir, "report.json")))!["summary"]!.GetValue<string>();
        Assert.EndsWith("有16个单元×指标未核算，未计入GEP：防风固沙4个、气候调节4个、景观价值6个、水质净化2个（原因见“未核算项”）。", zh, StringComparison.Ordinal);
        Assert.DoesNotContain("缺少监测数据", zh, StringComparison.Ordinal);

        string outDir = Path.Combine(fx.Root, "report-en-gaps");
        var r = CliRunner.Run("report", "gep", "--gep", fx.GepDir, "--zones", fx.ZonesDir, "--out", outDir, "--lang", "en", "--region-name", "Yichun");
        Assert.Equal(0, r.ExitCode);
        var en = JsonNode.Parse(File.ReadAllText(Path.Combine(outDir, "report.json")))!["summary"]!.GetValue<string>();
        Assert.EndsWith(" 16 unit × indicator items were not computed and are not in GEP: sand fixation 4, climate regulation 4, landscape value 6, water purification 2 (reasons under Not computed).", en, StringComparison.Ordinal);
    }

    [Fact]
    public void Should_fail_with_one_line_when_the_gep_folder_is_not_a_gep_output()
    {
        string missing = Path.Combine(fx.Root, "nothing-here");
        var r = CliRunner.Run("report", "gep", "--gep", missing, "--out", Path.Combine(fx.Root, "report-x"));
        Assert.Equal(2, r.ExitCode);
        Assert.Equal([$"error: {Path.Combine(missing, "gep-summary.json")}: file not found; expected the output folder of 'gep compute'."], r.ErrLines);
        Assert.False(Directory.Exists(Path.Combine(fx.Root, "report-x")));
    }

    [Fact]
    public void Should_refuse_zones_and_a_change_account_of_another_run_naming_both_folders()
    {
        // Before: exit 0, the report of one run printing another run's priority zones, unit histogram and waterfall as its own.
        string gepSha = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(Path.Combine(fx.PreviousDir, "gep-units.csv"))));
        string zonesSha = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(Path.Combine(fx.GepDir, "gep-units.csv"))));
        string change = Path.Combine(fx.Root, "change-2022-2023");
        Assert.Equal(0, CliRunner.Run("gep", "compare", "--from", fx.PreviousDir, "--to", fx.GepDir, "--out", change).ExitCode);
        string outDir = Path.Combine(fx.Root, "report-mixed");

        // zones marked from the 2023 run given with the 2022 run
        var zones = CliRunner.Run("report", "gep", "--gep", fx.PreviousDir, "--zones", fx.ZonesDir, "--out", outDir);
        // the change account 2022 → 2023 given with the 2022 run, its earlier year
        var ends = CliRunner.Run("report", "gep", "--gep", fx.PreviousDir, "--change", change, "--out", outDir);

        Assert.Equal(2, zones.ExitCode);
        Assert.Equal([$"error: --zones '{fx.ZonesDir}' was marked from another GEP run: the gep-units.csv it read has SHA-256 {zonesSha[..12]}…, " +
            $"--gep '{fx.PreviousDir}' has {gepSha[..12]}…; expected the zones of this run (ecoledger zones mark --units UNITS --gep {fx.PreviousDir} --out DIR)."], zones.ErrLines);
        var to = JsonNode.Parse(File.ReadAllText(Path.Combine(fx.GepDir, "gep-summary.json")))!;
        var from = JsonNode.Parse(File.ReadAllText(Path.Combine(fx.PreviousDir, "gep-summary.json")))!;
        var ci = System.Globalization.CultureInfo.InvariantCulture;
        Assert.Equal(2, ends.ExitCode);
        Assert.Equal([$"error: --change '{change}' ends at a run of 2023, 6 units, GEP {to["total_cny"]!.GetValue<decimal>().ToString("#,0.00", ci)} CNY; " +
            $"--gep '{fx.PreviousDir}' is 2022, {from["units"]!.GetValue<int>()} units, GEP {from["total_cny"]!.GetValue<decimal>().ToString("#,0.00", ci)} CNY; " +
            $"expected the change account whose later run is this one (ecoledger gep compare --from EARLIER --to {fx.PreviousDir} --out DIR)."], ends.ErrLines);
        Assert.False(Directory.Exists(outDir));

        // and the change account's own later run takes it
        Assert.Equal(0, CliRunner.Run("report", "gep", "--gep", fx.GepDir, "--zones", fx.ZonesDir, "--change", change, "--out", outDir).ExitCode);
    }
}
