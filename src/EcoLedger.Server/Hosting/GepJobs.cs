using System.Text.Json;
using System.Text.Json.Nodes;
using EcoLedger.IO;
using EcoLedger.Rasters;
using EcoLedger.Reports;
using EcoLedger.Reports.Charts;
using EcoLedger.Reports.Gep;
using EcoLedger.Valuation.Accounting;
using EcoLedger.Valuation.Files;
using EcoLedger.Valuation.Parameters;
using EcoLedger.Valuation.Prices;
using EcoLedger.Valuation.Uncertainty;
using EcoLedger.Zoning;

namespace EcoLedger.Server.Hosting;

/// <summary>
/// Runs <c>gep compute</c> for a job exactly as the CLI does (<see cref="GepRun.Execute"/>, the same application call), then
/// <c>report gep</c> into <c>report/</c>. Files are named as uploaded: where the CLI names the path it was given, the server names the
/// uploaded file (the server's own folders never reach a client), in problems, warnings and the summary's <c>inputs[].path</c>.
/// </summary>
internal static class GepJob
{
    /// <summary>The run's options, parsed once when the run is requested (a bad option is refused before anything is queued).</summary>
    public static GepOptions Options(JsonObject o)
    {
        ArgumentNullException.ThrowIfNull(o);
        MethodProfile.TryParse(o["method"]?.GetValue<string>() ?? MethodProfile.Default.Code, out var profile);
        var air = o["air_purification"]?.GetValue<string>() == "emissions" ? AirPurificationMethod.Emissions : AirPurificationMethod.CapacityCapped;
        return new GepOptions(profile, o["allow_et_fallback"]?.GetValue<bool>() ?? false, air)
        {
            OptIn = o["include"] is JsonArray a ? [.. a.Select(n => n!.GetValue<string>())] : [],
        };
    }

    public static JobOutcome Run(Jobs jobs, JobRecord job, string outDir, JobProgress progress)
    {
        string units = jobs.InputPath(job, "units")!;
        var names = job.Inputs.ToDictionary(i => jobs.InputPath(job, i.Role)!, i => i.Name, StringComparer.Ordinal);
        string? rasterConfig = jobs.RasterConfigPath(job);
        if (rasterConfig is not null)
        {
            names.Remove(jobs.InputPath(job, "rasters")!); // the manifest is the server's own; the configuration is named as uploaded
            names[rasterConfig] = job.Inputs.First(i => i.Role == "rasters").Name[..^".set.json".Length];
        }
        var request = new GepRunRequest(units, jobs.InputPath(job, "region_stats"), jobs.InputPath(job, "parameters"),
            job.Options["year"]?.GetValue<int>(), outDir, Options(job.Options), Prices(jobs, job), Uncertainty(jobs, job));
        GepRunResult result;
        if (rasterConfig is null)
        {
            progress.Phase("accounting units", 0, null);
            result = GepRun.Execute(request, _ => progress.Step("accounting units"));
        }
        else
        {
            // gep compute --rasters: the zonal statistics, then the accounting, written only when both succeed (GepRasterRun, as the CLI).
            // The zonal step reports its passes and units (and stops on a cancel between units); the accounting's first unit starts its phase.
            progress.Phase("zonal statistics of the rasters", 0, null);
            var run = GepRasterRun.Execute(request, rasterConfig, _ => progress.Step("accounting units"), progress.Zonal, progress.Token);
            if (run.ConfigError is { } configError)
            {
                return new JobOutcome([Rename(configError, names)], [], null);
            }
            var rasterWarnings = run.Preparation!.Warnings.Select(w => Rename(w, names)).ToList();
            if (!run.Preparation.Succeeded)
            {
                return new JobOutcome([.. run.Preparation.Problems.Select(p => Rename(p, names))], rasterWarnings, null);
            }
            result = run.Accounting! with { Warnings = [.. run.Preparation.Warnings, .. run.Accounting!.Warnings] };
        }
        var warnings = result.Warnings.Select(w => Rename(w, names)).ToList();
        if (!result.Succeeded)
        {
            return new JobOutcome([.. result.Problems.Select(p => Rename(p with { File = FieldName(p.File) }, names))], warnings, null);
        }
        progress.Phase("naming inputs as uploaded", result.Summary!.Units, result.Summary.Units);
        foreach (string file in new[] { "gep-summary.json", GepRasterRun.ProvenanceFileName }.Select(f => Path.Combine(outDir, f)).Where(File.Exists))
        {
            string text = File.ReadAllText(file);
            foreach (var (path, name) in names)
            {
                // The JSON text of the path exactly as the summary wrote it (same escaping), replaced by the uploaded name.
                text = text.Replace(JsonSerializer.Serialize(path, Relaxed), JsonSerializer.Serialize(name, Relaxed), StringComparison.Ordinal);
            }
            AtomicFile.Write(file, temp => File.WriteAllText(temp, text, new System.Text.UTF8Encoding(false)));
        }
        progress.Phase("writing the report", 0, GepReport.Steps);
        int step = 0;
        GepReport.Write(new GepReportRequest(outDir, null, null, Path.Combine(outDir, "report"), Language(job.Options)), TimeProvider.System,
            s => progress.Phase("report: " + s, ++step, GepReport.Steps));
        return new JobOutcome([], warnings, "gep-summary.json");
    }

