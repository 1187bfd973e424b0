using System.Text.Json;
using System.Text.Json.Nodes;
using EcoLedger.IO;
using EcoLedger.Valuation.Accounting;
using EcoLedger.Valuation.Indicators;
using EcoLedger.Valuation.Parameters;
using EcoLedger.Valuation.Prices;
using EcoLedger.Valuation.Uncertainty;

namespace EcoLedger.Valuation.Files;

/// <summary>The inputs of a <c>gep compute</c> run.</summary>
/// <param name="UnitsPath">Units file (CSV or GeoJSON).</param>
/// <param name="RegionStatsPath">Region statistics CSV, optional.</param>
/// <param name="ParametersPath">Parameter override JSON, optional.</param>
/// <param name="Year">Accounting year, optional.</param>
/// <param name="OutDir">Output folder.</param>
/// <param name="Options">Method profile and choices; null for <see cref="GepOptions.Default"/>.</param>
/// <param name="Prices">Put every price at one year's price level (constant prices); null for the prices as published.</param>
/// <param name="Uncertainty">Monte Carlo draws of the parameter distributions; null for none.</param>
public sealed record GepRunRequest(string UnitsPath, string? RegionStatsPath, string? ParametersPath, int? Year, string OutDir, GepOptions? Options = null,
    PriceBasis? Prices = null, UncertaintyRequest? Uncertainty = null);

/// <summary>The outcome of a run: problems (then nothing was written) or the summary.</summary>
/// <param name="Problems">Every input problem; empty on success.</param>
/// <param name="Warnings">File-level warnings (unused columns, unallocated items).</param>
/// <param name="Summary">Totals; null when the run failed.</param>
/// <param name="SummaryJson">The gep-summary.json document; null when the run failed.</param>
public sealed record GepRunResult(IReadOnlyList<InputProblem> Problems, IReadOnlyList<string> Warnings, GepSummary? Summary, JsonObject? SummaryJson)
{
    /// <summary>True when every input was valid and the files were written.</summary>
    public bool Succeeded => Problems.Count == 0;
}

/// <summary>Runs <c>gep compute</c>: validate and compute in one streaming pass, then write or discard.</summary>
public static class GepRun
{
    /// <summary>The accounting years accepted: GEP accounting reconstructs decades back at most, and plans no further than 2100.</summary>
    public const int MinYear = 1900, MaxYear = 2100;

