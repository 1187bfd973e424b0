using System.CommandLine;
using System.Text.Json.Nodes;
using EcoLedger.Cli.Hosting;
using EcoLedger.Pricing;
using static EcoLedger.Cli.Commands.LedgerCommands;

namespace EcoLedger.Cli.Commands;

using Money = EcoLedger.Money.Money;

/// <summary><c>ecoledger value</c>: mark-to-market of holdings, forward value of a project, pledges with LTV and margin calls.</summary>
public static partial class PricingCommands
{
    /// <summary><c>ecoledger value</c>.</summary>
    public static Command Value(CliIo io)
    {
        var ctx = Shared(io, out var cmd, "value", "Valuation: mark-to-market of holdings, forward value (NPV) of a project, pledges with LTV and margin calls.");
        cmd.Subcommands.Add(Holdings(ctx));
        cmd.Subcommands.Add(ProjectValue(ctx));
        cmd.Subcommands.Add(Pledges(ctx));
        return cmd;
    }

    private static Command Holdings(LedgerCli ctx)
    {
        var (market, asOf, maxAge) = (Req("--market", "Market whose price is used."), Req("--as-of", "Valuation date, YYYY-MM-DD."), MaxAge());
        var holder = Opt("--holder", "Only this holder.");
        var project = Opt("--project", "Only this project.");
        var discounts = Opt("--discounts", "Vintage discount table CSV: age_years,factor (default: no discount).");
        var c = new Command("holdings", "Mark-to-market of holdings (active, pledged, frozen) per holder and per project/vintage.") { market, asOf, maxAge, holder, project, discounts };
        c.SetAction(r => ctx.Guard(() =>
        {
            var d = Date(r.GetValue(asOf)!, "--as-of");
            using var db = ctx.Open(r);
            var price = db.Prices().AsOf(r.GetValue(market)!, d, r.GetValue(maxAge));
            var table = ReadDiscounts(r.GetValue(discounts));
            var values = MarkToMarket.Value(db.Holdings(r.GetValue(holder), r.GetValue(project)), price.Quote.Price, table, d);
            var byHolder = MarkToMarket.Totals(values, h => h.Holder);
            var byClass = MarkToMarket.Totals(values, h => $"{h.Project} {Iso(h.VintageStart)}..{Iso(h.VintageEnd)}");
            var total = values.Aggregate(Money.Zero(), (s, v) => s + v.Value);
            if (r.GetValue(ctx.Json))
            {
                WriteJson(ctx.Io, new JsonObject
                {
                    ["as_of"] = Iso(d),
                    ["price"] = PriceJson(price),
                    ["rows"] = new JsonArray(values.Select(v => (JsonNode)new JsonObject
                    {
                        ["holder"] = v.Holding.Holder,
                        ["project"] = v.Holding.Project,
                        ["vintage_start"] = Iso(v.Holding.VintageStart),
                        ["vintage_end"] = Iso(v.Holding.VintageEnd),
                        ["status"] = v.Holding.Status,
                        ["tonnes"] = v.Holding.Tonnes,
                        ["age_years"] = v.AgeYears,
                        ["factor"] = v.Factor,
                        ["value_cny"] = v.Value.Amount,
                    }).ToArray()),
                    ["by_holder"] = Totals(byHolder, "holder"),
                    ["by_class"] = Totals(byClass, "class"),
                    ["total_cny"] = total.Amount,
                });
                return 0;
            }
            var io = ctx.Io;
            io.Out.WriteLine(PriceLine(price));
            Table(io, ["holder", "project", "vintage", "status", "t CO2e", "age", "factor", "value CNY"], values.Select(v => new[]
            {
                v.Holding.Holder, v.Holding.Project, $"{Iso(v.Holding.VintageStart)}..{Iso(v.Holding.VintageEnd)}", v.Holding.Status,
                v.Holding.Tonnes.ToString("#,0", Ci), v.AgeYears.ToString(Ci), v.Factor.ToString(Ci), Cny(v.Value),
            }));
            io.Out.WriteLine();
            Table(io, ["holder", "t CO2e", "value CNY"], byHolder.Select(t => new[] { t.Key, t.Tonnes.ToString("#,0", Ci), Cny(t.Value) }));
            io.Out.WriteLine();
            Table(io, ["project / vintage", "t CO2e", "value CNY"], byClass.Select(t => new[] { t.Key, t.Tonnes.ToString("#,0", Ci), Cny(t.Value) }));
            io.Out.WriteLine($"total {Cny(total)} CNY");
            return 0;
        }));
        return c;
    }

