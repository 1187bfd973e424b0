using System.Text.Json.Nodes;
using EcoLedger.IO;
using EcoLedger.Valuation;
using EcoLedger.Valuation.Files;

namespace EcoLedger.Rasters;

/// <summary>
/// The outcome of <see cref="GepRasterRun.Execute"/>, phase by phase: the configuration could not be loaded or the output
/// folder would replace an input (<see cref="ConfigError"/>), the zonal statistics found problems (<see cref="Preparation"/> failed), the accounting
/// found problems (<see cref="Accounting"/> failed), or everything was written.
/// </summary>
/// <param name="ConfigError">Why the raster configuration could not be loaded, or why the output folder may not be written (it would
/// replace one of the inputs, <see cref="GepOutputWriter.OutDirProblem"/>); or null.</param>
/// <param name="Preparation">The zonal statistics into unit inputs; null when the configuration failed.</param>
/// <param name="Accounting">The accounting on the prepared units; null when an earlier phase failed.</param>
public sealed record GepRasterRunResult(string? ConfigError, RasterPreparationResult? Preparation, GepRunResult? Accounting)
{
    /// <summary>True when every phase succeeded and the output folder was written.</summary>
    public bool Succeeded => ConfigError is null && Preparation is { Succeeded: true } && Accounting is { Succeeded: true };
}

/// <summary>
/// <c>gep compute --rasters</c>: unit inputs from monitoring rasters (as <c>gep prepare</c>), then the accounting, in one
/// run; gep-summary.json names the units file the user gave and every raster with its SHA-256, and
/// <see cref="ProvenanceFileName"/> holds the per-field provenance. On any problem nothing is written.
/// </summary>
public static class GepRasterRun
{
    /// <summary>The provenance file written next to gep-summary.json.</summary>
    public const string ProvenanceFileName = GepOutputWriter.RasterProvenanceFile;

    /// <summary>Runs the zonal statistics and the accounting, and writes the output folder only when both succeeded.</summary>
    /// <param name="request">The accounting request; its units file is the polygons the rasters are summarised over.</param>
    /// <param name="configPath">The raster configuration (rasters.json).</param>
    /// <param name="onUnit">Called for each unit as it is accounted (progress display), or null.</param>
    /// <param name="onZonal">Called as the zonal statistics progress (<see cref="RasterPreparation.Run"/>), or null.</param>
    /// <param name="cancel">Stops the zonal statistics between units (and pixel rows); the accounting stops when <paramref name="onUnit"/>
    /// throws. A cancelled run has written nothing: the output folder is only written, atomically, once both phases have succeeded.</param>
    /// <exception cref="OperationCanceledException"><paramref name="cancel"/> was cancelled.</exception>
    public static GepRasterRunResult Execute(GepRunRequest request, string configPath, Action<AccountingUnit>? onUnit = null, Action<ZonalProgress>? onZonal = null,
        CancellationToken cancel = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        RasterConfig config;
        try
        {
            config = RasterConfig.Load(configPath);
        }
        catch (RasterInputException e)
        {
            return new GepRasterRunResult(e.Message, null, null);
        }
        if (GepOutputWriter.OutDirProblem(request.OutDir, [.. GepRun.Inputs(request), .. config.Inputs("--rasters")]) is { } outDirProblem)
        {
            return new GepRasterRunResult(outDirProblem.ToString(), null, null);
        }
        var prepared = RasterPreparation.Run(request.UnitsPath, config, onZonal, cancel);
        if (!prepared.Succeeded)
        {
            return new GepRasterRunResult(null, prepared, null);
        }
        string work = Directory.CreateTempSubdirectory("ecoledger-gep-rasters-").FullName;
        // Registered once made (its name is the framework's): an interrupt in between leaves an empty folder in the temporary folder.
        using var registration = TemporaryPaths.Add(work);
        try
        {
            string csv = Path.Combine(work, Path.GetFileNameWithoutExtension(request.UnitsPath) + ".prepared.csv");
            RasterPreparation.WriteCsv(prepared, csv);
            string staged = Path.Combine(work, "out");
            cancel.ThrowIfCancellationRequested();
            var result = GepRun.Execute(request with { UnitsPath = csv, OutDir = staged }, onUnit);
            if (!result.Succeeded)
            {
                return new GepRasterRunResult(null, prepared, result);
            }
            var summary = WithRasters(result.SummaryJson!, request.UnitsPath, configPath, config.Coverage, prepared);
            File.WriteAllText(Path.Combine(staged, "gep-summary.json"), RasterPreparation.ToJson(summary) + "\n");
            File.WriteAllText(Path.Combine(staged, ProvenanceFileName), RasterPreparation.ToJson(RasterPreparation.Provenance(prepared, request.UnitsPath, config)) + "\n");
            cancel.ThrowIfCancellationRequested();
            AtomicDirectory.Write(request.OutDir, dir =>
            {
                foreach (string f in Directory.GetFiles(staged))
                {
                    File.Copy(f, Path.Combine(dir, Path.GetFileName(f)));
                }
            }, GepOutputWriter.OutputFiles);
            return new GepRasterRunResult(null, prepared, result with { SummaryJson = summary });
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    /// <summary>
    /// The summary of an accounting run on prepared units, with its provenance put right: the first input is the units
    /// file the user gave (its hash, and the configuration it was prepared with) instead of the intermediate CSV, and
    /// the raster configuration (with its coverage mode) and every raster with its SHA-256 are added. Changes and returns <paramref name="summary"/>.
    /// </summary>
    public static JsonObject WithRasters(JsonObject summary, string unitsPath, string configPath, CoverageMode coverage, RasterPreparationResult prepared)
    {
        ArgumentNullException.ThrowIfNull(summary);
        ArgumentNullException.ThrowIfNull(prepared);
        var inputs = summary["inputs"]!.AsArray();
        inputs[0] = new JsonObject
        {
            ["path"] = unitsPath,
            ["sha256"] = prepared.UnitsSha256,
            ["prepared_with"] = configPath,
        };
        // The coverage mode changes every statistic (exact fractions against pixel centres): the figures are reproduced only with it.
        summary["raster_config"] = new JsonObject
        {
            ["path"] = configPath,
            ["sha256"] = RasterPreparation.Sha256(configPath),
            ["coverage"] = coverage == CoverageMode.Exact ? "exact" : "centre",
        };
        summary["rasters"] = RasterPreparation.RasterInputs(prepared);
        return summary;
    }
}
