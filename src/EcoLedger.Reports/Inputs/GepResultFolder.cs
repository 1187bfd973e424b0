using System.Globalization;
using System.Text.Json;
using EcoLedger.IO;
using EcoLedger.Valuation.Files;
using EcoLedger.Valuation.Indicators;

namespace EcoLedger.Reports.Inputs;

/// <summary>One indicator's totals as <c>gep-summary.json</c> gives them.</summary>
/// <param name="Code">Indicator code.</param>
/// <param name="Category">Service category code.</param>
/// <param name="Quantity">Summed physical quantity, null for mixed units.</param>
/// <param name="QuantityUnit">Its unit, empty when none.</param>
/// <param name="ValueCny">Summed value.</param>
/// <param name="Units">Units with a computed row.</param>
public sealed record IndicatorTotals(string Code, string Category, double? Quantity, string QuantityUnit, decimal ValueCny, int Units);

/// <summary>One ecosystem's totals, with its value split by service category (from <c>gep-units.csv</c>).</summary>
/// <param name="Code">Ecosystem code.</param>
/// <param name="Units">Number of units.</param>
/// <param name="AreaKm2">Area.</param>
/// <param name="ValueCny">Value.</param>
/// <param name="DensityCnyPerKm2">Value per km².</param>
/// <param name="ByCategory">Value per service category code.</param>
public sealed record EcosystemTotals(string Code, int Units, double AreaKm2, decimal ValueCny, decimal DensityCnyPerKm2, IReadOnlyDictionary<string, decimal> ByCategory);

/// <summary>A group of not-computed unit × indicator items.</summary>
/// <param name="Indicator">Indicator code.</param>
/// <param name="Reason">Why.</param>
/// <param name="Units">How many units.</param>
/// <param name="Examples">The first unit ids.</param>
/// <param name="Code">The reason code the lines of gep-not-computed.csv carry; null in a result written before codes.</param>
public sealed record NotComputedGroup(string Indicator, string Reason, int Units, IReadOnlyList<string> Examples, string? Code = null);

/// <summary>A monitoring raster of a run (<c>gep compute --rasters</c>), with its provenance from gep-summary.json.</summary>
/// <param name="Path">The raster as written in rasters.json (relative to its folder).</param>
/// <param name="Sha256">SHA-256 of the raster the run read.</param>
/// <param name="Crs">Its CRS as described by the run; empty in a summary written before it was recorded.</param>
/// <param name="Size">Width × height in pixels; empty when not recorded.</param>
/// <param name="Sources">Per unit field: the field, the band, the statistic, scale, offset and unit.</param>
public sealed record RasterInput(string Path, string Sha256, string Crs, string Size, IReadOnlyList<RasterFieldProvenance> Sources);

/// <summary>How one unit field was taken from a raster.</summary>
/// <param name="Field">The unit input field (or <c>landcover</c>).</param>
/// <param name="Band">Band number, from 1.</param>
/// <param name="Statistic">Zonal statistic.</param>
/// <param name="Conversion">Scale, offset and units in words, e.g. <c>× 0.0001 kg C/m2/yr → t C/ha/yr</c>; empty when not recorded.</param>
public sealed record RasterFieldProvenance(string Field, int Band, string Statistic, string Conversion)
{
    /// <summary>For a land cover: each class code's name and colour as the run recorded them; empty otherwise.</summary>
    public IReadOnlyDictionary<long, RecordedClass> ClassNames { get; init; } = new Dictionary<long, RecordedClass>();
}

/// <summary>A land-cover class as a <c>gep compute --rasters</c> run recorded it (<c>class_names</c> in gep-summary.json).</summary>
/// <param name="En">The class name.</param>
/// <param name="Zh">The Chinese name, or null when the class table gives none.</param>
/// <param name="Colour">The colour the class is drawn in (the table's, else its ecosystem's), or null in a summary written
/// before colours were recorded.</param>
/// <param name="ColourSource"><c>table</c> (the class table's colour column) or <c>ecosystem</c> (EcoLedger's ecosystem palette); empty when not recorded.</param>
public sealed record RecordedClass(string En, string? Zh, EcoLedger.Rasters.RgbColour? Colour, string ColourSource);

