using static EcoLedger.IntegrationTests.CliRunner;

namespace EcoLedger.IntegrationTests.Cli;

/// <summary>Outputs that cannot be written end with one error line and the contract's exit code, never a stack trace.</summary>
public sealed class EnvironmentErrorTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("ecoledger-env-").FullName;

    public void Dispose() => Directory.Delete(_dir, true);

    [Fact]
    public void Zones_mark_into_a_file_is_bad_input_and_a_folder_under_a_file_is_an_environment_error()
    {
        string gep = Path.Combine(_dir, "gep");
        Assert.Equal(0, Run("gep", "compute", "--units", Repo("samples", "lueliang", "units.geojson"), "--out", gep).ExitCode);
        string file = Path.Combine(_dir, "a-file");
        File.WriteAllText(file, "x");

        var intoFile = Run("zones", "mark", "--units", Repo("samples", "lueliang", "units.geojson"), "--gep", gep, "--out", file);
        Assert.Equal(2, intoFile.ExitCode);
        Assert.Equal($"error: {file}: is a file; expected a folder for the output.", intoFile.ErrLines.Single());

        var underFile = Run("zones", "mark", "--units", Repo("samples", "lueliang", "units.geojson"), "--gep", gep, "--out", Path.Combine(file, "zones"));
        Assert.Equal(3, underFile.ExitCode);
        Assert.StartsWith("error: ", underFile.ErrLines.Single(), StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", underFile.Err, StringComparison.Ordinal);
        Assert.Equal("x", File.ReadAllText(file));
    }
}
