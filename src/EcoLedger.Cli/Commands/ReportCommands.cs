using System.CommandLine;
using EcoLedger.Reports;
using EcoLedger.Reports.Gep;
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
        var previous = new Option<string?>("--previous") { Description = "Output folder of 'gep compute' for an earlier year (change by indicator)." };
        var output = new Option<string>("--out") { Description = "Folder for report.html, report.xlsx and report.json.", Required = true };
        var lang = new Option<string>("--lang") { Description = "Report language: zh (default) or en.", DefaultValueFactory = _ => "zh" };
        lang.AcceptOnlyFromAmong("zh", "en");
        var population = new Option<long?>("--population") { Description = "Resident population, for GEP per capita." };
        var region = new Option<string?>("--region-name") { Description = "Region name in the title (default: the regions in gep-units.csv)." };
        var command = new Command("gep", "The GEP report: headline figures, summary, charts, zone map, indicator table, methodology and parameter appendices, input hashes.")
        {
            gep, zones, previous, output, lang, population, region,
        };
        command.SetAction(parse =>
        {
            if (parse.GetValue(population) is <= 0)
            {
                throw new CliException("--population: expected a whole number greater than 0.");
            }
            var request = new GepReportRequest(parse.GetValue(gep)!, parse.GetValue(zones), parse.GetValue(previous), parse.GetValue(output)!,
                Labels.Parse(parse.GetValue(lang)!), parse.GetValue(population), parse.GetValue(region));
            GepReportFiles files;
            try
            {
                files = Progress.Run(io, false, "report gep", GepReport.Steps, p => GepReport.Write(request, clock, p.Step));
            }
            catch (ReportInputException e)
            {
                throw new CliException(e.Message);
            }
            WarnWithoutCjkFont(io);
            io.Out.WriteLine(files.Report.Summary);
            io.Out.WriteLine($"wrote {files.Html}, {files.Xlsx}, {files.Json}");
            return 0;
        });
        return command;
    }

    private static void WarnWithoutCjkFont(CliIo io)
    {
        if (Reports.Charts.ChartFactory.ChineseFontFamily is null)
        {
            io.Err.WriteLine("warning: no CJK font is installed, so Chinese text in the charts is drawn as boxes; install fonts-noto-cjk (scripts/install-test-deps.sh).");
        }
    }

    private static Command Ledger(CliIo io, TimeProvider clock)
    {
        var db = new Option<string>("--db") { Description = "Ledger database file (default: $ECOLEDGER_DB or ecoledger.db).", DefaultValueFactory = _ => LedgerDatabase.DefaultPath };
        var output = new Option<string>("--out") { Description = "Folder for report.html, report.xlsx and report.json.", Required = true };
        var lang = new Option<string>("--lang") { Description = "Report language: zh (default) or en.", DefaultValueFactory = _ => "zh" };
        lang.AcceptOnlyFromAmong("zh", "en");
        var command = new Command("ledger", "The ledger report: supply by project and vintage (checked), holdings, retirements with serials, pledges, journal summary.")
        {
            db, output, lang,
        };
        command.SetAction(parse =>
        {
            var request = new LedgerReportRequest(parse.GetValue(db)!, parse.GetValue(output)!, Labels.Parse(parse.GetValue(lang)!));
            LedgerReportFiles files;
            try
            {
                files = Progress.Run(io, false, "report ledger", LedgerReport.Steps, p => LedgerReport.Write(request, clock, p.Step));
            }
            catch (ReportInputException e)
            {
                throw new CliException(e.Message);
            }
            catch (EcoLedger.Ledger.LedgerException e)
            {
                throw new CliException($"{request.DatabasePath}: {e.Message}");
            }
            WarnWithoutCjkFont(io);
            io.Out.WriteLine(files.Report.Summary);
            io.Out.WriteLine($"wrote {files.Html}, {files.Xlsx}, {files.Json}");
            return files.Report.Problems.Count == 0 && files.Report.SupplyAddsUp ? 0 : 1;
        });
        return command;
    }
}