/// <summary>An input file named in a result, with its hash.</summary>
/// <param name="Path">The path as the run recorded it.</param>
/// <param name="Sha256">Lower-case hex SHA-256.</param>
public sealed record InputFile(string Path, string Sha256);

/// <summary>The output folder of <c>gep compute</c>, read back: the summary plus the per-ecosystem category split.</summary>
public sealed class GepResultFolder
{
    /// <summary>The files a report reads from the folder.</summary>
    public const string SummaryFile = "gep-summary.json", UnitsFile = "gep-units.csv";

    private GepResultFolder(string dir) => Directory = dir;

    /// <summary>The folder.</summary>
    public string Directory { get; }

    /// <summary>Accounting year, when the run was given one.</summary>
    public int? Year { get; private set; }

    /// <summary>Parameter table version.</summary>
    public string ParametersVersion { get; private set; } = "";

    /// <summary>The price basis of a run made with --price-year (e.g. <c>constant 2024 prices</c>), else null (prices as published).</summary>
    public string? PriceBasis { get; private set; }

    /// <summary>The kind of <see cref="PriceBasis"/>: <c>constant</c> or <c>current</c> (the summary's <c>prices.basis</c>), else null.</summary>
    public string? PriceBasisKind { get; private set; }

    /// <summary>The price year of <see cref="PriceBasis"/> (the summary's <c>prices.price_year</c>), else null.</summary>
    public int? PriceBasisYear { get; private set; }

    /// <summary>The index series the run's prices were converted by (the summary's <c>prices.index.series</c>, e.g. <c>cpi</c>), else null.</summary>
    public string? PriceSeries { get; private set; }

    /// <summary>
    /// Each price the run converted to <see cref="PriceBasisYear"/> (the summary's <c>prices.conversions</c>): its own price year, the
    /// published value, the factor and the value the run used. Empty for prices as published.
    /// </summary>
    public IReadOnlyList<RecordedPriceConversion> PriceConversions { get; private set; } = [];

    /// <summary>The price basis in the report's language (<see cref="Labels.PriceBasis"/>), or null for prices as published.</summary>
    public string? PriceBasisIn(Labels l) => PriceBasis is { } english ? l.PriceBasis(PriceBasisKind, PriceBasisYear, PriceYears.Keys, english) : null;

    /// <summary>GEP's P5, P50 and P95 over the Monte Carlo draws of a run made with --uncertainty, with the draws and seed; else null.</summary>
    public (decimal P5, decimal P50, decimal P95, int Draws, int Seed)? GepInterval { get; private set; }

    /// <summary>P5 and P95 of each indicator's value over the Monte Carlo draws (CNY), when the run had <c>--uncertainty</c>.</summary>
    public IReadOnlyDictionary<string, (decimal P5, decimal P95)> IndicatorIntervals { get; private set; } = new Dictionary<string, (decimal, decimal)>();

    /// <summary>The distributions the Monte Carlo drew from (key, distribution, Spearman ρ with GEP, justification), when the run had them.</summary>
    public IReadOnlyList<(string Key, string Distribution, double Rho, string Justification)> UncertaintyParameters { get; private set; } = [];

    /// <summary>The method profile the run followed (title and version), when the run recorded one.</summary>
    public (string Code, string Title, string Version)? Method { get; private set; }

    /// <summary>Price year → the price parameters stated in it, as the run recorded them (empty for older runs).</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> PriceYears { get; private set; } = new Dictionary<string, IReadOnlyList<string>>();

    /// <summary>True when the account mixes prices of more than one price year (not converted to one).</summary>
    public bool MixedPriceYears { get; private set; }

