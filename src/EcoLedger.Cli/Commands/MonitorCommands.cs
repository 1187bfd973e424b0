using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using EcoLedger.Cli.Hosting;
using EcoLedger.IO;
using EcoLedger.Ledger;
using EcoLedger.Monitoring;
using EcoLedger.Storage;
using EcoLedger.Valuation;
using EcoLedger.Valuation.Files;
using static EcoLedger.Cli.Commands.LedgerCommands;

namespace EcoLedger.Cli.Commands;

/// <summary>
/// <c>ecoledger monitor ...</c>: monitoring stations, readings (files and streams) and the live account with its pricing basis
/// (methodology/monitoring.md). Every verb accepts <c>--db</c>, <c>--actor</c> and <c>--json</c>.
/// </summary>
public static class MonitorCommands
{
    /// <summary>Readings per transaction when none is given.</summary>
    private const int DefaultBatch = 5_000;

    public static Command Create(CliIo io)
    {
        var ctx = new LedgerCli(io);
        var root = new Command("monitor", "Monitoring stations and readings: QC, gap filling, the live year-to-date account and pricing basis.");
        ctx.AddSharedOptions(root);
        var stations = new Command("stations", "Monitoring stations.");
        stations.Subcommands.Add(Import(ctx));
        root.Subcommands.Add(stations);
        root.Subcommands.Add(Ingest(ctx));
        root.Subcommands.Add(Follow(ctx));
        root.Subcommands.Add(Status(ctx));
        root.Subcommands.Add(Prune(ctx));
        return root;
    }

