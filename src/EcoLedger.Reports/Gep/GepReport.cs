using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using EcoLedger.IO;
using EcoLedger.Reports.Charts;
using EcoLedger.Reports.Html;
using EcoLedger.Reports.Inputs;
using EcoLedger.Valuation.Indicators;
using EcoLedger.Valuation.Parameters;

namespace EcoLedger.Reports.Gep;

/// <summary>What <c>report gep</c> reads and writes.</summary>
/// <param name="GepDir">Output folder of <c>gep compute</c>.</param>
/// <param name="ZonesDir">Output folder of <c>zones mark</c>, optional (map, zones, density histogram).</param>
/// <param name="PreviousDir">Output folder of <c>gep compute</c> for an earlier year, optional (change waterfall); an output folder of
/// <c>gep compare</c> given here is read as <paramref name="ChangeDir"/>.</param>
/// <param name="OutDir">Where report.html, report.xlsx and report.json go.</param>
/// <param name="Language">Report language.</param>
/// <param name="Population">Resident population, optional (GEP per capita).</param>
/// <param name="RegionName">Name in the title; default: the regions named in gep-units.csv.</param>
/// <param name="ChangeDir">Output folder of <c>gep compare</c> (change split into quantity and price effects), optional.</param>
/// <param name="MapRaster">A unit field taken from a raster in a <c>gep compute --rasters</c> run (e.g. <c>npp_t_c_per_ha</c>, or
/// <c>landcover</c>): its raster is shown as a downsampled preview in the map section. Optional.</param>
public sealed record GepReportRequest(string GepDir, string? ZonesDir, string? PreviousDir, string OutDir, ReportLanguage Language = ReportLanguage.Zh, long? Population = null, string? RegionName = null, string? ChangeDir = null,
    string? MapRaster = null);

/// <summary>The raster layer previewed in the report's map section.</summary>
/// <param name="Field">The unit field it gave.</param>
/// <param name="Raster">The raster and its provenance, as the run recorded them.</param>
/// <param name="Band">The band drawn.</param>
/// <param name="Image">The downsampled picture.</param>
public sealed record MapRasterLayer(string Field, RasterInput Raster, int Band, RasterPreviewImage Image)
{
    /// <summary>Where the raster was read (next to the run's rasters.json), for drawing it under the zone map.</summary>
    public string? FullPath { get; init; }

    /// <summary>A land cover's class names in the report's language (from the class table the run recorded); null for other rasters.</summary>
    public Func<long, string?>? ClassName { get; init; }

    /// <summary>A land cover's class colours as the run recorded them; null for other rasters and for runs that recorded none.</summary>
    public Func<long, EcoLedger.Rasters.RgbColour?>? ClassColour { get; init; }
}

/// <summary>The files a report run wrote.</summary>
/// <param name="Html">report.html.</param>
/// <param name="Xlsx">report.xlsx.</param>
/// <param name="Json">report.json.</param>
/// <param name="Report">The report's figures.</param>
public sealed record GepReportFiles(string Html, string Xlsx, string Json, GepReportModel Report);

/// <summary>
/// <c>report gep</c>: the bureau's GEP report as one self-contained HTML file, a spreadsheet with the same tables and a
/// JSON document of every figure (for pipelines and golden tests). Nothing is computed anew: every figure comes from the
/// result folders, so the report always agrees with them.
/// </summary>
public static class GepReport
{
    /// <summary>The file names written to the output folder.</summary>
    public const string HtmlFile = "report.html", XlsxFile = "report.xlsx", JsonFile = "report.json";