    /// <summary>Runs the accounting; on any input problem nothing is written to the output folder.</summary>
    /// <param name="request">Inputs and output folder.</param>
    /// <param name="onUnit">Called for each unit as it is accounted (progress display), or null.</param>
    public static GepRunResult Execute(GepRunRequest request, Action<AccountingUnit>? onUnit = null)
    {
        ArgumentNullException.ThrowIfNull(request);
        var problems = new List<InputProblem>();
        var warnings = new List<string>();
        if (GepOutputWriter.OutDirProblem(request.OutDir, Inputs(request)) is { } outDirProblem)
        {
            return new GepRunResult([outDirProblem], warnings, null, null);
        }
        string unitsName = request.UnitsPath;
        if (!File.Exists(request.UnitsPath))
        {
            return new GepRunResult([new InputProblem(unitsName, "", null, "file not found.")], warnings, null, null);
        }
        if (request.Year is { } year && year is < MinYear or > MaxYear)
        {
            problems.Add(new InputProblem("--year", "", null, $"expected an accounting year from {MinYear} to {MaxYear}, got {year}."));
        }
        var parameters = ParameterSet.Defaults();
        if (request.ParametersPath is { } pp)
        {
            if (!File.Exists(pp))
            {
                problems.Add(new InputProblem(pp, "", null, "file not found."));
            }
            else
            {
                using var s = File.OpenRead(pp);
                parameters = parameters.WithOverrides(pp, s, out var parameterProblems);
                problems.AddRange(parameterProblems.Select(m => new InputProblem(pp, "", null, m.StartsWith(pp + ": ", StringComparison.Ordinal) ? m[(pp.Length + 2)..] : m)));
            }
        }
        var stats = RegionStatistics.Empty;
        if (request.RegionStatsPath is { } rp)
        {
            if (!File.Exists(rp))
            {
                problems.Add(new InputProblem(rp, "", null, "file not found."));
            }
            else
            {
                stats = RegionStatistics.Read(rp, rp, problems);
            }
        }

        var options = request.Options ?? GepOptions.Default;
        ConstantPrices.Result? constant = null;
        if (request.Prices is { } basis)
        {
            int before = problems.Count;
            constant = ConstantPrices.Apply(parameters, stats, request.Year, options, basis, problems);
            (parameters, stats) = (constant.Parameters, constant.Statistics);
            if (problems.Count > before)
            {
                // A price the indicators use could not be put on the price year, so the table holds no value for it: the engine
                // would stop at the first unit. The run is refused here, before any file is written.
                return new GepRunResult(problems, [], null, null);
            }
        }
        foreach (var d in request.Uncertainty?.Table.Distributions ?? [])
        {
            if (parameters[d.Key].Source.StartsWith("override:", StringComparison.Ordinal))
            {
                problems.Add(new InputProblem(request.ParametersPath ?? "--parameters", "", d.Key, $"{d.Key} is both overridden and given a distribution ({d.Describe()}); expected one or the other (drop the override, or the distribution with --uncertainty-distributions FILE)."));
            }
        }

        var summary = new GepSummary();
        var reader = new UnitFileReader(request.UnitsPath, unitsName);
        var regionsSeen = new HashSet<string>(StringComparer.Ordinal);
        using var output = new GepOutputWriter(request.OutDir, summary);
        var sink = new WarningCollector(output, warnings);
        var engine = new GepEngine(parameters, stats, options);
        // The units file's SHA-256 (for the summary) is worked out on a pool thread alongside the run, taking its share of the
        // cores: started once the last unit was read, it still ran after the writing thread had caught up and lengthened a
        // million-unit run by ~0.1 s.
        Task<string>? unitsHash = File.Exists(request.UnitsPath) ? Task.Run(() => GepOutputWriter.Sha256(request.UnitsPath)) : null;
        engine.Run(reader.Read(), sink, unit =>
        {
            summary.AddUnit(unit);
            regionsSeen.Add(unit.Region);
            onUnit?.Invoke(unit);
        });
        problems.AddRange(reader.Problems);
        warnings.InsertRange(0, reader.Warnings);
        if (reader.RecordsRead == 0 && reader.Problems.Count == 0)
        {
            problems.Add(new InputProblem(unitsName, "", null, "no units found; expected at least one data row."));
        }
        foreach (var region in stats.Regions.Where(r => !regionsSeen.Contains(r)))
        {
            warnings.Add($"{request.RegionStatsPath}: region '{region}' has statistics but no units; its rows are not used.");
        }
        if (problems.Count > 0)
        {
            // The engine's warnings describe figures that are not written: only the file-level ones are kept.
            return new GepRunResult(problems, [.. reader.Warnings, .. warnings.Where(w => w.StartsWith($"{request.RegionStatsPath}: ", StringComparison.Ordinal))], null, null);
        }
        warnings.AddRange(UncountedPollutants(parameters, summary, stats, options));
        if (sink.EtFallbackUnits > 0)
        {
            warnings.Add($"climate_regulation: {sink.EtFallbackUnits} unit{(sink.EtFallbackUnits == 1 ? "" : "s")} valued by the evapotranspiration fallback (EPP = ET/365 × latent heat, allowed for this run), which overstates the service; give transpiration_mm_hot_days instead (see gep-warnings.csv).");
        }

        var inputs = new List<string> { request.UnitsPath };
        if (request.RegionStatsPath is not null)
        {
            inputs.Add(request.RegionStatsPath);
        }
        if (request.ParametersPath is not null)
        {
            inputs.Add(request.ParametersPath);
        }
        var json = SummaryDocument(summary, parameters, request.Year, inputs, warnings, options,
            path => path == request.UnitsPath && unitsHash is not null ? unitsHash.GetAwaiter().GetResult() : GepOutputWriter.Sha256(path));
        if (constant is not null)
        {
            json["prices"] = constant.Summary;
        }
        if (request.Uncertainty is { } u)
        {
            var units = new UnitFileReader(request.UnitsPath, unitsName).Read().ToList();
            var mc = MonteCarlo.Run(units, parameters, ParameterSet.Defaults(), stats, options, u.Table, u.Draws, u.Seed,
                summary.ByIndicator.ToDictionary(kv => kv.Key, kv => kv.Value.ValueCny));
            json["uncertainty"] = UncertaintyOutput.Summary(mc, u);
            output.AddFile(UncertaintyOutput.LinesFile, UncertaintyOutput.LinesCsv(mc));
            output.AddFile(UncertaintyOutput.ParametersFile, UncertaintyOutput.ParametersCsv(mc));
        }
        output.Commit(JsonSerializer.SerializeToUtf8Bytes(json, new JsonSerializerOptions { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }));
        return new GepRunResult(problems, warnings, summary, json);
    }

