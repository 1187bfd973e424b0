using System.CommandLine;
using System.Globalization;
using EcoLedger.Cli.Hosting;
using EcoLedger.IO;
using EcoLedger.Rasters;
using EcoLedger.Valuation;
using EcoLedger.Valuation.Files;
using Progress = EcoLedger.Cli.Hosting.Progress;

namespace EcoLedger.Cli.Commands;

/// <summary>
/// <c>ecoledger gep prepare</c> (unit inputs from monitoring rasters) and the raster step of <c>gep compute --rasters</c>.
/// </summary>
public static class GepPrepareCommand
{
    /// <summary>The <c>prepare</c> verb.</summary>
    public static Command Create(CliIo io)
    {
        var units = new Option<string>("--units") { Description = "Units as polygons with unit_id, region, ecosystem, …: GeoJSON FeatureCollection or GeoPackage (.gpkg) layer.", Required = true };
        var rasters = new Option<string>("--rasters") { Description = "Raster configuration (rasters.json): field → raster, band, statistic, scale, unit. See methodology/rasters.md.", Required = true };
        var output = new Option<string>("--out") { Description = "Units CSV to write; its provenance goes to <name>.provenance.json beside it.", Required = true };
        var json = new Option<bool>("--json") { Description = "Print the provenance JSON instead of the table." };
        var cmd = new Command("prepare", "Zonal statistics of monitoring rasters into unit inputs: writes a units CSV for gep compute and a provenance sidecar.") { units, rasters, output, json };
        cmd.SetAction(pr => RunPrepare(io, pr.GetValue(units)!, pr.GetValue(rasters)!, pr.GetValue(output)!, pr.GetValue(json)));
        return cmd;
    }

    /// <summary>Runs <c>gep prepare</c> (<see cref="RasterPreparation.Execute"/>) and prints what it found; returns the exit code.</summary>
    public static int RunPrepare(CliIo io, string unitsPath, string configPath, string outCsv, bool json)
    {
        var run = Progress.Run(io, json, "gep prepare", null, p => RasterPreparation.Execute(unitsPath, configPath, outCsv, Zonal(p, "gep prepare")));
        if (run.OutputError is { } outputError)
        {
            throw new CliException(outputError);
        }
        if (run.ConfigError is { } configError)
        {
            io.Err.WriteLine($"error: {configError}");
        }
        if (run.Preparation is { } prepared)
        {
            PrintPreparation(io, prepared);
        }
        if (!run.Written)
        {
            io.Err.WriteLine($"error: nothing was written to {outCsv}.");
            return 2;
        }
        if (json)
        {
            io.Out.WriteLine(RasterPreparation.ToJson(run.Provenance!));
        }
        else
        {
            PrintFields(io, run.Preparation!);
            io.Out.WriteLine($"  {run.Preparation!.Units.Count.ToString("#,0", CultureInfo.InvariantCulture)} units written to {outCsv}; provenance in {run.ProvenancePath}.");
        }
        return 0;
    }

    /// <summary>
    /// <c>gep compute --rasters</c>: runs <see cref="GepRasterRun"/> and prints what it found; on any problem nothing is
    /// written to the output folder.
    /// </summary>
    public static int RunCompute(CliIo io, GepRunRequest request, string configPath, bool json, CliLabels labels)
    {
        ArgumentNullException.ThrowIfNull(request);
        var run = Progress.Run(io, json, "gep compute", null, p => GepRasterRun.Execute(request, configPath, _ => p.Increment(), Zonal(p, "gep compute")));
        if (run.ConfigError is { } configError)
        {
            io.Err.WriteLine($"error: {configError}");
        }
        if (run.Preparation is { } prepared && !PrintPreparation(io, prepared))
        {
            io.Err.WriteLine($"error: nothing was written to {request.OutDir}.");
            return 2;
        }
        if (run.Accounting is not { } result)
        {
            io.Err.WriteLine($"error: nothing was written to {request.OutDir}.");
            return 2;
        }
        if (!GepCommands.PrintWarningsAndProblems(io, result, request.OutDir))
        {
            return 2;
        }
        if (json)
        {
            io.Out.WriteLine(result.SummaryJson!.ToJsonString(GepCommands.Indented));
        }
        else
        {
            PrintFields(io, run.Preparation!);
            GepCommands.PrintSummary(io, result.Summary!, result.SummaryJson!, request.Options ?? Valuation.Accounting.GepOptions.Default, request.OutDir, labels);
        }
        return 0;
    }

    /// <summary>
    /// The zonal step on the progress display (an interactive terminal only): the raster and pass, and the units done, every 1,024 units
    /// and as each pass begins (a unit at a time would redraw for nothing).
    /// </summary>
    private static Action<ZonalProgress> Zonal(IProgressReporter progress, string description) => z =>
    {
        if ((z.UnitsDone & 1023) == 0 || (z.PassFinished && z.Pass == z.Passes))
        {
            progress.Describe(ZonalText(description, z));
        }
    };

    /// <summary>The widest progress line (description and text) that still leaves an 80-column terminal room for the bar.</summary>
    private const int ProgressWidth = 60;

    /// <summary>
    /// The zonal step as the progress display says it after <paramref name="description"/>: the pass, the units and the raster, e.g.
    /// <c>zonal 3/5, 1,024/5,000 units: npp.tif</c>. A raster name too long for an 80-column line keeps its end (<c>…km2.tif</c>), so the
    /// counts are never cut.
    /// </summary>
    public static string ZonalText(string description, ZonalProgress z)
    {
        ArgumentNullException.ThrowIfNull(description);
        string counts = string.Create(CultureInfo.InvariantCulture, $"zonal {z.Pass}/{z.Passes}, {z.UnitsDone:#,0}/{z.Units:#,0} units");
        int room = ProgressWidth - description.Length - ": ".Length - counts.Length - ": ".Length;
        string raster = z.Raster.Length <= room ? z.Raster : room >= 8 ? "…" + z.Raster[^(room - 1)..] : "";
        return raster.Length == 0 ? counts : $"{counts}: {raster}";
    }

    /// <summary>Prints the zonal step's warnings and problems; false when it failed.</summary>
    private static bool PrintPreparation(CliIo io, RasterPreparationResult result)
    {
        foreach (var w in result.Warnings)
        {
            io.Err.WriteLine($"warning: {w}");
        }
        if (result.Succeeded)
        {
            return true;
        }
        foreach (var p in result.Problems)
        {
            io.Err.WriteLine($"error: {p}");
        }
        io.Err.WriteLine($"error: {result.Problems.Count} input problem{(result.Problems.Count == 1 ? "" : "s")}.");
        return false;
    }

    private static void PrintFields(CliIo io, RasterPreparationResult result)
    {
        foreach (var f in result.Fields)
        {
            var s = f.Source;
            io.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  {s.Field.Column(),-34} {s.Statistic.ToString().ToLowerInvariant(),-5} of {s.RasterName} band {s.Band} (× {s.Scale:R}, {s.Unit}) → {f.UnitsWithValue:#,0} units{(f.UnitsWithoutValue > 0 ? $", {f.UnitsWithoutValue:#,0} without value" : "")}"));
        }
    }
}
