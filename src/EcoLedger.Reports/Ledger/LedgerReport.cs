using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using EcoLedger.Ledger;
using EcoLedger.Reports.Gep;
using EcoLedger.Storage;

namespace EcoLedger.Reports.Ledger;

/// <summary>What <c>report ledger</c> reads and writes.</summary>
/// <param name="DatabasePath">The ledger database (SQLite file).</param>
/// <param name="OutDir">Where report.html, report.xlsx and report.json go.</param>
/// <param name="Language">Report language.</param>
public sealed record LedgerReportRequest(string DatabasePath, string OutDir, ReportLanguage Language = ReportLanguage.Zh);

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
/// pledges (LTV is left to the pricing module) and the journal summary. The database is only read.
/// </summary>
public static class LedgerReport
{
    /// <summary>Reads the database, builds the report and writes the three files (each through a temporary file).</summary>
    /// <param name="request">What to read and where to write.</param>
    /// <param name="clock">The report's clock.</param>
    /// <param name="onStep">Called before each step with its name (progress display), or null.</param>
    public static LedgerReportFiles Write(LedgerReportRequest request, TimeProvider clock, Action<string>? onStep = null)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(clock);
        onStep?.Invoke("read ledger");
        var model = Build(request, clock.GetUtcNow(), onStep);
        Directory.CreateDirectory(request.OutDir);
        string html = Path.Combine(request.OutDir, GepReport.HtmlFile), xlsx = Path.Combine(request.OutDir, GepReport.XlsxFile), json = Path.Combine(request.OutDir, GepReport.JsonFile);
        onStep?.Invoke("charts and report.html");
        GepReport.WriteAtomically(html, path => File.WriteAllText(path, LedgerReportHtml.Render(model), new UTF8Encoding(false)));
        onStep?.Invoke("report.xlsx");
        GepReport.WriteAtomically(xlsx, path => LedgerReportWorkbook.Write(model, path));
        onStep?.Invoke("report.json");
        GepReport.WriteAtomically(json, path => File.WriteAllText(path, model.ToJson().ToJsonString(JsonOptions) + "\n", new UTF8Encoding(false)));
        return new LedgerReportFiles(html, xlsx, json, model);
    }

    /// <summary>The steps <see cref="Write"/> reports through its callback (for a progress bar's length).</summary>
    public const int Steps = 5;

    private static readonly JsonSerializerOptions JsonOptions = new() { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Reads the ledger and assembles the report's figures.</summary>
    public static LedgerReportModel Build(LedgerReportRequest request, DateTimeOffset generated, Action<string>? onStep = null)
    {
        if (!File.Exists(request.DatabasePath))
        {
            throw new ReportInputException($"{request.DatabasePath}: file not found; expected a ledger database (ledger --db, or demo's ecoledger.db).");
        }
        using var db = LedgerDatabase.Open(request.DatabasePath);
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
        onStep?.Invoke("verify journal");
        var problems = db.Verify();
        return new LedgerReportModel(new Labels(request.Language), generated, request.DatabasePath, db.ProjectViews(), db.ParticipantViews(),
            supply, balances, retirements, pledges, journal, problems);
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
        Summary = Labels.IsZh ? SummaryZh() : SummaryEn();
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

    /// <summary>What <c>ledger verify</c> finds (empty: the hash chain, the replay and the invariants hold).</summary>
    public IReadOnlyList<string> Problems { get; }

    /// <summary>The plain-language summary paragraph.</summary>
    public string Summary { get; }

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
        parts[^1] += Pledged > 0 ? $"；{Labels.Tonnes(Pledged)}吨质押给{banks}家银行（{Labels.Percent(Share(Pledged, Issued))}），其贷款价值比待定价模块给出" : "；当前无质押";
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
        s += Pledged > 0 ? $"; {Labels.Tonnes(Pledged)} t ({Labels.Percent(Share(Pledged, Issued))}) are pledged to {banks} bank(s), their loan-to-value awaiting the pricing module" : "; nothing is pledged";
        s += $"; {Labels.Tonnes(Outstanding)} t are neither retired nor cancelled.";
        parts.Add(s);
        parts.Add(SupplyAddsUp ? " Supply adds up for every vintage." : " Warning: supply does not add up for some vintage; see the supply table.");
        parts.Add($" The journal has {Journal.Events} events ({Time(Journal.FirstTime ?? "")} to {Time(Journal.LastTime ?? "")} UTC)"
            + (Problems.Count == 0 ? "; its hash chain is intact and replaying it reproduces the tables." : $"; verification found {Problems.Count} problem(s), listed in the journal summary."));
        return string.Concat(parts);
    }

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
            ["ltv"] = null,
            ["ltv_status"] = "not_priced",
        }).ToArray()),
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