    /// <summary>Reads the folders, builds the report and writes the three files (each through a temporary file).</summary>
    /// <param name="request">What to read and where to write.</param>
    /// <param name="clock">The report's clock.</param>
    /// <param name="onStep">Called before each of the <see cref="Steps"/> steps with its name (progress display), or null.</param>
    public static GepReportFiles Write(GepReportRequest request, TimeProvider clock, Action<string>? onStep = null)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(clock);
        onStep?.Invoke("read result folders");
        var model = Build(request, clock.GetUtcNow());
        OutputPaths.CreateFolder(request.OutDir);
        string html = Path.Combine(request.OutDir, HtmlFile), xlsx = Path.Combine(request.OutDir, XlsxFile), json = Path.Combine(request.OutDir, JsonFile);
        onStep?.Invoke("charts and report.html");
        Html.ReportPage.WriteWithFont(html, GepReportHtml.Render(model));
        onStep?.Invoke("report.xlsx");
        AtomicFile.Write(xlsx, path => GepReportWorkbook.Write(model, path));
        onStep?.Invoke("report.json");
        AtomicFile.Write(json, path => File.WriteAllText(path, model.ToJson().ToJsonString(JsonOptions) + "\n", new UTF8Encoding(false)));
        return new GepReportFiles(html, xlsx, json, model);
    }

    /// <summary>The steps <see cref="Write"/> reports through its callback (for a progress bar's length).</summary>
    public const int Steps = 4;

    private static readonly JsonSerializerOptions JsonOptions = new() { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Reads the folders and assembles the report's figures, charts and text.</summary>
    public static GepReportModel Build(GepReportRequest request, DateTimeOffset generated)
    {
        ArgumentNullException.ThrowIfNull(request);
        // A --previous folder that is the output of gep compare is the change account: the comparison of two years is what
        // the bureau compares with last year, decomposed into quantity and price effects (methodology/change-accounts.md).
        if (request.PreviousDir is { } prev && request.ChangeDir is null && File.Exists(Path.Combine(prev, ChangeAccountFolder.SummaryFile)))
        {
            request = request with { PreviousDir = null, ChangeDir = prev };
        }
        var labels = new Labels(request.Language);
        var gep = GepResultFolder.Read(request.GepDir);
        var zones = request.ZonesDir is null ? null : ZonesResultFolder.Read(request.ZonesDir);
        var previous = request.PreviousDir is null ? null : GepResultFolder.Read(request.PreviousDir);
        if (previous is not null)
        {
            CheckComparable(gep, previous);
        }
        var (parameters, resolved) = EffectiveParameters(gep);

        var inputs = new List<ReportInput>();
        inputs.AddRange(gep.Inputs.Select(i => new ReportInput("data", i.Path, i.Sha256)));
        inputs.AddRange(HashFolder("gep", request.GepDir, [GepResultFolder.SummaryFile, GepResultFolder.UnitsFile, "gep-not-computed.csv", "gep-not-computed-reasons.csv", "gep-warnings.csv"]));
        if (request.ZonesDir is not null)
        {
            inputs.AddRange(HashFolder("zones", request.ZonesDir, [ZonesResultFolder.SummaryFile, ZonesResultFolder.UnitsFile, ZonesResultFolder.ZonesFile]));
        }
        if (request.PreviousDir is not null)
        {
            inputs.AddRange(HashFolder("previous", request.PreviousDir, [GepResultFolder.SummaryFile, GepResultFolder.UnitsFile]));
        }
        var change = request.ChangeDir is null ? null : ChangeAccountFolder.Read(request.ChangeDir);
        if (request.ChangeDir is not null)
        {
            inputs.AddRange(HashFolder("change", request.ChangeDir, [ChangeAccountFolder.SummaryFile, "gep-change-indicators.csv"]));
        }

        if (zones is not null && inputs.FirstOrDefault(i => i.Role == "gep" && Path.GetFileName(i.Path) == GepResultFolder.UnitsFile) is { } gepUnits)
        {
            CheckZonesOf(gep, zones, gepUnits.Sha256);
        }
        if (change is not null)
        {
            CheckChangeEndsAt(gep, change);
        }

        var mapRaster = request.MapRaster is { } field ? MapRaster(gep, field, labels) : null;

        string region = request.RegionName ?? (gep.Regions.Count > 0 ? string.Join(labels.IsZh ? "、" : ", ", gep.Regions) : "");
        return new GepReportModel(labels, generated, region, gep, zones, previous, parameters, resolved, request.Population, inputs) { ChangeAccount = change, MapRaster = mapRaster };
    }

    /// <summary>
    /// Refuses zones marked from another GEP run (another region, another year, a re-run with other inputs): the report would print their
    /// priority areas and shares, and their units' densities in the histogram, as this run's. <c>zones mark</c> records the SHA-256 of the
    /// <c>gep-units.csv</c> it read; zones without the record are taken as they are.
    /// </summary>
    /// <exception cref="ReportInputException">The zones are of another run, naming both folders.</exception>
    internal static void CheckZonesOf(GepResultFolder gep, ZonesResultFolder zones, string gepUnitsSha256)
    {
        if (zones.GepUnitsSha256 is { } marked && !string.Equals(marked, gepUnitsSha256, StringComparison.OrdinalIgnoreCase))
        {
            throw new ReportInputException($"--zones '{zones.Directory}' was marked from another GEP run: the {GepResultFolder.UnitsFile} it read has SHA-256 " +
                $"{marked[..Math.Min(12, marked.Length)]}…, --gep '{gep.Directory}' has {gepUnitsSha256[..12]}…; expected the zones of this run " +
                $"(ecoledger zones mark --units UNITS --gep {gep.Directory} --out DIR).");
        }
    }

    /// <summary>
    /// Refuses a change account whose later run is not this GEP run: its waterfall and table would be shown as this run's change. The
    /// account records the later run's year, units and GEP, which must be this run's.
    /// </summary>
    /// <exception cref="ReportInputException">The account ends at another run, naming both folders.</exception>
    internal static void CheckChangeEndsAt(GepResultFolder gep, ChangeAccountFolder change)
    {
        var ci = CultureInfo.InvariantCulture;
        if (change.ToYear != gep.Year || (change.ToUnits is { } units && units != gep.Units) || (change.ToTotalCny is { } total && total != gep.TotalCny))
        {
            static string Year(int? y) => y?.ToString(CultureInfo.InvariantCulture) ?? "no year";
            throw new ReportInputException($"--change '{change.Directory}' ends at a run of {Year(change.ToYear)}" +
                (change.ToUnits is { } u ? $", {u.ToString("#,0", ci)} units" : "") +
                (change.ToTotalCny is { } t ? $", GEP {t.ToString("#,0.00", ci)} CNY" : "") +
                $"; --gep '{gep.Directory}' is {Year(gep.Year)}, {gep.Units.ToString("#,0", ci)} units, GEP {gep.TotalCny.ToString("#,0.00", ci)} CNY; " +
                $"expected the change account whose later run is this one (ecoledger gep compare --from EARLIER --to {gep.Directory} --out DIR).");
        }
    }

    /// <summary>
    /// Refuses a previous run that cannot be compared with this one: a year missing in either, the same or a later year,
    /// another set of regions, or other accounting units.
    /// </summary>
    /// <exception cref="ReportInputException">The first reason, naming both folders.</exception>
    internal static void CheckComparable(GepResultFolder current, GepResultFolder previous)
    {
        string cur = Path.Combine(current.Directory, GepResultFolder.SummaryFile), prev = Path.Combine(previous.Directory, GepResultFolder.SummaryFile);
        if (previous.Year is not { } py || current.Year is not { } cy)
        {
            string which = previous.Year is null ? prev : cur;
            throw new ReportInputException($"--previous: {which} has no year; expected both runs made with 'gep compute --year', the previous one earlier.");
        }
        if (py >= cy)
        {
            throw new ReportInputException(
                $"--previous: {prev} is the {py} account, {(py == cy ? "the same year as" : "later than")} the {cy} account in {cur}; expected an earlier year.");
        }
        var pr = previous.Regions.Order(StringComparer.Ordinal).ToList();
        var cr = current.Regions.Order(StringComparer.Ordinal).ToList();
        if (!pr.SequenceEqual(cr, StringComparer.Ordinal))
        {
            throw new ReportInputException(
                $"--previous: {prev} accounts the region(s) {string.Join(", ", pr)}, but {cur} accounts {string.Join(", ", cr)}; expected a previous run of the same region.");
        }
        var onlyPrevious = previous.UnitIds.Where(u => !current.UnitIds.Contains(u)).Order(StringComparer.Ordinal).ToList();
        var onlyCurrent = current.UnitIds.Where(u => !previous.UnitIds.Contains(u)).Order(StringComparer.Ordinal).ToList();
        if (onlyPrevious.Count > 0 || onlyCurrent.Count > 0)
        {
            static string List(List<string> ids) => ids.Count == 0 ? "none" : $"{ids.Count} (e.g. {string.Join(", ", ids.Take(3))})";
            throw new ReportInputException(
                $"--previous: {prev} and {cur} account different units: only in the previous run {List(onlyPrevious)}, only in this run {List(onlyCurrent)}; " +
                "expected the same accounting units in both years.");
        }
    }

    /// <summary>
    /// The raster that gave <paramref name="field"/> in the run, read again for a preview: found next to the run's
    /// rasters.json and checked against the SHA-256 the run recorded, so the picture is of the data that was accounted.
    /// </summary>
    /// <exception cref="ReportInputException">The run used no rasters, no raster gave the field, or the raster is missing or changed.</exception>
    internal static MapRasterLayer MapRaster(GepResultFolder gep, string field, Labels labels)
    {
        if (gep.Rasters.Count == 0)
        {
            throw new ReportInputException($"--map-raster {field}: the run in {gep.Directory} used no rasters; expected the output of 'gep compute --rasters'.");
        }
        var raster = gep.Rasters.FirstOrDefault(r => r.Sources.Any(s => s.Field == field))
            ?? throw new ReportInputException($"--map-raster {field}: no raster of the run gave that field; expected one of {string.Join(", ", gep.Rasters.SelectMany(r => r.Sources).Select(s => s.Field))}.");
        string folder = Path.GetDirectoryName(Path.GetFullPath(gep.RasterConfigPath ?? ".")) ?? ".";
        string path = Path.Combine(folder, raster.Path);
        if (!File.Exists(path))
        {
            throw new ReportInputException($"--map-raster {field}: raster '{raster.Path}' not found at {path} (next to the run's {gep.RasterConfigPath ?? "rasters.json"}).");
        }
        string sha = Sha256(path);
        if (!string.Equals(sha, raster.Sha256, StringComparison.OrdinalIgnoreCase))
        {
            throw new ReportInputException($"--map-raster {field}: {path} has changed since the run (SHA-256 {sha}, the run read {raster.Sha256}); expected the raster that was accounted.");
        }
        var source = raster.Sources.First(s => s.Field == field);
        int band = source.Band;
        // A land cover's legend names its classes in the report's language (the English name where the table has no Chinese
        // one), with the code stored in the file, so a reader sees the class and an auditor the pixel value.
        Func<long, string?>? className = source.ClassNames.Count == 0 ? null
            : code => source.ClassNames.TryGetValue(code, out var n)
                ? (labels.IsZh ? $"{n.Zh ?? n.En}（{code.ToString(CultureInfo.InvariantCulture)}）" : $"{n.En} ({code.ToString(CultureInfo.InvariantCulture)})")
                : null;
        // Its classes are drawn in the colours the run recorded (the producer's legend where the table gives it, else the
        // ecosystem's), so the report shows what the table said at the time; a summary from before colours were recorded
        // keeps the generic palette.
        Func<long, EcoLedger.Rasters.RgbColour?>? classColour = source.ClassNames.Values.Any(n => n.Colour is not null)
            ? code => source.ClassNames.TryGetValue(code, out var n) ? n.Colour : null
            : null;
        try
        {
            return new MapRasterLayer(field, raster, band, RasterPreview.Render(path, band, className: className, classColour: classColour))
            {
                FullPath = path,
                ClassName = className,
                ClassColour = classColour,
            };
        }
        catch (EcoLedger.Rasters.RasterInputException e)
        {
            throw new ReportInputException($"--map-raster {field}: {e.Message}");
        }
    }

    private static IEnumerable<ReportInput> HashFolder(string role, string dir, string[] files) =>
        files.Select(f => Path.Combine(dir, f)).Where(File.Exists).Select(p => new ReportInput(role, p, Sha256(p)));

    private static string Sha256(string path)
    {
        using var s = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(s));
    }

    /// <summary>
    /// The parameter table of the run as it computed with it (<see cref="PublishedParameters"/>, with the prices converted when the run
    /// was at one price year). False when the run's version cannot be reconstructed.
    /// </summary>
    private static (ParameterSet Parameters, bool Resolved) EffectiveParameters(GepResultFolder gep)
    {
        // A run at one price year (gep compute --price-year) used its table with every price converted: version "<table>@<series>-<year>".
        // That table is rebuilt from the conversions gep-summary.json records, so the report shows the prices the figures were
        // computed with (a reader multiplying a quantity by the listed price gets the listed value), not the published ones.
        int at = gep.ParametersVersion.IndexOf('@', StringComparison.Ordinal);
        if (at >= 0 && gep.PriceSeries is { } series && gep.PriceBasisYear is { } year)
        {
            var (published, resolved) = PublishedParameters(gep, gep.ParametersVersion[..at]);
            var recorded = gep.PriceConversions.ToDictionary(c => c.Key, c => (c.Original, c.Converted), StringComparer.Ordinal);
            if (resolved && published.WithRecordedConversions(series, year, recorded, out _) is { } converted && converted.Version == gep.ParametersVersion)
            {
                return (converted, true);
            }
            return (ParameterSet.Defaults(), false);
        }
        return PublishedParameters(gep, gep.ParametersVersion);
    }

    /// <summary>
    /// The parameter table of <paramref name="version"/> as published: the defaults, or the defaults with the run's override file applied
    /// when the run used one and the file is still there with the same hash. False when that version cannot be reconstructed.
    /// </summary>
    private static (ParameterSet Parameters, bool Resolved) PublishedParameters(GepResultFolder gep, string version)
    {
        var defaults = ParameterSet.Defaults();
        if (version == defaults.Version)
        {
            return (defaults, true);
        }
        foreach (var input in gep.Inputs.Where(i => i.Path.EndsWith(".json", StringComparison.OrdinalIgnoreCase) && !i.Path.EndsWith(".geojson", StringComparison.OrdinalIgnoreCase)))
        {
            if (!File.Exists(input.Path) || Sha256(input.Path) != input.Sha256)
            {
                continue;
            }
            using var s = File.OpenRead(input.Path);
            var set = defaults.WithOverrides(input.Path, s, out var problems);
            if (problems.Count == 0 && set.Version == version)
            {
                return (set, true);
            }
        }
        return (defaults, false);
    }
}

/// <summary>A file the report rests on.</summary>
/// <param name="Role">data (the accounting inputs), gep, zones or previous.</param>
/// <param name="Path">Path as given.</param>
/// <param name="Sha256">Lower-case hex SHA-256.</param>
public sealed record ReportInput(string Role, string Path, string Sha256);

/// <summary>One row of the indicator table.</summary>
/// <param name="Code">Indicator code.</param>
/// <param name="Name">Name in the report language.</param>
/// <param name="NameZh">Chinese name.</param>
/// <param name="NameEn">English name.</param>
/// <param name="Category">Category code.</param>
/// <param name="Quantity">Physical quantity, null when not a single unit.</param>
/// <param name="QuantityUnit">Its unit.</param>
/// <param name="ValueCny">Value.</param>
/// <param name="Share">Share of GEP.</param>
/// <param name="Units">Units computed.</param>
/// <param name="Method">Valuation method (from the methodology document).</param>
/// <param name="Formula">Formula as implemented.</param>
/// <param name="Parameters">The parameters it reads, with their values and sources.</param>
/// <param name="Document">Methodology document path.</param>
public sealed record IndicatorRow(string Code, string Name, string NameZh, string NameEn, string Category, double? Quantity, string QuantityUnit,
    decimal ValueCny, decimal Share, int Units, string Method, string Formula, IReadOnlyList<Parameter> Parameters, string Document);

/// <summary>The change of one indicator between two runs.</summary>
/// <param name="Code">Indicator code.</param>
/// <param name="Previous">Earlier value.</param>
/// <param name="Current">This run's value.</param>
/// <param name="PreviousComputed">False when the previous run computed the indicator for no unit.</param>
/// <param name="CurrentComputed">False when this run computed the indicator for no unit.</param>
public sealed record IndicatorChange(string Code, decimal Previous, decimal Current, bool PreviousComputed = true, bool CurrentComputed = true)
{
    /// <summary>Current − previous.</summary>
    public decimal Difference => Current - Previous;

    /// <summary>True when both runs computed the indicator, so a change in percent means something.</summary>
    public bool Comparable => PreviousComputed && CurrentComputed;
}

/// <summary>Every figure of a GEP report, computed once from the result folders, for the HTML, the workbook and the JSON.</summary>
public sealed class GepReportModel
{
    internal GepReportModel(Labels labels, DateTimeOffset generated, string region, GepResultFolder gep, ZonesResultFolder? zones,
        GepResultFolder? previous, ParameterSet parameters, bool parametersResolved, long? population, IReadOnlyList<ReportInput> inputs)
    {
        Labels = labels;
        Generated = generated;
        Region = region;
        Gep = gep;
        Zones = zones;
        Previous = previous;
        Parameters = parameters;
        ParametersResolved = parametersResolved;
        Population = population;
        Inputs = inputs;
        decimal total = gep.TotalCny;
        Indicators = gep.Indicators.Select(t =>
        {
            var ind = GepIndicators.All.FirstOrDefault(i => i.Code == t.Code);
            return new IndicatorRow(t.Code, labels.Indicator(t.Code), ind?.NameZh ?? t.Code, ind?.NameEn ?? t.Code, t.Category, t.Quantity,
                t.QuantityUnit, t.ValueCny, Share(t.ValueCny, total), t.Units, labels.Method(t.Code, Methodology.ValuationMethod(t.Code)), ind?.Formula ?? "",
                ind is null ? [] : ParametersOf(ind, parameters), ind?.DocumentPath ?? "");
        }).ToList();
        if (previous is not null)
        {
            // Every indicator of either run; one that a run computed for no unit is "not computed" there, not zero.
            var codes = gep.Indicators.Select(t => t.Code).Concat(previous.Indicators.Select(t => t.Code)).Distinct(StringComparer.Ordinal);
            Changes = codes.Select(code =>
            {
                var p = previous.Indicators.FirstOrDefault(t => t.Code == code);
                var c = gep.Indicators.FirstOrDefault(t => t.Code == code);
                return new IndicatorChange(code, p?.ValueCny ?? 0m, c?.ValueCny ?? 0m, p is { Units: > 0 }, c is { Units: > 0 });
            }).Where(ch => ch.PreviousComputed || ch.CurrentComputed).ToList();
        }
        Summary = GepSummaryText.Write(this);
    }

    /// <summary>The change account of <c>gep compare</c> (quantity and price effects), when one was given.</summary>
    public ChangeAccountFolder? ChangeAccount { get; init; }

    /// <summary>The raster layer previewed in the map section, or null.</summary>
    public MapRasterLayer? MapRaster { get; init; }

    /// <summary>The labels of the report language.</summary>
    public Labels Labels { get; }

    /// <summary>When the report was made.</summary>
    public DateTimeOffset Generated { get; }

    /// <summary>Region name(s).</summary>
    public string Region { get; }

    /// <summary>The GEP run.</summary>
    public GepResultFolder Gep { get; }

    /// <summary>The zoning run, when given.</summary>
    public ZonesResultFolder? Zones { get; }

    /// <summary>The earlier GEP run, when given.</summary>
    public GepResultFolder? Previous { get; }

    /// <summary>The effective parameter table.</summary>
    public ParameterSet Parameters { get; }

    /// <summary>False when the run's parameter version could not be reconstructed (the defaults are shown, with a note).</summary>
    public bool ParametersResolved { get; }

    /// <summary>
    /// The price year of a parameter as the report shows it: for a price the run converted to its price year, that year and where the
    /// value came from (the published price, its year and the index factor), so the listed value can be traced to the published one.
    /// </summary>
    public string? PriceYearOf(Parameter parameter)
    {
        ArgumentNullException.ThrowIfNull(parameter);
        var c = ParametersResolved ? Gep.PriceConversions.FirstOrDefault(c => c.Key == parameter.Key) : null;
        return c is null ? parameter.PriceYear
            : Labels.Format("gep.price_converted", parameter.PriceYear ?? "", c.PriceYear, Labels.Number(c.Original), c.Factor.ToString(System.Globalization.CultureInfo.InvariantCulture), Gep.PriceSeries?.ToUpperInvariant() ?? "");
    }

    /// <summary>Population, when given.</summary>
    public long? Population { get; }

    /// <summary>Input files with hashes.</summary>
    public IReadOnlyList<ReportInput> Inputs { get; }

    /// <summary>Indicator table rows, in catalogue order.</summary>
    public IReadOnlyList<IndicatorRow> Indicators { get; }

    /// <summary>Changes by indicator, when a previous run was given.</summary>
    public IReadOnlyList<IndicatorChange>? Changes { get; }

    /// <summary>The plain-language summary paragraph.</summary>
    public string Summary { get; }

    /// <summary>The report title.</summary>
    public string Title => Labels.Format("gep.title",
        Labels.IsZh ? Region + (Gep.Year is { } y ? $"{y}年" : "") : Region + (Gep.Year is { } ye ? $", {ye}" : ""));

    /// <summary>GEP per person.</summary>
    public decimal? PerCapitaCny => Population is > 0 ? Math.Round(Gep.TotalCny / Population.Value, 2, MidpointRounding.AwayFromZero) : null;

    /// <summary>Regulating services' share of GEP.</summary>
    public decimal RegulatingShare => Share(Gep.ByCategory.GetValueOrDefault("regulating"), Gep.TotalCny);

    /// <summary>Unit densities for the histogram (from the zoning run).</summary>
    public IReadOnlyList<decimal> UnitDensities => Zones?.Units.Select(u => u.DensityCnyPerKm2).ToList() ?? [];

    /// <summary>The priority threshold (top tier, default 5,000,000 yuan/km²).</summary>
    public decimal PriorityThreshold => Zones?.Tiers.Max(t => t.ThresholdCnyPerKm2) ?? 5_000_000m;

    /// <summary>A share rounded to six places (0 when the whole is 0).</summary>
    public static decimal Share(decimal part, decimal whole) => whole == 0 ? 0m : Math.Round(part / whole, 6, MidpointRounding.AwayFromZero);

    private static List<Parameter> ParametersOf(GepIndicator indicator, ParameterSet parameters)
    {
        var list = new List<Parameter>();
        foreach (string key in indicator.ParameterKeys)
        {
            if (key.EndsWith(".*", StringComparison.Ordinal))
            {
                string prefix = key[..^1];
                list.AddRange(parameters.All.Where(p => p.Key.StartsWith(prefix, StringComparison.Ordinal)));
            }
            else if (parameters.All.FirstOrDefault(p => p.Key == key) is { } p)
            {
                list.Add(p);
            }
        }
        return list;
    }

    /// <summary>The report's figures as JSON (no images): what the golden test compares and pipelines read.</summary>
    public JsonObject ToJson()
    {
        var gep = Gep;
        var o = new JsonObject
        {
            ["report"] = "gep",
            ["language"] = Labels.IsZh ? "zh" : "en",
            ["generated_at"] = Generated.ToString("O", CultureInfo.InvariantCulture),
            ["title"] = Title,
            ["region"] = Region,
            ["year"] = gep.Year,
            ["parameters_version"] = gep.ParametersVersion,
            ["parameters_resolved"] = ParametersResolved,
            ["currency"] = "CNY",
            ["headline"] = new JsonObject
            {
                ["gep_cny"] = gep.TotalCny,
                ["units"] = gep.Units,
                ["area_km2"] = gep.AreaKm2,
                ["gep_per_km2_cny"] = gep.DensityCnyPerKm2,
                ["population"] = Population,
                ["gep_per_capita_cny"] = PerCapitaCny,
                ["regulating_share"] = RegulatingShare,
            },
            ["summary"] = Summary,
            ["by_category"] = new JsonArray(gep.ByCategory.Select(kv => (JsonNode)new JsonObject
            {
                ["category"] = kv.Key,
                ["name"] = Labels.Category(kv.Key),
                ["value_cny"] = kv.Value,
                ["share"] = Share(kv.Value, gep.TotalCny),
            }).ToArray()),
            ["indicators"] = new JsonArray(Indicators.Select(r => (JsonNode)new JsonObject
            {
                ["code"] = r.Code,
                ["name_zh"] = r.NameZh,
                ["name_en"] = r.NameEn,
                ["category"] = r.Category,
                ["quantity"] = r.Quantity,
                ["quantity_unit"] = r.QuantityUnit.Length > 0 ? r.QuantityUnit : null,
                ["value_cny"] = r.ValueCny,
                ["share"] = r.Share,
                ["units"] = r.Units,
                ["method"] = r.Method,
                ["formula"] = r.Formula,
                ["parameters"] = new JsonArray(r.Parameters.Select(p => (JsonNode)new JsonObject
                {
                    ["key"] = p.Key,
                    ["value"] = p.Value,
                    ["unit"] = p.Unit,
                    ["source"] = p.Source,
                }).ToArray()),
                ["document"] = r.Document,
            }).ToArray()),
            ["by_ecosystem"] = new JsonArray(gep.Ecosystems.Select(e => (JsonNode)new JsonObject
            {
                ["ecosystem"] = e.Code,
                ["name"] = Labels.Ecosystem(e.Code),
                ["units"] = e.Units,
                ["area_km2"] = e.AreaKm2,
                ["value_cny"] = e.ValueCny,
                ["density_cny_per_km2"] = e.DensityCnyPerKm2,
                ["by_category"] = new JsonObject(e.ByCategory.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => KeyValuePair.Create(kv.Key, (JsonNode?)JsonValue.Create(kv.Value)))),
            }).ToArray()),
            ["not_computed"] = new JsonArray(gep.NotComputed.Select(g => (JsonNode)new JsonObject
            {
                ["code"] = g.Code,
                ["indicator"] = g.Indicator,
                ["reason"] = g.Reason,
                ["units"] = g.Units,
            }).ToArray()),
        };
        if (gep.Rasters.Count > 0)
        {
            // Written only for a raster run, so the document of a run from unit attributes keeps its shape.
            o["rasters"] = new JsonArray([.. gep.Rasters.Select(r => (JsonNode)new JsonObject
            {
                ["path"] = r.Path,
                ["sha256"] = r.Sha256,
                ["crs"] = r.Crs,
                ["size"] = r.Size,
                ["sources"] = new JsonArray([.. r.Sources.Select(x => (JsonNode)new JsonObject { ["field"] = x.Field, ["band"] = x.Band, ["statistic"] = x.Statistic, ["conversion"] = x.Conversion })]),
            })]);
        }
        if (MapRaster is { } layer)
        {
            o["map_raster"] = new JsonObject
            {
                ["field"] = layer.Field,
                ["path"] = layer.Raster.Path,
                ["sha256"] = layer.Raster.Sha256,
                ["band"] = layer.Band,
                ["width_px"] = layer.Image.Width,
                ["height_px"] = layer.Image.Height,
                ["step"] = layer.Image.Step,
                ["categorical"] = layer.Image.Categorical,
                ["legend"] = new JsonArray([.. layer.Image.Legend.Select(x => (JsonNode)new JsonObject { ["colour"] = x.Colour, ["label"] = x.Label })]),
            };
        }
        if (Zones is { } z)
        {
            var (edges, counts) = ChartFactory.Bins(UnitDensities.Select(d => (double)d).ToList(), (double)PriorityThreshold);
            o["zones"] = new JsonObject
            {
                ["basis"] = z.Basis,
                ["tiers"] = new JsonArray(z.Tiers.Select(t => (JsonNode)new JsonObject { ["name"] = t.Name, ["threshold_cny_per_km2"] = t.ThresholdCnyPerKm2 }).ToArray()),
                ["zone_count"] = z.Zones.Count,
                ["priority_area_km2"] = z.PriorityAreaKm2,
                ["priority_value_cny"] = z.PriorityValueCny,
                ["priority_share_of_area"] = z.PriorityShareOfArea,
                ["priority_share_of_value"] = z.PriorityShareOfValue,
                ["density_histogram"] = new JsonObject
                {
                    ["edges_cny_per_km2"] = new JsonArray(edges.Select(e => (JsonNode?)JsonValue.Create(Math.Round(e, 2))).ToArray()),
                    ["counts"] = new JsonArray(counts.Select(c => (JsonNode?)JsonValue.Create(c)).ToArray()),
                },
            };
        }
        if (Changes is { } changes && Previous is { } prev)
        {
            o["change"] = new JsonObject
            {
                ["previous_year"] = prev.Year,
                ["previous_gep_cny"] = prev.TotalCny,
                ["gep_cny"] = gep.TotalCny,
                ["difference_cny"] = gep.TotalCny - prev.TotalCny,
                ["by_indicator"] = new JsonArray(changes.Select(c => (JsonNode)new JsonObject
                {
                    ["indicator"] = c.Code,
                    ["previous_cny"] = c.PreviousComputed ? c.Previous : null,
                    ["current_cny"] = c.CurrentComputed ? c.Current : null,
                    ["difference_cny"] = c.Comparable ? c.Difference : null,
                    ["previous_computed"] = c.PreviousComputed,
                    ["current_computed"] = c.CurrentComputed,
                }).ToArray()),
            };
        }
        o["inputs"] = new JsonArray(Inputs.Select(i => (JsonNode)new JsonObject { ["role"] = i.Role, ["path"] = i.Path, ["sha256"] = i.Sha256 }).ToArray());
        return o;
    }
}
