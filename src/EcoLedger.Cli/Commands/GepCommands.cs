using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using EcoLedger.Cli.Hosting;
using EcoLedger.Valuation;
using EcoLedger.Valuation.Accounting;
using EcoLedger.Valuation.Files;
using EcoLedger.Valuation.Indicators;
using EcoLedger.Valuation.Parameters;
using Spectre.Console;
using Progress = EcoLedger.Cli.Hosting.Progress;

namespace EcoLedger.Cli.Commands;

/// <summary><c>ecoledger gep ...</c>: compute GEP, list indicators and parameters.</summary>
public static class GepCommands
{
    internal static readonly JsonSerializerOptions Indented = new() { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static Command Create(CliIo io)
    {
        var gep = new Command("gep", "Gross Ecosystem Product: compute, list indicators, show parameters.");
        gep.Subcommands.Add(Compute(io));
        gep.Subcommands.Add(GepPrepareCommand.Create(io));
        gep.Subcommands.Add(Indicators(io));
        gep.Subcommands.Add(Parameters(io));
        gep.Subcommands.Add(GepCompareCommand.Create(io));
        return gep;
    }

    private static Command Compute(CliIo io)
    {
        var units = new Option<string>("--units") { Description = "Units file: CSV (one unit per row), GeoJSON FeatureCollection or GeoPackage (.gpkg) layer of polygons.", Required = true };
        var stats = new Option<string?>("--region-stats") { Description = "Region statistics CSV (material products, recreation, emission and discharge caps)." };
        var parameters = new Option<string?>("--parameters") { Description = "Parameter overrides: { \"version\": \"...\", \"values\": { KEY: number } }." };
        var year = new Option<int?>("--year") { Description = "Accounting year, recorded in the summary." };
        var outDir = new Option<string>("--out") { Description = "Output folder (written only when every input is valid).", Required = true };
        var json = new Option<bool>("--json") { Description = "Print the summary JSON instead of the table." };
        var method = new Option<string>("--method")
        {
            Description = $"Method profile (the guide followed): {MethodProfile.ValidCodes}. Default {MethodProfile.Default.Code}. See methodology/profiles.md.",
            DefaultValueFactory = _ => MethodProfile.Default.Code,
        };
        method.AcceptOnlyFromAmong([.. MethodProfile.All.Select(p => p.Code)]);
        var etFallback = new Option<bool>("--allow-et-fallback")
        {
            Description = "Climate regulation: for units without transpiration_mm_hot_days, derive transpiration heat from all of ET (overstates it; each such unit is warned).",
        };
        var air = new Option<string>("--air-purification")
        {
            Description = "Air purification method: capacity-capped (capacity × area capped by the region's emissions; default) or emissions (the region's emissions, as G17).",
            DefaultValueFactory = _ => "capacity-capped",
        };
        air.AcceptOnlyFromAmong("capacity-capped", "emissions");
        var include = new Option<string[]>("--include")
        {
            Description = $"Also count indicators that no profile counts (methodology/profiles.md): {string.Join(", ", GepOptions.OptInIndicators)}. Repeat or separate with commas.",
            AllowMultipleArgumentsPerToken = true,
        };
        var lang = CliLabels.LangOption();
        var rasters = new Option<string?>("--rasters") { Description = "Raster configuration (rasters.json): take unit inputs from monitoring rasters first (as gep prepare), in the same run." };
        var cmd = new Command("compute", "Compute GEP unit by unit and write gep-units.csv and gep-summary.json.") { units, stats, parameters, year, outDir, method, etFallback, air, include, json, lang, rasters };
        var prices = new GepPriceOptions();
        prices.AddTo(cmd);
        var uncertainty = new GepUncertaintyOptions();
        uncertainty.AddTo(cmd);
        cmd.SetAction(pr =>
        {
            MethodProfile.TryParse(pr.GetValue(method)!, out var profile);
            var optIn = (pr.GetValue(include) ?? []).SelectMany(v => v.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).Distinct(StringComparer.Ordinal).ToList();
            if (optIn.FirstOrDefault(c => !GepOptions.OptInIndicators.Contains(c)) is { } unknown)
            {
                io.Err.WriteLine($"error: --include: '{unknown}' is not an indicator that can be opted into; expected one of {string.Join(", ", GepOptions.OptInIndicators)}.");
                return 2;
            }
            var options = new GepOptions(profile, pr.GetValue(etFallback),
                pr.GetValue(air) == "emissions" ? AirPurificationMethod.Emissions : AirPurificationMethod.CapacityCapped)
            { OptIn = optIn };
            var request = new GepRunRequest(pr.GetValue(units)!, pr.GetValue(stats), pr.GetValue(parameters), pr.GetValue(year), pr.GetValue(outDir)!, options, prices.Read(pr), uncertainty.Read(pr));
            return pr.GetValue(rasters) is { } config
                ? GepPrepareCommand.RunCompute(io, request, config, pr.GetValue(json), CliLabels.For(pr.GetValue(lang)))
                : RunCompute(io, request, pr.GetValue(json), CliLabels.For(pr.GetValue(lang)));
        });
        return cmd;
    }

    /// <summary>Prints a run's warnings and, when it failed, every input problem and that nothing was written; false when it failed.</summary>
    internal static bool PrintWarningsAndProblems(CliIo io, GepRunResult result, string outDir)
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
        io.Err.WriteLine($"error: {result.Problems.Count} input problem{(result.Problems.Count == 1 ? "" : "s")}; nothing was written to {outDir}.");
        return false;
    }