    private sealed record PathOptions(Option<string> Path, Option<string> Growth, Option<string> Curve, Option<string> Rate, Option<string> Haircut)
    {
        public static PathOptions Create() => new(
            new Option<string>("--path") { Description = "Price path: flat | growth | curve.", DefaultValueFactory = _ => "flat" },
            new Option<string>("--growth") { Description = "Annual price growth g for --path growth (0.05 = 5 %).", DefaultValueFactory = _ => "0" },
            Opt("--curve", "Curve CSV for --path curve: year,price_cny_per_t_co2e."),
            new Option<string>("--discount-rate") { Description = "Annual discount rate r (0.08 = 8 %).", DefaultValueFactory = _ => "0.08" },
            new Option<string>("--delivery-haircut") { Description = "Delivery-risk haircut h, 0–1.", DefaultValueFactory = _ => "0.1" });

        public void AddTo(Command c)
        {
            c.Options.Add(Path);
            c.Options.Add(Growth);
            c.Options.Add(Curve);
            c.Options.Add(Rate);
            c.Options.Add(Haircut);
        }

        public PricePath Build(ParseResult r, decimal p0) => Unused(r) is { } unused ? throw new CliException(unused) : r.GetValue(Path) switch
        {
            "flat" => new FlatPath(p0),
            "growth" => new GrowthPath(p0, Fen.Fraction(r.GetValue(Growth)!, "--growth")),
            "curve" => r.GetValue(Curve) is { } f && File.Exists(f) ? CurvePath.Read(f, EcoLedger.IO.CsvRecordReader.OpenUtf8(f))
                : throw new CliException("--path curve needs an existing --curve FILE (year,price_cny_per_t_co2e)."),
            var other => throw new CliException($"Unknown --path '{other}': expected flat, growth or curve."),
        };

        /// <summary>
        /// The option of another path given with this one, which the valuation would ignore in silence: a bank would believe the value
        /// follows the curve or the growth rate it gave.
        /// </summary>
        private string? Unused(ParseResult r)
        {
            string path = r.GetValue(Path)!;
            if (path is "flat" or "growth" && r.GetValue(Curve) is not null)
            {
                return $"--curve applies to --path curve only, and this valuation uses --path {path}; add --path curve to value along the curve, or drop --curve.";
            }
            if (path is "flat" or "curve" && r.GetResult(Growth) is { Implicit: false })
            {
                return $"--growth applies to --path growth only, and this valuation uses --path {path}; add --path growth to value with it, or drop --growth.";
            }
            return null;
        }

        public decimal RateOf(ParseResult r) => Fen.Fraction(r.GetValue(Rate)!, "--discount-rate");

        public decimal HaircutOf(ParseResult r) => Fen.Fraction(r.GetValue(Haircut)!, "--delivery-haircut");
    }