    /// <summary>
    /// Constant prices (<c>--price-year</c>, <c>--price-series</c>, <c>--price-index</c>) on the shipped price-index table or the run's
    /// uploaded one (named as uploaded, as the CLI names the path it was given); null for current prices.
    /// </summary>
    public static PriceBasis? Prices(Jobs jobs, JobRecord job)
    {
        ArgumentNullException.ThrowIfNull(jobs);
        ArgumentNullException.ThrowIfNull(job);
        var o = job.Options;
        var problems = new List<string>();
        var basis = PriceBasisRequest.Resolve(o["price_year"]?.GetValue<int>(), jobs.InputPath(job, "price_index"),
            job.Inputs.FirstOrDefault(i => i.Role == "price_index")?.Name, o["price_series"]?.GetValue<string>(), PriceBasisRequest.Names.Request, problems);
        // checked when the run was requested; a table that no longer reads is the run's problem, not a silent switch to current prices
        return problems.Count > 0 ? throw new InvalidDataException(string.Join(" ", problems)) : basis;
    }

    /// <summary>
    /// Monte Carlo draws (<c>--uncertainty</c>, <c>--seed</c>, <c>--uncertainty-distributions</c>) on the shipped distribution table or the
    /// run's uploaded one (named as uploaded); null for none.
    /// </summary>
    public static UncertaintyRequest? Uncertainty(Jobs jobs, JobRecord job)
    {
        ArgumentNullException.ThrowIfNull(jobs);
        ArgumentNullException.ThrowIfNull(job);
        var problems = new List<string>();
        var request = UncertaintyRequestOptions.Resolve(job.Options["uncertainty"]?.GetValue<int>(), job.Options["seed"]?.GetValue<int>() ?? 1,
            jobs.InputPath(job, "uncertainty_distributions"), job.Inputs.FirstOrDefault(i => i.Role == "uncertainty_distributions")?.Name,
            UncertaintyRequestOptions.Names.Request, problems);
        // checked when the run was requested; a table that no longer reads is the run's problem, not a silent run without intervals
        return problems.Count > 0 ? throw new InvalidDataException(string.Join(" ", problems)) : request;
    }

    /// <summary>
    /// The CLI's refusals of <c>--uncertainty</c> and <c>--uncertainty-distributions</c> (<see cref="UncertaintyRequestOptions"/>), naming
    /// the request's members, and of a seed without draws; null when they are fine. <paramref name="table"/> is the uploaded table's stored
    /// path and name.
    /// </summary>
    public static (string Field, string Message)? UncertaintyProblem(int? draws, int? seed, (string Path, string Name)? table = null)
    {
        if (draws is null && seed is not null)
        {
            return ("seed", "seed: given without uncertainty; expected both (the seed drives the Monte Carlo draws).");
        }
        var problems = new List<string>();
        UncertaintyRequestOptions.Resolve(draws, seed ?? 1, table?.Path, table?.Name, UncertaintyRequestOptions.Names.Request, problems);
        return problems.Count == 0 ? null
            : (problems[0].StartsWith("uncertainty:", StringComparison.Ordinal) ? "uncertainty" : "uncertainty_distributions", string.Join(" ", problems));
    }

    /// <summary>
    /// The CLI's refusals of <c>--price-year</c>, <c>--price-series</c> and <c>--price-index</c> (<see cref="PriceBasisRequest"/>), naming the
    /// request's members; null when they are fine. <paramref name="index"/> is the uploaded table's stored path and name.
    /// </summary>
    public static (string Field, string Message)? PriceProblem(int? year, string? series, (string Path, string Name)? index = null)
    {
        if (year is null && index is null && series is not null)
        {
            return ("price_series", "price_series: given without price_year; expected both (the index moves prices to the price_year level).");
        }
        var problems = new List<string>();
        PriceBasisRequest.Resolve(year, index?.Path, index?.Name, series, PriceBasisRequest.Names.Request, problems);
        if (problems.Count == 0)
        {
            return null;
        }
        string field = problems[0].StartsWith("price_year", StringComparison.Ordinal) ? "price_year"
            : problems[0].StartsWith("price_series", StringComparison.Ordinal) ? "price_series" : "price_index";
        return (field, string.Join(" ", problems));
    }

