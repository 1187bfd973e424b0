using EcoLedger.Cli;
using EcoLedger.Cli.Hosting;
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
}
