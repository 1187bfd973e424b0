using EcoLedger.Cli;
using EcoLedger.Cli.Commands;
using EcoLedger.Cli.Hosting;
using EcoLedger.Rasters;
using Progress = EcoLedger.Cli.Hosting.Progress;

namespace EcoLedger.IntegrationTests.Cli;

public sealed class ProgressTests
{
    private static (string Out, string Err, int Result) RunWith(bool interactive, bool json, int sleepMs = 0)
    {
        var o = new StringWriter();
        var e = new StringWriter();
        int result = Progress.Run(new CliIo(o, e, interactive), json, "gep compute", null, p =>
        {
            for (int i = 0; i < 3072; i++)
            {
                p.Increment();
            }
            Thread.Sleep(sleepMs); // the bar is redrawn every 100 ms
            return 42;
        });
        return (o.ToString(), e.ToString(), result);
    }

    [Fact]
    public void Should_draw_nothing_when_output_is_redirected()
    {
        var r = RunWith(interactive: false, json: false);
        Assert.Equal(("", "", 42), r);
    }

    [Fact]
    public void Should_draw_nothing_with_json_even_on_a_terminal()
    {
        var r = RunWith(interactive: true, json: true);
        Assert.Equal(("", "", 42), r);
    }

    [Fact]
    public void Should_draw_a_bar_on_standard_error_only_on_a_terminal()
    {
        var r = RunWith(interactive: true, json: false, sleepMs: 400);
        Assert.Equal(42, r.Result);
        Assert.Equal("", r.Out);
        Assert.Contains("gep compute: 3,072 units", r.Err, StringComparison.Ordinal);
    }

    [Fact]
    public void Should_keep_redirected_cli_output_line_oriented()
    {
        // CliRunner passes Interactive = false: no escape sequences, no carriage returns in what the commands print.
        string outDir = Path.Combine(Path.GetTempPath(), "ecoledger-progress-" + Guid.NewGuid().ToString("N")[..8]);
        var r = CliRunner.Run("gep", "compute", "--units", CliRunner.Repo("samples", "yichun", "units.geojson"), "--out", outDir);
        Directory.Delete(outDir, recursive: true);
        Assert.Equal(0, r.ExitCode);
        Assert.DoesNotContain('\u001b', r.Out + r.Err);
        Assert.DoesNotContain('\r', r.Out + r.Err);
    }

    [Fact]
    public void Should_name_the_zonal_steps_pass_units_and_raster_on_the_bar_without_counting_a_step()
    {
        // gep prepare and gep compute --rasters say which pass of the zonal step runs, how far, and on which raster; the bar stays
        // indeterminate (a Describe is no step)
        var e = new StringWriter();
        int result = Progress.Run(new CliIo(new StringWriter(), e, true), false, "gep prepare", null, p =>
        {
            p.Describe(GepPrepareCommand.ZonalText("gep prepare", new ZonalProgress("npp.tif", 1, 3, 5, 1024, 5000)));
            Thread.Sleep(400); // the bar is redrawn every 100 ms
            return 7;
        });
        Assert.Equal(7, result);
        Assert.Contains("gep prepare: zonal 3/5, 1,024/5,000 units: npp.tif", e.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Should_shorten_a_long_raster_name_from_its_start_so_the_zonal_counts_fit_an_80_column_line()
    {
        var z = new ZonalProgress("soil_erosion_potential_t_per_km2.tif", 1, 4, 5, 1024, 1_000_000);
        // "gep compute: " (13) + "zonal 4/5, 1,024/1,000,000 units" (32) + ": " (2) leaves 60 − 47 = 13 characters for the raster
        Assert.Equal("zonal 4/5, 1,024/1,000,000 units: …_per_km2.tif", GepPrepareCommand.ZonalText("gep compute", z));
        Assert.Equal("zonal 4/5, 1,024/1,000,000 units", GepPrepareCommand.ZonalText("a description far too long to leave the raster any room", z));
    }
}
