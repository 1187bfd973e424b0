using System.CommandLine;
using System.Text.Json.Nodes;
using EcoLedger.Cli.Hosting;
using EcoLedger.Ledger;
using EcoLedger.Pricing;
using static EcoLedger.Cli.Commands.LedgerCommands;

namespace EcoLedger.Cli.Commands;

using Money = EcoLedger.Money.Money;

/// <summary><c>ecoledger bank</c>: ecological-bank packages, share certificates, distributions and loans on credit pledges.</summary>
public static partial class PricingCommands
{
    /// <summary><c>ecoledger bank</c>.</summary>
    public static Command Bank(CliIo io)
    {
        var ctx = Shared(io, out var cmd, "bank", "Forest ecological bank: asset packages of household plots, share certificates, distributions, pledge loans.");
        cmd.Subcommands.Add(PackageCommand(ctx));
        cmd.Subcommands.Add(CertificateCommand(ctx));
        var loan = new Command("loan", "Loans secured on credits pledges (for LTV and margin calls).");
        var pledge = new Option<long>("--pledge") { Description = "Journal entry (seq) of the credits pledge.", Required = true };
        var principal = Req("--principal", "Outstanding principal in CNY (at most two decimals).");
        var haircut = Opt("--haircut", "The bank's collateral haircut for this loan, 0–1 (default: the haircut recorded earlier for this loan, else the valuation's --haircut).");
        var rid = Opt("--request-id", "Idempotency id.");
        var record = new Command("record", "Record (or update) the loan secured on a pledge; the actor must be the pledge's bank.") { pledge, principal, haircut, rid };
        record.SetAction(r => ctx.Guard(() =>
        {
            int? bp = r.GetValue(haircut) is { } h ? (int)(Fen.Fraction(h, "--haircut") * 10_000m) : null;
            using var db = ctx.Open(r);
            var result = ctx.Run(db, r, new RecordLoan(r.GetValue(pledge), Fen.Parse(r.GetValue(principal)!, "--principal"), bp), r.GetValue(rid));
            return Entry(ctx, r, result, p => $"loan of {Cny(Money.FromMinorUnits((long)p["principal_fen"]!))} CNY from {p["bank"]} to {p["borrower"]} secured on pledge {p["pledge_seq"]}");
        }));
        loan.Subcommands.Add(record);
        cmd.Subcommands.Add(loan);
        return cmd;
    }

    /// <summary>The value the certificates share: units other than buyouts (a buyout's value is the operator's).</summary>
    internal static Money SharedValue(IEnumerable<AssetPackages.UnitValue> rows) => EcoLedger.Storage.LedgerDatabase.SharedPackageValue(rows);

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
            var (rows, problems) = ContributionsCsv.Read(file, EcoLedger.IO.CsvRecordReader.OpenUtf8(file));
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
            var result = ctx.Run(db, r, CreatePackage.From(r.GetValue(id)!, r.GetValue(name) ?? r.GetValue(id)!, shareBasis, chosen, pu, certs), r.GetValue(rid));
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
            var result = ctx.Run(db, r, new DistributeIncome(r.GetValue(did)!, r.GetValue(year), Fen.Parse(r.GetValue(income)!, "--income")), r.GetValue(drid));
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
            var result = ctx.Run(db, r, new PledgeCertificate(r.GetValue(id)!, r.GetValue(to)!, Fen.Parse(r.GetValue(loan)!, "--loan")), r.GetValue(rid));
            return Entry(ctx, r, result, p => $"certificate {p["certificate"]} of {p["holder"]}: {p["from"]} -> {p["to"]} (bank {p["bank"]}, loan {Cny(Money.FromMinorUnits((long)p["loan_fen"]!))} CNY)");
        }));
        certificate.Subcommands.Add(pledge);
        var rid2 = Opt("--request-id", "Idempotency id.");
        var id2 = Req("--id", "Certificate id.");
        var release = new Command("release", "Release a certificate's pledge (actor: the bank).") { id2, rid2 };
        release.SetAction(r => ctx.Guard(() =>
        {
            using var db = ctx.Open(r);
            var result = ctx.Run(db, r, new ReleaseCertificate(r.GetValue(id2)!), r.GetValue(rid2));
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
}