    private static Command ProjectValue(LedgerCli ctx)
    {
        var (market, asOf, maxAge) = (Req("--market", "Market whose as-of price starts the path."), Req("--as-of", "Valuation date; its year is the base year."), MaxAge());
        var project = Req("--project", "Project id.");
        var gep = Opt("--gep", "GEP output (folder or gep-units.csv): the project's units' carbon_sequestration gives t CO2/yr.");
        var schedule = Opt("--schedule", "Explicit schedule CSV: year,tonnes (instead of --gep).");
        var years = new Option<int?>("--years") { Description = "Years of constant sequestration from --gep, 1 to the years left in the crediting period (default: all of them)." };
        var buffer = Opt("--buffer", "Buffer share b, 0–1 (default: the project's buffer percentage).");
        var path = PathOptions.Create();
        var c = new Command("project", "Forward value (NPV) of a project's expected issuances, with the schedule table and the assumptions.")
            { market, asOf, maxAge, project, gep, schedule, years, buffer };
        path.AddTo(c);
        c.SetAction(r => ctx.Guard(() =>
        {
            var d = Date(r.GetValue(asOf)!, "--as-of");
            using var db = ctx.Open(r);
            var price = db.Prices().AsOf(r.GetValue(market)!, d, r.GetValue(maxAge));
            var (units, bufferBp, periodStart, periodEnd) = db.ProjectUnits(r.GetValue(project)!);
            IReadOnlyList<(int, decimal)> rows;
            string source;
            if (r.GetValue(schedule) is { } s)
            {
                rows = ForwardValuation.ReadSchedule(s, File.Exists(s) ? EcoLedger.IO.CsvRecordReader.OpenUtf8(s) : throw new CliException($"Schedule '{s}' does not exist."),
                    periodStart, periodEnd);
                source = $"explicit schedule {s}";
            }
            else if (r.GetValue(gep) is { } g)
            {
                var gepUnits = GepUnitsCsv.Read(g);
                var missing = units.Where(u => !gepUnits.ContainsKey(u)).ToList();
                if (units.Count == 0 || missing.Count > 0)
                {
                    throw new CliException(units.Count == 0 ? $"Project '{r.GetValue(project)}' lists no accounting units; give --schedule instead."
                        : $"Units {string.Join(", ", missing)} of project '{r.GetValue(project)}' are not in the GEP output {g}.");
                }
                decimal perYear = units.Sum(u => gepUnits[u].CarbonTonnes);
                int n = ForwardValuation.Horizon(r.GetValue(years), d.Year, periodEnd);
                rows = ForwardValuation.Constant(perYear, d.Year + 1, n);
                source = string.Create(Ci, $"carbon_sequestration of {units.Count} units in {g}: {perYear:0.###} t CO2/yr for {n} years");
            }
            else
            {
                throw new CliException("Give the expected sequestration: --gep (the project's units) or --schedule (year,tonnes).");
            }
            decimal b = r.GetValue(buffer) is { } bt ? Fen.Fraction(bt, "--buffer") : bufferBp / 10_000m;
            var result = ForwardValuation.Value(new ForwardInputs(rows, d.Year, b, path.HaircutOf(r), path.Build(r, price.Quote.Price.Amount), path.RateOf(r)));
            var assumptions = new[] { $"expected sequestration: {source}", PriceLine(price) }.Concat(result.Assumptions).ToList();
            if (r.GetValue(ctx.Json))
            {
                WriteJson(ctx.Io, new JsonObject
                {
                    ["project"] = r.GetValue(project),
                    ["as_of"] = Iso(d),
                    ["price"] = PriceJson(price),
                    ["npv_cny"] = result.Npv.Amount,
                    ["schedule"] = new JsonArray(result.Rows.Select(x => (JsonNode)new JsonObject
                    {
                        ["t"] = x.T,
                        ["year"] = x.Year,
                        ["gross_t"] = x.Gross,
                        ["buffer_t"] = x.Buffer,
                        ["haircut_t"] = x.Haircut,
                        ["net_t"] = x.Net,
                        ["price_cny_per_t"] = x.Price,
                        ["value_cny"] = x.Value.Amount,
                        ["discount_factor"] = decimal.Round(x.DiscountFactor, 10),
                        ["pv_cny"] = x.PresentValue.Amount,
                    }).ToArray()),
                    ["assumptions"] = new JsonArray(assumptions.Select(a => (JsonNode)a).ToArray()),
                });
                return 0;
            }
            Table(ctx.Io, ["t", "year", "gross t", "buffer t", "haircut t", "net t", "CNY/t", "value CNY", "1/(1+r)^t", "PV CNY"], result.Rows.Select(x => new[]
            {
                x.T.ToString(Ci), x.Year.ToString(Ci), T(x.Gross), T(x.Buffer), T(x.Haircut), T(x.Net), x.Price.ToString("0.00##", Ci), Cny(x.Value),
                x.DiscountFactor.ToString("0.000000", Ci), Cny(x.PresentValue),
            }));
            ctx.Io.Out.WriteLine($"NPV {Cny(result.Npv)} CNY");
            ctx.Io.Out.WriteLine("assumptions:");
            foreach (var a in assumptions)
            {
                ctx.Io.Out.WriteLine("  - " + a);
            }
            return 0;
        }));
        return c;
    }

