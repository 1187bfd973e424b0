using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using EcoLedger.IO;
using EcoLedger.Valuation.Indicators;

namespace EcoLedger.Valuation.Change;

/// <summary>The inputs of <c>gep compare</c>.</summary>
/// <param name="FromDir">The earlier run's output folder.</param>
/// <param name="ToDir">The later run's output folder.</param>
/// <param name="OutDir">Where the change accounts go.</param>
/// <param name="UnitMapPath">A CSV <c>from_unit_id,to_unit_id</c> pairing the units, or null.</param>
/// <param name="FromUnits">The earlier run's units file, when not found at the path its summary records.</param>
/// <param name="ToUnits">The later run's units file, likewise.</param>
public sealed record GepCompareRequest(string FromDir, string ToDir, string OutDir, string? UnitMapPath = null, string? FromUnits = null, string? ToUnits = null);

/// <summary>The outcome: problems (nothing written) or the accounts and their summary.</summary>
/// <param name="Problems">Input problems; empty on success.</param>
/// <param name="Warnings">Comparability warnings (e.g. different price bases).</param>
/// <param name="Comparison">The change account, on success.</param>
/// <param name="Extent">The extent account, on success.</param>
/// <param name="SummaryJson">gep-change-summary.json, on success.</param>
public sealed record GepCompareResult(IReadOnlyList<InputProblem> Problems, IReadOnlyList<string> Warnings, GepComparison? Comparison, ExtentAccount? Extent, JsonObject? SummaryJson)
{
    /// <summary>True when the files were written.</summary>
    public bool Succeeded => Problems.Count == 0;
}

/// <summary>
/// Runs <c>gep compare</c>: reads two runs, pairs their units, and writes the change, land-conversion, extent and
/// condition accounts together (all or none).
/// </summary>
public static class GepCompareRun
{
    /// <summary>The summary file's name.</summary>
    public const string SummaryFile = "gep-change-summary.json";

