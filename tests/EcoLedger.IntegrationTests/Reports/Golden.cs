namespace EcoLedger.IntegrationTests.Reports;

/// <summary>Golden files: compare, or (with UPDATE_GOLDEN=1) rewrite; a missing golden file fails.</summary>
public static class Golden
{
    public static string Dir => CliRunner.Repo("tests", "EcoLedger.IntegrationTests", "Reports", "Golden");

    public static void Assert(string name, string actual)
    {
        string path = Path.Combine(Dir, name);
        if (Environment.GetEnvironmentVariable("UPDATE_GOLDEN") == "1")
        {
            Directory.CreateDirectory(Dir);
            File.WriteAllText(path, actual);
        }
        Xunit.Assert.True(File.Exists(path), $"{path} is missing; run with UPDATE_GOLDEN=1 to create it, then review it.");
        string expected = File.ReadAllText(path);
        Xunit.Assert.True(expected == actual, $"{name} differs from the golden file; run with UPDATE_GOLDEN=1 to accept, then review the diff. First difference at {FirstDifference(expected, actual)}.");
    }

    private static string FirstDifference(string a, string b)
    {
        int i = 0;
        while (i < a.Length && i < b.Length && a[i] == b[i])
        {
            i++;
        }
        return $"char {i}: expected '{a.Substring(i, Math.Min(60, a.Length - i))}', got '{b.Substring(i, Math.Min(60, b.Length - i))}'";
    }
}
