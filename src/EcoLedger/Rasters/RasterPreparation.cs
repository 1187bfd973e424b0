using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using EcoLedger.IO;
using EcoLedger.Spatial;
using EcoLedger.Valuation;
using EcoLedger.Valuation.Files;
using NetTopologySuite.Geometries;

namespace EcoLedger.Rasters;

/// <summary>Where one prepared field came from, for the provenance sidecar and gep-summary.json.</summary>
/// <param name="Source">The configuration entry.</param>
/// <param name="Sha256">SHA-256 of the raster file (lower-case hex).</param>
/// <param name="Crs">The raster's CRS.</param>
/// <param name="Width">Raster columns.</param>
/// <param name="Height">Raster rows.</param>
/// <param name="UnitsWithValue">Units that got a value.</param>
/// <param name="UnitsWithoutValue">Units whose covered pixels were all nodata (the field stays empty for them).</param>
public sealed record PreparedField(RasterFieldSource Source, string Sha256, SupportedCrs Crs, int Width, int Height, int UnitsWithValue, int UnitsWithoutValue);

/// <summary>How the units' ecosystems compare with the majority land-cover class under each of them.</summary>
/// <param name="Source">The configuration's land cover.</param>
/// <param name="Sha256">SHA-256 of the land-cover raster.</param>
/// <param name="UnitsAgreeing">Units whose ecosystem is that of their majority class.</param>
/// <param name="UnitsDiffering">Units whose majority class maps to another ecosystem (or to none).</param>
/// <param name="ClassShares">Share of the units' covered area in each class code, over all units (Σ class coverage ÷ Σ coverage).</param>
/// <param name="Crs">The land-cover raster's CRS (recorded in the provenance like every field raster's).</param>
/// <param name="Width">Raster columns.</param>
/// <param name="Height">Raster rows.</param>
public sealed record LandCoverCheck(LandCoverSource Source, string Sha256, int UnitsAgreeing, int UnitsDiffering, IReadOnlyDictionary<long, double> ClassShares,
    SupportedCrs Crs, int Width, int Height);

/// <summary>The outcome of <see cref="RasterPreparation.Run"/>: problems (then nothing may be written) or the prepared units.</summary>
/// <param name="Problems">Every problem found; empty on success.</param>
/// <param name="Warnings">Things the user should know (fields left empty, inputs replaced by raster values).</param>
/// <param name="Units">The units with the raster fields filled in.</param>
/// <param name="Fields">Provenance of each field.</param>
/// <param name="UnitsSha256">SHA-256 of the units file.</param>
/// <param name="LandCover">The land-cover check, when the configuration has a land cover.</param>
public sealed record RasterPreparationResult(IReadOnlyList<InputProblem> Problems, IReadOnlyList<string> Warnings, IReadOnlyList<AccountingUnit> Units,
    IReadOnlyList<PreparedField> Fields, string? UnitsSha256, LandCoverCheck? LandCover = null)
{
    /// <summary>True when there is no problem.</summary>
    public bool Succeeded => Problems.Count == 0;
}

/// <summary>
/// The outcome of <see cref="RasterPreparation.Execute"/>: the configuration could not be loaded (<see cref="ConfigError"/>), the output
/// was refused before any raster was read (<see cref="OutputError"/>), or the zonal step ran (<see cref="Preparation"/>) and, when it
/// succeeded, the units CSV and its provenance file were both written.
/// </summary>
/// <param name="ConfigError">Why rasters.json could not be used; or null.</param>
/// <param name="OutputError">Why <c>--out</c> may not be written (<see cref="RasterPreparation.OutputProblem"/>); or null.</param>
/// <param name="Preparation">The zonal step's result; null when refused before it.</param>
/// <param name="Provenance">The provenance document written beside the CSV; null unless written.</param>
/// <param name="ProvenancePath">Where the provenance document goes (<see cref="RasterPreparation.ProvenancePath"/>).</param>
public sealed record RasterPrepareRun(string? ConfigError, string? OutputError, RasterPreparationResult? Preparation, JsonObject? Provenance, string ProvenancePath)
{
    /// <summary>True when both files were written.</summary>
    public bool Written => Provenance is not null;
}

/// <summary>
/// <c>gep prepare</c>: zonal statistics of every configured raster over every unit polygon, converted to the unit input
/// fields (<see cref="MonitoringField"/>), with the provenance of each field.
/// </summary>
public static class RasterPreparation
{
    /// <summary>
    /// Runs <c>gep prepare</c> as every host does: loads the configuration, refuses an output that would replace an input, runs the
    /// zonal step and, only when it found no problem, writes the units CSV and its provenance file so that both land or neither does.
    /// </summary>
    /// <param name="unitsPath">Units as polygons (<c>--units</c>).</param>
    /// <param name="configPath">The raster configuration (<c>--rasters</c>).</param>
    /// <param name="outCsv">The units CSV to write (<c>--out</c>).</param>
    /// <param name="onProgress">As for <see cref="Run"/>.</param>
    /// <param name="cancel">As for <see cref="Run"/>; a cancelled run has written nothing.</param>
    /// <exception cref="IOException">The output could not be written (a full disk, no permission).</exception>
    public static RasterPrepareRun Execute(string unitsPath, string configPath, string outCsv, Action<ZonalProgress>? onProgress = null, CancellationToken cancel = default)
    {
        ArgumentNullException.ThrowIfNull(outCsv);
        string sidecar = ProvenancePath(outCsv);
        RasterConfig config;
        try
        {
            config = RasterConfig.Load(configPath);
        }
        catch (RasterInputException e)
        {
            return new RasterPrepareRun(e.Message, null, null, null, sidecar);
        }
        if (OutputProblem(outCsv, unitsPath, config) is { } outputProblem)
        {
            return new RasterPrepareRun(null, outputProblem, null, null, sidecar);
        }
        var result = Run(unitsPath, config, onProgress, cancel);
        if (!result.Succeeded)
        {
            return new RasterPrepareRun(null, null, result, null, sidecar);
        }
        var provenance = Provenance(result, unitsPath, config);
        WriteBoth(outCsv, sidecar, csv => WriteCsv(result, csv), side => File.WriteAllText(side, ToJson(provenance) + "\n"));
        return new RasterPrepareRun(null, null, result, provenance, sidecar);
    }