    private static Command Import(LedgerCli ctx)
    {
        var file = new Argument<string>("FILE") { Description = $"stations.csv (header {StationFile.Header}) or stations.geojson (Point or footprint Polygon per station)." };
        var units = Req("--units", "The GEP units file (CSV or GeoJSON) the stations' units come from: area, region, ecosystem, polygons for footprints.");
        var cmd = new Command("import", "Register stations: all or none; an identical station is skipped (a file of those only journals nothing), a changed one refused.") { file, units };
        cmd.SetAction(r => ctx.Guard(() =>
        {
            string path = r.GetValue(file)!;
            string unitsPath = r.GetValue(units)!;
            if (!File.Exists(unitsPath))
            {
                throw new CliException($"Units file '{unitsPath}' does not exist.");
            }
            var reader = new UnitFileReader(unitsPath, unitsPath);
            var byId = new Dictionary<string, AccountingUnit>(StringComparer.Ordinal);
            foreach (var u in reader.Read())
            {
                byId[u.UnitId] = u;
            }
            var (read, problems) = StationFile.Read(path, path, byId);
            var all = reader.Problems.Concat(problems).ToList();
            using var db = ctx.Open(r);
            var command = new RegisterStations(Path.GetFileName(path), read);
            if (all.Count > 0)
            {
                // The engine's problems of the stations that did read in the same report: one list, every problem at once.
                NotRegistered(InputProblem.InRowOrder(all.Concat(db.InputProblems(command, ctx.ActorOf(r)))));
            }
            CommandResult result;
            try
            {
                result = ctx.Run(db, r, command, null);
            }
            catch (LedgerException refused) when (refused.Problems.Count > 0)
            {
                NotRegistered(refused.Problems);
                throw;
            }
            var e = result.PayloadAs<StationsRegistered>();
            int skipped = read.Count - e.Stations.Count;
            if (r.GetValue(ctx.Json))
            {
                WriteJson(ctx.Io, new JsonObject { ["seq"] = result.Unchanged ? null : result.Entry.Seq, ["registered"] = new JsonArray([.. e.Stations.Select(s => JsonValue.Create(s.Id))]), ["skipped"] = skipped, ["unchanged"] = result.Unchanged });
                return 0;
            }
            if (result.Unchanged)
            {
                // As price import and monitor ingest say it: nothing new, so nothing journaled.
                ctx.Io.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"0 new stations in {path}, {skipped:N0} already registered (skipped)"));
                return 0;
            }
            ctx.Io.Out.WriteLine($"registered {e.Stations.Count} station{(e.Stations.Count == 1 ? "" : "s")} from {path} (journal entry {result.Entry.Seq}); {skipped} already registered");
            foreach (var s in e.Stations)
            {
                ctx.Io.Out.WriteLine($"  {s.Id,-12} {s.Kind,-14} {string.Join(", ", s.Variables.Select(v => $"{v.Variable} ({v.Unit}, {v.IntervalMinutes} min)"))}; {s.Units.Count} unit{(s.Units.Count == 1 ? "" : "s")}");
            }
            return 0;
        }));
        return cmd;
    }

    private static void NotRegistered(IReadOnlyList<InputProblem> all) =>
        throw new CliException($"{all.Count} problem{(all.Count == 1 ? "" : "s")}; nothing was registered:" + string.Concat(all.Select(p => "\n  " + p)));

    private static Option<int> BatchOption() => new("--batch") { Description = $"Readings per transaction (default {DefaultBatch:N0}).", DefaultValueFactory = _ => DefaultBatch };

    private static Command Ingest(LedgerCli ctx)
    {
        var file = new Argument<string>("FILE") { Description = $"readings.csv (header {ReadingFile.Header}[,quality]) or readings.jsonl (one object per line)." };
        var batch = BatchOption();
        var cmd = new Command("ingest", "Ingest readings in batches, one transaction each; repeats are skipped, changed values are corrections.") { file, batch };
        cmd.SetAction(r => ctx.Guard(() =>
        {
            string path = r.GetValue(file)!;
            if (!File.Exists(path))
            {
                throw new CliException($"Readings file '{path}' does not exist.");
            }
            int size = Math.Max(1, r.GetValue(batch));
            bool jsonl = ReadingFile.IsJsonLines(path);
            // One pass: the all-or-nothing unit is the batch (one transaction, one journal entry). A batch with any bad row, in its
            // syntax or against its station, writes nothing; the batches before it stay committed and the error says so, and
            // ingesting the corrected file again skips them as repeats (methodology/monitoring.md §1).
            using var db = ctx.Open(r);
            var totals = new Totals();
            using (var text = CsvRecordReader.OpenUtf8(path))
            {
                foreach (var b in ReadingFile.ReadAhead(text, path, jsonl, size))
                {
                    try
                    {
                        RunBatch(db, ctx, r, new IngestReadings(Path.GetFileName(path), b.Readings), b.Problems, path, totals);
                    }
                    catch (LedgerException e) when (e.Problems.Count == 0 && totals.Committed is { } committed)
                    {
                        throw new CliException($"{e.Message}{Environment.NewLine}{committed}");
                    }
                }
            }
            totals.Print(ctx, r, path);
            return 0;
        }));
        return cmd;
    }

    private static Command Follow(LedgerCli ctx)
    {
        var source = new Argument<string>("SOURCE") { Description = "'-' for standard input (CSV with the readings header, then rows as they arrive), or a file." };
        var batch = new Option<int>("--batch") { Description = "Readings per transaction (default 100).", DefaultValueFactory = _ => 100 };
        var cmd = new Command("follow", "Tail a stream of readings: each batch is committed and the changed year-to-date accounts are printed.") { source, batch };
        cmd.SetAction(r => ctx.Guard(() =>
        {
            string name = r.GetValue(source)!;
            using var text = name == "-" ? ctx.Io.In : File.Exists(name) ? CsvRecordReader.OpenUtf8(name) : throw new CliException($"Stream file '{name}' does not exist.");
            string label = name == "-" ? "stdin" : name;
            bool jsonl = ReadingFile.IsJsonLines(name);
            using var db = ctx.Open(r);
            var totals = new Totals();
            var before = Snapshot(db);
            foreach (var b in ReadingFile.Read(text, label, jsonl, Math.Max(1, r.GetValue(batch))))
            {
                RunBatch(db, ctx, r, new IngestReadings(label, b.Readings), b.Problems, label, totals);
                var after = Snapshot(db);
                foreach (var (key, total) in after.Where(kv => !before.TryGetValue(kv.Key, out var old) || old != kv.Value))
                {
                    ctx.Io.Out.WriteLine($"{key}: {Show(key, before.GetValueOrDefault(key))} → {Show(key, total)}");
                }
                ctx.Io.Out.Flush();
                before = after;
            }
            totals.Print(ctx, r, label);
            return 0;
        }));
        return cmd;
    }

    private static Dictionary<string, long> Snapshot(LedgerDatabase db)
    {
        return db.MonitoringSeries().OrderBy(x => x.StationId, StringComparer.Ordinal).ThenBy(x => x.Variable, StringComparer.Ordinal).ThenBy(x => x.Year)
            .ToDictionary(x => $"{x.StationId} {x.Variable} {x.Year}", x => x.Total, StringComparer.Ordinal);
    }

    private static string Show(string key, long amount) => key.Contains(" nee ", StringComparison.Ordinal)
        ? string.Create(CultureInfo.InvariantCulture, $"{amount / 1_000_000_000_000m:0.000000} t CO2/ha")
        : string.Create(CultureInfo.InvariantCulture, $"{amount / 1000m:0.###} mm");

    /// <summary>A batch with syntax problems, refused with the engine's problems of its other rows in the same list.</summary>
    /// <summary>One batch of readings: refused with every problem when the file or the engine finds any, else run.</summary>
    private static void RunBatch(LedgerDatabase db, LedgerCli ctx, ParseResult r, IngestReadings command, IReadOnlyList<InputProblem> problems, string file, Totals totals)
    {
        Refuse(db, ctx, r, command, problems, file, totals);
        try
        {
            totals.Add(ctx.Run(db, r, command, null));
        }
        catch (LedgerException e) when (e.Problems.Count > 0)
        {
            Refuse(e.Problems, file, totals);
            throw;
        }
    }

    private static void Refuse(LedgerDatabase db, LedgerCli ctx, ParseResult r, IngestReadings command, IReadOnlyList<InputProblem> problems, string file, Totals totals)
    {
        if (problems.Count > 0)
        {
            Refuse(InputProblem.InRowOrder(problems.Concat(db.InputProblems(command, ctx.ActorOf(r)))), file, totals);
        }
    }

    private static void Refuse(IReadOnlyList<InputProblem> problems, string file, Totals totals)
    {
        if (problems.Count == 0)
        {
            return;
        }
        var shown = problems.Take(20).Select(p => "\n  " + p).ToList();
        if (problems.Count > 20)
        {
            shown.Add($"\n  … and {problems.Count - 20} more");
        }
        string committed = totals.Committed is { } c ? "\n" + c : "";
        throw new CliException($"{problems.Count} problem{(problems.Count == 1 ? "" : "s")} in {file}; this batch was not written:" + string.Concat(shown) + committed);
    }

    private sealed class Totals
    {
        private long _new, _corrections, _repeats;
        private int _batches, _journaled;
        private long? _first, _last;

        public void Add(CommandResult result)
        {
            // The batch as the engine decided it: its counts without parsing the journal entry just written.
            var e = result.PayloadAs<ReadingsAccepted>();
            _batches++;
            _repeats += e.Repeats;
            if (result.Unchanged)
            {
                return; // every reading already stored: nothing was journaled
            }
            _journaled++;
            int corrections = e.Corrections;
            _corrections += corrections;
            _new += e.Readings.Count - corrections;
            _first ??= result.Entry.Seq;
            _last = result.Entry.Seq;
        }

        /// <summary>What earlier batches of the same file committed, for the message of a refused batch; null when none did.</summary>
        public string? Committed => _first is null ? null : string.Create(CultureInfo.InvariantCulture,
            $"The {_journaled} batch{(_journaled == 1 ? "" : "es")} before it stay committed ({_new + _corrections:N0} readings, journal entries {_first}–{_last}); ingesting the corrected file again skips them as repeats.");

        /// <summary>True when every batch was repeats only: nothing was journaled.</summary>
        private bool Unchanged => _batches > 0 && _journaled == 0;

        public void Print(LedgerCli ctx, ParseResult r, string source)
        {
            if (r.GetValue(ctx.Json))
            {
                WriteJson(ctx.Io, new JsonObject { ["source"] = source, ["batches"] = _batches, ["new"] = _new, ["corrections"] = _corrections, ["repeats"] = _repeats, ["first_seq"] = _first, ["last_seq"] = _last, ["unchanged"] = Unchanged });
                return;
            }
            if (Unchanged)
            {
                // As price import and compensation samples import say it: nothing new, so nothing journaled.
                ctx.Io.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"0 new readings in {source}, {_repeats:N0} already recorded (skipped)"));
                return;
            }
            string entries = _first is null ? "" : $" (journal entries {_first}–{_last})";
            int skipped = _batches - _journaled;
            string notJournaled = skipped > 0 && _journaled > 0 ? $", {skipped} of them repeats only and not journaled" : "";
            ctx.Io.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"ingested {source}: {_new:N0} new readings, {_corrections:N0} corrections, {_repeats:N0} repeats skipped, in {_batches} batch{(_batches == 1 ? "" : "es")}{notJournaled}{entries}"));
        }
    }

    private static Command Prune(LedgerCli ctx)
    {
        var keep = new Option<int>("--keep-years") { Description = "Account years of raw readings to keep, counted back from the as-of year (at least 1).", Required = true };
        var asOf = new Option<int?>("--as-of-year") { Description = "The year counted from (default: the latest account year with readings)." };
        var cmd = new Command("prune", "Retention: delete the raw readings of older account years; their hourly and daily aggregates and accounts are kept, final.")
        { keep, asOf };
        cmd.SetAction(r => ctx.Guard(() =>
        {
            using var db = ctx.Open(r);
            var result = ctx.Run(db, r, new PruneReadings(r.GetValue(keep), r.GetValue(asOf)), null);
            var e = result.PayloadAs<ReadingsPruned>();
            long readings = e.Series.Sum(s => s.Readings);
            if (r.GetValue(ctx.Json))
            {
                WriteJson(ctx.Io, new JsonObject { ["seq"] = result.Entry.Seq, ["through_year"] = e.ThroughYear, ["series"] = e.Series.Count, ["readings"] = readings });
                return 0;
            }
            ctx.Io.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"pruned {readings:N0} raw readings of {e.Series.Count} series through account year {e.ThroughYear} (journal entry {result.Entry.Seq}); their aggregates and accounts are kept"));
            return 0;
        }));
        return cmd;
    }

    private static Command Status(LedgerCli ctx)
    {
        var project = Opt("--project", "Only this project (default: every project with a monitored unit).");
        var year = new Option<int?>("--year") { Description = "Account year (UTC+8; default: the latest with readings)." };
        var market = Opt("--market", "Price market for the value (e.g. CEA); the latest quote on or before the as-of date is used.");
        var haircut = Opt("--haircut", "Delivery-risk haircut h between 0 and 1 (no default): issuable = floor((gross − buffer) × (1 − h)).");
        var asOf = Opt("--as-of", "As-of date YYYY-MM-DD (default: the local date of the latest reading).");
        var maxAge = new Option<int>("--max-age-days") { Description = "Oldest usable quote, in days before the as-of date (default 30).", DefaultValueFactory = _ => 30 };
        var minObserved = Opt("--min-observed", "The least share of the year observed, 0–1, below which no full year is projected or valued " +
            "(no default: the lender's or registry's floor; without it the projection is flagged unqualified).");
        var maxFilled = Opt("--max-filled", "The largest share of the observed intervals that may be gap-filled, 0–1, above which no full year is projected (optional).");
        var cmd = new Command("status", "The live account: station series with QC counts, region totals, each project's pricing basis, water conservation.")
        { project, year, market, haircut, asOf, maxAge, minObserved, maxFilled };
        cmd.SetAction(r => ctx.Guard(() =>
        {
            decimal? h = Share(r.GetValue(haircut), "--haircut");
            var floor = BasisFloor.Of(Share(r.GetValue(minObserved), "--min-observed"), Share(r.GetValue(maxFilled), "--max-filled"));
            DateOnly? date = r.GetValue(asOf) is { } d ? Date(d, "--as-of") : null;
            using var db = ctx.Open(r);
            var s = db.MonitoringStatus(r.GetValue(year), r.GetValue(project), h, r.GetValue(market), date, r.GetValue(maxAge), floor);
            if (r.GetValue(ctx.Json))
            {
                WriteJson(ctx.Io, ToNode(MonitoringStatusView.Of(s))); // the server publishes the same record
            }
            else
            {
                PrintStatus(ctx.Io.Out, s);
            }
            return 0;
        }));
        return cmd;
    }

    private static decimal? Share(string? text, string option) => text is null ? null
        : decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && v is >= 0m and <= 1m ? v
        : throw new CliException($"{option}: expected a decimal between 0 and 1; got '{text}'.");

    private static void PrintStatus(TextWriter o, MonitoringStatus s)
    {
        var ci = CultureInfo.InvariantCulture;
        o.WriteLine(string.Create(ci, $"monitoring {s.Year} as of {s.AsOf:yyyy-MM-dd}: {s.Readings:N0} readings stored ({s.Superseded:N0} superseded by corrections)"));
        o.WriteLine();
        o.WriteLine("  station      variable             year-to-date      filled   valid  linear diurnal unfilled  range spike stuck source");
        foreach (var x in s.Series)
        {
            var v = x.Series;
            string ytd = v.Variable == "nee" ? string.Create(ci, $"{v.Total / 1_000_000_000_000m:0.000000} t/ha") : string.Create(ci, $"{v.Total / 1000m:0.0} mm");
            string filled = v.Variable == "nee" ? string.Create(ci, $"{v.Filled / 1_000_000_000_000m:0.000000}") : string.Create(ci, $"{v.Filled / 1000m:0.0}");
            o.WriteLine(string.Create(ci, $"  {v.StationId,-12} {v.Variable,-18} {ytd,16} {filled,11} {v.ValidSlots,7} {v.LinearSlots,7} {v.DiurnalSlots,7} {v.UnfilledSlots,8} {v.RangeFlags,6} {v.SpikeFlags,5} {v.StuckFlags,5} {v.SourceFlags,6}"));
        }
        o.WriteLine();
        foreach (var r in s.Regions)
        {
            o.WriteLine(r.Variable == "nee"
                ? string.Create(ci, $"  region {r.Region}: net ecosystem exchange {r.Total / 1_000_000m:N3} t CO2 over {r.Units} units (negative = uptake)")
                : string.Create(ci, $"  region {r.Region}: {r.Variable} {r.Total / 1000m:N0} m3 over {r.Units} units"));
        }
        foreach (var w in s.Water)
        {
            o.WriteLine(string.Create(ci, $"  region {w.Region}: water conservation {w.CubicMetres:N0} m3 over {w.Units} units, {w.ValueCny:N2} CNY (GEP method){(w.NotComputed.Count > 0 ? $"; {w.NotComputed.Count} not computed" : "")}"));
        }
        foreach (var p in s.Projects)
        {
            o.WriteLine();
            o.WriteLine(string.Create(ci, $"  project {p.ProjectId}: {p.UnitsMonitored} of {p.UnitsTotal} units monitored"));
            o.WriteLine(string.Create(ci, $"    sequestration year-to-date  {p.YtdTonnes:N3} t CO2"));
            o.WriteLine(string.Create(ci, $"    year observed               {p.ObservedShare:P2} (of it gap-filled {p.FilledShare:P2})"));
            if (p.ProjectedTonnes is not { } projected)
            {
                o.WriteLine($"    projected full year         {p.Note}; no issuable quantity or value is quoted");
                continue;
            }
            o.WriteLine(string.Create(ci, $"    projected full year         {projected:N3} t CO2 (YTD + unobserved share at the units' yearly GEP rate)"));
            o.WriteLine($"    projection                  {p.Note}");
            if (p.UnitsWithoutPrior > 0)
            {
                o.WriteLine(string.Create(ci, $"    {p.UnitsWithoutPrior} unit(s) without yearly carbon inputs projected linearly (YTD / share observed)"));
            }
            o.WriteLine(string.Create(ci, $"    gross {p.Gross:N0} t − buffer {p.Buffer:N0} t") + (p.Issuable is { } i
                ? string.Create(ci, $" − haircut {p.Haircut:0.####} → issuable {i:N0} t")
                : " → issuable needs --haircut"));
            if (p.Price is { } price && p.Value is { } value)
            {
                o.WriteLine(string.Create(ci, $"    value at {price.Quote.Market} {price.Quote.Price.Amount:N2} CNY/t of {price.Quote.Date:yyyy-MM-dd}: {value.Amount:N2} CNY"));
            }
        }
    }
}