    /// <summary>Runs one accounting and prints the result; returns the exit code.</summary>
    public static int RunCompute(CliIo io, GepRunRequest request, bool json, CliLabels? labels = null)
    {
        var result = Progress.Run(io, json, "gep compute", null, p => GepRun.Execute(request, _ => p.Increment()));
        if (!PrintWarningsAndProblems(io, result, request.OutDir))
        {
            return 2;
        }
        if (json)
        {
            io.Out.WriteLine(result.SummaryJson!.ToJsonString(Indented));
        }
        else
        {
            PrintSummary(io, result.Summary!, result.SummaryJson!, request.Options ?? GepOptions.Default, request.OutDir, labels ?? CliLabels.En);
        }
        return 0;
    }

    /// <summary>
    /// True when the table is shown in 万元 (10⁴ CNY): some non-zero value would read 0.00 in 亿元 (below 0.005 亿,
    /// i.e. 500,000 CNY), so a computed indicator never looks like zero.
    /// </summary>
    internal static bool UseWan(GepSummary s) =>
        s.ByIndicator.Values.Select(t => t.ValueCny).Concat(s.ByCategory.Values).Concat(s.ByEcosystem.Values.Select(e => e.ValueCny)).Append(s.TotalCny)
            .Any(v => v != 0 && Math.Abs(v) < 500_000m);

