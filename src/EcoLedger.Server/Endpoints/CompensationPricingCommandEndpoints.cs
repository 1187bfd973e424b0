using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using EcoLedger.Ledger;
using EcoLedger.Ledger.Compensation;
using EcoLedger.Pricing;
using EcoLedger.Server.Http;
using static EcoLedger.Server.Auth.ServerRoles;

namespace EcoLedger.Server.Endpoints;

/// <summary>
/// Compensation agreements and rounds, price quotes, loans, share certificates and package distributions over HTTP. Each endpoint builds
/// the record the CLI verb builds (<c>compensation …</c>, <c>price import</c>, <c>bank …</c>) and runs it through the same
/// <see cref="Storage.CommandRunner"/>; the roles here only keep a token away from what its role can never do, and the engines decide the rest
/// (a party of the agreement, the pledge's bank, the package's operator), answering 422 with the CLI's sentence.
/// </summary>
/// <remarks>
/// Files the CLI reads from disk (samples, price quotes) travel as the request body in <c>text/csv</c>, with their name in
/// <c>?file=</c>: the journal records the file's name and, for quotes, the SHA-256 of the bytes received, exactly as the CLI does.
/// Package creation takes a server GEP run's unit values (<see cref="GepJobEndpoints"/>).
/// </remarks>
public static class CompensationPricingCommandEndpoints
{
    private static readonly (string Verb, AgreementTrigger Trigger, string Summary)[] AgreementTransitions =
    [
        ("activate", AgreementTrigger.Activate, "The administrator puts a signed (or suspended) agreement in force; the first activation opens its rounds."),
        ("suspend", AgreementTrigger.Suspend, "The administrator suspends an active agreement (its rounds cannot move)."),
        ("terminate", AgreementTrigger.Terminate, "The administrator ends the agreement early; pending payments are voided back to their payers."),
        ("close", AgreementTrigger.Close, "The administrator closes an active agreement whose rounds are all settled."),
    ];