    /// <summary>The files a run reads, named by the options that give them.</summary>
    public static IReadOnlyList<CommandInputFile> Inputs(GepRunRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        (string Option, string? Path)[] given =
        [
            ("--units", request.UnitsPath), ("--region-stats", request.RegionStatsPath), ("--parameters", request.ParametersPath),
            ("--price-index", request.Prices?.IndexFile), ("--uncertainty-distributions", request.Uncertainty?.TableFile),
        ];
        return [.. given.Where(g => g.Path is not null).Select(g => CommandInputFile.Option(g.Option, g.Path!))];
    }

    /// <summary>Passes rows through, and turns region-level warnings (no unit id) into file-level warnings.</summary>
    private sealed class WarningCollector(GepOutputWriter inner, List<string> warnings) : IFormattedRowsSink
    {
        public void Row(in GepRow row) => inner.Row(row);

        public IGepRowFormatter NewFormatter() => inner.NewFormatter();

        public void Rows(ReadOnlySpan<GepRow> rows, ReadOnlySpan<byte> formatted) => inner.Rows(rows, formatted);

        public void NotComputed(in NotComputed item) => inner.NotComputed(item);

        public void Warning(in UnitWarning warning)
        {
            if (warning.UnitId.Length == 0)
            {
                warnings.Add(warning.Message);
            }
            else
            {
                if (ReferenceEquals(warning.Message, ClimateRegulation.EtFallbackWarning))
                {
                    EtFallbackUnits++;
                }
                inner.Warning(warning);
            }
        }

        /// <summary>Units whose climate regulation came from the ET fallback.</summary>
        public int EtFallbackUnits { get; private set; }
    }

    /// <summary>
    /// Pollutants that air (or capacity-based water) purification leaves out for an ecosystem present in the run because the
    /// parameter table has no capacity for it (NOx has no sourced default): said once per run, so a partial figure is never
    /// mistaken for a complete one.
    /// </summary>
    internal static IEnumerable<string> UncountedPollutants(ParameterSet parameters, GepSummary summary, RegionStatistics? stats = null, GepOptions? options = null)
    {
        options ??= GepOptions.Default;
        var indicators = new List<PollutantRemoval>();
        if (options.AirMethod == AirPurificationMethod.CapacityCapped && options.Counts("air_purification"))
        {
            indicators.Add(new AirPurification());
        }
        var water = new WaterPurification();
        if (water.Pollutants.Any(p => parameters[$"{p}_capacity_kg_per_ha.wetland"].Value is not null))
        {
            indicators.Add(water);
        }
        foreach (var indicator in indicators)
        {
            foreach (var pollutant in indicator.Pollutants)
            {
                // A pollutant with an emission (discharge) row is counted from it where no capacity applies; the engine
                // warns per region about what is left out.
                if (stats is not null && stats.Regions.Any(r => stats.Of(r, indicator.CapKind).Any(c => c.Item == pollutant)))
                {
                    continue;
                }
                var missing = indicator.Ecosystems
                    .Where(e => summary.ByEcosystem.ContainsKey(e))
                    .Where(e => new[] { EcosystemSubtype.None }.Concat(EcosystemCodes.AllowedSubtypes(e))
                        .All(sub => parameters.ForEcosystem($"{pollutant}_capacity_kg_per_ha", e, sub).Value is null))
                    .Select(e => e.Code())
                    .ToList();
                int present = indicator.Ecosystems.Count(e => summary.ByEcosystem.ContainsKey(e));
                if (indicator is AirPurification && missing.Count == present)
                {
                    // No unit of any ecosystem can count it: the engine has said so per region, naming the emission row too.
                    continue;
                }
                if (missing.Count > 0)
                {
                    yield return $"{indicator.Code}: {pollutant} is not counted for {string.Join(", ", missing)} units: the parameter table has no {pollutant}_capacity_kg_per_ha value for them (set one with --parameters).";
                }
            }
        }
    }