    /// <summary>The run's inputs and their hashes.</summary>
    public IReadOnlyList<InputFile> Inputs { get; private set; } = [];

    /// <summary>Number of units.</summary>
    public int Units { get; private set; }

    /// <summary>Area accounted.</summary>
    public double AreaKm2 { get; private set; }

    /// <summary>GEP.</summary>
    public decimal TotalCny { get; private set; }

    /// <summary>GEP per km².</summary>
    public decimal DensityCnyPerKm2 { get; private set; }

    /// <summary>Value per service category code (provisioning, regulating, cultural).</summary>
    public IReadOnlyDictionary<string, decimal> ByCategory { get; private set; } = new Dictionary<string, decimal>();

    /// <summary>Totals per indicator, in catalogue order.</summary>
    public IReadOnlyList<IndicatorTotals> Indicators { get; private set; } = [];

    /// <summary>Totals per ecosystem.</summary>
    public IReadOnlyList<EcosystemTotals> Ecosystems { get; private set; } = [];

    /// <summary>Not-computed groups.</summary>
    public IReadOnlyList<NotComputedGroup> NotComputed { get; private set; } = [];

    /// <summary>The monitoring rasters of a <c>gep compute --rasters</c> run; empty for a run from unit attributes.</summary>
    public IReadOnlyList<RasterInput> Rasters { get; private set; } = [];

    /// <summary>The rasters.json of the run (raster paths are relative to its folder), or null.</summary>
    public string? RasterConfigPath { get; private set; }

    /// <summary>How the run's zonal statistics weighed pixels: <c>exact</c> (covered fractions) or <c>centre</c>; null when not recorded.</summary>
    public string? RasterCoverage { get; private set; }

    private static RasterInput ReadRaster(JsonElement r)
    {
        string Text(JsonElement e, string name) => e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() ?? "" : "";
        var sources = new List<RasterFieldProvenance>();
        if (r.TryGetProperty("sources", out var list) && list.ValueKind == JsonValueKind.Array)
        {
            foreach (var s in list.EnumerateArray())
            {
                string conversion = "";
                if (s.TryGetProperty("scale", out var scale))
                {
                    double offset = s.TryGetProperty("offset", out var o) ? o.GetDouble() : 0;
                    conversion = string.Create(CultureInfo.InvariantCulture, $"× {scale.GetDouble():R}{(offset != 0 ? $" + {offset:R}" : "")} {Text(s, "unit")} → {Text(s, "field_unit")}");
                }
                else if (Text(s, "classes") is { Length: > 0 } classes)
                {
                    conversion = classes;
                }
                var names = new Dictionary<long, RecordedClass>();
                if (s.TryGetProperty("class_names", out var classNames) && classNames.ValueKind == JsonValueKind.Object)
                {
                    foreach (var c in classNames.EnumerateObject())
                    {
                        if (long.TryParse(c.Name, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long code))
                        {
                            names[code] = new RecordedClass(Text(c.Value, "en"), Text(c.Value, "zh") is { Length: > 0 } zh ? zh : null,
                                EcoLedger.Rasters.RgbColour.TryParse(Text(c.Value, "colour")), Text(c.Value, "colour_source"));
                        }
                    }
                }
                sources.Add(new RasterFieldProvenance(Text(s, "field"), s.TryGetProperty("band", out var b) ? b.GetInt32() : 1, Text(s, "statistic"), conversion) { ClassNames = names });
            }
        }
        else
        {
            // A summary written before the sources were recorded: the fields alone.
            sources.AddRange(r.GetProperty("fields").EnumerateArray().Select(f => new RasterFieldProvenance(f.GetString() ?? "", 1, "", "")));
        }
        return new RasterInput(Text(r, "path"), Text(r, "sha256"), Text(r, "crs"), Text(r, "size"), sources);
    }

    /// <summary>File-level warnings.</summary>
    public IReadOnlyList<string> Warnings { get; private set; } = [];