    /// <summary>Maps the compensation and pricing commands.</summary>
    public static void Map(IEndpointRouteBuilder app)
    {
        var comp = app.MapGroup("/api/compensation").WithTags("compensation");
        comp.MapPost("/agreements", (CreateAgreementRequest body, HttpContext http) => LedgerEndpoints.Command(http, () =>
            {
                AgreementSpec spec;
                try
                {
                    spec = AgreementSpecJson.Parse(body.Spec.GetRawText());
                }
                catch (JsonException e)
                {
                    throw LedgerException.ForFields($"{{spec}} is not a valid agreement spec: {AgreementSpecJson.DescribeMember(e, "spec")}", "spec");
                }
                return new CreateAgreement(body.Id, spec);
            }))
            .Roles(Registry).WithSummary("Create a draft agreement; the calling registry becomes its administrator.");
        comp.MapPost("/agreements/{id}/sign", (string id, HttpContext http) => LedgerEndpoints.Command(http, () => new SignAgreement(id)))
            .Roles(LedgerEndpoints.Participants).WithSummary("A party signs; the last signature makes the agreement 'signed'.");
        foreach (var (verb, trigger, summary) in AgreementTransitions)
        {
            comp.MapPost($"/agreements/{{id}}/{verb}", (string id, HttpContext http) =>
                    LedgerEndpoints.Command(http, () => new TransitionAgreement(id, trigger)))
                .Roles(Registry).WithSummary(summary);
        }
        comp.MapPost("/rounds/{round}/samples", async (string round, string? file, HttpContext http) =>
            {
                var (csv, name, problem) = await CsvBody(http, file).ConfigureAwait(false);
                if (problem is not null)
                {
                    return problem;
                }
                var (rows, problems) = SampleFile.ReadCsv(name!, new StringReader(csv!));
                return problems.Count > 0
                    ? Problems.BadInput("body", $"{problems.Count} problem{(problems.Count == 1 ? "" : "s")} in {name}; nothing was imported: " + string.Join(" ", problems))
                    : await LedgerEndpoints.Command(http, () => new ImportSamples(round, name!, rows)).ConfigureAwait(false);
            })
            .Roles(LedgerEndpoints.Participants)
            .WithSummary("Import monitoring samples (text/csv: section,sampled_at,indicator,value,unit,lab,party[,corrects,reason]; ?file= names it): all rows or none.");
        comp.MapPost("/rounds/{round}/close-monitoring", (string round, HttpContext http) => LedgerEndpoints.Command(http, () => new CloseMonitoring(round)))
            .Roles(Registry).WithSummary("The administrator closes monitoring: samples become immutable.");
        comp.MapPost("/rounds/{round}/assess", (string round, HttpContext http) => LedgerEndpoints.Command(http, () => new AssessRound(round)))
            .Roles(Registry).WithSummary("The administrator applies the rule; the payments become pending (reserved in the fund accounts).");
        comp.MapPost("/rounds/{round}/settle", (string round, HttpContext http) => LedgerEndpoints.Command(http, () => new SettleRound(round)))
            .Roles(LedgerEndpoints.Participants).WithSummary("The administrator or a paying party posts the pending payments.");
        comp.MapPost("/rounds/{round}/dispute", (string round, DisputeRoundRequest body, HttpContext http) =>
                LedgerEndpoints.Command(http, () => new DisputeRound(round, body.Reason)))
            .Roles(LedgerEndpoints.Participants).WithSummary("A party disputes an assessed round (payments stay pending).");
        comp.MapPost("/rounds/{round}/resolve", (string round, ResolveRoundRequest body, HttpContext http) =>
                LedgerEndpoints.Command(http, () => new ResolveRound(round, body.Outcome,
                    body.Amount is { } a ? Fen.Of(Cny(a, "amount")) : null, body.Note)))
            .Roles(Registry).WithSummary("The administrator resolves a dispute: upheld, or amended to another amount.");

        var pricing = app.MapGroup("/api/pricing").WithTags("pricing");
        pricing.MapPost("/prices", async (string? file, HttpContext http) =>
            {
                var (csv, name, problem) = await CsvBody(http, file).ConfigureAwait(false);
                if (problem is not null)
                {
                    return problem;
                }
                var (quotes, problems) = PriceCsv.Read(name!, new StringReader(csv!));
                if (problems.Count > 0)
                {
                    return Problems.BadInput("body", $"{problems.Count} problem{(problems.Count == 1 ? "" : "s")} in {name}; nothing was imported: "
                        + string.Join(" ", problems.Select(p => p.ToString())));
                }
                string sha = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(csv!)));
                return await LedgerEndpoints.Command(http, () =>
                    new ImportPrices(name!, sha, quotes.Select(q => new QuoteEntry(q.Market, q.Date, q.FenPerTonne, q.Source)).ToList())).ConfigureAwait(false);
            })
            .Roles(Registry).WithSummary("Import price quotes (text/csv: date,market,price_cny_per_t_co2e,source; ?file= names it); a stored quote is never changed.");
        pricing.MapPost("/loans", (RecordLoanRequest body, HttpContext http) => LedgerEndpoints.Command(http, () =>
                new RecordLoan(body.PledgeSeq, Cny(body.Principal, "principal"),
                    body.Haircut is { } h ? HaircutBasisPoints(h) : null)))
            .Roles(Bank).WithSummary("Record (or update) the loan secured on a credits pledge; the caller must be the pledge's bank.");
        pricing.MapPost("/certificates/{id}/pledge", (string id, PledgeCertificateRequest body, HttpContext http) =>
                LedgerEndpoints.Command(http, () => new PledgeCertificate(id, body.Bank, Cny(body.Loan, "loan"))))
            .Roles(Holder).WithSummary("Pledge a share certificate (the caller is its holder) to a bank for a loan.");
        pricing.MapPost("/certificates/{id}/release", (string id, HttpContext http) => LedgerEndpoints.Command(http, () => new ReleaseCertificate(id)))
            .Roles(Bank).WithSummary("Release a certificate's pledge (the caller is the bank).");
        pricing.MapPost("/packages/{id}/distributions", (string id, DistributeIncomeRequest body, HttpContext http) =>
                LedgerEndpoints.Command(http, () => new DistributeIncome(id, body.Year, Cny(body.Income, "income"))))
            .Roles(LedgerEndpoints.Participants).WithSummary("Distribute one year's income (the caller is the package's operator): minimums first, then by shares.");
    }

    /// <summary>An amount in CNY (whole fen); a refusal names the request member.</summary>
    private static Money.Money Cny(string text, string field)
    {
        try
        {
            return Fen.Parse(text, "{" + field + "}");
        }
        catch (LedgerException e)
        {
            throw LedgerException.ForFields(e.Message, field);
        }
    }

    /// <summary>A haircut 0–1 as basis points, as <c>bank loan record --haircut</c> takes it.</summary>
    private static int HaircutBasisPoints(string text)
    {
        try
        {
            return (int)(Fen.Fraction(text, "{haircut}") * 10_000m);
        }
        catch (LedgerException e)
        {
            throw LedgerException.ForFields(e.Message, "haircut");
        }
    }

    /// <summary>
    /// The request body as CSV text and the file name to journal, or the problem: the body must be <c>text/csv</c> in UTF-8 and
    /// <c>?file=</c> a plain file name (the journal records a name, never a path).
    /// </summary>
    internal static async Task<(string? Csv, string? Name, IResult? Problem)> CsvBody(HttpContext http, string? file)
    {
        if (string.IsNullOrWhiteSpace(file) || file.Length > 128 || file.IndexOfAny(['/', '\\']) >= 0 || file.Any(char.IsControl))
        {
            return (null, null, Problems.BadInput("file", "The query parameter file must name the uploaded file: 1 to 128 characters, no path separators."));
        }
        string? type = http.Request.ContentType;
        if (type is null || !type.StartsWith("text/csv", StringComparison.OrdinalIgnoreCase))
        {
            return (null, null, Problems.Problem(StatusCodes.Status415UnsupportedMediaType, "Unsupported media type",
                $"The body must be the CSV file itself, sent as text/csv; got {type ?? "no Content-Type"}.", "unsupported-media-type", ["body"]));
        }
        using var reader = new StreamReader(http.Request.Body, new UTF8Encoding(false, throwOnInvalidBytes: true));
        try
        {
            return (await reader.ReadToEndAsync(http.RequestAborted).ConfigureAwait(false), file, null);
        }
        catch (DecoderFallbackException)
        {
            return (null, null, Problems.BadInput("body", $"{file} is not valid UTF-8."));
        }
    }
}
