using System.CommandLine;
using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using EcoLedger.Cli.Hosting;
using EcoLedger.Reports;
using EcoLedger.Reports.Charts;
using EcoLedger.Storage;
using EcoLedger.Zoning;

namespace EcoLedger.Cli.Commands;

/// <summary><c>ecoledger zones ...</c>: value density, priority protection zones and site screening.</summary>
public static class ZonesCommands
{
    public static Command Create(CliIo io)
    {
        var zones = new Command("zones", "Value density per unit, priority protection zones, and screening of planned sites against them.");
        zones.Subcommands.Add(Mark(io));
        zones.Subcommands.Add(Screen(io));
        return zones;
    }

    private static Command Mark(CliIo io)
    {
        var units = new Option<string>("--units") { Description = "Unit polygons with unit_id: .geojson, .gpkg or .shp.", Required = true };
        var gep = new Option<string>("--gep") { Description = "Output folder of 'gep compute' (reads gep-units.csv).", Required = true };
        var output = new Option<string>("--out") { Description = "Folder for zones.geojson, units-classified.geojson, zones-summary.json, zones-map.svg.", Required = true };
        var tiers = new Option<string?>("--tiers") { Description = "Tiers as name:threshold in yuan/km², e.g. priority:5e6,important:2e6 (default priority:5e6)." };
        var basis = new Option<string>("--basis") { Description = "Which GEP counts: all (default) or regulating.", DefaultValueFactory = _ => "all" };
        basis.AcceptOnlyFromAmong("all", "regulating");
        var snap = new Option<double>("--snap-m") { Description = "Units of one tier closer than this many metres join one zone (default 0: shared edges only)." };
        var crs = new Option<string?>("--crs") { Description = "CRS of --units: auto (default: the file's, else detected), geographic, projected (metres of an equal-area projection) or EPSG:<code> (4326, 4490; CGCS2000 Gauss–Krüger 4491–4554, reprojected)." };
        var fix = new Option<bool>("--fix") { Description = "Repair invalid polygons (close rings; MakeValid) and list the repairs, instead of failing." };
        var timings = new Option<bool>("--timings") { Description = "Print the duration of each phase to standard error." };
        var json = new Option<bool>("--json") { Description = "Print the zones summary (zones-summary.json) instead of lines." };
        var lang = new Option<string>("--lang") { Description = "Language of the map's legend and captions: en (default) or zh.", DefaultValueFactory = _ => "en" };
        lang.AcceptOnlyFromAmong("en", "zh");
        var command = new Command("mark", "Compute value density per unit, assign tiers and dissolve adjacent same-tier units into zones.")
        {
            units, gep, output, tiers, basis, snap, crs, fix, timings, json, lang,
        };
        command.SetAction(parse =>
        {
            string outDir = parse.GetValue(output)!;
            ZoningResult result;
            try
            {
                var options = new ZoningOptions(
                    parse.GetValue(tiers) is { } t ? TierSet.Parse(t) : TierSet.Default,
                    parse.GetValue(basis) == "regulating" ? ValueBasis.Regulating : ValueBasis.All,
                    parse.GetValue(snap),
                    LayerCrs.ParseOption(parse.GetValue(crs)),
                    parse.GetValue(fix));
                Action<string, TimeSpan>? onPhase = parse.GetValue(timings)
                    ? (phase, took) => io.Err.WriteLine(string.Create(CultureInfo.InvariantCulture, $"timing: {phase}: {took.TotalSeconds:0.000} s"))
                    : null;
                // Six phases; no bar with --timings, which prints lines of its own.
                result = Progress.Run(io, onPhase is not null || parse.GetValue(json), "zones mark", 6, p =>
                    ZoneMarker.MarkToDirectory(parse.GetValue(units)!, parse.GetValue(gep)!, outDir, options, onPhase ?? ((_, _) => p.Increment()),
                        (r, w) => ZoneMap.Write(r, outDir, w, new Labels(Labels.Parse(parse.GetValue(lang)!)))));
            }
            catch (ZoningInputException e)
            {
                throw new CliException(e.Message);
            }
            if (parse.GetValue(json))
            {
                io.Out.WriteLine(File.ReadAllText(Path.Combine(outDir, ZoneOutputWriter.SummaryFile)).TrimEnd());
            }
            else
            {
                PrintMark(io.Out, result, outDir);
            }
            return 0;
        });
        return command;
    }