    /// <summary>The key under which <see cref="PriceYears"/> lists prices whose year is not stated (a user override).</summary>
    public const string UnstatedPriceYear = "unstated";

    /// <summary>
    /// The price years of the unit prices the run used, each with its parameter keys: the priced parameters (those with a
    /// price year, or a CNY unit) of every indicator of the profile that produced at least one row. An overridden price
    /// has no stated year and is listed under <see cref="UnstatedPriceYear"/>. Prices in the region statistics carry no
    /// year and are not listed.
    /// </summary>
    public static SortedDictionary<string, List<string>> PriceYears(GepSummary s, ParameterSet parameters, GepOptions options)
    {
        var result = new SortedDictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var indicator in GepIndicators.All.Where(i => options.Counts(i.Code) && s.ByIndicator[i.Code].Units > 0))
        {
            foreach (var pattern in indicator.ParameterKeys)
            {
                string prefix = pattern.EndsWith(".*", StringComparison.Ordinal) ? pattern[..^2] : pattern;
                foreach (var p in parameters.All.Where(p => p.Key == prefix || (pattern.EndsWith(".*", StringComparison.Ordinal) && p.Key.StartsWith(prefix + ".", StringComparison.Ordinal))))
                {
                    bool unusedCarbonBasis = p.Key == "carbon_price_cny_per_t_co2" && parameters["carbon_price_cny_per_t_c"].Value is not null;
                    if (p.Value is null || !p.Unit.StartsWith("CNY", StringComparison.Ordinal) || unusedCarbonBasis)
                    {
                        continue;
                    }
                    string year = p.PriceYear is { Length: > 0 } y && y != "-" ? y : UnstatedPriceYear;
                    if (!result.TryGetValue(year, out var keys))
                    {
                        keys = [];
                        result.Add(year, keys);
                    }
                    if (!keys.Contains(p.Key))
                    {
                        keys.Add(p.Key);
                    }
                }
            }
        }
        return result;
    }

    /// <summary>Builds gep-summary.json.</summary>
    /// <param name="s">The run's totals.</param>
    /// <param name="parameters">The parameter table used.</param>
    /// <param name="year">The accounting year, if given.</param>
    /// <param name="inputs">The input files, listed with their SHA-256.</param>
    /// <param name="warnings">File-level warnings.</param>
    /// <param name="options">The method; null for <see cref="GepOptions.Default"/>.</param>
    /// <param name="sha256">The SHA-256 of an input file (lower-case hex) when already known; null to read each file.</param>
    public static JsonObject SummaryDocument(GepSummary s, ParameterSet parameters, int? year, IEnumerable<string> inputs, IEnumerable<string> warnings, GepOptions? options = null,
        Func<string, string>? sha256 = null)
    {
        sha256 ??= GepOutputWriter.Sha256;
        options ??= GepOptions.Default;
        var priceYears = PriceYears(s, parameters, options);
        var years = new JsonObject();
        foreach (var (y, keys) in priceYears)
        {
            years[y] = new JsonArray(keys.Select(k => (JsonNode?)JsonValue.Create(k)).ToArray());
        }
        int stated = priceYears.Keys.Count(y => y != UnstatedPriceYear);
        var byIndicator = new JsonObject();
        foreach (var indicator in GepIndicators.All.Where(i => options.Counts(i.Code)))
        {
            var t = s.ByIndicator[indicator.Code];
            byIndicator[indicator.Code] = new JsonObject
            {
                ["category"] = indicator.Category.ToString().ToLowerInvariant(),
                ["quantity"] = t.Quantity is { } q ? Math.Round(q, 3) : null,
                ["quantity_unit"] = indicator.QuantityUnit.Length > 0 ? indicator.QuantityUnit : null,
                ["value_cny"] = t.ValueCny,
                ["units"] = t.Units,
            };
        }
        var byEcosystem = new JsonObject();
        foreach (var (eco, t) in s.ByEcosystem)
        {
            byEcosystem[eco.Code()] = new JsonObject
            {
                ["units"] = t.Units,
                ["area_km2"] = Math.Round(t.AreaKm2, 6),
                ["value_cny"] = t.ValueCny,
                ["density_cny_per_km2"] = t.AreaKm2 > 0 ? GepEngine.RoundToFen(t.ValueCny / (decimal)t.AreaKm2) : 0m,
            };
        }
        var byCategory = new JsonObject();
        foreach (var (cat, v) in s.ByCategory)
        {
            byCategory[cat.ToString().ToLowerInvariant()] = v;
        }
        var notComputed = new JsonArray();
        foreach (var g in s.NotComputed)
        {
            notComputed.Add(new JsonObject
            {
                ["indicator"] = g.Indicator,
                ["code"] = g.Code,
                ["reason"] = g.Reason,
                ["units"] = g.Units,
                ["examples"] = new JsonArray(g.Examples.Select(e => (JsonNode?)JsonValue.Create(e)).ToArray()),
            });
        }
        var document = new JsonObject
        {
            ["currency"] = "CNY",
            ["year"] = year,
            ["parameters_version"] = parameters.Version,
            ["method"] = new JsonObject
            {
                ["profile"] = options.Profile.Code,
                ["title"] = options.Profile.Title,
                ["version"] = options.Profile.Version,
                ["issuer"] = options.Profile.Issuer,
                ["indicators"] = new JsonArray(GepIndicators.All.Where(i => options.Counts(i.Code)).Select(i => (JsonNode?)JsonValue.Create(i.Code)).ToArray()),
                ["air_purification"] = GepOptions.Code(options.AirMethod),
                ["et_fallback_allowed"] = options.AllowEtFallback,
            },
            ["price_years"] = years,
            ["mixed_price_years"] = stated > 1,
            ["inputs"] = new JsonArray(inputs.Select(p => (JsonNode?)new JsonObject { ["path"] = p, ["sha256"] = sha256(p) }).ToArray()),
            ["units"] = s.Units,
            ["area_km2"] = Math.Round(s.AreaKm2, 6),
            ["total_cny"] = s.TotalCny,
            ["density_cny_per_km2"] = s.DensityCnyPerKm2,
            ["rounding"] = "each unit × indicator value is rounded to the fen (half away from zero); totals are sums of rounded rows",
            ["by_category"] = byCategory,
            ["by_indicator"] = byIndicator,
            ["by_ecosystem"] = byEcosystem,
            ["not_computed"] = notComputed,
            ["warnings"] = new JsonObject
            {
                ["file"] = new JsonArray(warnings.Select(w => (JsonNode?)JsonValue.Create(w)).ToArray()),
                ["units_by_indicator"] = new JsonObject(s.WarningsByIndicator.Select(kv => KeyValuePair.Create(kv.Key, (JsonNode?)JsonValue.Create(kv.Value)))),
            },
        };
        if (options.OptIn.Count > 0)
        {
            // Written only when the user opted in, so the summary of a plain profile run keeps its shape.
            document["method"]!["opted_in"] = new JsonArray(options.OptIn.Select(c => (JsonNode?)JsonValue.Create(c)).ToArray());
        }
        return document;
    }
}
