using System.CommandLine;
using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using EcoLedger.Ledger;
using EcoLedger.Pricing;
using EcoLedger.Storage;
using static EcoLedger.Cli.Commands.LedgerCommands;

namespace EcoLedger.Cli.Commands;

using Money = EcoLedger.Money.Money;

/// <summary>
/// Green-finance pricing: <c>ecoledger price import|show</c>, <c>ecoledger value holdings|project|pledges</c>,
/// <c>ecoledger bank package create|show|value|distribute</c>, <c>ecoledger bank certificate pledge|release|transfer</c>,
/// <c>ecoledger bank loan record</c>. Every verb takes <c>--db</c>, <c>--actor</c> and <c>--json</c>. Formulas: methodology/pricing.md.
/// </summary>
public static class PricingCommands
{
    private static readonly CultureInfo Ci = CultureInfo.InvariantCulture;

    /// <summary><c>ecoledger price</c>.</summary>
    public static Command Price(CliIo io)
    {
        var ctx = Shared(io, out var cmd, "price", "Carbon price series by market and date (import, show with the as-of rule).");
        var file = new Argument<string>("file") { Description = "CSV: date,market,price_cny_per_t_co2e,source." };
        var requestId = Opt("--request-id", "Idempotency id.");
        var import = new Command("import", "Import quotes; a stored quote is never changed (same price: skipped; another price: refused).") { file, requestId };
        import.SetAction(r => ctx.Guard(() =>
        {
            string path = r.GetValue(file)!;
            if (!File.Exists(path))
            {
                throw new CliException($"Price file '{path}' does not exist.");
            }
            var (quotes, problems) = PriceCsv.Read(path, new StringReader(File.ReadAllText(path)));
            Problems(problems);
            string sha = Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(path)));
            using var db = ctx.Open(r);
            var command = new ImportPrices(path, sha, quotes.Select(q => new QuoteEntry(q.Market, q.Date, q.FenPerTonne, q.Source)).ToList());
            var result = db.Run(command, ctx.ActorOf(r), r.GetValue(requestId));
            return Entry(ctx, r, result, p => $"imported {p["rows"]} quotes ({p["new"]} new) of {string.Join(", ", ((JsonArray)p["markets"]!).Select(m => (string)m!))}, {p["first"]}..{p["last"]}");
        }));
        cmd.Subcommands.Add(import);

        var market = Opt("--market", "Only this market.");
        var asOf = Opt("--as-of", "Show the price each market gives at this date (last quote on or before it).");
        var maxAge = MaxAge();
        var show = new Command("show", "List quotes, or with --as-of the price each market gives at that date.") { market, asOf, maxAge };
        show.SetAction(r => ctx.Guard(() =>
        {
            using var db = ctx.Open(r);
            var series = db.Prices();
            var markets = r.GetValue(market) is { } m ? [m] : series.Markets;
            if (r.GetValue(asOf) is { } a)
            {
                var d = Date(a, "--as-of");
                var rows = markets.Select(mk => series.AsOf(mk, d, r.GetValue(maxAge))).ToList();
                if (r.GetValue(ctx.Json))
                {
                    WriteJson(io, new JsonArray(rows.Select(p => (JsonNode)new JsonObject
                    {
                        ["market"] = p.Quote.Market,
                        ["as_of"] = Iso(d),
                        ["quote_date"] = Iso(p.Quote.Date),
                        ["age_days"] = p.AgeDays,
                        ["price_cny_per_t"] = p.Quote.Price.Amount,
                        ["source"] = p.Quote.Source,
                    }).ToArray()));
                    return 0;
                }
                Table(io, ["market", "as of", "quote date", "age (days)", "CNY/t", "source"],
                    rows.Select(p => new[] { p.Quote.Market, Iso(d), Iso(p.Quote.Date), p.AgeDays.ToString(Ci), Cny(p.Quote.Price), p.Quote.Source }));
                return 0;
            }
            var quotes = markets.SelectMany(series.Quotes).ToList();
            if (r.GetValue(ctx.Json))
            {
                WriteJson(io, new JsonArray(quotes.Select(q => (JsonNode)new JsonObject
                {
                    ["market"] = q.Market,
                    ["date"] = Iso(q.Date),
                    ["price_cny_per_t"] = q.Price.Amount,
                    ["source"] = q.Source,
                }).ToArray()));
                return 0;
            }
            Table(io, ["market", "date", "CNY/t", "source"], quotes.Select(q => new[] { q.Market, Iso(q.Date), Cny(q.Price), q.Source }));
            return 0;
        }));
        cmd.Subcommands.Add(show);
        return cmd;
    }

    /// <summary><c>ecoledger value</c>.</summary>
    public static Command Value(CliIo io)
    {
        var ctx = Shared(io, out var cmd, "value", "Valuation: mark-to-market of holdings, forward value (NPV) of a project, pledges with LTV and margin calls.");
        cmd.Subcommands.Add(Holdings(ctx));
        cmd.Subcommands.Add(ProjectValue(ctx));
        cmd.Subcommands.Add(Pledges(ctx));
        return cmd;
    }

    /// <summary><c>ecoledger bank</c>.</summary>
    public static Command Bank(CliIo io)
    {
        var ctx = Shared(io, out var cmd, "bank", "Forest ecological bank: asset packages of household plots, share certificates, distributions, pledge loans.");
        cmd.Subcommands.Add(PackageCommand(ctx));
        cmd.Subcommands.Add(CertificateCommand(ctx));
        var loan = new Command("loan", "Loans secured on credits pledges (for LTV and margin calls).");
        var pledge = new Option<long>("--pledge") { Description = "Journal entry (seq) of the credits pledge.", Required = true };
        var principal = Req("--principal", "Outstanding principal in CNY (at most two decimals).");
        var haircut = Opt("--haircut", "The bank's collateral haircut for this loan, 0–1 (default: the valuation's --haircut).");
        var rid = Opt("--request-id", "Idempotency id.");
        var record = new Command("record", "Record (or update) the loan secured on a pledge; the actor must be the pledge's bank.") { pledge, principal, haircut, rid };
        record.SetAction(r => ctx.Guard(() =>
        {
            int? bp = r.GetValue(haircut) is { } h ? (int)(Fen.Fraction(h, "--haircut") * 10_000m) : null;
            using var db = ctx.Open(r);
            var result = db.Run(new RecordLoan(r.GetValue(pledge), Fen.Parse(r.GetValue(principal)!, "--principal"), bp), ctx.ActorOf(r), r.GetValue(rid));
            return Entry(ctx, r, result, p => $"loan of {Cny(Money.FromMinorUnits((long)p["principal_fen"]!))} CNY from {p["bank"]} to {p["borrower"]} secured on pledge {p["pledge_seq"]}");
        }));
        loan.Subcommands.Add(record);
        cmd.Subcommands.Add(loan);
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

        public PricePath Build(ParseResult r, decimal p0) => r.GetValue(Path) switch
        {
            "flat" => new FlatPath(p0),
            "growth" => new GrowthPath(p0, Fen.Fraction(r.GetValue(Growth)!, "--growth")),
            "curve" => r.GetValue(Curve) is { } f && File.Exists(f) ? CurvePath.Read(f, new StringReader(File.ReadAllText(f)))
                : throw new CliException("--path curve needs an existing --curve FILE (year,price_cny_per_t_co2e)."),
            var other => throw new CliException($"Unknown --path '{other}': expected flat, growth or curve."),
        };

        public decimal RateOf(ParseResult r) => Fen.Fraction(r.GetValue(Rate)!, "--discount-rate");

        public decimal HaircutOf(ParseResult r) => Fen.Fraction(r.GetValue(Haircut)!, "--delivery-haircut");
    }

    private static Command ProjectValue(LedgerCli ctx)
    {
        var (market, asOf, maxAge) = (Req("--market", "Market whose as-of price starts the path."), Req("--as-of", "Valuation date; its year is the base year."), MaxAge());
        var project = Req("--project", "Project id.");
        var gep = Opt("--gep", "GEP output (folder or gep-units.csv): the project's units' carbon_sequestration gives t CO2/yr.");
        var schedule = Opt("--schedule", "Explicit schedule CSV: year,tonnes (instead of --gep).");
        var years = new Option<int>("--years") { Description = "Years of constant sequestration from --gep (default: to the crediting period's end).", DefaultValueFactory = _ => 0 };
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
            var (units, bufferBp, periodEnd) = db.ProjectUnits(r.GetValue(project)!);
            IReadOnlyList<(int, decimal)> rows;
            string source;
            if (r.GetValue(schedule) is { } s)
            {
                rows = ForwardValuation.ReadSchedule(s, new StringReader(File.Exists(s) ? File.ReadAllText(s) : throw new CliException($"Schedule '{s}' does not exist.")));
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
                int n = r.GetValue(years) > 0 ? r.GetValue(years) : periodEnd.Year - d.Year;
                if (n < 1)
                {
                    throw new CliException($"The crediting period ends in {periodEnd.Year}: no year after {d.Year} to value; give --years.");
                }
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
                Cny(p.Collateral), p.Exposure.Loan is { } l ? Cny(l) : "-", p.Ltv is { } v ? v.ToString("0.0000", Ci) : p.MarginCall ? "inf" : "-", p.MarginCall ? "YES" : "",
            }));
            var calls = rows.Where(p => p.MarginCall).ToList();
            ctx.Io.Out.WriteLine(calls.Count == 0 ? "margin calls: none" : $"margin calls (LTV above {r.GetValue(threshold)}): {string.Join(", ", calls.Select(p => p.Exposure.PledgeId))}");
            return 0;
        }));
        return c;
    }

    internal static IReadOnlyList<PledgeValue> PledgeRows(LedgerDatabase db, PriceAsOf price, DateOnly asOf, VintageDiscounts discounts, decimal defaultHaircut,
        decimal threshold, PricePath path, decimal rate, decimal deliveryHaircut)
    {
        var list = new List<PledgeValue>(db.ValueCreditPledges(price, asOf, discounts, defaultHaircut, threshold));
        foreach (var group in db.PledgedCertificates().GroupBy(c => c.PackageId))
        {
            var (package, units, certificates) = db.Package(group.Key);
            var value = SharedValue(PackageValue(units, asOf.Year, path, rate, deliveryHaircut));
            decimal totalWeight = certificates.Sum(c => c.Weight);
            foreach (var c in group)
            {
                var mv = Fen.Round(value.Amount * c.Weight / totalWeight);
                list.Add(PledgeValuation.Evaluate(new PledgeExposure(c.Id, "certificate", c.HolderId, c.PledgeeId ?? "",
                    $"share {(c.Weight / totalWeight).ToString("0.####", Ci)} of package {package.Id}", mv, defaultHaircut,
                    c.LoanFen is long f ? Money.FromMinorUnits(f) : null), threshold));
            }
        }
        return list;
    }

    /// <summary>The value the certificates share: units other than buyouts (a buyout's value is the operator's).</summary>
    internal static Money SharedValue(IEnumerable<AssetPackages.UnitValue> rows) =>
        rows.Where(u => u.Unit.Contribution.Mode != ContributionMode.Buyout).Aggregate(Money.Zero(), (s, u) => s + u.Total);

    internal static IReadOnlyList<AssetPackages.UnitValue> PackageValue(IReadOnlyList<BankPackageUnit> units, int baseYear, PricePath path, decimal rate, decimal haircut,
        decimal buffer = 0m) =>
        AssetPackages.Value(units.Select(u => new PackageUnit(new Contribution(u.UnitId, u.Contributor, LedgerNames.Parse<ContributionMode>(u.Mode), u.TermYears,
            u.AreaHa, Money.FromMinorUnits(u.GuaranteedMinFen)), Money.FromMinorUnits(u.AnnualGepFen), u.CarbonTPerYear)).ToList(), baseYear, buffer, haircut, path, rate);

    private static Command PackageCommand(LedgerCli ctx)
    {
        var package = new Command("package", "Asset packages pooling household plots (custody, lease or buyout).");
        var id = Req("--id", "Package id.");
        var name = Opt("--name", "Display name.");
        var units = Req("--units", "Contributions CSV: unit_id,contributor,mode,term_years,area_ha,guaranteed_min_cny.");
        var gep = Req("--gep", "GEP output (folder or gep-units.csv) holding the contributed units.");
        var services = Req("--services", "GEP services valued in the package, comma-separated (e.g. water_conservation,soil_retention).");
        var basis = new Option<string>("--share-basis") { Description = "Certificates by area or by value.", DefaultValueFactory = _ => "area" };
        var rid = Opt("--request-id", "Idempotency id.");
        var create = new Command("create", "Create a package (the actor is its operator) and one share certificate per custody/lease household.")
            { id, name, units, gep, services, basis, rid };
        create.SetAction(r => ctx.Guard(() =>
        {
            string file = r.GetValue(units)!;
            if (!File.Exists(file))
            {
                throw new CliException($"Contributions file '{file}' does not exist.");
            }
            var (rows, problems) = ContributionsCsv.Read(file, new StringReader(File.ReadAllText(file)));
            Problems(problems);
            var shareBasis = r.GetValue(basis) switch
            {
                "area" => ShareBasis.Area,
                "value" => ShareBasis.Value,
                var b => throw new CliException($"Unknown --share-basis '{b}': expected area or value."),
            };
            var chosen = r.GetValue(services)!.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            var (pu, certs) = AssetPackages.Build(r.GetValue(id)!, shareBasis, chosen, rows, GepUnitsCsv.Read(r.GetValue(gep)!));
            using var db = ctx.Open(r);
            var result = db.Run(CreatePackage.From(r.GetValue(id)!, r.GetValue(name) ?? r.GetValue(id)!, shareBasis, chosen, pu, certs), ctx.ActorOf(r), r.GetValue(rid));
            return Entry(ctx, r, result, p => $"package {p["id"]}: {((JsonArray)p["units"]!).Count} units, {((JsonArray)p["certificates"]!).Count} certificates by {p["share_basis"]}");
        }));
        package.Subcommands.Add(create);

        var sid = Req("--id", "Package id.");
        var show = new Command("show", "Units, certificates and distributions of a package.") { sid };
        show.SetAction(r => ctx.Guard(() =>
        {
            using var db = ctx.Open(r);
            var (p, us, cs) = db.Package(r.GetValue(sid)!);
            var ds = db.Distributions(p.Id);
            if (r.GetValue(ctx.Json))
            {
                WriteJson(ctx.Io, new JsonObject
                {
                    ["id"] = p.Id,
                    ["operator"] = p.OperatorId,
                    ["name"] = p.Name,
                    ["share_basis"] = p.ShareBasis,
                    ["services"] = p.Services,
                    ["units"] = new JsonArray(us.Select(u => (JsonNode)new JsonObject
                    {
                        ["unit"] = u.UnitId,
                        ["contributor"] = u.Contributor,
                        ["mode"] = u.Mode,
                        ["term_years"] = u.TermYears,
                        ["area_ha"] = u.AreaHa,
                        ["annual_gep_cny"] = Money.FromMinorUnits(u.AnnualGepFen).Amount,
                        ["carbon_t_per_year"] = u.CarbonTPerYear,
                        ["guaranteed_min_cny"] = Money.FromMinorUnits(u.GuaranteedMinFen).Amount,
                    }).ToArray()),
                    ["certificates"] = new JsonArray(cs.Select(c => (JsonNode)CertJson(c)).ToArray()),
                    ["distributions"] = new JsonArray(ds.Select(x => (JsonNode)new JsonObject
                    {
                        ["year"] = x.Year,
                        ["certificate"] = x.CertificateId,
                        ["holder"] = x.HolderId,
                        ["minimum_cny"] = F(x.MinimumFen),
                        ["paid_minimum_cny"] = F(x.PaidMinimumFen),
                        ["profit_cny"] = F(x.ProfitFen),
                        ["total_cny"] = F(x.TotalFen),
                        ["owed_cny"] = F(x.OwedFen),
                    }).ToArray()),
                });
                return 0;
            }
            ctx.Io.Out.WriteLine($"package {p.Id} ({p.Name}), operator {p.OperatorId}, certificates by {p.ShareBasis}, services {p.Services}");
            Table(ctx.Io, ["unit", "household", "mode", "term", "ha", "GEP CNY/yr", "t CO2/yr", "minimum CNY/yr"], us.Select(u => new[]
            {
                u.UnitId, u.Contributor, u.Mode, u.TermYears.ToString(Ci), u.AreaHa.ToString(Ci), Cny(Money.FromMinorUnits(u.AnnualGepFen)),
                u.CarbonTPerYear.ToString("0.###", Ci), Cny(Money.FromMinorUnits(u.GuaranteedMinFen)),
            }));
            ctx.Io.Out.WriteLine();
            Table(ctx.Io, ["certificate", "holder", "weight", "minimum CNY/yr", "status", "bank", "loan CNY"], cs.Select(c => new[]
            {
                c.Id, c.HolderId, c.Weight.ToString("0.##", Ci), Cny(Money.FromMinorUnits(c.GuaranteedMinimumFen)), c.Status.Name(), c.PledgeeId ?? "",
                c.LoanFen is long l ? Cny(Money.FromMinorUnits(l)) : "",
            }));
            if (ds.Count > 0)
            {
                ctx.Io.Out.WriteLine();
                DistributionTable(ctx.Io, ds.Select(x => (x.Year, x.CertificateId, x.HolderId, x.MinimumFen, x.PaidMinimumFen, x.ProfitFen, x.TotalFen, x.OwedFen)));
            }
            return 0;
        }));
        package.Subcommands.Add(show);

        var vid = Req("--id", "Package id.");
        var (market, asOf, maxAge) = (Req("--market", "Market whose as-of price starts the carbon price path."), Req("--as-of", "Valuation date; its year is the base year."), MaxAge());
        var buffer = new Option<string>("--buffer") { Description = "Buffer share b withheld from the carbon, 0–1.", DefaultValueFactory = _ => "0" };
        var path = PathOptions.Create();
        var value = new Command("value", "Package value: present value of the chosen GEP services plus the carbon forward value, unit by unit over each term.")
            { vid, market, asOf, maxAge, buffer };
        path.AddTo(value);
        value.SetAction(r => ctx.Guard(() =>
        {
            var d = Date(r.GetValue(asOf)!, "--as-of");
            using var db = ctx.Open(r);
            var price = db.Prices().AsOf(r.GetValue(market)!, d, r.GetValue(maxAge));
            var (p, us, cs) = db.Package(r.GetValue(vid)!);
            var rows = PackageValue(us, d.Year, path.Build(r, price.Quote.Price.Amount), path.RateOf(r), path.HaircutOf(r), Fen.Fraction(r.GetValue(buffer)!, "--buffer"));
            var total = rows.Aggregate(Money.Zero(), (s, u) => s + u.Total);
            var shared = SharedValue(rows);
            decimal totalWeight = cs.Sum(c => c.Weight);
            var perCert = cs.Select(c => (c, Fen.Round(shared.Amount * c.Weight / totalWeight))).ToList();
            if (r.GetValue(ctx.Json))
            {
                WriteJson(ctx.Io, new JsonObject
                {
                    ["package"] = p.Id,
                    ["as_of"] = Iso(d),
                    ["price"] = PriceJson(price),
                    ["value_cny"] = total.Amount,
                    ["units"] = new JsonArray(rows.Select(u => (JsonNode)new JsonObject
                    {
                        ["unit"] = u.Unit.Contribution.UnitId,
                        ["household"] = u.Unit.Contribution.Contributor,
                        ["term_years"] = u.Unit.Contribution.TermYears,
                        ["gep_pv_cny"] = u.GepPresentValue.Amount,
                        ["carbon_pv_cny"] = u.CarbonPresentValue.Amount,
                        ["total_cny"] = u.Total.Amount,
                    }).ToArray()),
                    ["certificates"] = new JsonArray(perCert.Select(x => (JsonNode)new JsonObject { ["certificate"] = x.c.Id, ["holder"] = x.c.HolderId, ["value_cny"] = x.Item2.Amount }).ToArray()),
                });
                return 0;
            }
            ctx.Io.Out.WriteLine($"package {p.Id} as of {Iso(d)}; {PriceLine(price)}");
            Table(ctx.Io, ["unit", "household", "mode", "term", "GEP PV CNY", "carbon PV CNY", "total CNY"], rows.Select(u => new[]
            {
                u.Unit.Contribution.UnitId, u.Unit.Contribution.Contributor, u.Unit.Contribution.Mode.Name(), u.Unit.Contribution.TermYears.ToString(Ci),
                Cny(u.GepPresentValue), Cny(u.CarbonPresentValue), Cny(u.Total),
            }));
            ctx.Io.Out.WriteLine($"package value {Cny(total)} CNY (services {p.Services}; carbon: {r.GetValue(path.Path)} path, r = {r.GetValue(path.Rate)}, h = {r.GetValue(path.Haircut)})");
            ctx.Io.Out.WriteLine($"households' share (units other than buyouts) {Cny(shared)} CNY, split by certificate weight:");
            Table(ctx.Io, ["certificate", "holder", "share", "value CNY"], perCert.Select(x => new[] { x.c.Id, x.c.HolderId, (x.c.Weight / totalWeight).ToString("0.####", Ci), Cny(x.Item2) }));
            return 0;
        }));
        package.Subcommands.Add(value);

        var did = Req("--id", "Package id.");
        var year = new Option<int>("--year") { Description = "Accounting year of the income.", Required = true };
        var income = Req("--income", "Income to distribute in CNY (at most two decimals).");
        var drid = Opt("--request-id", "Idempotency id.");
        var distribute = new Command("distribute", "Pay guaranteed minimums first, split the rest by shares (Money.Allocate); below the minimums pro rata, the shortfall recorded as owed.")
            { did, year, income, drid };
        distribute.SetAction(r => ctx.Guard(() =>
        {
            using var db = ctx.Open(r);
            var result = db.Run(new DistributeIncome(r.GetValue(did)!, r.GetValue(year), Fen.Parse(r.GetValue(income)!, "--income")), ctx.ActorOf(r), r.GetValue(drid));
            if (r.GetValue(ctx.Json))
            {
                WriteJson(ctx.Io, LedgerCli.EntryJson(result.Entry, result.Repeated));
                return 0;
            }
            var pay = JsonNode.Parse(result.Entry.Payload)!;
            ctx.Io.Out.WriteLine($"event {result.Entry.Seq} {result.Entry.Kind} by {result.Entry.Actor}{(result.Repeated ? " (repeated request: nothing written)" : "")}");
            ctx.Io.Out.WriteLine($"income {Cny(Money.FromMinorUnits((long)pay["income_fen"]!))} CNY, guaranteed minimums {Cny(Money.FromMinorUnits((long)pay["minimum_fen"]!))} CNY, owed {Cny(Money.FromMinorUnits((long)pay["owed_fen"]!))} CNY");
            DistributionTable(ctx.Io, ((JsonArray)pay["lines"]!).Select(l => ((int)pay["year"]!, (string)l!["certificate"]!, (string)l["holder"]!, (long)l["minimum_fen"]!,
                (long)l["paid_minimum_fen"]!, (long)l["profit_fen"]!, (long)l["total_fen"]!, (long)l["owed_fen"]!)));
            return 0;
        }));
        package.Subcommands.Add(distribute);
        return package;
    }

    private static Command CertificateCommand(LedgerCli ctx)
    {
        var certificate = new Command("certificate", "Share certificates: pledge to a bank, release; never transferred.");
        var id = Req("--id", "Certificate id.");
        var to = Req("--to", "The bank.");
        var loan = Req("--loan", "Loan secured on the certificate, CNY.");
        var rid = Opt("--request-id", "Idempotency id.");
        var pledge = new Command("pledge", "Pledge a certificate (actor: its holder) to a bank for a loan.") { id, to, loan, rid };
        pledge.SetAction(r => ctx.Guard(() =>
        {
            using var db = ctx.Open(r);
            var result = db.Run(new PledgeCertificate(r.GetValue(id)!, r.GetValue(to)!, Fen.Parse(r.GetValue(loan)!, "--loan")), ctx.ActorOf(r), r.GetValue(rid));
            return Entry(ctx, r, result, p => $"certificate {p["certificate"]} of {p["holder"]}: {p["from"]} -> {p["to"]} (bank {p["bank"]}, loan {Cny(Money.FromMinorUnits((long)p["loan_fen"]!))} CNY)");
        }));
        certificate.Subcommands.Add(pledge);
        var rid2 = Opt("--request-id", "Idempotency id.");
        var id2 = Req("--id", "Certificate id.");
        var release = new Command("release", "Release a certificate's pledge (actor: the bank).") { id2, rid2 };
        release.SetAction(r => ctx.Guard(() =>
        {
            using var db = ctx.Open(r);
            var result = db.Run(new ReleaseCertificate(r.GetValue(id2)!), ctx.ActorOf(r), r.GetValue(rid2));
            return Entry(ctx, r, result, p => $"certificate {p["certificate"]} of {p["holder"]}: {p["from"]} -> {p["to"]}");
        }));
        certificate.Subcommands.Add(release);
        var id3 = Req("--id", "Certificate id.");
        var to3 = Req("--to", "Would-be new holder.");
        var transfer = new Command("transfer", "Always refused: certificates stay with the contributing household.") { id3, to3 };
        transfer.SetAction(r => ctx.Guard(() =>
        {
            using var db = ctx.Open(r);
            var c = db.PledgedCertificates().FirstOrDefault(x => x.Id == r.GetValue(id3))
                ?? db.Package(CertificatePackage(r.GetValue(id3)!)).Certificates.FirstOrDefault(x => x.Id == r.GetValue(id3))
                ?? throw new LedgerException($"Unknown share certificate '{r.GetValue(id3)}'.");
            c.Transfer(RequireActor(ctx, r), r.GetValue(to3)!);
            return 0;
        }));
        certificate.Subcommands.Add(transfer);
        return certificate;
    }

    private static string CertificatePackage(string certificateId) =>
        certificateId.LastIndexOf("_C", StringComparison.Ordinal) is int i and > 0 ? certificateId[..i] : throw new LedgerException($"Unknown share certificate '{certificateId}'.");

    private static LedgerCli Shared(CliIo io, out Command cmd, string name, string description)
    {
        var ctx = new LedgerCli(io);
        cmd = new Command(name, description);
        cmd.Options.Add(ctx.Db);
        cmd.Options.Add(ctx.Actor);
        cmd.Options.Add(ctx.Json);
        return ctx;
    }

    private static Option<int> MaxAge() => new("--max-age-days")
    {
        Description = "Refuse a quote older than this many days at the valuation date.",
        DefaultValueFactory = _ => 90,
    };

    private static string RequireActor(LedgerCli ctx, ParseResult r) =>
        ctx.ActorOf(r) is { Length: > 0 } a ? a : throw new CliException("This command needs the acting participant (--actor).");

    private static int Entry(LedgerCli ctx, ParseResult r, CommandResult result, Func<JsonNode, string> summary)
    {
        if (r.GetValue(ctx.Json))
        {
            WriteJson(ctx.Io, LedgerCli.EntryJson(result.Entry, result.Repeated));
            return 0;
        }
        ctx.Io.Out.WriteLine($"event {result.Entry.Seq} {result.Entry.Kind} by {result.Entry.Actor}{(result.Repeated ? " (repeated request: nothing written)" : "")}");
        ctx.Io.Out.WriteLine(summary(JsonNode.Parse(result.Entry.Payload)!));
        return 0;
    }

    private static void Problems(IReadOnlyList<IO.InputProblem> problems)
    {
        if (problems.Count > 0)
        {
            throw new CliException(string.Join(Environment.NewLine + "error: ", problems.Select(p => p.ToString())));
        }
    }

    internal static VintageDiscounts ReadDiscounts(string? file)
    {
        if (file is null)
        {
            return VintageDiscounts.None;
        }
        if (!File.Exists(file))
        {
            throw new CliException($"Discount table '{file}' does not exist.");
        }
        var (table, problems) = VintageDiscounts.Read(file, new StringReader(File.ReadAllText(file)));
        Problems(problems);
        return table!;
    }

    private static JsonObject CertJson(ShareCertificate c) => new()
    {
        ["id"] = c.Id,
        ["holder"] = c.HolderId,
        ["weight"] = c.Weight,
        ["guaranteed_min_cny"] = F(c.GuaranteedMinimumFen),
        ["status"] = c.Status.Name(),
        ["bank"] = c.PledgeeId,
        ["loan_cny"] = c.LoanFen is long l ? F(l) : null,
    };

    private static void DistributionTable(CliIo io, IEnumerable<(int Year, string Cert, string Holder, long Min, long PaidMin, long Profit, long Total, long Owed)> rows) =>
        Table(io, ["year", "certificate", "holder", "minimum", "paid to minimum", "profit share", "paid", "owed"], rows.Select(x => new[]
        {
            x.Year.ToString(Ci), x.Cert, x.Holder, Cny(Money.FromMinorUnits(x.Min)), Cny(Money.FromMinorUnits(x.PaidMin)), Cny(Money.FromMinorUnits(x.Profit)),
            Cny(Money.FromMinorUnits(x.Total)), Cny(Money.FromMinorUnits(x.Owed)),
        }));

    private static JsonArray Totals(IEnumerable<(string Key, long Tonnes, Money Value)> totals, string key) =>
        new(totals.Select(t => (JsonNode)new JsonObject { [key] = t.Key, ["tonnes"] = t.Tonnes, ["value_cny"] = t.Value.Amount }).ToArray());

    private static JsonObject PriceJson(PriceAsOf p) => new()
    {
        ["market"] = p.Quote.Market,
        ["quote_date"] = Iso(p.Quote.Date),
        ["age_days"] = p.AgeDays,
        ["price_cny_per_t"] = p.Quote.Price.Amount,
        ["source"] = p.Quote.Source,
    };

    private static string PriceLine(PriceAsOf p) =>
        $"price {Cny(p.Quote.Price)} CNY/t on {p.Quote.Market}, quoted {Iso(p.Quote.Date)} ({p.AgeDays} days before {Iso(p.AsOf)}; source: {p.Quote.Source})";

    private static decimal F(long fen) => Money.FromMinorUnits(fen).Amount;

    private static string Cny(Money m) => m.Amount.ToString("#,0.00", Ci);

    private static string T(decimal t) => t.ToString("#,0.###", Ci);

    private static string Iso(DateOnly d) => d.ToString("yyyy-MM-dd", Ci);

    /// <summary>Prints an aligned text table.</summary>
    internal static void Table(CliIo io, string[] headers, IEnumerable<string[]> rows)
    {
        var all = rows.ToList();
        var widths = headers.Select((h, i) => Math.Max(h.Length, all.Count == 0 ? 0 : all.Max(r => r[i].Length))).ToArray();
        io.Out.WriteLine(string.Join("  ", headers.Select((h, i) => h.PadRight(widths[i]))).TrimEnd());
        foreach (var r in all)
        {
            // Numbers right-aligned, text left-aligned.
            io.Out.WriteLine(string.Join("  ", r.Select((c, i) => c.Length > 0 && (char.IsDigit(c[0]) || c[0] == '-') && c.Any(char.IsDigit) && !c.Contains(' ') && !c.Contains("..", StringComparison.Ordinal)
                ? c.PadLeft(widths[i]) : c.PadRight(widths[i]))).TrimEnd());
        }
    }
}
