using System.Text.RegularExpressions;
using EcoLedger.Reports;
using EcoLedger.Reports.Gep;

namespace EcoLedger.IntegrationTests.Reports;

/// <summary>
/// A Chinese report of a run that opts in to every opt-in indicator says their names, methods and not-computed reasons in
/// Chinese: only input columns, parameter keys and standard names stay in Latin letters.
/// </summary>
public sealed partial class GepReportOptInChineseTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "ecoledger-optin-zh-" + Guid.NewGuid().ToString("N")[..8]);

    public void Dispose()
    {
        if (Directory.Exists(_dir))
        {
            Directory.Delete(_dir, recursive: true);
        }
    }

    [Fact]
    public void Should_say_the_opt_in_indicators_and_their_gaps_in_chinese()
    {
        // Given units that leave every opt-in indicator short of something: species and ion parameters without default,
        // a stand and a marsh with part of their soil inputs, a grassland without its natural share.
        Directory.CreateDirectory(_dir);
        string units = Path.Combine(_dir, "units.csv");
        File.WriteAllText(units,
            "unit_id,region,ecosystem,subtype,area_ha,precipitation_mm,evapotranspiration_mm,shannon_wiener_index,negative_ion_concentration_per_cm3,stand_height_m,natural_share_pct,canopy_interception_mm,soil_depth_m,soil_bulk_density_t_per_m3\n" +
            "F1,R,forest,mixed,100,700,450,3.2,1500,18,80,2.1,0.4,\n" +
            "G1,R,grassland,,50,700,450,,,,,,,\n" +
            "W1,R,wetland,marsh,30,700,560,,,,,,0.5,0.2\n");
        string gep = Path.Combine(_dir, "gep");
        var run = CliRunner.Run("gep", "compute", "--units", units, "--out", gep,
            "--include", "pest_control,species_conservation,negative_air_ions,vegetation_flood_storage,marsh_soil_storage");
        Assert.Equal(0, run.ExitCode);

        // When the Chinese report is written.
        var files = GepReport.Write(new GepReportRequest(gep, null, null, Path.Combine(_dir, "report"), ReportLanguage.Zh), TimeProvider.System);

        // Then the five indicators have Chinese names and methods, and every not-computed reason is Chinese prose.
        var opted = files.Report.Indicators.Where(i => i.Code is "pest_control" or "species_conservation" or "negative_air_ions"
            or "vegetation_flood_storage" or "marsh_soil_storage").ToList();
        Assert.Equal(5, opted.Count);
        Assert.All(opted, i => Assert.Matches(@"\p{IsCJKUnifiedIdeographs}", i.Name));
        Assert.All(opted, i => Assert.DoesNotMatch(LatinWord(), Identifiers().Replace(i.Method, " ")));
        string html = File.ReadAllText(files.Html);
        int start = html.LastIndexOf("<table", html.IndexOf("id=\"table-not-computed\"", StringComparison.Ordinal), StringComparison.Ordinal);
        string table = html[start..html.IndexOf("</table>", start, StringComparison.Ordinal)];
        foreach (string code in new[] { "species_conservation", "negative_air_ions", "vegetation_flood_storage", "marsh_soil_storage" })
        {
            Assert.Contains(new Labels(ReportLanguage.Zh).Indicator(code), table, StringComparison.Ordinal);
        }
        string prose = Identifiers().Replace(System.Net.WebUtility.HtmlDecode(Tag().Replace(table, " ")), " ");
        var english = LatinWord().Matches(prose).Select(m => m.Value).Distinct().ToList();
        Assert.True(english.Count == 0, "English left in the Chinese not-computed table: " + string.Join(", ", english));
    }

    /// <summary>Column names, parameter keys (with a '_' or a '.'), unit ids, standard and index names (LY/T, RUSLE, Shannon–Wiener) and option names: codes, not prose.</summary>
    [GeneratedRegex(@"[\w.*]*[_.][\w.*]*|LY/T \d+-\d+|RUSLE|Shannon–Wiener|--[\w-]+|\b[A-Z]\d+\b")]
    private static partial Regex Identifiers();

    [GeneratedRegex("[A-Za-z]{3,}")]
    private static partial Regex LatinWord();

    [GeneratedRegex("<[^>]+>")]
    private static partial Regex Tag();
}
