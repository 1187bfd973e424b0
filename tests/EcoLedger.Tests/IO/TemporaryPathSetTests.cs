using EcoLedger.IO;

namespace EcoLedger.Tests.IO;

public class TemporaryPathSetTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("ecoledger-temppaths-").FullName;

    public void Dispose() => Directory.Delete(_dir, true);

    [Fact]
    public void Should_delete_the_registered_folders_and_files_that_exist_when_interrupted()
    {
        // Given a registered staging folder with a file in it, a registered file, a registered path never created, and one
        // whose registration was disposed (it was moved into place)
        var set = new TemporaryPathSet();
        string staging = Path.Combine(_dir, ".out.staging-1");
        set.Add(staging);
        Directory.CreateDirectory(staging);
        File.WriteAllText(Path.Combine(staging, "gep-units.csv"), "x");
        string spill = Path.Combine(_dir, "spill.bin");
        set.Add(spill);
        File.WriteAllText(spill, "x");
        set.Add(Path.Combine(_dir, "never-made"));
        string committed = Path.Combine(_dir, "done.txt");
        set.Add(committed).Dispose();
        File.WriteAllText(committed, "x");

        // When interrupted
        var cleanup = set.Interrupt();

        // Then only the committed file is left, and the set says nothing was put in place
        Assert.Equal(["done.txt"], Directory.GetFileSystemEntries(_dir).Select(Path.GetFileName));
        Assert.True(cleanup.Tracked);
        Assert.False(cleanup.Committed);
        Assert.Empty(cleanup.Left);
        Assert.True(set.IsInterrupted);
    }

    [Fact]
    public async Task Should_let_a_commit_under_way_finish_before_deleting()
    {
        // Given a commit under way
        var set = new TemporaryPathSet();
        string staging = Path.Combine(_dir, ".out.staging-1");
        var registration = set.Add(staging);
        Directory.CreateDirectory(staging);
        var commit = set.BeginCommit();

        // When an interrupt comes, it waits for the commit
        var interrupt = Task.Run(set.Interrupt);
        await Task.Delay(300);
        Assert.False(interrupt.IsCompleted);
        Directory.Move(staging, Path.Combine(_dir, "out"));
        registration.Dispose();
        commit.Dispose();
        var cleanup = await interrupt.WaitAsync(TimeSpan.FromSeconds(10));

        // Then the committed output is kept, and the set says part of the output was put in place
        Assert.Equal(["out"], Directory.GetFileSystemEntries(_dir).Select(Path.GetFileName));
        Assert.True(cleanup.Committed);
    }

    [Fact]
    public void Should_not_report_a_command_that_registered_nothing_as_tracked()
    {
        var cleanup = new TemporaryPathSet().Interrupt();

        Assert.False(cleanup.Tracked);
        Assert.False(cleanup.Committed);
    }
}
