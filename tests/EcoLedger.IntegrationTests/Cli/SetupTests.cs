using System.Diagnostics;
using EcoLedger.Cli.Commands;
using EcoLedger.Cli.Demo;

namespace EcoLedger.IntegrationTests.Cli;

/// <summary>The set-up a new user goes through: the test script, the tool's samples.</summary>
public sealed class SetupTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("ecoledger-setup-").FullName;

    public void Dispose() => Directory.Delete(_dir, true);

    [Fact]
    public void Should_ship_the_samples_beside_the_command()
    {
        // The CLI's build output (copied into this test's output) holds the samples the tool package carries.
        foreach (string region in DemoCommands.Regions)
        {
            Assert.True(File.Exists(Path.Combine(AppContext.BaseDirectory, "samples", region, "units.geojson")), region);
            Assert.True(File.Exists(Path.Combine(AppContext.BaseDirectory, "samples", region, "region-stats.csv")), region);
        }
        Assert.True(File.Exists(Path.Combine(AppContext.BaseDirectory, "samples", "xinan", "agreement.json")));
        Assert.True(File.Exists(Path.Combine(AppContext.BaseDirectory, "samples", "finance", "prices.csv")));
    }

    [Fact]
    public void Should_use_the_installed_samples_outside_the_repository()
    {
        Assert.Equal(Path.Combine("/opt/tool", "samples"), DemoCommands.DefaultSamplesDir(_dir, "/opt/tool"));
        Assert.Equal("samples", DemoCommands.DefaultSamplesDir(CliRunner.RepoRoot, "/opt/tool"));
    }

    [Fact]
    public void Should_fail_and_never_claim_skipped_when_chromium_cannot_be_installed()
    {
        if (OperatingSystem.IsWindows())
        {
            Assert.Fail("The test scripts are bash scripts for Debian.");
            return;
        }
        // Given a PATH with no chromium, no sudo, no apt-get, and an `id` that says we are not root
        string bin = Directory.CreateDirectory(Path.Combine(_dir, "bin")).FullName;
        File.WriteAllText(Path.Combine(bin, "id"), "#!/bin/sh\necho 1000\n");
        File.SetUnixFileMode(Path.Combine(bin, "id"), UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var psi = new ProcessStartInfo("/bin/bash", [CliRunner.Repo("scripts", "install-test-deps.sh")])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        psi.Environment["PATH"] = bin;

        // When the script runs
        using var p = Process.Start(psi)!;
        string err = p.StandardError.ReadToEnd();
        p.StandardOutput.ReadToEnd();
        p.WaitForExit();

        // Then it exits 3 with one error line, and says the tests would fail
        Assert.Equal(3, p.ExitCode);
        // (GDAL's gdal_translate is not on this PATH either; /usr/bin/python3's rasterio and numpy are checked by absolute path.)
        Assert.Equal(["error: install-test-deps: missing chromium gdal-bin; installing needs root (apt-get install chromium gdal-bin); the report render, raster agreement and PostgreSQL tests would fail without them."],
            err.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.DoesNotContain("skipped", err, StringComparison.Ordinal);
    }
}