    /// <summary>Warning counts per indicator.</summary>
    public IReadOnlyDictionary<string, int> WarningsByIndicator { get; private set; } = new Dictionary<string, int>();

    /// <summary>The regions named in gep-units.csv, in order of first appearance.</summary>
    public IReadOnlyList<string> Regions { get; private set; } = [];

    /// <summary>The unit ids of gep-units.csv.</summary>
    public IReadOnlySet<string> UnitIds { get; private set; } = new HashSet<string>();

    /// <summary>Reads a folder; throws <see cref="ReportInputException"/> with the file and the expectation when it is not a gep compute output.</summary>
    public static GepResultFolder Read(string dir)
    {
        string summaryPath = Path.Combine(dir, SummaryFile);
        if (!File.Exists(summaryPath))
        {
            throw new ReportInputException($"{summaryPath}: file not found; expected the output folder of 'gep compute'.");
        }
        var r = new GepResultFolder(dir);
        byte[] utf8 = File.ReadAllBytes(summaryPath);
        try
        {
            using var doc = JsonDocument.Parse(utf8);
            r.ReadSummary(doc.RootElement);
        }
        catch (JsonException e) when (JsonErrorPosition.IsSyntaxError(e))
        {
            throw new ReportInputException($"{summaryPath}: {JsonErrorPosition.Describe(e, utf8)}");
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            throw new ReportInputException($"{summaryPath}: not a gep-summary.json document ({e.Message}).");
        }
        r.ReadUnits(Path.Combine(dir, UnitsFile));
        return r;
    }

