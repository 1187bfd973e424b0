using System.Text.Json.Nodes;
using EcoLedger.Reports;
using EcoLedger.Reports.Gep;
using EcoLedger.Reports.Inputs;

namespace EcoLedger.IntegrationTests.Reports;

/// <summary><c>report gep --previous</c>: only an earlier account of the same region and units; an indicator not computed in a year is "not computed".</summary>
public sealed class GepReportPreviousTests(GepReportFixture fx) : IClassFixture<GepReportFixture>, IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("ecoledger-previous-").FullName;

    public void Dispose() => Directory.Delete(_dir, true);

    /// <summary>A copy of the fixture's 2022 run with its summary and units changed by <paramref name="summary"/> and <paramref name="units"/>.</summary>
    private string PreviousCopy(string name, Func<JsonNode, JsonNode>? summary = null, Func<string, string>? units = null)
    {
        string dir = Directory.CreateDirectory(Path.Combine(_dir, name)).FullName;
        string s = File.ReadAllText(Path.Combine(fx.PreviousDir, GepResultFolder.SummaryFile));
        File.WriteAllText(Path.Combine(dir, GepResultFolder.SummaryFile), summary is null ? s : summary(JsonNode.Parse(s)!).ToJsonString());
        string u = File.ReadAllText(Path.Combine(fx.PreviousDir, GepResultFolder.UnitsFile));
        File.WriteAllText(Path.Combine(dir, GepResultFolder.UnitsFile), units is null ? u : units(u));
        return dir;
    }

    private CliRunner.Result Report(string previous, params string[] extra) =>
        CliRunner.Run(["report", "gep", "--gep", fx.GepDir, "--previous", previous, "--out", Path.Combine(_dir, "out"), .. extra]);

    private static JsonNode WithYear(JsonNode n, int year)
    {
        n["year"] = year;
        return n;
    }

    [Theory]
    [InlineData(2023, "the same year as")]
    [InlineData(2024, "later than")]
    public void Should_refuse_a_previous_run_of_the_same_or_a_later_year(int year, string relation)
    {
        string previous = PreviousCopy("y" + year, n => WithYear(n, year));

        var r = Report(previous);

        Assert.Equal(2, r.ExitCode);
        Assert.Equal([$"error: --previous: {Path.Combine(previous, "gep-summary.json")} is the {year} account, {relation} the 2023 account in " +
            $"{Path.Combine(fx.GepDir, "gep-summary.json")}; expected an earlier year."], r.ErrLines);
        Assert.False(Directory.Exists(Path.Combine(_dir, "out")));
    }

    [Fact]
    public void Should_refuse_a_previous_run_of_another_region()
    {
        string previous = PreviousCopy("other", units: u => u.Replace(",伊春,", ",吕梁,", StringComparison.Ordinal));

        var r = Report(previous);

        Assert.Equal(2, r.ExitCode);
        Assert.Equal([$"error: --previous: {Path.Combine(previous, "gep-summary.json")} accounts the region(s) 吕梁, but " +
            $"{Path.Combine(fx.GepDir, "gep-summary.json")} accounts 伊春; expected a previous run of the same region."], r.ErrLines);
    }

    [Fact]
    public void Should_refuse_a_previous_run_of_other_units()
    {
        string previous = PreviousCopy("units", units: u => u.Replace("T-06,", "T-99,", StringComparison.Ordinal));

        var r = Report(previous);

        Assert.Equal(2, r.ExitCode);
        Assert.Equal([$"error: --previous: {Path.Combine(previous, "gep-summary.json")} and {Path.Combine(fx.GepDir, "gep-summary.json")} account " +
            "different units: only in the previous run 1 (e.g. T-99), only in this run 1 (e.g. T-06); expected the same accounting units in both years."], r.ErrLines);
    }

    [Fact]
    public void Should_show_an_indicator_not_computed_in_the_previous_year_as_not_computed_never_as_a_percentage()
    {
        // Given a 2022 run in which water conservation was computed for no unit
        string previous = PreviousCopy("nc", n =>
        {
            var w = n["by_indicator"]!["water_conservation"]!;
            n["total_cny"] = n["total_cny"]!.GetValue<decimal>() - w["value_cny"]!.GetValue<decimal>();
            w["value_cny"] = 0;
            w["units"] = 0;
            return n;
        });

        // When the report compares 2023 with it
        var model = GepReport.Build(new GepReportRequest(fx.GepDir, null, previous, Path.Combine(_dir, "out"), ReportLanguage.Zh), GepReportFixture.Generated);
        var r = Report(previous, "--json");

        // Then the change is "not computed", not +∞ or −100 %, and the JSON has no number for it
        var water = model.Changes!.Single(c => c.Code == "water_conservation");
        Assert.False(water.Comparable);
        Assert.Equal(0, r.ExitCode);
        var json = JsonNode.Parse(r.Out)!;
        var row = json["change"]!["by_indicator"]!.AsArray().Single(x => (string?)x!["indicator"] == "water_conservation")!;
        Assert.Null(row["previous_cny"]);
        Assert.Null(row["difference_cny"]);
        Assert.False(row["previous_computed"]!.GetValue<bool>());
        string html = File.ReadAllText(Path.Combine(_dir, "out", "report.html"));
        int at = html.IndexOf("<td>水源涵养</td>", html.IndexOf("id=\"table-change\"", StringComparison.Ordinal), StringComparison.Ordinal);
        string tableRow = html[at..html.IndexOf("</tr>", at, StringComparison.Ordinal)];
        Assert.Contains(">未核算<", tableRow, StringComparison.Ordinal);
        Assert.DoesNotContain("%", tableRow, StringComparison.Ordinal);
    }
}
