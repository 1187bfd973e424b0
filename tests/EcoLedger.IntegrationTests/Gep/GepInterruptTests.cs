using System.Diagnostics;
using System.Text;
using EcoLedger.Cli;

namespace EcoLedger.IntegrationTests.Gep;

/// <summary>The real <c>ecoledger</c> process interrupted by a signal in the middle of <c>gep compute</c>.</summary>
public class GepInterruptTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("ecoledger-interrupt-").FullName;

    public void Dispose() => Directory.Delete(_dir, true);

    [Fact]
    public async Task Should_remove_the_staging_folder_and_exit_130_when_interrupted_by_SIGINT()
    {
        if (!OperatingSystem.IsLinux() && !OperatingSystem.IsMacOS())
        {
            return;
        }
        // Given 200,000 units (a few seconds of work for the debug build: the signal comes long before the commit) and an output
        // folder holding an earlier run's file and a file of the user's
        string units = Path.Combine(_dir, "units.csv");
        var csv = new StringBuilder("unit_id,region,ecosystem,area_ha,precipitation_mm,evapotranspiration_mm,npp_t_c_per_ha,heterotrophic_respiration_t_c_per_ha,soil_erosion_potential_t_per_ha,soil_erosion_actual_t_per_ha\n");
        for (int i = 0; i < 200_000; i++)
        {
            csv.Append("U").Append(i).Append(",伊春,forest,").Append(10 + i % 90).Append(".50,700,450,5,2,30,1\n");
        }
        File.WriteAllText(units, csv.ToString());
        string outDir = Path.Combine(_dir, "out");
        Directory.CreateDirectory(outDir);
        File.WriteAllText(Path.Combine(outDir, "gep-units.csv"), "an earlier run\n");
        File.WriteAllText(Path.Combine(outDir, "notes.txt"), "the user's\n");
        var before = Snapshot(outDir);
        // The child's temporary folder (its spill file goes there) is the test's own, so that it can be checked too.
        string temp = Directory.CreateDirectory(Path.Combine(_dir, "tmp")).FullName;

        // When SIGINT comes once the staging folder exists
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string a in new[] { typeof(Program).Assembly.Location, "gep", "compute", "--units", units, "--out", outDir })
        {
            psi.ArgumentList.Add(a);
        }
        psi.Environment["TMPDIR"] = temp;
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        var watch = Stopwatch.StartNew();
        while (Staging().Length == 0 && !p.HasExited && watch.Elapsed < TimeSpan.FromSeconds(15))
        {
            await Task.Delay(10);
        }
        Assert.True(Staging().Length == 1, $"no staging folder appeared (exited: {p.HasExited}; stderr: {(p.HasExited ? await stderr : "")})");
        // A process started with SIGINT ignored (a background job of a shell without job control, nohup) keeps ignoring it, as
        // it should; the test host's children inherit that, and then SIGTERM, handled the same way, stands in for it.
        var (signal, code) = IgnoresSigint(p.Id) ? ("TERM", 143) : ("INT", 130);
        using (var kill = Process.Start("kill", [$"-{signal}", p.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync();
        }
        bool exited = true;
        using (var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15)))
        {
            try
            {
                await p.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                exited = false;
                p.Kill();
            }
        }

        // Then the process says so in one line and exits with 130, and leaves no temporary file and the output folder as it was
        Assert.True(exited, $"the process did not exit within 15 s of SIG{signal}");
        Assert.Equal("", await stdout);
        Assert.Equal($"interrupted (SIG{signal}): the command was stopped and nothing was written; its temporary files were removed.\n", await stderr);
        Assert.Equal(code, p.ExitCode);
        Assert.Empty(Staging());
        Assert.Empty(Directory.GetFileSystemEntries(temp));
        Assert.Equal(before, Snapshot(outDir));

        string[] Staging() => Directory.GetDirectories(_dir, ".out.staging-*");
    }

    // Bit 2 (SIGINT) of the ignored-signals mask in /proc/PID/status; false where there is no /proc.
    private static bool IgnoresSigint(int pid)
    {
        string status = $"/proc/{pid}/status";
        string? line = File.Exists(status) ? File.ReadLines(status).FirstOrDefault(l => l.StartsWith("SigIgn:", StringComparison.Ordinal)) : null;
        return line is not null && (Convert.ToUInt64(line["SigIgn:".Length..].Trim(), 16) & 0x2) != 0;
    }

    private static List<(string Name, string Text)> Snapshot(string dir) =>
        [.. Directory.GetFiles(dir).Order(StringComparer.Ordinal).Select(f => (Path.GetFileName(f), File.ReadAllText(f)))];
}