    private static void PrintMark(TextWriter o, ZoningResult r, string outDir)
    {
        var c = CultureInfo.InvariantCulture;
        o.WriteLine(string.Create(c, $"{r.Units.Count:#,0} units, {r.TotalAreaKm2:#,0.00} km², {r.TotalValueCny:#,0.00} yuan ({(r.Options.Basis == ValueBasis.Regulating ? "regulating" : "all")}); CRS {r.Crs.Describe()}"));
        foreach (var t in r.Options.Tiers.Tiers)
        {
            var zs = r.Zones.Where(z => z.Tier == t).ToList();
            o.WriteLine(string.Create(c, $"{t.Name} (≥ {t.ThresholdCnyPerKm2:#,0} yuan/km²): {zs.Count} zone{(zs.Count == 1 ? "" : "s")}, {zs.Sum(z => z.AreaKm2):#,0.00} km², {zs.Sum(z => z.ValueCny):#,0.00} yuan"));
        }
        double areaShare = r.TotalAreaKm2 > 0 ? r.PriorityAreaKm2 / r.TotalAreaKm2 : 0;
        decimal valueShare = r.TotalValueCny > 0 ? r.PriorityValueCny / r.TotalValueCny : 0;
        o.WriteLine(string.Create(c, $"{r.Options.Tiers.Top.Name} share: {areaShare:P1} of area, {valueShare:P1} of value"));
        foreach (string repair in r.Repairs)
        {
            o.WriteLine($"repaired: {repair}");
        }
        o.WriteLine($"wrote {outDir}: {ZoneOutputWriter.ZonesFile}, {ZoneOutputWriter.UnitsFile}, {ZoneOutputWriter.SummaryFile}, {ZoneOutputWriter.MapFile}");
    }

    private static Command Screen(CliIo io)
    {
        var zonesDir = new Option<string>("--zones") { Description = "Output folder of 'zones mark'.", Required = true };
        var sites = new Option<string>("--sites") { Description = "Planned site footprints (polygons with site_id): .geojson, .gpkg or .shp.", Required = true };
        var json = new Option<bool>("--json") { Description = "Print JSON instead of a table." };
        var crs = new Option<string?>("--crs") { Description = "CRS of --sites: auto (default), geographic, projected or EPSG:<code> (Gauss–Krüger codes are reprojected like the units)." };
        var sliverM2 = new Option<double>("--sliver-m2") { Description = "Overlaps below this many m² are slivers, counted as touching (default 1).", DefaultValueFactory = _ => SliverTolerance.Default.MinSquareMetres };
        var sliverPct = new Option<double>("--sliver-pct") { Description = "Overlaps below this percentage of the smaller of the site and the zone's unit are slivers too (default 0.01; capped by the unit, so no meaningful share of a zone is hidden).", DefaultValueFactory = _ => SliverTolerance.Default.SiteShare * 100 };
        var db = new Option<string?>("--db") { Description = "A store to run the overlay in: a PostgreSQL connection string runs it in PostGIS (same results); default: in memory (NTS)." };
        var command = new Command("screen", "Overlap, value at risk and verdict (clear, touches_important, intersects_priority, outside_accounted_area) for each planned site. Exit code 0 even when sites intersect.")
        {
            zonesDir, sites, json, crs, sliverM2, sliverPct, db,
        };
        command.SetAction(parse =>
        {
            IReadOnlyList<SiteScreening> result;
            SliverTolerance tolerance;
            try
            {
                tolerance = new SliverTolerance(parse.GetValue(sliverM2), parse.GetValue(sliverPct) / 100).Validated();
                if (parse.GetValue(db) is { } target)
                {
                    using var store = LedgerDatabase.Open(target);
                    result = SiteScreener.Screen(parse.GetValue(zonesDir)!, parse.GetValue(sites)!, LayerCrs.ParseOption(parse.GetValue(crs)), tolerance, store.Overlay());
                }
                else
                {
                    result = SiteScreener.Screen(parse.GetValue(zonesDir)!, parse.GetValue(sites)!, LayerCrs.ParseOption(parse.GetValue(crs)), tolerance);
                }
            }
            catch (ZoningInputException e)
            {
                throw new CliException(e.Message);
            }
            if (parse.GetValue(json))
            {
                PrintScreenJson(io.Out, result, tolerance);
            }
            else
            {
                PrintScreenTable(io.Out, result, tolerance);
            }
            return 0;
        });
        return command;
    }

    private static void PrintScreenTable(TextWriter o, IReadOnlyList<SiteScreening> sites, SliverTolerance tolerance) =>
        o.Write(SiteScreeningText.Text(sites, tolerance));

    private static void PrintScreenJson(TextWriter o, IReadOnlyList<SiteScreening> sites, SliverTolerance tolerance) =>
        o.WriteLine(SiteScreeningJson.Text(sites, tolerance));
}
