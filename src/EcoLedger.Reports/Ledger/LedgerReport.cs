using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using EcoLedger.IO;
using EcoLedger.Ledger;
using EcoLedger.Ledger.Compensation;
using EcoLedger.Pricing;
using EcoLedger.Reports.Gep;
using EcoLedger.Storage;

namespace EcoLedger.Reports.Ledger;

/// <summary>What <c>report ledger</c> reads and writes.</summary>
/// <param name="DatabasePath">The ledger database (SQLite file).</param>
/// <param name="OutDir">Where report.html, report.xlsx and report.json go.</param>
/// <param name="Language">Report language.</param>
/// <param name="Valuation">How to price the pledges (market, date, haircut, threshold), or null to leave them not priced.</param>
public sealed record LedgerReportRequest(string DatabasePath, string OutDir, ReportLanguage Language = ReportLanguage.Zh, PledgePricingRequest? Valuation = null);

/// <summary>The pricing of pledges in a ledger report: the options of <c>value pledges</c>, with the same defaults.</summary>
/// <param name="Market">Market whose price values the collateral.</param>
/// <param name="AsOf">Valuation date (the last quote on or before it is used).</param>
/// <param name="Haircut">Collateral haircut where a loan names none (0.3).</param>
/// <param name="Threshold">Margin threshold: a pledge with LTV above it is called (0.8).</param>
/// <param name="MaxAgeDays">Refuse a quote older than this many days (90).</param>
/// <param name="Discounts">Vintage discounts (none by default).</param>
/// <param name="DiscountsFile">The discount table's file, for the note, or null.</param>
public sealed record PledgePricingRequest(string Market, DateOnly AsOf, decimal Haircut = 0.3m, decimal Threshold = 0.8m, int MaxAgeDays = 90,
    VintageDiscounts? Discounts = null, string? DiscountsFile = null);

/// <summary>Pledges priced for a ledger report.</summary>
/// <param name="Request">The pricing options.</param>
/// <param name="Price">The as-of price used.</param>
/// <param name="Values">Each credits pledge valued by <see cref="PledgeValuation"/>, in journal order.</param>
public sealed record PledgePricing(PledgePricingRequest Request, PriceAsOf Price, IReadOnlyList<PledgeValue> Values);

/// <summary>The files a ledger report run wrote.</summary>
/// <param name="Html">report.html.</param>
/// <param name="Xlsx">report.xlsx.</param>
/// <param name="Json">report.json.</param>
/// <param name="Report">The report's figures.</param>
public sealed record LedgerReportFiles(string Html, string Xlsx, string Json, LedgerReportModel Report);

/// <summary>One retirement: the journal event, who retired for whom and why, and the exact serial ranges.</summary>
/// <param name="Seq">Journal sequence number.</param>
/// <param name="Time">Event time as stored (UTC).</param>
/// <param name="Holder">The account that retired the credits.</param>
/// <param name="Beneficiary">On whose behalf.</param>
/// <param name="Purpose">What for.</param>
/// <param name="Quantity">Tonnes retired.</param>
/// <param name="Serials">Full serial ranges (ECO-…), one per block moved.</param>
/// <param name="Projects">Projects of the credits.</param>
public sealed record RetirementRow(long Seq, string Time, string Holder, string Beneficiary, string Purpose, long Quantity,
    IReadOnlyList<string> Serials, IReadOnlyList<string> Projects);