    internal static readonly JsonSerializerOptions Relaxed = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    internal static ReportLanguage Language(JsonObject options) => Labels.Parse(options["report_lang"]?.GetValue<string>() ?? "zh");

    /// <summary>The CLI's option names become the request's members.</summary>
    private static string FieldName(string file) => file switch
    {
        "--year" => "year",
        "--parameters" => "parameters",
        "--region-stats" => "region_stats",
        "--include" => "include",
        _ => file,
    };

    private static string Rename(InputProblem p, Dictionary<string, string> names) => Rename(p.ToString(), names);

    internal static string Rename(string text, Dictionary<string, string> names)
    {
        foreach (var (path, name) in names)
        {
            text = text.Replace(path, name, StringComparison.Ordinal);
        }
        return text.Replace("--year", "year", StringComparison.Ordinal).Replace("--parameters", "parameters", StringComparison.Ordinal)
            .Replace("--region-stats", "region_stats", StringComparison.Ordinal);
    }
}

/// <summary>
/// Runs <c>zones mark</c> on a finished GEP run's output as the CLI does (<see cref="ZoneMarker.MarkToDirectory"/> with the reports' map
/// renderer), then <c>report gep --zones</c> into <c>report/</c>.
/// </summary>
internal static class ZonesJob
{
    /// <summary>The phases <see cref="ZoneMarker.MarkToDirectory"/> reports.</summary>
    private const int Phases = 6;

    /// <summary>The zoning options of a request (the same parsers as the CLI's options).</summary>
    /// <exception cref="ZoningInputException">A tier list or CRS that does not parse (named as the CLI's option).</exception>
    public static ZoningOptions Options(JsonObject o)
    {
        ArgumentNullException.ThrowIfNull(o);
        return new ZoningOptions(
            o["tiers"]?.GetValue<string>() is { } t ? TierSet.Parse(t) : TierSet.Default,
            o["basis"]?.GetValue<string>() == "regulating" ? ValueBasis.Regulating : ValueBasis.All,
            o["snap_m"]?.GetValue<double>() ?? 0,
            LayerCrs.ParseOption(o["crs"]?.GetValue<string>()),
            o["fix"]?.GetValue<bool>() ?? false);
    }

    public static JobOutcome Run(Jobs jobs, JobRecord job, string outDir, JobProgress progress)
    {
        var parent = jobs.Get(job.Parent!)!;
        string gepDir = jobs.OutputFolder(parent.Id);
        string units = jobs.InputPath(job, "zone_units")!;
        var names = job.Inputs.ToDictionary(i => jobs.InputPath(job, i.Role)!, i => i.Name, StringComparer.Ordinal);
        names[Path.Combine(gepDir, "gep-units.csv")] = parent.Id + "/gep-units.csv";
        names[gepDir] = parent.Id;
        var lang = GepJob.Language(job.Options);
        int phase = 0;
        ZoningResult result;
        try
        {
            progress.Phase("reading units", 0, Phases);
            result = ZoneMarker.MarkToDirectory(units, gepDir, outDir, Options(job.Options),
                (name, _) => progress.Phase(name, Math.Min(++phase, Phases), Phases),
                (r, w) => ZoneMap.Write(r, outDir, w, new Labels(lang)));
        }
        catch (ZoningInputException e)
        {
            return new JobOutcome([.. e.Problems.Select(p => GepJob.Rename(p.ToString(), names))], [], null);
        }
        int step = 0;
        GepReport.Write(new GepReportRequest(gepDir, outDir, null, Path.Combine(outDir, "report"), lang), TimeProvider.System,
            s => progress.Phase("report: " + s, ++step, GepReport.Steps));
        return new JobOutcome([], [.. result.Repairs.Select(r => "repaired: " + r)], ZoneOutputWriter.SummaryFile);
    }

    /// <summary>Whether a layer file can be zoned (polygons the zoning reader takes from one uploaded file).</summary>
    public static bool IsPolygonLayer(string name) =>
        Path.GetExtension(name).ToLowerInvariant() is ".geojson" or ".json" or ".gpkg";
}