    /// <summary>Runs the comparison.</summary>
    public static GepCompareResult Execute(GepCompareRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var problems = new List<InputProblem>();
        var warnings = new List<string>();
        // Checked first: written into a run folder, the accounts would mix with the runs they compare.
        if (OutputPaths.FolderProblem(request.OutDir, [CommandInputFile.Option("--from", request.FromDir), CommandInputFile.Option("--to", request.ToDir)]) is { } outProblem)
        {
            return new GepCompareResult([new InputProblem("--out", "", null, outProblem)], warnings, null, null, null);
        }
        var from = ComparedRun.Load(request.FromDir, "--from", request.FromUnits, problems);
        var to = ComparedRun.Load(request.ToDir, "--to", request.ToUnits, problems);
        List<UnitMapEntry>? map = null;
        if (request.UnitMapPath is { } mp)
        {
            map = ReadMap(mp, problems);
        }
        if (from is null || to is null || problems.Count > 0)
        {
            return new GepCompareResult(problems, warnings, null, null, null);
        }
        if (from.Profile != to.Profile)
        {
            problems.Add(new InputProblem("--to", "", null, $"the runs follow different method profiles ({from.Profile} and {to.Profile}), so they count different indicators; expected two runs of the same profile."));
        }
        var pairProblems = new List<string>();
        var pairs = UnitPairing.Pair(from.Units, to.Units, map, request.UnitMapPath ?? "--unit-map", pairProblems);
        // The pairing names the map in its sentences (its tests read them alone); the problem names it once, as its file.
        string pairingFile = request.UnitMapPath ?? "--to";
        problems.AddRange(pairProblems.Select(p => new InputProblem(pairingFile, "", null,
            p.StartsWith(pairingFile + ", ", StringComparison.Ordinal) ? p[(pairingFile.Length + 2)..]
            : p.StartsWith(pairingFile + ": ", StringComparison.Ordinal) ? p[(pairingFile.Length + 2)..] : p)));
        if (problems.Count > 0)
        {
            return new GepCompareResult(problems, warnings, null, null, null);
        }
        if (from.PriceYear != to.PriceYear || from.PriceYear is null)
        {
            warnings.Add(from.PriceYear is { } y0 && to.PriceYear is { } y1
                ? $"the runs are at the price levels of {y0} and {y1}: the price effect includes the general price change between them (for growth in real terms, run both with the same --price-year)."
                : from.PriceLabel == to.PriceLabel
                    ? $"both runs are at {from.PriceLabel}, not at one price year: the price effect holds whatever differs between their prices (run both with the same --price-year for a constant-price comparison)."
                    : $"the runs are not both at one price year ({from.PriceLabel}; {to.PriceLabel}): the price effect holds whatever differs between their prices (run both with the same --price-year for a constant-price comparison).");
        }
        foreach (var (option, run) in new[] { ("--from", from), ("--to", to) })
        {
            if (run.Year is null)
            {
                warnings.Add($"{option} has no accounting year (gep compute was run without --year): the change account names the year '?'.");
            }
        }
        // An indicator valued in one run and in none of the other's units is an input missing from a run (region statistics, a
        // monitoring field), not a change of the ecosystem: its whole value would read as a gain or a loss.
        foreach (var indicator in GepIndicators.All)
        {
            int inFrom = from.UnitsComputed(indicator.Code), inTo = to.UnitsComputed(indicator.Code);
            if ((inFrom == 0) != (inTo == 0))
            {
                var (none, some, count) = inFrom == 0 ? ("--from", "--to", inTo) : ("--to", "--from", inFrom);
                warnings.Add($"{indicator.Code} is valued for {count.ToString("#,0", CultureInfo.InvariantCulture)} units in {some} and for none in {none} " +
                    $"(see {none}'s gep-not-computed-reasons.csv): its change is an input missing from one run, not a change of the ecosystem; give both runs the same inputs.");
            }
        }
        if (from.Year is { } a && to.Year is { } b && b <= a)
        {
            warnings.Add($"--to is the year {b}, not later than --from ({a}); the change reads from --from to --to as given.");
        }
        var comparison = GepComparison.Compute(pairs, [.. GepIndicators.All.Select(i => i.Code)]);
        var extent = ExtentAccount.Of(pairs);
        var condition = ConditionAccount.Of(pairs, extent.Types);
        var json = Summary(request, from, to, pairs, comparison, extent, warnings);
        AtomicDirectory.Write(request.OutDir, dir =>
        {
            Write(dir, "gep-change-indicators.csv", IndicatorsCsv(comparison));
            Write(dir, "gep-change-ecosystems.csv", TransitionsCsv(comparison));
            Write(dir, "gep-change-units.csv", UnitsCsv(comparison));
            Write(dir, "gep-land-conversion.csv", ConversionCsv(pairs));
            Write(dir, "gep-extent-account.csv", ExtentCsv(extent));
            Write(dir, "gep-extent-change-matrix.csv", MatrixCsv(extent));
            Write(dir, "gep-condition-account.csv", ConditionCsv(condition));
            File.WriteAllBytes(Path.Combine(dir, SummaryFile), JsonSerializer.SerializeToUtf8Bytes(json, new JsonSerializerOptions { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }));
        });
        return new GepCompareResult(problems, warnings, comparison, extent, json);
    }

    private static List<UnitMapEntry>? ReadMap(string path, List<InputProblem> problems)
    {
        if (!File.Exists(path))
        {
            problems.Add(new InputProblem(path, "", null, "file not found."));
            return null;
        }
        var list = new List<UnitMapEntry>();
        try
        {
            using var csv = CsvRecordReader.Open(path, path);
            if (!csv.Read() || csv.FieldCount < 2 || csv.GetString(0).Trim() != "from_unit_id" || csv.GetString(1).Trim() != "to_unit_id")
            {
                problems.Add(new InputProblem(path, "row 1", null, "expected the header from_unit_id,to_unit_id."));
                return null;
            }
            while (csv.Read())
            {
                string f = csv.GetString(0).Trim(), t = csv.FieldCount > 1 ? csv.GetString(1).Trim() : "";
                list.Add(new UnitMapEntry(csv.Row, f.Length == 0 ? null : f, t.Length == 0 ? null : t));
            }
        }
        catch (CsvFormatException e)
        {
            problems.Add(new InputProblem(path, "", null, e.Message));
            return null;
        }
        return list;
    }

    private static void Write(string dir, string name, string text) => File.WriteAllText(Path.Combine(dir, name), text, new UTF8Encoding(false));

    private static string F(decimal v) => v.ToString("0.00", CultureInfo.InvariantCulture);

    private static string Km2(decimal v) => v.ToString("0.000000", CultureInfo.InvariantCulture);

    private static string Q(decimal? v) => v?.ToString(CultureInfo.InvariantCulture) ?? "";

    private static string Line(ChangeLine l) =>
        $"{F(l.FromCny)},{F(l.ToCny)},{F(l.Split.ChangeCny)},{F(l.Split.QuantityEffectCny)},{F(l.Split.PriceEffectCny)},{F(l.Split.NotDecomposedCny)}";