    private static Command Pledges(LedgerCli ctx)
    {
        var (market, asOf, maxAge) = (Req("--market", "Market whose price values the collateral."), Req("--as-of", "Valuation date."), MaxAge());
        var haircut = new Option<string>("--haircut") { Description = "Collateral haircut, 0–1, where a loan names none.", DefaultValueFactory = _ => "0.3" };
        var threshold = new Option<string>("--threshold") { Description = "Margin threshold: a pledge with LTV above it is called.", DefaultValueFactory = _ => "0.8" };
        var discounts = Opt("--discounts", "Vintage discount table CSV: age_years,factor.");
        var path = PathOptions.Create();
        var c = new Command("pledges", "Each pledge (credits and share certificates) with collateral value, LTV and the margin-call flag.")
            { market, asOf, maxAge, haircut, threshold, discounts };
        path.AddTo(c);
        c.SetAction(r => ctx.Guard(() =>
        {
            var d = Date(r.GetValue(asOf)!, "--as-of");
            using var db = ctx.Open(r);
            var price = db.Prices().AsOf(r.GetValue(market)!, d, r.GetValue(maxAge));
            var rows = PledgeRows(db, price, d, ReadDiscounts(r.GetValue(discounts)), Fen.Fraction(r.GetValue(haircut)!, "--haircut"),
                Fen.Fraction(r.GetValue(threshold)!, "--threshold", 100m), path.Build(r, price.Quote.Price.Amount), path.RateOf(r), path.HaircutOf(r));
            if (r.GetValue(ctx.Json))
            {
                WriteJson(ctx.Io, new JsonObject
                {
                    ["as_of"] = Iso(d),
                    ["price"] = PriceJson(price),
                    ["threshold"] = Fen.Fraction(r.GetValue(threshold)!, "--threshold", 100m),
                    ["pledges"] = new JsonArray(rows.Select(p => (JsonNode)new JsonObject
                    {
                        ["pledge"] = p.Exposure.PledgeId,
                        ["kind"] = p.Exposure.Kind,
                        ["borrower"] = p.Exposure.Borrower,
                        ["bank"] = p.Exposure.Bank,
                        ["subject"] = p.Exposure.Subject,
                        ["market_value_cny"] = p.Exposure.MarketValue.Amount,
                        ["haircut"] = p.Exposure.Haircut,
                        ["collateral_cny"] = p.Collateral.Amount,
                        ["loan_cny"] = p.Exposure.Loan?.Amount,
                        ["ltv"] = p.Ltv is { } l ? decimal.Round(l, 6) : null,
                        ["margin_call"] = p.MarginCall,
                    }).ToArray()),
                    ["margin_calls"] = new JsonArray(rows.Where(p => p.MarginCall).Select(p => (JsonNode)p.Exposure.PledgeId).ToArray()),
                });
                return 0;
            }
            ctx.Io.Out.WriteLine(PriceLine(price));
            Table(ctx.Io, ["pledge", "borrower", "bank", "collateral", "market value", "haircut", "collateral value", "loan", "LTV", "margin call"], rows.Select(p => new[]
            {
                p.Exposure.PledgeId, p.Exposure.Borrower, p.Exposure.Bank, p.Exposure.Subject, Cny(p.Exposure.MarketValue), p.Exposure.Haircut.ToString(Ci),
                Cny(p.Collateral), p.Exposure.Loan is { } l ? Cny(l) : "-", EcoLedger.Reports.Labels.Ltv(p.Ltv, p.MarginCall) ?? "-", p.MarginCall ? "YES" : "",
            }));
            var calls = rows.Where(p => p.MarginCall).ToList();
            ctx.Io.Out.WriteLine(calls.Count == 0 ? "margin calls: none" : $"margin calls (LTV above {EcoLedger.Reports.Labels.Ltv(Fen.Fraction(r.GetValue(threshold)!, "--threshold", 100m), false)}): {string.Join(", ", calls.Select(p => p.Exposure.PledgeId))}");
            return 0;
        }));
        return c;
    }
}