    private void ReadSummary(JsonElement root)
    {
        Year = root.TryGetProperty("year", out var y) && y.ValueKind == JsonValueKind.Number ? y.GetInt32() : null;
        ParametersVersion = root.GetProperty("parameters_version").GetString() ?? "";
        // Runs before method profiles and price years were recorded have neither member: the report then says nothing of them.
        if (root.TryGetProperty("method", out var method) && method.ValueKind == JsonValueKind.Object)
        {
            Method = (method.GetProperty("profile").GetString() ?? "", method.GetProperty("title").GetString() ?? "", method.GetProperty("version").GetString() ?? "");
        }
        if (root.TryGetProperty("price_years", out var years) && years.ValueKind == JsonValueKind.Object)
        {
            PriceYears = years.EnumerateObject().ToDictionary(p => p.Name,
                p => (IReadOnlyList<string>)p.Value.EnumerateArray().Select(k => k.GetString() ?? "").ToList(), StringComparer.Ordinal);
        }
        MixedPriceYears = root.TryGetProperty("mixed_price_years", out var mixed) && mixed.ValueKind == JsonValueKind.True;
        if (root.TryGetProperty("prices", out var prices) && prices.ValueKind == JsonValueKind.Object && prices.TryGetProperty("label", out var label))
        {
            PriceBasis = label.GetString();
            PriceBasisKind = prices.TryGetProperty("basis", out var kind) ? kind.GetString() : null;
            PriceBasisYear = prices.TryGetProperty("price_year", out var py) && py.ValueKind == JsonValueKind.Number ? py.GetInt32() : null;
            PriceSeries = prices.TryGetProperty("index", out var index) && index.ValueKind == JsonValueKind.Object && index.TryGetProperty("series", out var series)
                ? series.GetString() : null;
            if (prices.TryGetProperty("conversions", out var conversions) && conversions.ValueKind == JsonValueKind.Array)
            {
                PriceConversions = [.. conversions.EnumerateArray().Select(c => new RecordedPriceConversion(c.GetProperty("key").GetString() ?? "",
                    c.GetProperty("price_year").GetInt32(), c.GetProperty("value").GetDecimal(), c.GetProperty("factor").GetDecimal(), c.GetProperty("converted").GetDecimal()))];
            }
        }
        if (root.TryGetProperty("uncertainty", out var mc) && mc.ValueKind == JsonValueKind.Object && mc.TryGetProperty("total", out var interval))
        {
            GepInterval = (interval.GetProperty("p5_cny").GetDecimal(), interval.GetProperty("p50_cny").GetDecimal(), interval.GetProperty("p95_cny").GetDecimal(),
                mc.GetProperty("draws").GetInt32(), mc.GetProperty("seed").GetInt32());
            if (mc.TryGetProperty("by_indicator", out var byIndicator) && byIndicator.ValueKind == JsonValueKind.Object)
            {
                IndicatorIntervals = byIndicator.EnumerateObject().ToDictionary(p => p.Name,
                    p => (p.Value.GetProperty("p5_cny").GetDecimal(), p.Value.GetProperty("p95_cny").GetDecimal()), StringComparer.Ordinal);
            }
            if (mc.TryGetProperty("parameters", out var drawn) && drawn.ValueKind == JsonValueKind.Array)
            {
                UncertaintyParameters = [.. drawn.EnumerateArray().Select(p => (p.GetProperty("key").GetString() ?? "", p.GetProperty("distribution").GetString() ?? "",
                    p.GetProperty("spearman_rho_with_gep").GetDouble(), p.GetProperty("justification").GetString() ?? ""))];
            }
        }
        Inputs = root.GetProperty("inputs").EnumerateArray()
            .Select(i => new InputFile(i.GetProperty("path").GetString() ?? "", i.GetProperty("sha256").GetString() ?? "")).ToList();
        // A run from monitoring rasters (gep compute --rasters) lists each raster with the unit fields it gave.
        if (root.TryGetProperty("rasters", out var rasters) && rasters.ValueKind == JsonValueKind.Array)
        {
            Rasters = [.. rasters.EnumerateArray().Select(ReadRaster)];
            if (root.TryGetProperty("raster_config", out var config) && config.TryGetProperty("path", out var configPath))
            {
                RasterConfigPath = configPath.GetString();
                RasterCoverage = config.TryGetProperty("coverage", out var coverage) ? coverage.GetString() : null;
                // The configuration decides which raster, band, statistic and conversion give each field: it is an input of the figures.
                if (config.TryGetProperty("sha256", out var configSha))
                {
                    Inputs = [.. Inputs, new InputFile(RasterConfigPath ?? "", configSha.GetString() ?? "")];
                }
            }
            Inputs = [.. Inputs, .. rasters.EnumerateArray().Select(r => new InputFile(
                $"{r.GetProperty("path").GetString()} → {string.Join(", ", r.GetProperty("fields").EnumerateArray().Select(f => f.GetString()))}",
                r.GetProperty("sha256").GetString() ?? ""))];
            // So is the land-cover class table, against which the units' ecosystems were checked.
            Inputs = [.. Inputs, .. rasters.EnumerateArray().Where(r => r.TryGetProperty("sources", out var list) && list.ValueKind == JsonValueKind.Array)
                .SelectMany(r => r.GetProperty("sources").EnumerateArray())
                .Where(s => s.TryGetProperty("classes_sha256", out _) && s.TryGetProperty("classes", out _))
                .Select(s => new InputFile(s.GetProperty("classes").GetString() ?? "", s.GetProperty("classes_sha256").GetString() ?? ""))];
        }
        Units = root.GetProperty("units").GetInt32();
        AreaKm2 = root.GetProperty("area_km2").GetDouble();
        TotalCny = root.GetProperty("total_cny").GetDecimal();
        DensityCnyPerKm2 = root.GetProperty("density_cny_per_km2").GetDecimal();
        ByCategory = root.GetProperty("by_category").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetDecimal(), StringComparer.Ordinal);
        var indicators = new List<IndicatorTotals>();
        foreach (var p in root.GetProperty("by_indicator").EnumerateObject())
        {
            var e = p.Value;
            indicators.Add(new IndicatorTotals(
                p.Name,
                e.GetProperty("category").GetString() ?? "",
                e.GetProperty("quantity").ValueKind == JsonValueKind.Number ? e.GetProperty("quantity").GetDouble() : null,
                e.GetProperty("quantity_unit").GetString() ?? "",
                e.GetProperty("value_cny").GetDecimal(),
                e.GetProperty("units").GetInt32()));
        }
        Indicators = indicators;
        _ecosystems = root.GetProperty("by_ecosystem").EnumerateObject().Select(p => (p.Name,
            p.Value.GetProperty("units").GetInt32(), p.Value.GetProperty("area_km2").GetDouble(),
            p.Value.GetProperty("value_cny").GetDecimal(), p.Value.GetProperty("density_cny_per_km2").GetDecimal())).ToList();
        NotComputed = root.GetProperty("not_computed").EnumerateArray().Select(g => new NotComputedGroup(
            g.GetProperty("indicator").GetString() ?? "", g.GetProperty("reason").GetString() ?? "", g.GetProperty("units").GetInt32(),
            g.GetProperty("examples").EnumerateArray().Select(x => x.GetString() ?? "").ToList(),
            g.TryGetProperty("code", out var code) ? code.GetString() : null)).ToList();
        var w = root.GetProperty("warnings");
        Warnings = w.GetProperty("file").EnumerateArray().Select(x => x.GetString() ?? "").ToList();
        WarningsByIndicator = w.GetProperty("units_by_indicator").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetInt32(), StringComparer.Ordinal);
    }

    private List<(string Code, int Units, double Area, decimal Value, decimal Density)> _ecosystems = [];

    /// <summary>Streams gep-units.csv once for the ecosystem × category split and the region names.</summary>
    private void ReadUnits(string path)
    {
        var categories = GepIndicators.All.ToDictionary(i => i.Code, i => i.Category.ToString().ToLowerInvariant(), StringComparer.Ordinal);
        var split = new Dictionary<string, Dictionary<string, decimal>>(StringComparer.Ordinal);
        var regions = new List<string>();
        var ids = new HashSet<string>(StringComparer.Ordinal);
        if (File.Exists(path))
        {
            try
            {
                foreach (var row in GepUnitsFile.Read(path))
                {
                    ids.Add(row.UnitId);
                    if (regions.Count == 0 || (regions[^1] != row.Region && !regions.Contains(row.Region)))
                    {
                        regions.Add(row.Region);
                    }
                    if (!categories.TryGetValue(row.Indicator, out var cat))
                    {
                        throw new ReportInputException($"{path}: line {row.Line}: unknown indicator '{row.Indicator}'.");
                    }
                    if (!split.TryGetValue(row.Ecosystem, out var byCat))
                    {
                        byCat = new Dictionary<string, decimal>(StringComparer.Ordinal);
                        split[row.Ecosystem] = byCat;
                    }
                    byCat[cat] = byCat.GetValueOrDefault(cat) + row.ValueCny;
                }
            }
            catch (Exception e) when (e is InvalidDataException or FormatException)
            {
                throw new ReportInputException(e.Message);
            }
        }
        Regions = regions;
        UnitIds = ids;
        Ecosystems = _ecosystems.Select(e => new EcosystemTotals(e.Code, e.Units, e.Area, e.Value, e.Density,
            split.TryGetValue(e.Code, out var s) ? s : new Dictionary<string, decimal>())).ToList();
    }
}

/// <summary>An input folder or file a report cannot use: the message names the file and what was expected.</summary>
public sealed class ReportInputException(string message) : Exception(message);

/// <summary>A price a run converted to its price year, as gep-summary.json records it (<c>prices.conversions</c>).</summary>
/// <param name="Key">The parameter key.</param>
/// <param name="PriceYear">The price's own (published) price year.</param>
/// <param name="Original">The published value.</param>
/// <param name="Factor">The chained index factor.</param>
/// <param name="Converted">The value the run used: original × factor.</param>
public sealed record RecordedPriceConversion(string Key, int PriceYear, decimal Original, decimal Factor, decimal Converted);