    private const string LineHeader = "value_from_cny,value_to_cny,change_cny,quantity_effect_cny,price_effect_cny,not_decomposed_cny";

    private static string IndicatorsCsv(GepComparison c)
    {
        var s = new StringBuilder($"indicator,category,{LineHeader}\n");
        foreach (var (code, line) in c.ByIndicator)
        {
            string category = GepIndicators.All.FirstOrDefault(i => i.Code == code)?.Category.ToString().ToLowerInvariant() ?? "";
            s.Append(CultureInfo.InvariantCulture, $"{code},{category},{Line(line)}\n");
        }
        s.Append(CultureInfo.InvariantCulture, $"GEP,,{Line(c.Total)}\n");
        return s.ToString();
    }

    private static string TransitionsCsv(GepComparison c)
    {
        var s = new StringBuilder($"ecosystem,{LineHeader}\n");
        foreach (var (t, line) in c.ByTransition)
        {
            s.Append(CultureInfo.InvariantCulture, $"{CsvField.Escape(t)},{Line(line)}\n");
        }
        s.Append(CultureInfo.InvariantCulture, $"GEP,{Line(c.Total)}\n");
        return s.ToString();
    }

    private static string UnitsCsv(GepComparison c)
    {
        var s = new StringBuilder("from_unit_id,to_unit_id,region,ecosystem_from,ecosystem_to,indicator,quantity_from,quantity_to,value_from_cny,value_to_cny,change_cny,quantity_effect_cny,price_effect_cny,not_decomposed_cny\n");
        foreach (var u in c.Units)
        {
            var p = u.Pair;
            s.Append(CultureInfo.InvariantCulture, $"{CsvField.Escape(p.From?.UnitId ?? "")},{CsvField.Escape(p.To?.UnitId ?? "")},{CsvField.Escape((p.To ?? p.From)!.Region)},{p.From?.Ecosystem},{p.To?.Ecosystem},{u.Indicator},{Q(u.From?.Quantity)},{Q(u.To?.Quantity)},");
            s.Append(CultureInfo.InvariantCulture, $"{F(u.From?.ValueCny ?? 0m)},{F(u.To?.ValueCny ?? 0m)},{F(u.Split.ChangeCny)},{F(u.Split.QuantityEffectCny)},{F(u.Split.PriceEffectCny)},{F(u.Split.NotDecomposedCny)}\n");
        }
        return s.ToString();
    }

    private static string ConversionCsv(IReadOnlyList<UnitPair> pairs)
    {
        var s = new StringBuilder("change,from_unit_id,to_unit_id,ecosystem_from,ecosystem_to,area_from_km2,area_to_km2,value_from_cny,value_to_cny\n");
        foreach (var p in pairs.Where(p => p.Change != UnitChange.Kept))
        {
            s.Append(CultureInfo.InvariantCulture, $"{p.Change.ToString().ToLowerInvariant()},{CsvField.Escape(p.From?.UnitId ?? "")},{CsvField.Escape(p.To?.UnitId ?? "")},{p.From?.Ecosystem},{p.To?.Ecosystem},");
            s.Append(CultureInfo.InvariantCulture, $"{(p.From is { } f ? Km2(f.AreaKm2) : "")},{(p.To is { } t ? Km2(t.AreaKm2) : "")},{F(Value(p.From))},{F(Value(p.To))}\n");
        }
        return s.ToString();
    }

    private static decimal Value(UnitState? u) => u?.Indicators.Values.Sum(f => f.ValueCny) ?? 0m;

    private static string ExtentCsv(ExtentAccount e)
    {
        var s = new StringBuilder($"item,{string.Join(",", e.Types)},total\n");
        void Row(string item, Func<ExtentLine, decimal> pick) =>
            s.Append(CultureInfo.InvariantCulture, $"{item},{string.Join(",", e.Lines.Select(l => Km2(pick(l))))},{Km2(e.Lines.Sum(pick))}\n");
        Row("opening_km2", l => l.OpeningKm2);
        Row("additions_km2", l => l.AdditionsKm2);
        Row("reductions_km2", l => l.ReductionsKm2);
        Row("net_change_km2", l => l.NetChangeKm2);
        Row("closing_km2", l => l.ClosingKm2);
        return s.ToString();
    }

