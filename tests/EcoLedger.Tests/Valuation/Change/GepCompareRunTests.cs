using EcoLedger.Valuation.Change;

namespace EcoLedger.Tests.Valuation.Change;

public sealed class GepCompareRunTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("ecoledger-compare-run-").FullName;

    public void Dispose() => Directory.Delete(_dir, true);

    [Theory]
    [InlineData("from")]
    [InlineData("to")]
    public void Should_refuse_an_output_folder_that_is_one_of_the_runs_compared_and_write_nothing(string which)
    {
        // Given two run folders (the check comes before they are read, so empty ones do), --out naming one of them
        string from = Directory.CreateDirectory(Path.Combine(_dir, "gep-2023")).FullName, to = Directory.CreateDirectory(Path.Combine(_dir, "gep-2024")).FullName;
        string outDir = which == "from" ? from : to;

        var result = GepCompareRun.Execute(new GepCompareRequest(from, to, outDir));

        var problem = Assert.Single(result.Problems);
        Assert.Equal($"--out: '{outDir}': is --{which} '{outDir}', an input folder; expected an output folder that is none of the run folders the command reads.",
            problem.ToString());
        Assert.Empty(Directory.GetFileSystemEntries(outDir));
    }
}
