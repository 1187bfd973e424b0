using System.Text;
using Xunit.Abstractions;

namespace EcoLedger.IntegrationTests.BadInput;

/// <summary>
/// The contract every generated bad input is held to: exit 0 with a complete output and results that pass the case's own
/// check, or exit 2 with <c>error:</c> lines and the output folder absent or unchanged; never exit 3, a stack trace or
/// a partial write. Failures are collected (with the seed and the case) so one run names every defect; the counts go
/// to the test output.
/// </summary>
internal sealed class BadInputSuite(string name, int seed, ITestOutputHelper output) : IDisposable
{
    private readonly List<string> _failures = [];

    public string Dir { get; } = Directory.CreateTempSubdirectory("ecoledger-badinput-").FullName;

    public Random Random { get; } = new(seed);

    public int Tried { get; private set; }

    public int Refused { get; private set; }

    public int Accepted { get; private set; }

    /// <summary>A fresh path in the suite's folder (files of one case never collide with another's).</summary>
    public string PathOf(string fileName) => Path.Combine(Dir, $"c{Tried}-{fileName}");

    /// <summary>
    /// Runs one case. <paramref name="outDir"/> (if any) must be complete after exit 0 (every name in
    /// <paramref name="outputs"/> present) and as before otherwise. <paramref name="accept"/> checks an accepted result and
    /// returns a complaint, or null when the result is right; <paramref name="mustRefuse"/> says the input is wrong and
    /// may not be accepted.
    /// </summary>
    public CliRunner.Result Case(string description, string[] args, string? outDir = null, string[]? outputs = null,
        Func<CliRunner.Result, string?>? accept = null, bool mustRefuse = false)
    {
        Tried++;
        string? before = outDir is null ? null : Snapshot(outDir);
        CliRunner.Result r;
        try
        {
            r = CliRunner.Run(args);
        }
        catch (Exception e)
        {
            Fail(description, args, $"the CLI threw {e.GetType().Name}: {e.Message}");
            return new CliRunner.Result(-1, "", e.ToString());
        }
        if (r.Err.Contains("   at ", StringComparison.Ordinal) || r.Err.Contains("internal error", StringComparison.Ordinal))
        {
            Fail(description, args, $"a defect or stack trace (exit {r.ExitCode}): {First(r.Err)}");
            return r;
        }
        if (r.Err.Length + r.Out.Length > 100_000)
        {
            Fail(description, args, $"printed {r.Err.Length + r.Out.Length} characters; a message quotes at most the start of a value");
        }
        switch (r.ExitCode)
        {
            case 0:
                Accepted++;
                if (mustRefuse)
                {
                    Fail(description, args, "accepted an input that must be refused: " + First(r.Out));
                }
                if (outDir is not null && outputs is not null && outputs.FirstOrDefault(o => !File.Exists(Path.Combine(outDir, o))) is { } missing)
                {
                    Fail(description, args, $"exit 0 but {missing} is missing from --out");
                }
                if (accept?.Invoke(r) is { } complaint)
                {
                    Fail(description, args, "accepted with a wrong result: " + complaint);
                }
                break;
            case 2:
                Refused++;
                if (r.ErrLines.Length == 0 || !r.ErrLines[0].StartsWith("error: ", StringComparison.Ordinal))
                {
                    Fail(description, args, $"exit 2 without an 'error:' line: {First(r.Err)}");
                }
                if (outDir is not null && Snapshot(outDir) != before)
                {
                    Fail(description, args, "exit 2 but --out was written or changed");
                }
                break;
            default:
                Fail(description, args, $"exit {r.ExitCode}: {First(r.Err)}");
                break;
        }
        return r;
    }

    /// <summary>Fails the test with every collected failure; writes the counts either way.</summary>
    public void AssertAllHeld()
    {
        output.WriteLine($"{name}: seed {seed}; tried {Tried}, refused {Refused}, accepted {Accepted}, failed {_failures.Count}.");
        Assert.True(_failures.Count == 0, $"{name} (seed {seed}): {_failures.Count} of {Tried} cases broke the contract:\n" + string.Join("\n", _failures.Take(40)));
    }

    /// <summary>Records a broken contract found by the caller's own check of the last case.</summary>
    public void Fail(string description, string what) => _failures.Add($"  [{Tried}] {description}: {what}");

    private void Fail(string description, string[] args, string what)
    {
        string shownArgs = string.Join(' ', args.Select(a => a.Length > 120 ? a[..120] + "…" : a));
        _failures.Add($"  [{Tried}] {description}: {what}\n      ecoledger {shownArgs}");
    }

    private static string First(string text)
    {
        string line = text.Split('\n').FirstOrDefault(l => l.Trim().Length > 0) ?? "";
        return line.Length > 300 ? line[..300] + "…" : line;
    }

    /// <summary>Names, sizes and contents' hash of a folder's files; "absent" when it does not exist.</summary>
    private static string Snapshot(string dir)
    {
        if (!Directory.Exists(dir))
        {
            return File.Exists(dir) ? "file:" + Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(dir))) : "absent";
        }
        var sb = new StringBuilder();
        foreach (var f in Directory.GetFiles(dir, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            sb.Append(f).Append(':').Append(Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(f)))).Append('\n');
        }
        return sb.ToString();
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Dir, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temporary folder is not a test failure.
        }
    }
}