    /// <summary>Writes two files so that both land or neither does: each goes to a temporary name beside it first.</summary>
    private static void WriteBoth(string a, string b, Action<string> writeA, Action<string> writeB)
    {
        string ta = a + $".tmp-{Guid.NewGuid():N}", tb = b + $".tmp-{Guid.NewGuid():N}";
        using var registerA = TemporaryPaths.Add(ta);
        using var registerB = TemporaryPaths.Add(tb);
        try
        {
            string? dir = Path.GetDirectoryName(Path.GetFullPath(a));
            if (dir is not null)
            {
                Directory.CreateDirectory(dir);
            }
            writeA(ta);
            writeB(tb);
            using var commit = TemporaryPaths.BeginCommit();
            File.Move(ta, a, overwrite: true);
            File.Move(tb, b, overwrite: true);
        }
        finally
        {
            File.Delete(ta);
            File.Delete(tb);
        }
    }

    /// <summary>The provenance sidecar's name for an output CSV: <c>units.csv</c> → <c>units.provenance.json</c>.</summary>
    public static string ProvenancePath(string csvPath) =>
        Path.Combine(Path.GetDirectoryName(csvPath) ?? "", Path.GetFileNameWithoutExtension(csvPath) + ".provenance.json");

    /// <summary>
    /// Why <c>gep prepare</c> may not write <paramref name="outCsv"/> and its provenance file, or null: either would overwrite the
    /// units, the configuration or a file the configuration names (a raster, the class table, a .prj); or the output is a folder, or
    /// not a <c>.csv</c> file. Checked once the configuration is loaded and before anything is computed, so a refused run has read no
    /// raster and written nothing.
    /// </summary>
    /// <param name="outCsv">The CSV to write (<c>--out</c>).</param>
    /// <param name="unitsPath">The units (<c>--units</c>).</param>
    /// <param name="config">The raster configuration (<c>--rasters</c>).</param>
    public static string? OutputProblem(string outCsv, string unitsPath, RasterConfig config)
    {
        ArgumentNullException.ThrowIfNull(outCsv);
        ArgumentNullException.ThrowIfNull(config);
        List<CommandInputFile> inputs = [CommandInputFile.Option("--units", unitsPath), .. config.Inputs("--rasters")];
        if (OutputPaths.FileProblem("--out", outCsv, "the CSV file to write", inputs) is { } problem)
        {
            return problem;
        }
        string sidecar = ProvenancePath(outCsv);
        if (OutputPaths.Overwritten(sidecar, inputs) is { } input)
        {
            return $"--out: '{outCsv}': its provenance file '{sidecar}' would overwrite {input.Description}; expected an output file whose provenance file is none of the command's inputs.";
        }
        return outCsv.EndsWith(".csv", StringComparison.OrdinalIgnoreCase) ? null : $"--out: '{outCsv}': expected a .csv file; gep prepare writes the units' inputs as CSV.";
    }

