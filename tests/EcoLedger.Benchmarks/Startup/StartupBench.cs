using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.Json.Nodes;

namespace EcoLedger.Benchmarks.Startup;

/// <summary>One process measured: its median and fastest wall time and its median CPU time (user + system), in milliseconds.</summary>
/// <param name="Name">What ran.</param>
/// <param name="Runs">How many times.</param>
/// <param name="WallMedian">Median wall time.</param>
/// <param name="WallMin">Fastest wall time.</param>
/// <param name="CpuMedian">Median CPU time, or NaN where the platform cannot tell a child's CPU.</param>
public sealed record StartupFigure(string Name, int Runs, double WallMedian, double WallMin, double CpuMedian);

/// <summary>
/// <c>startup</c>: the cost of one CLI call as a clerk's script pays it. Runs the real CLI process <c>ledger balance --holder H</c>
/// on a ledger N times, and in the same rounds two peers: <c>dotnet</c> starting a program that does nothing (the runtime's floor)
/// and the <c>sqlite3</c> shell answering the same balance from the same file. Runs alternate, so load from other processes on a
/// shared machine falls on all three alike; the ratios are the figures to compare between runs, not the milliseconds.
/// </summary>
public static class StartupBench
{
    private const string BalanceSql =
        "SELECT COALESCE(SUM(\"end\" - start + 1), 0) FROM blocks WHERE holder_id = '{0}' AND status = 'active';";