/// <summary>
/// <c>report ledger</c>: the credit ledger as one self-contained HTML file, a spreadsheet and a JSON document: supply by
/// project and vintage with the supply check, holdings by holder, retirements with beneficiaries and serial ranges,
/// pledges (with collateral value, LTV and margin flag from the pricing module when a market and date are given), compensation
/// agreements with their rounds, P index, decisions, funding split and payments, and the journal summary. The database is only read.
/// </summary>
public static class LedgerReport
{
    /// <summary>Reads the database, builds the report and writes the three files (each through a temporary file).</summary>
    /// <param name="db">The ledger, opened by the host (the report only reads it).</param>
    /// <param name="request">What to read and where to write.</param>
    /// <param name="clock">The report's clock.</param>
    /// <param name="onStep">Called before each step with its name (progress display), or null.</param>
    public static LedgerReportFiles Write(LedgerDatabase db, LedgerReportRequest request, TimeProvider clock, Action<string>? onStep = null)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(clock);
        onStep?.Invoke("read ledger");
        var model = Build(db, request, clock.GetUtcNow(), onStep);
        OutputPaths.CreateFolder(request.OutDir);
        string html = Path.Combine(request.OutDir, GepReport.HtmlFile), xlsx = Path.Combine(request.OutDir, GepReport.XlsxFile), json = Path.Combine(request.OutDir, GepReport.JsonFile);
        onStep?.Invoke("charts and report.html");
        Html.ReportPage.WriteWithFont(html, LedgerReportHtml.Render(model));
        onStep?.Invoke("report.xlsx");
        AtomicFile.Write(xlsx, path => LedgerReportWorkbook.Write(model, path));
        onStep?.Invoke("report.json");
        AtomicFile.Write(json, path => File.WriteAllText(path, model.ToJson().ToJsonString(JsonOptions) + "\n", new UTF8Encoding(false)));
        return new LedgerReportFiles(html, xlsx, json, model);
    }

    /// <summary>The steps <see cref="Write"/> reports through its callback (for a progress bar's length).</summary>
    public const int Steps = 5;

    private static readonly JsonSerializerOptions JsonOptions = new() { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Reads the ledger and assembles the report's figures.</summary>
    public static LedgerReportModel Build(LedgerDatabase db, LedgerReportRequest request, DateTimeOffset generated, Action<string>? onStep = null)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(request);
        var retirements = db.JournalEntriesOfKind(EventKinds.ForOperation(CreditOperation.Retire)).Select(e =>
        {
            var c = (CreditsMoved)Journal.ReadPayload(e.Kind, e.Payload);
            return new RetirementRow(e.Seq, e.Time, c.Holder, c.Beneficiary ?? "", c.Purpose ?? "", c.Quantity,
                c.Moves.Select(m => m.Serial).ToList(), c.Moves.Select(m => m.Project).Distinct(StringComparer.Ordinal).ToList());
        }).ToList();
        var supply = db.Supply();
        var balances = db.Balances();
        var pledges = db.BlocksInStatus(BlockStatus.Pledged);
        var journal = db.SummarizeJournal();
        var (pricing, pricingProblem) = Price(db, request.Valuation);
        var compensation = db.CompensationStatements();
        onStep?.Invoke("verify journal");
        var problems = db.Verify();
        return new LedgerReportModel(new Labels(request.Language), generated, request.DatabasePath, db.ProjectViews(), db.ParticipantViews(),
            supply, balances, retirements, pledges, journal, problems)
        {
            PledgeOf = db.PledgeOfBlocks(),
            Pricing = pricing,
            PricingProblem = pricingProblem,
            Compensation = compensation,
        };
    }

    /// <summary>
    /// Values the credits pledges with the pricing module (<see cref="LedgerDatabase.ValueCreditPledges"/>), or says why not: no
    /// options given (no problem), or no usable price for the market at the date (the price series' message).
    /// </summary>
    private static (PledgePricing? Pricing, string? Problem) Price(LedgerDatabase db, PledgePricingRequest? v)
    {
        if (v is null)
        {
            return (null, null);
        }
        PriceAsOf price;
        try
        {
            price = db.Prices().AsOf(v.Market, v.AsOf, v.MaxAgeDays);
        }
        catch (LedgerException e)
        {
            return (null, e.Message);
        }
        return (new PledgePricing(v, price, db.ValueCreditPledges(price, v.AsOf, v.Discounts ?? VintageDiscounts.None, v.Haircut, v.Threshold)), null);
    }
}

