using System.CommandLine;
using EcoLedger.Cli.Hosting;
using EcoLedger.Reports;
using EcoLedger.Reports.Gep;
using EcoLedger.Reports.Inputs;
using EcoLedger.Reports.Ledger;
using EcoLedger.Storage;

namespace EcoLedger.Cli.Commands;

/// <summary><c>ecoledger report ...</c>: reports people read (HTML + spreadsheet).</summary>
public static class ReportCommands
{
    public static Command Create(CliIo io) => Create(io, TimeProvider.System);

    /// <summary>The command with a given clock (tests pass a fixed one).</summary>
    public static Command Create(CliIo io, TimeProvider clock)
    {
        var report = new Command("report", "Reports for people: one self-contained report.html, report.xlsx and report.json.");
        report.Subcommands.Add(Gep(io, clock));
        report.Subcommands.Add(Ledger(io, clock));
        return report;
    }

    private static Command Gep(CliIo io, TimeProvider clock)
    {
        var gep = new Option<string>("--gep") { Description = "Output folder of 'gep compute'.", Required = true };
        var zones = new Option<string?>("--zones") { Description = "Output folder of 'zones mark' (map, zones, value-density histogram)." };
        var previous = new Option<string?>("--previous") { Description = "Output folder of 'gep compute' for an earlier year (change by indicator), or of 'gep compare' (as --change)." };
        var change = new Option<string?>("--change") { Description = "Output folder of 'gep compare' (waterfall of quantity and price effects by indicator)." };
        var output = new Option<string>("--out") { Description = "Folder for report.html, report.xlsx and report.json.", Required = true };
        var lang = new Option<string>("--lang") { Description = "Report language: zh (default) or en.", DefaultValueFactory = _ => "zh" };
        lang.AcceptOnlyFromAmong("zh", "en");
        var population = new Option<long?>("--population") { Description = "Resident population, for GEP per capita." };
        var region = new Option<string?>("--region-name") { Description = "Region name in the title (default: the regions in gep-units.csv)." };
        var json = new Option<bool>("--json") { Description = "Print report.json instead of the summary." };
        var mapRaster = new Option<string?>("--map-raster") { Description = "Show the raster behind this unit field (e.g. npp_t_c_per_ha, landcover) of a 'gep compute --rasters' run as a downsampled preview in the map section." };
        var command = new Command("gep", "The GEP report: headline figures, summary, charts, zone map, indicator table, methodology and parameter appendices, input hashes.")
        {
            gep, zones, previous, change, output, lang, population, region, json, mapRaster,
        };
        command.SetAction(parse =>
        {
            if (parse.GetValue(population) is <= 0)
            {
                throw new CliException("--population: expected a whole number greater than 0.");
            }
            var request = new GepReportRequest(parse.GetValue(gep)!, parse.GetValue(zones), parse.GetValue(previous), parse.GetValue(output)!,
                Labels.Parse(parse.GetValue(lang)!), parse.GetValue(population), parse.GetValue(region), parse.GetValue(change), parse.GetValue(mapRaster));
            GepReportFiles files;
            try
            {
                files = Progress.Run(io, parse.GetValue(json), "report gep", GepReport.Steps, p => GepReport.Write(request, clock, p.Step));
            }
            catch (ReportInputException e)
            {
                throw new CliException(e.Message);
            }
            if (parse.GetValue(json))
            {
                io.Out.WriteLine(File.ReadAllText(files.Json).TrimEnd());
                return 0;
            }
            io.Out.WriteLine(files.Report.Summary);
            io.Out.WriteLine($"wrote {files.Html}, {files.Xlsx}, {files.Json}");
            return 0;
        });
        return command;
    }