    /// <summary>Reads the units and computes every configured field; reports all problems at once.</summary>
    /// <param name="unitsPath">Units as polygons with unit_id, region, ecosystem, …: GeoJSON or GeoPackage.</param>
    /// <param name="config">The raster configuration.</param>
    /// <param name="onProgress">Called as the zonal step begins each pass (a field's band, or the land cover) and after each unit of it,
    /// on the calling thread; null for none. A host throttles what it shows (this is called once per unit and pass).</param>
    /// <param name="cancel">Checked while the units are read and the rasters hashed, between units, and between pixel rows of a unit (a
    /// large polygon spans many blocks), so a cancelled run stops promptly.</param>
    /// <exception cref="OperationCanceledException"><paramref name="cancel"/> was cancelled; nothing was written (this writes nothing).</exception>
    public static RasterPreparationResult Run(string unitsPath, RasterConfig config, Action<ZonalProgress>? onProgress = null, CancellationToken cancel = default)
    {
        ArgumentNullException.ThrowIfNull(unitsPath);
        ArgumentNullException.ThrowIfNull(config);
        var problems = new List<InputProblem>();
        var warnings = new List<string>();
        if (!File.Exists(unitsPath))
        {
            return Fail(new InputProblem(unitsPath, "", null, "file not found."));
        }
        var reader = new UnitFileReader(unitsPath, unitsPath);
        var units = reader.Read().Select(u =>
        {
            cancel.ThrowIfCancellationRequested();
            return u;
        }).ToList();
        problems.AddRange(reader.Problems);
        warnings.AddRange(reader.Warnings);
        if (problems.Count > 0)
        {
            return new RasterPreparationResult(problems, warnings, [], [], null);
        }
        if (units.FirstOrDefault(u => u.Geometry is null) is { } flat)
        {
            return Fail(new InputProblem(unitsPath, $"unit '{InputText.Show(flat.UnitId)}'", "geometry",
                "raster statistics need each unit's polygon; expected a GeoJSON FeatureCollection or a GeoPackage layer of Polygons or MultiPolygons, found a unit without geometry."));
        }
        var unitsCrs = UnitsCrs(unitsPath, config, units, reader.FileCrs, problems);
        if (unitsCrs is null)
        {
            return new RasterPreparationResult(problems, warnings, [], [], null);
        }

        var values = new double[units.Count, config.Fields.Count];
        for (int u = 0; u < units.Count; u++)
        {
            for (int f = 0; f < config.Fields.Count; f++)
            {
                values[u, f] = double.NaN;
            }
        }
        var prepared = new List<PreparedField>();
        // One pass per band read: the fields of one band (its mean for one field and its maximum for another, or one raster
        // under two fields) share the pass and the statistics of each unit, since decoding the band's blocks is most of the time.
        int passes = config.Fields.DistinctBy(f => (Path.GetFullPath(f.RasterPath), f.Band)).Count() + (config.LandCover is null ? 0 : 1), pass = 0;
        foreach (var group in config.Fields.Select((s, i) => (Source: s, Index: i)).GroupBy(x => Path.GetFullPath(x.Source.RasterPath)))
        {
            var first = group.First().Source;
            var bands = group.GroupBy(x => x.Source.Band).Select(b => b.ToList()).ToList();
            GeoTiffRaster raster;
            try
            {
                raster = GeoTiffRaster.Open(first.RasterPath, first.RasterName, group.Select(x => x.Source.DeclaredCrs).FirstOrDefault(c => c is not null));
            }
            catch (RasterInputException e)
            {
                problems.Add(new InputProblem(config.Path, $"fields.{first.Field.Column()}", null, e.Message));
                foreach (var band in bands)
                {
                    Skipped(band[0].Source.RasterName, band[0].Source.Band);
                }
                continue;
            }
            using (raster)
            {
                int passAfter = pass + bands.Count;
                try
                {
                    FieldsOf(raster, bands);
                }
                catch (RasterInputException e)
                {
                    // A block that does not decode (a damaged or truncated file) stops this raster, not the run's report.
                    problems.Add(new InputProblem(first.RasterName, "", null, e.Message));
                }
                while (pass < passAfter)
                {
                    // the passes a CRS mismatch or a damaged block cut short count as done
                    var skipped = bands[bands.Count - (passAfter - pass)][0].Source;
                    Skipped(skipped.RasterName, skipped.Band);
                }
            }
        }
        // The passes go band by band; the provenance lists the fields in the configuration's order.
        var configOrder = config.Fields.ToList();
        prepared = [.. prepared.OrderBy(f => configOrder.IndexOf(f.Source))];
        LandCoverCheck? landCover = null;
        if (config.LandCover is { } lcSource)
        {
            try
            {
                pass++;
                using var lc = GeoTiffRaster.Open(lcSource.RasterPath, lcSource.RasterName, lcSource.DeclaredCrs);
                landCover = CheckLandCover(lc, lcSource, units, unitsCrs, config, problems, warnings,
                    done => onProgress?.Invoke(new ZonalProgress(lcSource.RasterName, lcSource.Band, pass, passes, done, units.Count)), cancel);
            }
            catch (RasterInputException e)
            {
                problems.Add(new InputProblem(config.Path, "landcover", null, e.Message));
            }
            onProgress?.Invoke(new ZonalProgress(lcSource.RasterName, lcSource.Band, pass, passes, units.Count, units.Count));
        }
        if (problems.Count > 0)
        {
            return new RasterPreparationResult(problems, warnings, [], prepared, null);
        }
        var replaced = config.Fields.Where(f => units.Any(u => u.Monitoring.Has(f.Field))).Select(f => f.Field.Column()).ToList();
        if (replaced.Count > 0)
        {
            warnings.Add($"{unitsPath} already has {string.Join(", ", replaced)}; the raster values replace them.");
        }
        var result = new List<AccountingUnit>(units.Count);
        for (int u = 0; u < units.Count; u++)
        {
            var m = new MonitoringData();
            foreach (var field in MonitoringFields.All)
            {
                if (units[u].Monitoring[field] is { } given && config.Fields.All(f => f.Field != field))
                {
                    m.With(field, given);
                }
            }
            for (int f = 0; f < config.Fields.Count; f++)
            {
                if (!double.IsNaN(values[u, f]))
                {
                    m.With(config.Fields[f].Field, values[u, f]);
                }
            }
            result.Add(units[u] with { Monitoring = m });
        }
        return new RasterPreparationResult([], warnings, result, prepared, Sha256(unitsPath), landCover);

        RasterPreparationResult Fail(InputProblem p) => new([p], warnings, [], [], null);

        // A pass that cannot run (its raster or band is unusable: a problem says why) is reported as done, so the counts still add up.
        void Skipped(string raster, int band)
        {
            pass++;
            onProgress?.Invoke(new ZonalProgress(raster, band, pass, passes, units.Count, units.Count));
        }

        void FieldsOf(GeoTiffRaster raster, List<List<(RasterFieldSource Source, int Index)>> bands)
        {
            var first = bands[0][0].Source;
            if (UnitCrsMapping.Mismatch(unitsCrs, raster.Crs) is { } why)
            {
                problems.Add(new InputProblem(first.RasterName, "", null, $"CRS mismatch: {why}."));
                return;
            }
            string sha = Sha256(first.RasterPath, cancel);
            // Each unit's vertices are mapped into the raster's CRS as its coverage reads them: no projected copy of every polygon
            // is kept. Units are visited band by band of block rows and west to east within a band, so that the blocks they share
            // are still in the cache.
            var toRaster = UnitCrsMapping.PointsToRaster(unitsCrs, raster.Crs);
            var order = Enumerable.Range(0, units.Count)
                .OrderBy(i =>
                {
                    cancel.ThrowIfCancellationRequested(); // a million polygons take a while to reproject
                    var (west, north) = NorthWest(units[i].Geometry!, toRaster);
                    var (col, row) = raster.Transform.ToPixel(west, north);
                    return (long)Math.Floor(row / raster.BlockHeight) * 1_000_000_000L + (long)Math.Max(0, col);
                })
                .ToArray();
            foreach (var fields in bands)
            {
                var source = fields[0].Source;
                RasterBand band;
                try
                {
                    band = raster.Band(source.Band, (long)config.CacheMegabytes << 20);
                }
                catch (RasterInputException e)
                {
                    foreach (var (field, _) in fields)
                    {
                        problems.Add(new InputProblem(config.Path, $"fields.{field.Field.Column()}", "band", e.Message));
                    }
                    Skipped(source.RasterName, source.Band);
                    continue;
                }
                pass++;
                int visited = 0;
                onProgress?.Invoke(new ZonalProgress(source.RasterName, source.Band, pass, passes, 0, units.Count));
                var with = new int[fields.Count];
                var empty = fields.Select(_ => new List<string>()).ToArray();
                var ranges = fields.Select(f => f.Source.Field.Range()).ToArray();
                var extent = new ExtentCheck(source.RasterName, Extent(raster));
                var noCentre = new List<string>();
                var outOfRange = fields.Select(_ => new List<(string Id, double Stored, double Value)>()).ToArray();
                var overNoData = new List<(string Id, double Share)>();
                foreach (int u in order)
                {
                    cancel.ThrowIfCancellationRequested();
                    if (visited > 0)
                    {
                        onProgress?.Invoke(new ZonalProgress(source.RasterName, source.Band, pass, passes, visited, units.Count));
                    }
                    visited++;
                    var coverage = new PixelCoverage(units[u].Geometry!, raster.Transform, raster.Width, raster.Height, config.Coverage, toRaster);
                    if (!extent.Within(units[u].UnitId, coverage))
                    {
                        continue;
                    }
                    var stats = ZonalStatistics.Compute(band, coverage, cancel: cancel);
                    if (stats.Count + stats.NoDataCount <= 0)
                    {
                        // Within the extent, yet no pixel: centre coverage, and no pixel centre falls in the unit.
                        noCentre.Add(units[u].UnitId);
                        continue;
                    }
                    if (stats.NoDataCount > 0 && stats.Count > 0)
                    {
                        overNoData.Add((units[u].UnitId, stats.NoDataCount / (stats.Count + stats.NoDataCount)));
                    }
                    for (int f = 0; f < fields.Count; f++)
                    {
                        var (field, index) = fields[f];
                        double? stored = field.Statistic switch
                        {
                            ZonalStatistic.Mean => stats.Mean,
                            ZonalStatistic.Sum => stats.Count > 0 ? stats.Sum : null,
                            ZonalStatistic.Min => stats.Min,
                            _ => stats.Max,
                        };
                        if (stored is not { } s)
                        {
                            empty[f].Add(units[u].UnitId);
                            continue;
                        }
                        double v = field.Convert(s);
                        var (lo, hi, expectation) = ranges[f];
                        if (!double.IsFinite(v) || v < lo || v > hi)
                        {
                            outOfRange[f].Add((units[u].UnitId, s, v));
                            continue;
                        }
                        values[u, index] = v;
                        with[f]++;
                    }
                }
                onProgress?.Invoke(new ZonalProgress(source.RasterName, source.Band, pass, passes, units.Count, units.Count));
                extent.Report(problems);
                for (int f = 0; f < fields.Count; f++)
                {
                    var field = fields[f].Source;
                    string column = field.Field.Column();
                    if (outOfRange[f].Count > 0)
                    {
                        problems.Add(OutOfRange(config.Path, field, outOfRange[f], ranges[f].Expectation, band.NoData is null));
                    }
                    if (with[f] == 0 && empty[f].Count > 0 && extent.Refused == 0)
                    {
                        // Not one unit with a value: a wrong band, file or nodata value, not a gap in the data.
                        problems.Add(new InputProblem(config.Path, $"fields.{column}", null, string.Create(CultureInfo.InvariantCulture,
                            $"every unit covers only nodata pixels of {field.RasterName} band {field.Band}{(band.NoData is { } nd ? $" (nodata {nd:R})" : "")}, so no unit gets {column}; expected the raster and band that hold {column}: check the file, its band and its nodata value.")));
                        continue;
                    }
                    if (empty[f].Count > 0)
                    {
                        warnings.Add($"{column}: {empty[f].Count} unit{(empty[f].Count == 1 ? "" : "s")} cover only nodata pixels of {field.RasterName}; the field is left empty for {(empty[f].Count == 1 ? "it" : "them")} (e.g. {Examples(empty[f])}).");
                    }
                    if (noCentre.Count > 0)
                    {
                        warnings.Add($"{column}: {noCentre.Count} unit{(noCentre.Count == 1 ? " contains" : "s contain")} no pixel centre of {field.RasterName} (\"coverage\": \"centre\"); the field is left empty for {(noCentre.Count == 1 ? "it" : "them")} (e.g. {Examples(noCentre)}); exact coverage gives every unit the pixels it overlaps.");
                    }
                    if (field.Statistic == ZonalStatistic.Sum && overNoData.Count > 0)
                    {
                        // A mean of the valid pixels stands for the unit; a sum of them is short by what the nodata pixels would add.
                        warnings.Add($"{column}: {overNoData.Count} unit{(overNoData.Count == 1 ? " lies" : "s lie")} partly over nodata pixels of {field.RasterName}, which the sum leaves out, so {(overNoData.Count == 1 ? "its" : "their")} {column} counts only the rest (e.g. {string.Join(", ", overNoData.OrderByDescending(x => x.Share).Take(3).Select(x => $"'{InputText.Show(x.Id)}' {Percent(x.Share)} nodata"))}).");
                    }
                    prepared.Add(new PreparedField(field, sha, raster.Crs, raster.Width, raster.Height, with[f], empty[f].Count + noCentre.Count));
                }
            }
        }
    }