/// <summary>Every figure of a ledger report, read once from the database, for the HTML, the workbook and the JSON.</summary>
public sealed class LedgerReportModel
{
    internal LedgerReportModel(Labels labels, DateTimeOffset generated, string databasePath, IReadOnlyList<ProjectView> projects,
        IReadOnlyList<ParticipantView> participants, IReadOnlyList<SupplyRow> supply, IReadOnlyList<BalanceRow> balances,
        IReadOnlyList<RetirementRow> retirements, IReadOnlyList<BlockView> pledges, JournalSummary journal, IReadOnlyList<string> problems)
    {
        Labels = labels;
        Generated = generated;
        DatabasePath = databasePath;
        Projects = projects;
        Participants = participants;
        Supply = supply;
        Balances = balances;
        Retirements = retirements;
        Pledges = pledges;
        Journal = journal;
        Problems = problems;
    }

    /// <summary>The labels of the report language.</summary>
    public Labels Labels { get; }

    /// <summary>When the report was made.</summary>
    public DateTimeOffset Generated { get; }

    /// <summary>The database file as given.</summary>
    public string DatabasePath { get; }

    /// <summary>Projects.</summary>
    public IReadOnlyList<ProjectView> Projects { get; }

    /// <summary>Participants and system accounts.</summary>
    public IReadOnlyList<ParticipantView> Participants { get; }

    /// <summary>Supply per project and vintage.</summary>
    public IReadOnlyList<SupplyRow> Supply { get; }

    /// <summary>Balances per account.</summary>
    public IReadOnlyList<BalanceRow> Balances { get; }

    /// <summary>Retirements, oldest first.</summary>
    public IReadOnlyList<RetirementRow> Retirements { get; }

    /// <summary>Pledged blocks now.</summary>
    public IReadOnlyList<BlockView> Pledges { get; }

    /// <summary>The journal in figures.</summary>
    public JournalSummary Journal { get; }

    /// <summary>The pledge (<c>credits@SEQ</c>) of each pledged block, by block id.</summary>
    public IReadOnlyDictionary<long, string> PledgeOf { get; init; } = new Dictionary<long, string>();

    /// <summary>The pledges priced, or null when not priced (no options, or no usable price: see <see cref="PricingProblem"/>).</summary>
    public PledgePricing? Pricing { get; init; }

    /// <summary>Why the pledges are not priced although a market was given, or null.</summary>
    public string? PricingProblem { get; init; }

    /// <summary>Every compensation agreement with its rounds, payments and balances.</summary>
    public IReadOnlyList<CompensationStatementData> Compensation { get; init; } = [];

    /// <summary>The pledge id of a block (empty when unknown).</summary>
    public string PledgeIdOf(BlockView b) => PledgeOf.TryGetValue(b.Id, out var id) ? id : "";

    /// <summary>The valuation of a block's pledge, or null when not priced.</summary>
    public PledgeValue? ValueOf(BlockView b) => Pricing?.Values.FirstOrDefault(v => v.Exposure.PledgeId == PledgeIdOf(b));

    /// <summary>Margin calls among the priced pledges.</summary>
    public int MarginCalls => Pricing?.Values.Count(v => v.MarginCall) ?? 0;

    /// <summary>An LTV as <c>value pledges</c> prints it (<see cref="Labels.Ltv"/>): a percentage; <c>∞</c> for a loan against zero collateral; null without a loan.</summary>
    public static string? LtvText(PledgeValue v) => Labels.Ltv(v.Ltv, v.MarginCall);

    /// <summary>A round's stored P index, rounded to four decimals, or null when not assessed (or the rule gives none).</summary>
    public static string? IndexText(CompensationRound r) => r.Assessment?.Index is { } p
        ? decimal.Round(decimal.Parse(p, NumberStyles.Float, CultureInfo.InvariantCulture), 4, MidpointRounding.AwayFromZero).ToString("0.0000", CultureInfo.InvariantCulture)
        : null;

    /// <summary>What <c>ledger verify</c> finds (empty: the hash chain, the replay and the invariants hold).</summary>
    public IReadOnlyList<string> Problems { get; }

