using EcoLedger.Cli;
using EcoLedger.Cli.Hosting;

namespace EcoLedger.IntegrationTests;

/// <summary>Runs the CLI in-process with captured output, and finds the repository's files.</summary>
public static class CliRunner
{
    public sealed record Result(int ExitCode, string Out, string Err)
    {
        public string[] ErrLines => Err.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd('\r')).ToArray();
    }

    public static Result Run(params string[] args)
    {
        var o = new StringWriter();
        var e = new StringWriter();
        int code = Program.Run(args, new CliIo(o, e, false));
        return new Result(code, o.ToString(), e.ToString());
    }

    /// <summary>The repository root (the folder holding EcoLedger.sln).</summary>
    public static string RepoRoot { get; } = FindRoot();

    private static string FindRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "EcoLedger.sln")))
        {
            dir = dir.Parent;
        }
        return dir?.FullName ?? throw new InvalidOperationException("EcoLedger.sln not found above " + AppContext.BaseDirectory);
    }

    public static string Repo(params string[] parts) => Path.Combine([RepoRoot, .. parts]);
}