    /// <summary>
    /// The majority land-cover class under each unit against the unit's ecosystem: differences are warned about (with
    /// examples), a class the table does not list is an error, and the class shares over all units are kept for the
    /// provenance.
    /// </summary>
    private static LandCoverCheck? CheckLandCover(GeoTiffRaster lc, LandCoverSource source, List<AccountingUnit> units, SupportedCrs unitsCrs,
        RasterConfig config, List<InputProblem> problems, List<string> warnings, Action<int> onUnit, CancellationToken cancel)
    {
        if (UnitCrsMapping.Mismatch(unitsCrs, lc.Crs) is { } why)
        {
            problems.Add(new InputProblem(source.RasterName, "", null, $"CRS mismatch: {why}."));
            return null;
        }
        var band = lc.Band(source.Band, (long)config.CacheMegabytes << 20);
        var totals = new Dictionary<long, double>();
        int agree = 0;
        var differ = new List<string>();
        var unknown = new SortedSet<long>();
        int visited = 0;
        var toRaster = UnitCrsMapping.PointsToRaster(unitsCrs, lc.Crs);
        var extent = new ExtentCheck(source.RasterName, Extent(lc));
        double? nonIntegral = null;
        foreach (var unit in units.OrderBy(u => -u.Geometry!.EnvelopeInternal.MaxY))
        {
            cancel.ThrowIfCancellationRequested();
            onUnit(visited++);
            var coverage = new PixelCoverage(unit.Geometry!, lc.Transform, lc.Width, lc.Height, config.Coverage, toRaster);
            if (!extent.Within(unit.UnitId, coverage))
            {
                continue;
            }
            var stats = ZonalStatistics.Compute(band, coverage, categorical: true, cancel);
            if (stats.Count + stats.NoDataCount <= 0)
            {
                continue;
            }
            nonIntegral ??= stats.NonIntegral;
            foreach (var (k, f) in stats.ClassCoverage)
            {
                totals[k] = totals.GetValueOrDefault(k) + f;
                if (source.Classes.Find(k) is null)
                {
                    unknown.Add(k);
                }
            }
            if (stats.Majority is not { } major || source.Classes.Find(major) is not { } cls)
            {
                continue;
            }
            if (cls.Ecosystem == unit.Ecosystem)
            {
                agree++;
            }
            else
            {
                differ.Add($"'{InputText.Show(unit.UnitId)}' is {unit.Ecosystem.Code()}, mostly {cls.Code} {cls.Name} ({cls.Ecosystem?.Code() ?? "not accounted"})");
            }
        }
        extent.Report(problems);
        if (nonIntegral is { } v)
        {
            problems.Add(new InputProblem(source.RasterName, "", null, NotAClassCode(v, "under the units")));
            return null;
        }
        if (unknown.Count > 0)
        {
            problems.Add(new InputProblem(source.RasterName, "", null,
                $"pixel value{(unknown.Count == 1 ? "" : "s")} {string.Join(", ", unknown.Take(10))} under the units {(unknown.Count == 1 ? "is" : "are")} not in the class table {source.Classes.Name}; expected every class code of the raster in the table (or the value declared as nodata)."));
        }
        if (differ.Count > 0)
        {
            warnings.Add($"{source.RasterName}: {differ.Count} unit{(differ.Count == 1 ? "'s" : "s'")} ecosystem differs from the majority land-cover class under {(differ.Count == 1 ? "it" : "them")} (e.g. {string.Join("; ", differ.Take(3))}).");
        }
        double sum = totals.Values.Sum();
        return new LandCoverCheck(source, Sha256(source.RasterPath, cancel), agree, differ.Count,
            totals.OrderBy(kv => kv.Key).ToDictionary(kv => kv.Key, kv => sum > 0 ? kv.Value / sum : 0), lc.Crs, lc.Width, lc.Height);
    }