    /// <summary>The plain-language summary paragraph.</summary>
    public string Summary => _summary ??= Labels.IsZh ? SummaryZh() : SummaryEn();

    private string? _summary;

    /// <summary>The report title.</summary>
    public string Title => Labels["ledger.title"];

    /// <summary>Total issued.</summary>
    public long Issued => Supply.Sum(s => s.Issued);

    /// <summary>Total retired.</summary>
    public long Retired => Supply.Sum(s => s.Retired);

    /// <summary>Total pledged.</summary>
    public long Pledged => Supply.Sum(s => s.Pledged);

    /// <summary>Total in the buffer pool.</summary>
    public long Buffer => Supply.Sum(s => s.Buffer);

    /// <summary>Total cancelled.</summary>
    public long Cancelled => Supply.Sum(s => s.Cancelled);

    /// <summary>Credits neither retired nor cancelled (buffer, active, pledged, frozen).</summary>
    public long Outstanding => Issued - Retired - Cancelled;

    /// <summary>True when every supply row adds up.</summary>
    public bool SupplyAddsUp => Supply.All(s => s.AddsUp);

    /// <summary>A participant's display name (the id when unknown).</summary>
    public string NameOf(string id) => Participants.FirstOrDefault(p => p.Id == id)?.Name ?? id;

    /// <summary>A participant's role name, or empty.</summary>
    public string RoleOf(string id) => Participants.FirstOrDefault(p => p.Id == id)?.Role ?? "";

    /// <summary>A vintage as <c>2023-01-01..2023-12-31</c>.</summary>
    public static string Vintage(DateOnly start, DateOnly end) =>
        string.Create(CultureInfo.InvariantCulture, $"{start:yyyy-MM-dd}..{end:yyyy-MM-dd}");

    /// <summary>A vintage as people say it: the year when it is one calendar year, else the range.</summary>
    public static string VintageShort(DateOnly start, DateOnly end) =>
        start.Year == end.Year && start is { Month: 1, Day: 1 } && end is { Month: 12, Day: 31 }
            ? start.Year.ToString(CultureInfo.InvariantCulture) : Vintage(start, end);

    /// <summary>A journal time as shown (to the second, UTC).</summary>
    public static string Time(string stored) => stored.Length >= 19 ? stored[..10] + " " + stored[11..19] : stored;

    /// <summary>A share (0 when the whole is 0).</summary>
    public static decimal Share(long part, long whole) => whole == 0 ? 0m : Math.Round((decimal)part / whole, 6, MidpointRounding.AwayFromZero);

    private string SummaryZh()
    {
        if (Issued == 0)
        {
            return $"登记簿中有{Projects.Count}个项目，尚未签发信用；日志共{Journal.Events}条事件。";
        }
        var parts = new List<string>
        {
            $"登记簿中有{Projects.Count}个项目、{Supply.Count}个项目年份，累计签发{Labels.Tonnes(Issued)}吨CO₂e碳汇信用，其中缓冲池{Labels.Tonnes(Buffer)}吨（{Labels.Percent(Share(Buffer, Issued))}）。",
        };
        var beneficiaries = Retirements.Select(r => r.Beneficiary).Distinct(StringComparer.Ordinal).Count();
        parts.Add(Retired > 0
            ? $"已为{beneficiaries}个受益方注销{Labels.Tonnes(Retired)}吨（{Labels.Percent(Share(Retired, Issued))}，{Retirements.Count}笔）"
            : "尚无注销");
        var banks = Pledges.Select(p => p.Pledgee).Distinct(StringComparer.Ordinal).Count();
        parts[^1] += Pledged > 0 ? $"；{Labels.Tonnes(Pledged)}吨质押给{banks}家银行（{Labels.Percent(Share(Pledged, Issued))}），" + PledgeSummaryZh() : "；当前无质押";
        parts[^1] += $"；未注销、未作废的信用共{Labels.Tonnes(Outstanding)}吨。";
        parts.Add(SupplyAddsUp ? "每个项目年份的供给核对均相符。" : "注意：有项目年份的供给核对不符，见供给表。");
        parts.Add($"日志共{Journal.Events}条事件（{Time(Journal.FirstTime ?? "")}至{Time(Journal.LastTime ?? "")}，UTC）"
            + (Problems.Count == 0 ? "，哈希链完整，重放与数据表一致。" : $"，校验发现{Problems.Count}个问题，见日志摘要。"));
        return string.Concat(parts);
    }