    public static int Run(string[] args)
    {
        string? Arg(string name) => Array.IndexOf(args, name) is var i and >= 0 && i + 1 < args.Length ? args[i + 1] : null;
        string? cli = Arg("--cli");
        if (cli is null)
        {
            Console.Error.WriteLine("usage: startup --cli EcoLedger.Cli.dll|ecoledger [--db FILE] [--holder ID] [--runs N]");
            return 2;
        }
        int runs = int.Parse(Arg("--runs") ?? "20", CultureInfo.InvariantCulture);
        string holder = Arg("--holder") ?? "buyer";
        string db = Arg("--db") ?? MakeDemo(cli);

        var ledger = Command(cli, "ledger", "balance", "--holder", holder, "--db", db);
        var floor = new ProcessStartInfo(DotnetHost(), [typeof(Program).Assembly.Location, "noop"]);
        var sqlite = FindOnPath("sqlite3") is { } shell ? new ProcessStartInfo(shell, ["-readonly", db, string.Format(CultureInfo.InvariantCulture, BalanceSql, holder)]) : null;

        // The first calls fill the page cache and check that the peers answer what the CLI answers.
        var json = JsonNode.Parse(Output(Command(cli, "ledger", "balance", "--holder", holder, "--db", db, "--json")))!;
        long active = json[0]!["active"]!.GetValue<long>();
        Output(floor);
        if (sqlite is not null && long.Parse(Output(sqlite).Trim(), CultureInfo.InvariantCulture) != active)
        {
            throw new InvalidOperationException($"sqlite3 reads another balance of '{holder}' than the CLI ({active} active).");
        }
        Console.Error.WriteLine($"{holder}: {active} t active; {runs} rounds of {(sqlite is null ? 2 : 3)} processes (load average {LoadAverage()})");

        var measured = new List<(string Name, ProcessStartInfo Start, List<(double Wall, double Cpu)> Times)>
        {
            ($"ecoledger ledger balance ({Path.GetFileName(cli)})", ledger, []),
            ("dotnet, a program that does nothing", floor, []),
        };
        if (sqlite is not null)
        {
            measured.Add(("sqlite3 shell, the same balance", sqlite, []));
        }
        for (int round = 0; round < runs; round++)
        {
            foreach (var (_, start, times) in measured)
            {
                times.Add(Time(start));
            }
        }
        var figures = measured.Select(m => new StartupFigure(m.Name, runs, Median(m.Times.Select(t => t.Wall)), m.Times.Min(t => t.Wall),
            Median(m.Times.Select(t => t.Cpu)))).ToList();

        var cliFigure = figures[0];
        Console.WriteLine("process\truns\twall median ms\twall min ms\tCPU median ms\tCLI wall ×\tCLI CPU ×");
        foreach (var f in figures)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{f.Name}\t{f.Runs}\t{f.WallMedian:0}\t{f.WallMin:0}\t{f.CpuMedian:0}\t{cliFigure.WallMedian / f.WallMedian:0.00}\t{cliFigure.CpuMedian / f.CpuMedian:0.00}"));
        }
        Console.Error.WriteLine($"load average after: {LoadAverage()}");
        return 0;
    }

    /// <summary>A CLI given as a .dll runs under <c>dotnet</c>; anything else (the apphost of a published build) runs itself.</summary>
    private static ProcessStartInfo Command(string cli, params string[] args) =>
        cli.EndsWith(".dll", StringComparison.OrdinalIgnoreCase) ? new ProcessStartInfo(DotnetHost(), [cli, .. args]) : new ProcessStartInfo(cli, args);

    private static string MakeDemo(string cli)
    {
        string dir = Path.Combine(Path.GetTempPath(), "ecoledger-startup-demo");
        string db = Path.Combine(dir, "ecoledger.db");
        if (!File.Exists(db))
        {
            Console.Error.WriteLine($"building the demo ledger in {dir} …");
            Output(Command(cli, "demo", "--out", dir));
        }
        return db;
    }

    private static (double Wall, double Cpu) Time(ProcessStartInfo start)
    {
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        double cpuBefore = ChildrenCpuMilliseconds();
        var sw = Stopwatch.StartNew();
        using var p = Process.Start(start)!;
        // Read both streams to the end so a full pipe never stalls the child; the text itself is not needed here.
        var stderr = p.StandardError.ReadToEndAsync();
        p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        sw.Stop();
        if (p.ExitCode != 0)
        {
            throw new InvalidOperationException($"{start.FileName} {string.Join(' ', start.ArgumentList)} exited {p.ExitCode}: {stderr.Result}");
        }
        return (sw.Elapsed.TotalMilliseconds, ChildrenCpuMilliseconds() - cpuBefore);
    }

    private static string Output(ProcessStartInfo start)
    {
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        using var p = Process.Start(start)!;
        var stderr = p.StandardError.ReadToEndAsync();
        string output = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        return p.ExitCode == 0 ? output : throw new InvalidOperationException($"{start.FileName} {string.Join(' ', start.ArgumentList)} exited {p.ExitCode}: {stderr.Result}");
    }

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
    }

    private static string DotnetHost() =>
        Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : FindOnPath("dotnet") ?? "dotnet";

    private static string? FindOnPath(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator).Select(d => Path.Combine(d, name)).FirstOrDefault(File.Exists);

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown";

    /// <summary>CPU time of every child process waited for so far (user + system): a child's own counters vanish when it exits.</summary>
    private static double ChildrenCpuMilliseconds()
    {
        if (!OperatingSystem.IsLinux() || GetRUsage(RUsageChildren, out var u) != 0)
        {
            return double.NaN;
        }
        return (u.UserSeconds + u.SystemSeconds) * 1000.0 + (u.UserMicroseconds + u.SystemMicroseconds) / 1000.0;
    }

    private const int RUsageChildren = -1;

    [StructLayout(LayoutKind.Sequential)]
    private struct RUsage
    {
        public long UserSeconds;
        public long UserMicroseconds;
        public long SystemSeconds;
        public long SystemMicroseconds;
        // The rest of struct rusage (14 longs on 64-bit Linux), unread but part of what the kernel writes.
        public long MaxRss, IxRss, IdRss, IsRss, MinFlt, MajFlt, NSwap, InBlock, OuBlock, MsgSnd, MsgRcv, NSignals, NvCsw, NivCsw;
    }

    [DllImport("libc", EntryPoint = "getrusage", SetLastError = true)]
    private static extern int GetRUsage(int who, out RUsage usage);
}