    /// <summary>
    /// The west and north edges of the polygon's envelope in the raster's CRS: its shells' vertices mapped one by one, the
    /// bounds <c>EnvelopeInternal</c> of a projected copy would have, without the copy.
    /// </summary>
    private static (double West, double North) NorthWest(Geometry polygonal, Func<double, double, (double X, double Y)>? toRaster)
    {
        double west = double.PositiveInfinity, north = double.NegativeInfinity;
        for (int g = 0; g < polygonal.NumGeometries; g++)
        {
            if (polygonal.GetGeometryN(g) is not Polygon { IsEmpty: false } p)
            {
                continue;
            }
            var seq = p.Shell.CoordinateSequence;
            for (int i = 0; i < seq.Count; i++)
            {
                var (x, y) = toRaster is null ? (seq.GetX(i), seq.GetY(i)) : toRaster(seq.GetX(i), seq.GetY(i));
                west = Math.Min(west, x);
                north = Math.Max(north, y);
            }
        }
        // no vertex: the bounds of an empty envelope, as a copy's EnvelopeInternal gives (units are checked non-empty when read)
        return double.IsInfinity(west) ? (0, -1) : (west, north);
    }

    private static string StatName(ZonalStatistic s) => s.ToString().ToLowerInvariant();

    /// <summary>
    /// The units a pass cannot value because the raster does not cover them: wholly outside its extent, or partly (more than a
    /// millionth of the unit's area beyond it, as <c>units grid</c> allows). A partly covered unit is refused rather than valued from
    /// the part inside: a sum would count only that part, and a mean would stand for land the raster does not see. Reported once
    /// per pass, with examples, not once per unit (a raster that misses the region would otherwise give a line per unit).
    /// </summary>
    private sealed class ExtentCheck(string rasterName, string extent)
    {
        private const double Tolerance = UnitGrid.UncoveredShareAllowed;
        private readonly List<string> _outside = [];
        private readonly List<(string Id, double Share)> _partly = [];

