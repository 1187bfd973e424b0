namespace EcoLedger.Tests;

/// <summary>Where the repository's files are, for tests that hold code and documents to each other.</summary>
internal static class TestPaths
{
    /// <summary>The folder holding EcoLedger.sln, found upwards from the test binaries.</summary>
    public static string RepoRoot { get; } = Find();

    private static string Find()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "EcoLedger.sln")))
        {
            dir = dir.Parent;
        }
        return dir?.FullName ?? throw new InvalidOperationException("EcoLedger.sln not found above " + AppContext.BaseDirectory);
    }
}