    private static string MatrixCsv(ExtentAccount e)
    {
        var all = e.Types.Append(GepComparison.None).ToList();
        var s = new StringBuilder($"from\\to,{string.Join(",", all)},opening_km2\n");
        foreach (var from in all)
        {
            s.Append(CultureInfo.InvariantCulture, $"{from},{string.Join(",", all.Select(to => Km2(e.Matrix(from, to))))},{Km2(all.Sum(to => e.Matrix(from, to)))}\n");
        }
        s.Append(CultureInfo.InvariantCulture, $"closing_km2,{string.Join(",", all.Select(to => Km2(all.Sum(from => e.Matrix(from, to)))))},\n");
        return s.ToString();
    }

    private static string ConditionCsv(IReadOnlyList<ConditionLine> lines)
    {
        static string D(double? v) => v is { } x ? Math.Round(x, 4).ToString("0.0###", CultureInfo.InvariantCulture) : "";
        var s = new StringBuilder("ecosystem,variable,opening,closing,change,opening_area_km2,closing_area_km2\n");
        foreach (var l in lines)
        {
            s.Append(CultureInfo.InvariantCulture, $"{l.Type},{l.Variable},{D(l.Opening)},{D(l.Closing)},{D(l.Change)},{Km2(l.OpeningAreaKm2)},{Km2(l.ClosingAreaKm2)}\n");
        }
        return s.ToString();
    }

    private static JsonObject Summary(GepCompareRequest request, ComparedRun from, ComparedRun to, IReadOnlyList<UnitPair> pairs, GepComparison c, ExtentAccount extent, List<string> warnings)
    {
        static JsonObject LineJson(ChangeLine l) => new()
        {
            ["value_from_cny"] = l.FromCny,
            ["value_to_cny"] = l.ToCny,
            ["change_cny"] = l.Split.ChangeCny,
            ["quantity_effect_cny"] = l.Split.QuantityEffectCny,
            ["price_effect_cny"] = l.Split.PriceEffectCny,
            ["not_decomposed_cny"] = l.Split.NotDecomposedCny,
        };
        JsonObject Run(ComparedRun r, string dir) => new()
        {
            ["dir"] = dir,
            ["year"] = r.Year,
            ["prices"] = r.PriceLabel,
            ["price_year"] = r.PriceYear,
            // so a report can say a run at prices as published in its own language, years and all
            ["price_years"] = new JsonArray([.. r.PriceYears.Select(y => (JsonNode?)y)]),
            ["units_file"] = r.UnitsFile,
            ["units"] = r.Units.Count,
            ["total_cny"] = r.TotalCny,
        };
        return new JsonObject
        {
            ["currency"] = "CNY",
            ["from"] = Run(from, request.FromDir),
            ["to"] = Run(to, request.ToDir),
            ["prices"] = from.PriceYear is { } py && to.PriceYear == py ? $"constant {py} prices" : $"{from.PriceLabel} → {to.PriceLabel}",
            ["method"] = from.Profile,
            ["unit_map"] = request.UnitMapPath,
            ["decomposition"] = "per unit and indicator, Bennet (Shapley) split: change = ½(p0 + p1)(q1 − q0) [quantity effect, rounded to the fen] + ½(q0 + q1)(p1 − p0) [price effect, the remainder]; p = value ÷ quantity; a figure present in one year only is all quantity effect; value-only indicators (no quantity) are not decomposed. Lines are sums of unit lines, so change = quantity effect + price effect + not decomposed exactly. See methodology/change-accounts.md.",
            ["total"] = LineJson(c.Total),
            ["by_indicator"] = new JsonObject(c.ByIndicator.Select(kv => KeyValuePair.Create(kv.Key, (JsonNode?)LineJson(kv.Value)))),
            ["by_ecosystem"] = new JsonObject(c.ByTransition.Select(kv => KeyValuePair.Create(kv.Key, (JsonNode?)LineJson(kv.Value)))),
            ["units"] = new JsonObject
            {
                ["kept"] = pairs.Count(p => p.Change == UnitChange.Kept),
                ["converted"] = pairs.Count(p => p.Change == UnitChange.Converted),
                ["appeared"] = pairs.Count(p => p.Change == UnitChange.Appeared),
                ["disappeared"] = pairs.Count(p => p.Change == UnitChange.Disappeared),
            },
            ["extent_km2"] = new JsonObject(extent.Lines.Select(l => KeyValuePair.Create(l.Type, (JsonNode?)new JsonObject
            {
                ["opening"] = l.OpeningKm2,
                ["additions"] = l.AdditionsKm2,
                ["reductions"] = l.ReductionsKm2,
                ["net_change"] = l.NetChangeKm2,
                ["closing"] = l.ClosingKm2,
            }))),
            ["warnings"] = new JsonArray(warnings.Select(w => (JsonNode?)JsonValue.Create(w)).ToArray()),
        };
    }
}