    internal static void PrintSummary(CliIo io, GepSummary s, System.Text.Json.Nodes.JsonObject json, GepOptions options, string outDir, CliLabels l)
    {
        bool wan = UseWan(s);
        string Yi(decimal cny) => (cny / (wan ? 10_000m : 100_000_000m)).ToString("#,0.00", CultureInfo.InvariantCulture);
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(io.Out), Ansi = AnsiSupport.No, ColorSystem = ColorSystemSupport.NoColors });
        console.Profile.Width = 100;
        var table = new Table().Border(TableBorder.Simple)
            .Title(Markup.Escape(l.Format("gep.title", s.Units.ToString("#,0", CultureInfo.InvariantCulture), s.AreaKm2.ToString("#,0.00", CultureInfo.InvariantCulture))));
        table.AddColumn(l["indicator"]);
        table.AddColumn(new TableColumn(l["category"]));
        table.AddColumn(new TableColumn(l["quantity"]).RightAligned());
        table.AddColumn(l["unit"]);
        table.AddColumn(new TableColumn(l[wan ? "value_wan" : "value_yi"]).RightAligned());
        table.AddColumn(new TableColumn(l["share"]).RightAligned());
        foreach (var indicator in GepIndicators.All.Where(i => options.Counts(i.Code)))
        {
            var t = s.ByIndicator[indicator.Code];
            table.AddRow(
                l.Indicator(indicator),
                l.Category(indicator.Category.ToString().ToLowerInvariant()),
                t.Units == 0 ? (indicator.Ecosystems.Any(s.ByEcosystem.ContainsKey) ? l["not_computed"] : l["not_applicable"]) : t.Quantity is { } q ? q.ToString("#,0", CultureInfo.InvariantCulture) : "-",
                indicator.QuantityUnit,
                t.Units == 0 ? "-" : Yi(t.ValueCny),
                s.TotalCny == 0 ? "-" : (t.ValueCny / s.TotalCny).ToString("0.0%", CultureInfo.InvariantCulture));
        }
        table.AddEmptyRow();
        foreach (var (cat, v) in s.ByCategory)
        {
            table.AddRow(l.Category(cat.ToString().ToLowerInvariant()), "", "", "", Yi(v), s.TotalCny == 0 ? "-" : (v / s.TotalCny).ToString("0.0%", CultureInfo.InvariantCulture));
        }
        table.AddRow("GEP", "", "", "", Yi(s.TotalCny), "100.0%");
        console.Write(table);
        foreach (var (eco, t) in s.ByEcosystem)
        {
            io.Out.WriteLine($"  {l.Ecosystem(eco.Code()),-10} {t.Units,7:#,0} {l["units"]} {t.AreaKm2,12:#,0.00} km²  {Yi(t.ValueCny),12} {l[wan ? "wan" : "yi"]}  {(s.TotalCny == 0 ? 0 : t.ValueCny / s.TotalCny),6:0.0%}");
        }
        io.Out.WriteLine($"  {l["density"]} {s.DensityCnyPerKm2.ToString("#,0", CultureInfo.InvariantCulture)} CNY/km²");
        io.Out.WriteLine("  " + l.Format("method_line", options.Profile.Code, options.Profile.Title, options.Profile.Version) +
            (options.OptIn.Count > 0 ? l.Format("opted_in", string.Join(", ", options.OptIn)) : ""));
        if (json["prices"] is { } priceBasis)
        {
            string basis = l.PriceBasis((string?)priceBasis["basis"], (int?)priceBasis["price_year"], (string?)priceBasis["label"] ?? "");
            io.Out.WriteLine("  " + l.Format("prices_line", basis, priceBasis["index"]!["series"]!));
        }
        if (json["uncertainty"] is { } mc)
        {
            var t = mc["total"]!;
            io.Out.WriteLine("  " + l.Format("interval_line", Yi(t["p5_cny"]!.GetValue<decimal>()), Yi(t["p95_cny"]!.GetValue<decimal>()), l[wan ? "wan" : "yi"], mc["draws"]!, mc["seed"]!));
        }
        var years = json["price_years"]!.AsObject().Select(kv => kv.Key).ToList();
        if (years.Count > 0)
        {
            bool mixed = json["mixed_price_years"]!.GetValue<bool>();
            io.Out.WriteLine("  " + l.Format("price_years_line", string.Join(l.IsZh ? "、" : ", ", years)) + (mixed ? l["price_years_mixed"] : ""));
        }
        int gaps = s.NotComputed.Sum(g => g.Units);
        if (gaps > 0)
        {
            io.Out.WriteLine("  " + l.Format("not_computed_line", gaps.ToString("#,0", CultureInfo.InvariantCulture), s.NotComputed.Count, s.NotComputed.Count == 1 ? "" : "s"));
        }
        io.Out.WriteLine("  " + l.Format("written", outDir));
    }

    private static Command Indicators(CliIo io)
    {
        var json = new Option<bool>("--json") { Description = "Print JSON." };
        var lang = CliLabels.LangOption();
        var cmd = new Command("indicators", "List the indicators: category, ecosystems, formula, parameter keys, documentation.") { json, lang };
        cmd.SetAction(pr =>
        {
            if (pr.GetValue(json))
            {
                var list = GepIndicators.All.Select(i => new
                {
                    code = i.Code,
                    name_en = i.NameEn,
                    name_zh = i.NameZh,
                    category = i.Category.ToString().ToLowerInvariant(),
                    ecosystems = i.Ecosystems.Select(e => e.Code()),
                    quantity_unit = i.QuantityUnit,
                    formula = i.Formula,
                    parameters = i.ParameterKeys,
                    inputs = i.Inputs.Select(f => f.Column()),
                    input_groups = i.InputGroups.Length > 0 ? i.InputGroups : null,
                    profiles = MethodProfile.All.Where(p => p.Includes(i.Code)).Select(p => p.Code),
                    opt_in = GepOptions.OptInIndicators.Contains(i.Code),
                    sources = i.Sources,
                    doc = i.DocumentPath,
                });
                io.Out.WriteLine(JsonSerializer.Serialize(list, Indented));
                return 0;
            }
            var l = CliLabels.For(pr.GetValue(lang));
            foreach (var i in GepIndicators.All)
            {
                string head = l.IsZh ? $"{i.Code}（{i.NameZh}，{i.NameEn}）" : $"{i.Code} ({i.NameEn}, {i.NameZh})";
                io.Out.WriteLine($"{head} — {l.Category(i.Category.ToString().ToLowerInvariant())}; {string.Join(", ", i.Ecosystems.Select(e => l.Ecosystem(e.Code())))}");
                io.Out.WriteLine($"  {i.Formula}");
                if (i.ParameterKeys.Count > 0)
                {
                    io.Out.WriteLine($"  {l["parameters"]}: {string.Join(", ", i.ParameterKeys)}");
                }
                if (i.InputGroups.Length > 0)
                {
                    io.Out.WriteLine($"  inputs: {i.InputGroups}");
                }
                else if (i.Inputs.Count > 0)
                {
                    io.Out.WriteLine($"  inputs: {string.Join(", ", i.Inputs.Select(f => f.Column()))}");
                }
                var profiles = MethodProfile.All.Where(p => p.Includes(i.Code)).Select(p => p.Code).ToList();
                io.Out.WriteLine($"  profiles: {(profiles.Count > 0 ? string.Join(", ", profiles) : GepOptions.OptInIndicators.Contains(i.Code) ? $"none; counted with --include {i.Code}" : "none (computed only where a profile includes it)")}");
                io.Out.WriteLine($"  {l["method"]}: {i.DocumentPath}");
            }
            return 0;
        });
        return cmd;
    }

    private static Command Parameters(CliIo io)
    {
        var overrides = new Option<string?>("--parameters") { Description = "Show the table with these overrides applied." };
        var json = new Option<bool>("--json") { Description = "Print JSON." };
        var cmd = new Command("parameters", "Show the effective parameter table with units, price years and sources.") { overrides, json };
        var prices = new GepPriceOptions();
        prices.AddTo(cmd);
        cmd.SetAction(pr =>
        {
            var set = ParameterSet.Defaults();
            if (pr.GetValue(overrides) is { } path)
            {
                if (!File.Exists(path))
                {
                    throw new CliException($"{path}: file not found.");
                }
                using var s = File.OpenRead(path);
                set = set.WithOverrides(path, s, out var problems);
                if (problems.Count > 0)
                {
                    throw new CliException(string.Join(Environment.NewLine + "error: ", problems));
                }
            }
            IReadOnlyList<PriceConversion> conversions = [];
            IReadOnlyList<PriceNotConverted> notConverted = [];
            if (prices.Read(pr) is { } basis)
            {
                set = set.AtPriceYear(basis.Series, basis.PriceYear, out conversions, out notConverted);
            }
            if (pr.GetValue(json))
            {
                var table = set.All.Select(p => new { key = p.Key, value = p.Value, unit = p.Unit, price_year = p.PriceYear, source = p.Source, note = p.Note, alternatives = p.Alternatives });
                object doc = conversions.Count == 0 && notConverted.Count == 0
                    ? new { version = set.Version, parameters = table }
                    : new
                    {
                        version = set.Version,
                        conversions = conversions.Select(c => new { key = c.Key, price_year = c.PriceYear, value = c.Original, factor = c.Factor.Factor, converted = c.Converted }),
                        not_converted = notConverted.Select(n => new { key = n.Key, reason = n.Reason }),
                        parameters = table,
                    };
                io.Out.WriteLine(JsonSerializer.Serialize(doc, Indented));
                return 0;
            }
            io.Out.WriteLine($"parameters version {set.Version}");
            foreach (var p in set.All)
            {
                string value = p.Value is { } v ? v.ToString(CultureInfo.InvariantCulture) : "(none)";
                io.Out.WriteLine($"{p.Key,-48} {value,12} {p.Unit,-24} {p.PriceYear ?? "",-5} {Shorten(p.Source)}");
            }
            foreach (var c in conversions)
            {
                io.Out.WriteLine($"  {c.Key}: {c.Original.ToString(CultureInfo.InvariantCulture)} ({c.PriceYear}) × {c.Factor.Factor.ToString(CultureInfo.InvariantCulture)} = {c.Converted.ToString(CultureInfo.InvariantCulture)}");
            }
            foreach (var n in notConverted)
            {
                io.Out.WriteLine($"  {n.Key}: not converted, {n.Reason}; shown without a value");
            }
            return 0;
        });
        return cmd;
    }

    private static string Shorten(string source) => source.Length > 60 ? source[..57] + "..." : source;
}