    private string SummaryEn()
    {
        if (Issued == 0)
        {
            return $"The ledger holds {Projects.Count} project(s) and no credits have been issued yet; the journal has {Journal.Events} events.";
        }
        var parts = new List<string>
        {
            $"The ledger holds {Projects.Count} project(s) and {Supply.Count} vintage(s); {Labels.Tonnes(Issued)} t CO₂e of credits have been issued, " +
            $"{Labels.Tonnes(Buffer)} t ({Labels.Percent(Share(Buffer, Issued))}) of them in the buffer pool.",
        };
        int beneficiaries = Retirements.Select(r => r.Beneficiary).Distinct(StringComparer.Ordinal).Count();
        string s = Retired > 0
            ? $" {Labels.Tonnes(Retired)} t ({Labels.Percent(Share(Retired, Issued))}) have been retired in {Retirements.Count} retirement(s) for {beneficiaries} beneficiar{(beneficiaries == 1 ? "y" : "ies")}"
            : " No credits have been retired";
        int banks = Pledges.Select(p => p.Pledgee).Distinct(StringComparer.Ordinal).Count();
        s += Pledged > 0 ? $"; {Labels.Tonnes(Pledged)} t ({Labels.Percent(Share(Pledged, Issued))}) are pledged to {banks} bank(s), " + PledgeSummaryEn() : "; nothing is pledged";
        s += $"; {Labels.Tonnes(Outstanding)} t are neither retired nor cancelled.";
        parts.Add(s);
        parts.Add(SupplyAddsUp ? " Supply adds up for every vintage." : " Warning: supply does not add up for some vintage; see the supply table.");
        parts.Add($" The journal has {Journal.Events} events ({Time(Journal.FirstTime ?? "")} to {Time(Journal.LastTime ?? "")} UTC)"
            + (Problems.Count == 0 ? "; its hash chain is intact and replaying it reproduces the tables." : $"; verification found {Problems.Count} problem(s), listed in the journal summary."));
        return string.Concat(parts);
    }

    private string PledgeSummaryZh() => Pricing is not { } p ? "未定价"
        : $"按{p.Request.AsOf.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}的{p.Request.Market}价格，押品价值{Labels.Fen(p.Values.Sum(v => v.Collateral.Amount))}元、贷款{Labels.Fen(p.Values.Sum(v => v.Exposure.Loan?.Amount ?? 0m))}元，"
          + (MarginCalls == 0 ? "无需补仓" : $"{MarginCalls}笔需补仓");

    private string PledgeSummaryEn() => Pricing is not { } p ? "not priced"
        : $"collateral worth {Labels.Fen(p.Values.Sum(v => v.Collateral.Amount))} CNY at {p.Request.Market} prices of {p.Request.AsOf.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)} against loans of "
          + $"{Labels.Fen(p.Values.Sum(v => v.Exposure.Loan?.Amount ?? 0m))} CNY, " + (MarginCalls == 0 ? "no margin call" : $"{MarginCalls} margin call(s)");