    private static Command Ledger(CliIo io, TimeProvider clock)
    {
        var db = new Option<string>("--db") { Description = "Ledger database file (default: $ECOLEDGER_DB or ecoledger.db).", DefaultValueFactory = _ => LedgerDatabase.DefaultPath };
        var output = new Option<string>("--out") { Description = "Folder for report.html, report.xlsx and report.json.", Required = true };
        var lang = new Option<string>("--lang") { Description = "Report language: zh (default) or en.", DefaultValueFactory = _ => "zh" };
        lang.AcceptOnlyFromAmong("zh", "en");
        var market = new Option<string>("--market") { Description = "Market whose price values the pledged credits (as value pledges); without it, LTV is not priced." };
        var asOf = new Option<string>("--as-of") { Description = "Valuation date, YYYY-MM-DD (required with --market)." };
        var haircut = new Option<string>("--haircut") { Description = "Collateral haircut, 0–1, where a loan names none.", DefaultValueFactory = _ => "0.3" };
        var threshold = new Option<string>("--threshold") { Description = "Margin threshold: a pledge with LTV above it is called.", DefaultValueFactory = _ => "0.8" };
        var maxAge = new Option<int>("--max-age-days") { Description = "Refuse a quote older than this many days at the valuation date.", DefaultValueFactory = _ => 90 };
        var discounts = new Option<string>("--discounts") { Description = "Vintage discount table CSV: age_years,factor (as value pledges)." };
        var json = new Option<bool>("--json") { Description = "Print report.json instead of the summary." };
        var command = new Command("ledger", "The ledger report: supply by project and vintage (checked), holdings, retirements with serials, pledges with LTV, compensation rounds, journal summary.")
        {
            db, output, lang, market, asOf, haircut, threshold, maxAge, discounts, json,
        };
        command.SetAction(parse =>
        {
            var valuation = PledgePricing(parse.GetValue(market), parse.GetValue(asOf), parse.GetValue(haircut)!, parse.GetValue(threshold)!, parse.GetValue(maxAge),
                parse.GetValue(discounts));
            var request = new LedgerReportRequest(parse.GetValue(db)!, parse.GetValue(output)!, Labels.Parse(parse.GetValue(lang)!), valuation);
            LedgerReportFiles files;
            try
            {
                string path = parse.GetValue(db)!;
                if (!LedgerDatabase.Exists(path))
                {
                    throw new CliException($"{path}: file not found; expected a ledger database (ledger --db, or demo's ecoledger.db).");
                }
                using var ledger = LedgerDatabase.Open(path);
                files = Progress.Run(io, parse.GetValue(json), "report ledger", LedgerReport.Steps, p => LedgerReport.Write(ledger, request, clock, p.Step));
            }
            catch (ReportInputException e)
            {
                throw new CliException(e.Message);
            }
            catch (EcoLedger.Ledger.LedgerException e)
            {
                throw CliFields.ToCli(e, $"{request.DatabasePath}: ");
            }
            if (files.Report.PricingProblem is { } problem)
            {
                io.Err.WriteLine($"warning: pledges not priced: {problem}");
            }
            if (parse.GetValue(json))
            {
                io.Out.WriteLine(File.ReadAllText(files.Json).TrimEnd());
            }
            else
            {
                io.Out.WriteLine(files.Report.Summary);
                io.Out.WriteLine($"wrote {files.Html}, {files.Xlsx}, {files.Json}");
            }
            return files.Report.Problems.Count == 0 && files.Report.SupplyAddsUp ? 0 : 1;
        });
        return command;
    }

    /// <summary>The pricing options of <c>report ledger</c>, checked as <c>value pledges</c> checks them; null without <c>--market</c>.</summary>
    private static PledgePricingRequest? PledgePricing(string? market, string? asOf, string haircut, string threshold, int maxAge, string? discounts)
    {
        if (market is null)
        {
            return asOf is null ? null : throw new CliException("--as-of needs --market: the market whose price values the pledges.");
        }
        if (asOf is null)
        {
            throw new CliException("--market needs --as-of: the valuation date, YYYY-MM-DD.");
        }
        if (!DateOnly.TryParseExact(asOf, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out var date))
        {
            throw new CliException($"--as-of must be a date YYYY-MM-DD; got '{asOf}'.");
        }
        if (maxAge < 0)
        {
            throw new CliException($"--max-age-days must be 0 or more; got {maxAge}.");
        }
        try
        {
            return new PledgePricingRequest(market, date, EcoLedger.Pricing.Fen.Fraction(haircut, "--haircut"), EcoLedger.Pricing.Fen.Fraction(threshold, "--threshold", 100m),
                maxAge, discounts is null ? null : PricingCommands.ReadDiscounts(discounts), discounts);
        }
        catch (EcoLedger.Ledger.LedgerException e)
        {
            throw CliFields.ToCli(e);
        }
    }
}