        /// <summary>Units refused so far.</summary>
        public int Refused => _outside.Count + _partly.Count;

        /// <summary>True when the unit lies within the raster's extent; otherwise it is noted and false.</summary>
        public bool Within(string unitId, PixelCoverage coverage)
        {
            double outside = coverage.ShareOutside();
            if (outside <= Tolerance)
            {
                return true;
            }
            if (outside >= 1 - Tolerance)
            {
                _outside.Add(unitId);
            }
            else
            {
                _partly.Add((unitId, outside));
            }
            return false;
        }

        /// <summary>Adds a problem for the units outside and one for those partly outside, if any.</summary>
        public void Report(List<InputProblem> problems)
        {
            if (_outside.Count == 1)
            {
                problems.Add(new InputProblem(rasterName, $"unit '{InputText.Show(_outside[0])}'", null,
                    $"the unit lies outside the raster's extent ({extent}); expected a raster covering every unit."));
            }
            else if (_outside.Count > 1)
            {
                problems.Add(new InputProblem(rasterName, "", null, string.Create(CultureInfo.InvariantCulture,
                    $"{_outside.Count:#,0} units lie outside the raster's extent ({extent}) (e.g. {Examples(_outside)}); expected a raster covering every unit.")));
            }
            if (_partly.Count == 1)
            {
                problems.Add(new InputProblem(rasterName, $"unit '{InputText.Show(_partly[0].Id)}'", null,
                    $"{Percent(_partly[0].Share)} of the unit lies beyond the raster's extent ({extent}), which says nothing of that part; expected a raster covering every unit."));
            }
            else if (_partly.Count > 1)
            {
                string examples = string.Join(", ", _partly.OrderByDescending(p => p.Share).Take(3).Select(p => $"'{InputText.Show(p.Id)}' {Percent(p.Share)}"));
                problems.Add(new InputProblem(rasterName, "", null, string.Create(CultureInfo.InvariantCulture,
                    $"{_partly.Count:#,0} units lie partly beyond the raster's extent ({extent}), which says nothing of those parts (e.g. {examples} of the unit beyond); expected a raster covering every unit.")));
            }
        }
    }

    /// <summary>
    /// The units whose value of a field is out of its range, in one problem: the first as before (its statistic, the conversion, the
    /// result), then how many more (a wrong scale puts every unit out of range, which used to give a line per unit).
    /// </summary>
    private static InputProblem OutOfRange(string configPath, RasterFieldSource field, List<(string Id, double Stored, double Value)> units, string expectation, bool noNoData)
    {
        var (id, s, v) = units[0];
        string more = units.Count == 1 ? "" : string.Create(CultureInfo.InvariantCulture,
            $" ({units.Count - 1:#,0} more unit{(units.Count == 2 ? "" : "s")} likewise, e.g. {Examples(units.Skip(1).Select(x => x.Id))})");
        // A stored value far below any real one (−9999, −3.4e38) is most often the nodata value of a raster that does not declare it.
        string hint = noNoData && s < 0 && v < 0 ? $"; {field.RasterName} declares no nodata value: if {s.ToString("R", CultureInfo.InvariantCulture)} marks missing data, declare it (gdal_edit.py -a_nodata VALUE)" : "";
        return new InputProblem(configPath, $"unit '{InputText.Show(id)}'{more}", field.Field.Column(), string.Create(CultureInfo.InvariantCulture,
            $"the {StatName(field.Statistic)} of {field.RasterName} band {field.Band} is {s:R}, which with scale {field.Scale:R}, offset {field.Offset:R} and unit {field.Unit} gives {v:G6} {FieldUnits.Target(field.Field)}; expected {expectation}: check scale and unit in the configuration{hint}."));
    }

    /// <summary>The sentence for a land-cover pixel value that is not a whole class code (also <c>units grid</c>'s).</summary>
    internal static string NotAClassCode(double value, string where) => string.Create(CultureInfo.InvariantCulture,
        $"pixel value {value:R} {where} is not a whole class code; expected a land cover of class codes (a resampled land cover must be resampled by nearest neighbour, e.g. gdalwarp -r near, not bilinear or cubic).");

    /// <summary>Up to three ids, quoted: <c>'A', 'B', 'C'</c>.</summary>
    private static string Examples(IEnumerable<string> ids) => string.Join(", ", ids.Take(3).Select(id => $"'{InputText.Show(id)}'"));

    /// <summary>A share as a percentage with one decimal, and "under 0.1%" rather than a misleading 0%.</summary>
    internal static string Percent(double share) => share < 0.001 ? "under 0.1%" : share.ToString("0.#%", CultureInfo.InvariantCulture);

    private static string Extent(GeoTiffRaster r)
    {
        var (x0, y0) = r.Transform.ToWorld(0, 0);
        var (x1, y1) = r.Transform.ToWorld(r.Width, r.Height);
        return string.Create(CultureInfo.InvariantCulture,
            $"x {Math.Min(x0, x1):0.######}–{Math.Max(x0, x1):0.######}, y {Math.Min(y0, y1):0.######}–{Math.Max(y0, y1):0.######} in {r.Crs.Code}");
    }

