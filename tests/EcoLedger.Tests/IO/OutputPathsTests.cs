using EcoLedger.IO;

namespace EcoLedger.Tests.IO;

/// <summary>An output is recognised as an input however the two paths are spelled, through symbolic links too.</summary>
public sealed class OutputPathsTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("ecoledger-paths-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void A_link_to_an_input_file_is_that_input()
    {
        string units = Path.Combine(_dir, "units.geojson");
        File.WriteAllText(units, "{}");
        string link = Path.Combine(_dir, "out.geojson");
        File.CreateSymbolicLink(link, "units.geojson"); // relative, as `ln -s units.geojson out.geojson` makes it

        var input = CommandInputFile.Option("--units", units);
        Assert.Same(input, OutputPaths.Overwritten(link, [input]));
        Assert.Equal($"--out: '{link}': would overwrite --units '{units}'; expected an output file that is none of the command's inputs.",
            OutputPaths.FileProblem("--out", link, "the CSV file to write", [input]));
    }

    [Fact]
    public void A_path_through_a_linked_folder_is_the_file_in_the_folder_it_links_to()
    {
        string data = Directory.CreateDirectory(Path.Combine(_dir, "data")).FullName;
        string config = Path.Combine(data, "rasters.json");
        File.WriteAllText(config, "{}");
        string alias = Path.Combine(_dir, "alias");
        Directory.CreateSymbolicLink(alias, data);

        Assert.True(OutputPaths.Same(Path.Combine(alias, "rasters.json"), config));
        // Against the resolved folder: the temporary folder may itself be reached through a link (macOS's /tmp).
        Assert.Equal(OutputPaths.Resolved(config), OutputPaths.Resolved(Path.Combine(alias, ".", "rasters.json")));
        // A file not yet written keeps its own name under the resolved folder.
        Assert.Equal(Path.Combine(OutputPaths.Resolved(data), "new.csv"), OutputPaths.Resolved(Path.Combine(alias, "new.csv")));
        Assert.False(OutputPaths.Same(Path.Combine(alias, "new.csv"), config));
    }

    [Fact]
    public void A_chain_of_links_is_followed_and_a_cycle_ends_without_error()
    {
        string target = Path.Combine(_dir, "ledger.db");
        File.WriteAllText(target, "");
        File.CreateSymbolicLink(Path.Combine(_dir, "b"), target);
        File.CreateSymbolicLink(Path.Combine(_dir, "a"), Path.Combine(_dir, "b"));
        Assert.True(OutputPaths.Same(Path.Combine(_dir, "a"), target));

        File.CreateSymbolicLink(Path.Combine(_dir, "loop1"), Path.Combine(_dir, "loop2"));
        File.CreateSymbolicLink(Path.Combine(_dir, "loop2"), Path.Combine(_dir, "loop1"));
        Assert.False(OutputPaths.Same(Path.Combine(_dir, "loop1"), target));
    }

    [Fact]
    public void Different_files_of_one_folder_are_not_the_same()
    {
        Assert.False(OutputPaths.Same(Path.Combine(_dir, "a.csv"), Path.Combine(_dir, "b.csv")));
        Assert.True(OutputPaths.Same(Path.Combine(_dir, "x", "..", "a.csv"), Path.Combine(_dir, "a.csv")));
    }
}