    private JsonNode PricingJson() => Pricing is not { } p
        ? new JsonObject { ["status"] = "not_priced", ["market"] = null, ["as_of"] = null, ["problem"] = PricingProblem }
        : new JsonObject
        {
            ["status"] = "priced",
            ["market"] = p.Request.Market,
            ["as_of"] = p.Request.AsOf.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            ["quote_date"] = p.Price.Quote.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            ["price_cny_per_t"] = p.Price.Quote.Price.Amount,
            ["haircut"] = p.Request.Haircut,
            ["threshold"] = p.Request.Threshold,
            ["discounts"] = p.Request.DiscountsFile,
            ["pledges"] = new JsonArray(p.Values.Select(v => (JsonNode)new JsonObject
            {
                ["pledge"] = v.Exposure.PledgeId,
                ["borrower"] = v.Exposure.Borrower,
                ["bank"] = v.Exposure.Bank,
                ["subject"] = v.Exposure.Subject,
                ["market_value_cny"] = v.Exposure.MarketValue.Amount,
                ["haircut"] = v.Exposure.Haircut,
                ["collateral_cny"] = v.Collateral.Amount,
                ["loan_cny"] = v.Exposure.Loan?.Amount,
                ["ltv"] = v.Ltv is { } l ? decimal.Round(l, 6) : null,
                ["margin_call"] = v.MarginCall,
            }).ToArray()),
            ["margin_calls"] = new JsonArray(p.Values.Where(v => v.MarginCall).Select(v => (JsonNode)v.Exposure.PledgeId).ToArray()),
        };

    private JsonArray CompensationJson() => new(Compensation.Select(d => (JsonNode)new JsonObject
    {
        ["agreement"] = d.Agreement.Id,
        ["name"] = d.Agreement.Name,
        ["administrator"] = d.Agreement.AdministratorId,
        ["period_start"] = d.Agreement.PeriodStart.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        ["period_end"] = d.Agreement.PeriodEnd.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        ["state"] = d.Agreement.State.Name(),
        ["rule"] = d.Agreement.Rule.Version,
        ["funding_sources"] = new JsonArray(d.Agreement.FundingSources.OrderBy(f => f.SourceId, StringComparer.Ordinal).Select(f => (JsonNode)new JsonObject
        {
            ["source"] = f.SourceId,
            ["kind"] = f.Kind.Name(),
            ["share"] = f.Share,
            ["funder"] = f.Funder,
        }).ToArray()),
        ["rounds"] = new JsonArray(d.Rounds.Select(r => (JsonNode)new JsonObject
        {
            ["round"] = r.Id,
            ["number"] = r.Number,
            ["period_start"] = r.PeriodStart.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            ["period_end"] = r.PeriodEnd.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            ["state"] = r.State.Name(),
            ["index"] = r.Assessment?.Index,
            ["met"] = r.Assessment?.Met,
            ["decision"] = r.Assessment?.Decision,
            ["direction"] = r.Direction,
            ["amount_cny"] = r.AmountFen is long a ? a / 100m : null,
            ["funding"] = new JsonArray(r.Funding(d.Agreement).Select(f => (JsonNode)new JsonObject
            {
                ["source"] = f.Source,
                ["kind"] = f.Kind,
                ["share"] = f.Share,
                ["amount_cny"] = f.AmountFen / 100m,
            }).ToArray()),
        }).ToArray()),
        ["payments"] = new JsonArray(d.Payments.Select(x => (JsonNode)new JsonObject
        {
            ["payment"] = x.Id,
            ["round"] = x.RoundId,
            ["source"] = x.SourceId,
            ["from"] = x.FromParty,
            ["to"] = x.ToParty,
            ["amount_cny"] = x.AmountFen / 100m,
            ["state"] = x.State.Name(),
        }).ToArray()),
    }).ToArray());