    /// <summary>The units' CRS: declared in the configuration, else EPSG:4490 when the coordinates are longitude/latitude.</summary>
    private static SupportedCrs? UnitsCrs(string unitsPath, RasterConfig config, List<AccountingUnit> units, Zoning.LayerCrs? fileCrs, List<InputProblem> problems)
    {
        var envelope = new Envelope();
        foreach (var u in units)
        {
            envelope.ExpandToInclude(u.Geometry!.EnvelopeInternal);
        }
        // The CRS the units file states (a GeoPackage's srs, a GeoJSON's crs member), as units grid and zoning read it.
        SupportedCrs? stated = null;
        if (fileCrs?.Defined is { } defined)
        {
            stated = defined;
        }
        else if (fileCrs?.Epsg is { } code)
        {
            stated = SupportedCrs.Find(code);
            if (stated is null)
            {
                problems.Add(new InputProblem(unitsPath, "", null, string.Create(CultureInfo.InvariantCulture,
                    $"states EPSG:{code}, which EcoLedger cannot reproject; expected {SupportedCrs.SupportedText}, or reproject the units (e.g. ogr2ogr -t_srs EPSG:4490).")));
                return null;
            }
        }
        var crs = config.UnitsCrs;
        if (crs is not null && stated is not null && !crs.SameAs(stated) && !(crs.IsGeographic && stated.IsGeographic))
        {
            problems.Add(new InputProblem(config.Path, "", "units_crs",
                $"CRS mismatch: units_crs is {crs.Code} ({crs.Describe()}), but {unitsPath} states {stated.Code} ({stated.Describe()}); expected one CRS: leave units_crs out to use the file's, or correct it."));
            return null;
        }
        crs ??= stated;
        if (crs is null)
        {
            if (EqualAreaMeasure.Detect(envelope) != CoordinateKind.Geographic)
            {
                // x within ±90 and y beyond ±90 but within ±180: latitude and longitude in the wrong order, not metres.
                string swap = envelope.MinX >= -90 && envelope.MaxX <= 90 && envelope.MinY >= -180 && envelope.MaxY <= 180
                    ? string.Create(CultureInfo.InvariantCulture, $"; or, if x is the latitude and y ({envelope.MinY:0.###}–{envelope.MaxY:0.###}) the longitude, swap them: GeoJSON and GeoPackage store the longitude first.")
                    : ".";
                problems.Add(new InputProblem(config.Path, "", "units_crs", string.Create(CultureInfo.InvariantCulture,
                    $"the units in {unitsPath} have projected coordinates (x {envelope.MinX:0.###}–{envelope.MaxX:0.###}) and neither the file nor the configuration says which CRS; expected units_crs, one of {SupportedCrs.SupportedText}{swap}")));
                return null;
            }
            return SupportedCrs.Find(SupportedCrs.Cgcs2000);
        }
        string? why = crs.WhyImpossible(envelope.MinX, envelope.MinY) ?? crs.WhyImpossible(envelope.MaxX, envelope.MaxY);
        if (why is not null)
        {
            problems.Add(new InputProblem(config.Path, "", "units_crs",
                $"CRS mismatch: the units in {unitsPath} cannot be in {crs.Code} ({crs.Describe()}): {why}."));
            return null;
        }
        return crs;
    }

    /// <summary>SHA-256 of a file, lower-case hex.</summary>
    public static string Sha256(string path) => Sha256(path, CancellationToken.None);

