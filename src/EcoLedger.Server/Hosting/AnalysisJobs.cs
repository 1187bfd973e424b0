using System.Text.Json;
using System.Text.Json.Nodes;
using EcoLedger.IO;
using EcoLedger.Valuation.Change;
using EcoLedger.Zoning;

namespace EcoLedger.Server.Hosting;

/// <summary>
/// Runs <c>zones screen --json</c> for a job as the CLI does (<c>SiteScreener.Screen</c>
/// on a zoning run's output), writing the CLI's JSON (<see cref="SiteScreeningJson"/>) to <see cref="OutputFile"/> and its table
/// (<see cref="SiteScreeningText"/>) to <see cref="TableFile"/>.
/// </summary>
internal static class ScreenJob
{
    /// <summary>The run's document: what <c>zones screen --json</c> prints.</summary>
    public const string OutputFile = "screening.json";

    /// <summary>The same screening as the table <c>zones screen</c> prints, for people.</summary>
    public const string TableFile = "screening.txt";

    /// <summary>The screening's sliver rule from a request's options, checked as the CLI checks it.</summary>
    /// <exception cref="ZoningInputException">A tolerance out of range (named as the CLI's option).</exception>
    public static SliverTolerance Tolerance(JsonObject o)
    {
        ArgumentNullException.ThrowIfNull(o);
        return new SliverTolerance(o["sliver_m2"]?.GetValue<double>() ?? SliverTolerance.Default.MinSquareMetres,
            (o["sliver_pct"]?.GetValue<double>() ?? SliverTolerance.Default.SiteShare * 100) / 100).Validated();
    }

    public static JobOutcome Run(Jobs jobs, JobRecord job, string outDir, JobProgress progress)
    {
        var zoning = jobs.Get(job.Parent!)!;
        string zonesDir = jobs.OutputFolder(zoning.Id);
        string sites = jobs.InputPath(job, "sites")!;
        var names = new Dictionary<string, string>(StringComparer.Ordinal) { [sites] = job.Inputs.First(i => i.Role == "sites").Name, [zonesDir] = zoning.Id };
        progress.Phase("screening sites", 0, 1);
        var tolerance = Tolerance(job.Options);
        IReadOnlyList<SiteScreening> result;
        try
        {
            result = SiteScreener.Screen(zonesDir, sites, LayerCrs.ParseOption(job.Options["crs"]?.GetValue<string>()), tolerance);
        }
        catch (ZoningInputException e)
        {
            return new JobOutcome([GepJob.Rename(e.Message, names)], [], null);
        }
        progress.Phase("screening sites", 1, 1);
        // The CLI prints the document with a line break after it; the file is those bytes.
        string text = SiteScreeningJson.Text(result, tolerance) + "\n";
        AtomicDirectory.Write(outDir, dir =>
        {
            File.WriteAllText(Path.Combine(dir, OutputFile), text, new System.Text.UTF8Encoding(false));
            File.WriteAllText(Path.Combine(dir, TableFile), SiteScreeningText.Text(result, tolerance), new System.Text.UTF8Encoding(false));
        });
        return new JobOutcome([], [], OutputFile);
    }
}

/// <summary>
/// Runs <c>gep compare</c> for a job as the CLI does (<see cref="GepCompareRun.Execute"/>) on two GEP runs' outputs; each run's units are
/// the file it read (the server's copy, given as <c>--from-units</c>/<c>--to-units</c> since the summaries name them as uploaded), and
/// the accounts name runs and files as the server names them (run ids, uploaded names).
/// </summary>
internal static class CompareJob
{
    public static JobOutcome Run(Jobs jobs, JobRecord job, string outDir, JobProgress progress)
    {
        var from = jobs.Get(job.Parent!)!;
        var to = jobs.Get(job.Options["to"]!.GetValue<string>())!;
        string fromDir = jobs.OutputFolder(from.Id), toDir = jobs.OutputFolder(to.Id);
        string fromUnits = jobs.InputPath(from, "units")!, toUnits = jobs.InputPath(to, "units")!;
        string? unitMap = jobs.InputPath(job, "unit_map");
        var names = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [fromUnits] = from.Inputs.First(i => i.Role == "units").Name,
            [toUnits] = to.Inputs.First(i => i.Role == "units").Name,
            [fromDir] = from.Id,
            [toDir] = to.Id,
        };
        if (unitMap is not null)
        {
            names[unitMap] = job.Inputs.First(i => i.Role == "unit_map").Name;
        }
        progress.Phase("comparing the runs", 0, 1);
        var result = GepCompareRun.Execute(new GepCompareRequest(fromDir, toDir, outDir, unitMap, fromUnits, toUnits));
        if (!result.Succeeded)
        {
            return new JobOutcome([.. result.Problems.Select(p => Members(GepJob.Rename(p.ToString(), names)))], [], null);
        }
        progress.Phase("naming runs and inputs as the server does", 1, 1);
        foreach (string file in Directory.GetFiles(outDir, "*.json"))
        {
            string text = File.ReadAllText(file);
            foreach (var (path, name) in names.OrderByDescending(n => n.Key.Length))
            {
                // longest first: a run's folder is a prefix of the units file inside it
                text = text.Replace(JsonSerializer.Serialize(path, GepJob.Relaxed), JsonSerializer.Serialize(name, GepJob.Relaxed), StringComparison.Ordinal);
            }
            AtomicFile.Write(file, temp => File.WriteAllText(temp, text, new System.Text.UTF8Encoding(false)));
        }
        return new JobOutcome([], [.. result.Warnings.Select(w => Members(GepJob.Rename(w, names)))], GepCompareRun.SummaryFile);
    }

    /// <summary>The CLI's option names become the request's members.</summary>
    private static string Members(string text) => text.Replace("--unit-map", "unit_map", StringComparison.Ordinal)
        .Replace("--from-units", "from", StringComparison.Ordinal).Replace("--to-units", "to", StringComparison.Ordinal)
        .Replace("--from", "from", StringComparison.Ordinal).Replace("--to", "to", StringComparison.Ordinal);
}