    /// <summary>The report's figures as JSON: what the golden test compares and pipelines read.</summary>
    public JsonObject ToJson() => new()
    {
        ["report"] = "ledger",
        ["language"] = Labels.IsZh ? "zh" : "en",
        ["generated_at"] = Generated.ToString("O", CultureInfo.InvariantCulture),
        ["title"] = Title,
        ["database"] = DatabasePath,
        ["unit"] = "t CO2e",
        ["headline"] = new JsonObject
        {
            ["projects"] = Projects.Count,
            ["issued"] = Issued,
            ["buffer"] = Buffer,
            ["retired"] = Retired,
            ["pledged"] = Pledged,
            ["cancelled"] = Cancelled,
            ["outstanding"] = Outstanding,
            ["supply_adds_up"] = SupplyAddsUp,
            ["verified"] = Problems.Count == 0,
        },
        ["summary"] = Summary,
        ["projects"] = new JsonArray(Projects.Select(p => (JsonNode)new JsonObject
        {
            ["project"] = p.Id,
            ["owner"] = p.Owner,
            ["region"] = p.Region,
            ["methodology"] = p.Methodology,
            ["buffer_basis_points"] = p.BufferBasisPoints,
            ["period_start"] = p.PeriodStart.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            ["period_end"] = p.PeriodEnd.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            ["state"] = p.State,
            ["units"] = p.Units,
        }).ToArray()),
        ["supply"] = new JsonArray(Supply.Select(x => (JsonNode)new JsonObject
        {
            ["project"] = x.Project,
            ["vintage_start"] = x.VintageStart.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            ["vintage_end"] = x.VintageEnd.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            ["issued"] = x.Issued,
            ["buffer"] = x.Buffer,
            ["active"] = x.Active,
            ["pledged"] = x.Pledged,
            ["frozen"] = x.Frozen,
            ["retired"] = x.Retired,
            ["cancelled"] = x.Cancelled,
            ["adds_up"] = x.AddsUp,
        }).ToArray()),
        ["holdings"] = new JsonArray(Balances.Select(b => (JsonNode)new JsonObject
        {
            ["holder"] = b.Holder,
            ["name"] = NameOf(b.Holder),
            ["role"] = RoleOf(b.Holder),
            ["active"] = b.Active,
            ["pledged"] = b.Pledged,
            ["frozen"] = b.Frozen,
            ["retired"] = b.Retired,
            ["cancelled"] = b.Cancelled,
            ["total"] = b.Total,
            ["posted"] = b.Posted,
        }).ToArray()),
        ["retirements"] = new JsonArray(Retirements.Select(r => (JsonNode)new JsonObject
        {
            ["seq"] = r.Seq,
            ["time"] = r.Time,
            ["holder"] = r.Holder,
            ["beneficiary"] = r.Beneficiary,
            ["purpose"] = r.Purpose,
            ["quantity"] = r.Quantity,
            ["projects"] = new JsonArray(r.Projects.Select(p => (JsonNode)p).ToArray()),
            ["serials"] = new JsonArray(r.Serials.Select(s => (JsonNode)s).ToArray()),
        }).ToArray()),
        ["pledges"] = new JsonArray(Pledges.Select(p => (JsonNode)new JsonObject
        {
            ["block"] = p.Id,
            ["holder"] = p.Holder,
            ["bank"] = p.Pledgee,
            ["project"] = p.Project,
            ["vintage_start"] = p.VintageStart.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            ["vintage_end"] = p.VintageEnd.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            ["quantity"] = p.Quantity,
            ["serial"] = p.Serial,
            ["pledge"] = PledgeIdOf(p),
            ["ltv"] = ValueOf(p) is { Ltv: { } l } ? decimal.Round(l, 6) : null,
            ["ltv_status"] = ValueOf(p) is not { } v ? "not_priced" : v.Exposure.Loan is null ? "no_loan" : v.Ltv is null ? "zero_collateral" : "priced",
            ["margin_call"] = ValueOf(p)?.MarginCall,
        }).ToArray()),
        ["pricing"] = PricingJson(),
        ["compensation"] = CompensationJson(),
        ["journal"] = new JsonObject
        {
            ["events"] = Journal.Events,
            ["first_time"] = Journal.FirstTime,
            ["last_time"] = Journal.LastTime,
            ["last_seq"] = Journal.LastSeq,
            ["last_hash"] = Journal.LastHash,
            ["verified"] = Problems.Count == 0,
            ["problems"] = new JsonArray(Problems.Select(p => (JsonNode)p).ToArray()),
            ["by_kind"] = new JsonArray(Journal.ByKind.Select(k => (JsonNode)new JsonObject
            {
                ["kind"] = k.Kind,
                ["events"] = k.Events,
                ["first_time"] = k.FirstTime,
                ["last_time"] = k.LastTime,
            }).ToArray()),
        },
    };
}