    /// <summary>SHA-256 of a file, lower-case hex, read a MiB at a time so that hashing a large raster can be cancelled.</summary>
    private static string Sha256(string path, CancellationToken cancel)
    {
        using var s = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan);
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = new byte[1 << 20];
        int read;
        while ((read = s.Read(buffer)) > 0)
        {
            cancel.ThrowIfCancellationRequested();
            sha.AppendData(buffer, 0, read);
        }
        return Convert.ToHexStringLower(sha.GetHashAndReset());
    }

    /// <summary>Writes the prepared units as a units CSV that <c>gep compute</c> reads.</summary>
    public static void WriteCsv(RasterPreparationResult result, string path)
    {
        ArgumentNullException.ThrowIfNull(result);
        var fields = MonitoringFields.All.Where(f => result.Units.Any(u => u.Monitoring.Has(f))).ToList();
        bool water = result.Units.Any(u => u.WaterBodyId is not null), lake = result.Units.Any(u => u.LakeRegion is not null);
        using var w = Utf8FileWriter.Create(path);
        w.Write("unit_id,region,ecosystem,subtype,area_ha");
        foreach (var f in fields)
        {
            w.Write("," + f.Column());
        }
        w.Write((water ? ",water_body_id" : "") + (lake ? ",lake_region" : "") + "\n");
        foreach (var u in result.Units)
        {
            w.Write(CsvField.Escape(u.UnitId) + "," + CsvField.Escape(u.Region) + "," + u.Ecosystem.Code() + "," + u.Subtype.Code() + ",");
            w.WriteRoundTrip(u.Area.Hectares);
            foreach (var f in fields)
            {
                w.Write((byte)',');
                if (u.Monitoring[f] is { } v)
                {
                    w.WriteRoundTrip(v);
                }
            }
            if (water)
            {
                w.Write("," + CsvField.Escape(u.WaterBodyId ?? ""));
            }
            if (lake)
            {
                w.Write("," + CsvField.Escape(u.LakeRegion ?? ""));
            }
            w.Write((byte)'\n');
        }
    }

    /// <summary>The provenance document: the units file and configuration with their hashes, and per field the raster, its SHA-256, band, statistic, scale and unit.</summary>
    public static JsonObject Provenance(RasterPreparationResult result, string unitsPath, RasterConfig config)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(config);
        var fields = new JsonObject();
        foreach (var p in result.Fields)
        {
            var s = p.Source;
            fields[s.Field.Column()] = new JsonObject
            {
                ["raster"] = s.RasterName,
                ["sha256"] = p.Sha256,
                ["band"] = s.Band,
                ["statistic"] = StatName(s.Statistic),
                ["coverage"] = config.Coverage == CoverageMode.Exact ? "exact" : "centre",
                ["scale"] = s.Scale,
                ["offset"] = s.Offset,
                ["unit"] = s.Unit,
                ["field_unit"] = FieldUnits.Target(s.Field),
                ["unit_factor"] = s.Factor,
                ["crs"] = p.Crs.Code,
                ["size"] = string.Create(CultureInfo.InvariantCulture, $"{p.Width}x{p.Height}"),
                ["units_with_value"] = p.UnitsWithValue,
                ["units_without_value"] = p.UnitsWithoutValue,
            };
        }
        var doc = new JsonObject
        {
            ["units"] = new JsonObject { ["path"] = unitsPath, ["sha256"] = result.UnitsSha256 },
            ["config"] = new JsonObject { ["path"] = config.Path, ["sha256"] = Sha256(config.Path) },
            ["fields"] = fields,
        };
        if (result.LandCover is { } lc)
        {
            var shares = new JsonObject();
            foreach (var (k, share) in lc.ClassShares)
            {
                var cls = lc.Source.Classes.Find(k);
                shares[k.ToString(CultureInfo.InvariantCulture)] = new JsonObject
                {
                    ["name"] = cls?.Name,
                    ["ecosystem"] = cls?.Ecosystem?.Code(),
                    ["share"] = Math.Round(share, 6),
                };
            }
            doc["landcover"] = new JsonObject
            {
                ["raster"] = lc.Source.RasterName,
                ["sha256"] = lc.Sha256,
                ["band"] = lc.Source.Band,
                ["classes"] = lc.Source.Classes.Name,
                ["classes_sha256"] = lc.Source.Classes.Sha256,
                ["crs"] = lc.Crs.Code,
                ["size"] = string.Create(CultureInfo.InvariantCulture, $"{lc.Width}x{lc.Height}"),
                ["units_agreeing"] = lc.UnitsAgreeing,
                ["units_differing"] = lc.UnitsDiffering,
                ["class_shares"] = shares,
            };
        }
        return doc;
    }

    /// <summary>Every distinct raster of a run with its SHA-256, for gep-summary.json.</summary>
    public static JsonArray RasterInputs(RasterPreparationResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        // Each raster's provenance travels into the summary (and from there into the report's appendix): CRS, size and,
        // per field, the band, statistic, scale, offset and unit that turned its pixels into the field.
        var list = new JsonArray([.. result.Fields.GroupBy(f => f.Source.RasterName).Select(g => (JsonNode?)new JsonObject
        {
            ["path"] = g.Key,
            ["sha256"] = g.First().Sha256,
            ["fields"] = new JsonArray([.. g.Select(f => (JsonNode?)JsonValue.Create(f.Source.Field.Column()))]),
            ["crs"] = g.First().Crs.Describe(),
            ["size"] = string.Create(CultureInfo.InvariantCulture, $"{g.First().Width}x{g.First().Height}"),
            ["sources"] = new JsonArray([.. g.Select(f => (JsonNode?)new JsonObject
            {
                ["field"] = f.Source.Field.Column(),
                ["band"] = f.Source.Band,
                ["statistic"] = StatName(f.Source.Statistic),
                ["scale"] = f.Source.Scale,
                ["offset"] = f.Source.Offset,
                ["unit"] = f.Source.Unit,
                ["field_unit"] = FieldUnits.Target(f.Source.Field),
            })]),
        })]);
        if (result.LandCover is { } lc)
        {
            // The land cover carries the same provenance as a field raster (its CRS and size were once left out, so the
            // report's raster list showed an empty CRS for it). A land cover that also feeds a field is one raster: its
            // entry gets the land-cover source added rather than a second entry for the same file.
            // The class names travel with the run, so the report's legend names the classes the run used (in the report's
            // language) without reading a table that may have changed since.
            // So does each class's colour (the table's, else its ecosystem's, and which of the two), so the report's preview
            // and legend draw the classes as the run's table said.
            var names = new JsonObject();
            foreach (var cls in lc.Source.Classes.Classes)
            {
                var entry = new JsonObject { ["en"] = cls.Name };
                if (cls.NameZh is { } zh)
                {
                    entry["zh"] = zh;
                }
                entry["colour"] = cls.Colour.ToString();
                entry["colour_source"] = cls.TableColour is null ? "ecosystem" : "table";
                names[cls.Code.ToString(CultureInfo.InvariantCulture)] = entry;
            }
            var source = new JsonObject
            {
                ["field"] = "landcover",
                ["band"] = lc.Source.Band,
                ["statistic"] = "majority",
                ["classes"] = lc.Source.Classes.Name,
                ["classes_sha256"] = lc.Source.Classes.Sha256,
                ["class_names"] = names,
            };
            if (list.OfType<JsonObject>().FirstOrDefault(r => (string?)r["path"] == lc.Source.RasterName) is { } shared)
            {
                shared["fields"]!.AsArray().Add("landcover");
                shared["sources"]!.AsArray().Add(source);
            }
            else
            {
                list.Add(new JsonObject
                {
                    ["path"] = lc.Source.RasterName,
                    ["sha256"] = lc.Sha256,
                    ["fields"] = new JsonArray("landcover"),
                    ["crs"] = lc.Crs.Describe(),
                    ["size"] = string.Create(CultureInfo.InvariantCulture, $"{lc.Width}x{lc.Height}"),
                    ["sources"] = new JsonArray(source),
                });
            }
        }
        return list;
    }

    /// <summary>Indented JSON as written to the sidecar.</summary>
    public static string ToJson(JsonObject doc) =>
        doc.ToJsonString(new JsonSerializerOptions { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
}
