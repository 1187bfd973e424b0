using System.Text.Json;
using EcoLedger.Ledger;
using EcoLedger.Reports;
using EcoLedger.Server.Auth;
using EcoLedger.Server.Hosting;
using EcoLedger.Server.Http;
using EcoLedger.Storage;

namespace EcoLedger.Server.Endpoints;

/// <summary>A journal entry as the API returns it for a command.</summary>
/// <param name="Seq">Its position in the journal.</param>
/// <param name="Time">When it was appended (UTC).</param>
/// <param name="Actor">The participant that acted: always the authenticated caller.</param>
/// <param name="Kind">The event kind, e.g. <c>credits.transferred</c>.</param>
/// <param name="Hash">The entry's hash on the chain.</param>
/// <param name="Payload">The event's data, as journaled.</param>
/// <param name="Statement">For a command's answer: what happened, in one sentence with its figures (money with two decimals and its currency),
/// in the request's language (<c>?lang=zh</c> or <c>Accept-Language: zh</c>, else English); null in listings.</param>
public sealed record EntryResponse(long Seq, string Time, string Actor, string Kind, string Hash, JsonElement Payload, EntryStatement? Statement = null)
{
    /// <summary>The API form of a journal entry.</summary>
    public static EntryResponse Of(JournalEntry e)
    {
        ArgumentNullException.ThrowIfNull(e);
        using var doc = JsonDocument.Parse(e.Payload);
        return new EntryResponse(e.Seq, e.Time, e.Actor, e.Kind, e.Hash, doc.RootElement.Clone());
    }

    /// <summary>A command's answer: the entry with its statement in <paramref name="lang"/>.</summary>
    public static EntryResponse Answer(JournalEntry e, string lang)
    {
        ArgumentNullException.ThrowIfNull(e);
        return Of(e) with { Statement = EntryStatement.Of(e.Seq, e.Kind, e.Actor, e.Payload, lang) };
    }
}

/// <summary>What a participant signs for a command (<c>EcoLedger-Prepare</c>): the statement's digest, for <c>EcoLedger-Statement</c>.</summary>
/// <param name="LedgerId">The ledger the statement names.</param>
/// <param name="Actor">The acting (and signing) participant.</param>
/// <param name="RequestId">The Idempotency-Key it names.</param>
/// <param name="CommandType">The command record's type.</param>
/// <param name="StatementDigest">The value of <c>EcoLedger-Statement</c>: <c>sha-256=:BASE64:</c>.</param>
public sealed record PreparedCommand(string LedgerId, string Actor, string RequestId, string CommandType, string StatementDigest);

/// <summary>
/// Runs a command record for an HTTP request: the actor is the authenticated caller's participant (never a field of the body), the
/// <c>Idempotency-Key</c> header is the runner's request id, and the participant's signature comes as an RFC 9421 HTTP message signature
/// (<see cref="HttpSignatureRequests"/>) or in the <c>EcoLedger-Signature</c> header.
/// </summary>
public static class CommandExecution
{
    /// <summary>The idempotency header: the runner's request id.</summary>
    public const string IdempotencyHeader = "Idempotency-Key";

    /// <summary>Set on a response that repeats the original result of an idempotency key.</summary>
    public const string ReplayedHeader = "Idempotent-Replayed";

    /// <summary>Set on a response to a command that changed nothing (every row already recorded): no event was journaled.</summary>
    public const string UnchangedHeader = "EcoLedger-Unchanged";

    /// <summary>
    /// The participant's signature of the command: <c>signer=ID; key-id=HEX; signature=BASE64</c>, over the statement
    /// <see cref="CommandSignatures.Statement"/> with the idempotency key as request id.
    /// </summary>
    public const string SignatureHeader = "EcoLedger-Signature";

    /// <summary>The idempotency key of a request, or a refusal when it is malformed (or missing where required).</summary>
    public static (string? Key, IResult? Problem) IdempotencyKey(HttpContext http, bool required)
    {
        ArgumentNullException.ThrowIfNull(http);
        string? key = http.Request.Headers[IdempotencyHeader];
        if (string.IsNullOrEmpty(key))
        {
            return required
                ? (null, Problems.BadInput(IdempotencyHeader, $"This command needs an {IdempotencyHeader} header (1 to 128 visible ASCII characters): it makes a retry safe."))
                : (null, null);
        }
        return key.Length <= 128 && key.All(c => c is > ' ' and < (char)127)
            ? (key, null)
            : (null, Problems.BadInput(IdempotencyHeader, $"Invalid {IdempotencyHeader} header: expected 1 to 128 visible ASCII characters."));
    }

    /// <summary>Runs <paramref name="command"/> as the caller through the <see cref="WriteQueue"/>; 201 with the journal entry, or the problem.</summary>
    public static async Task<IResult> Run(HttpContext http, ICommand command, string? requestId)
    {
        ArgumentNullException.ThrowIfNull(http);
        var caller = Caller.Of(http.User);
        if (http.Request.Headers.ContainsKey(PrepareHeader))
        {
            return await Prepare(http, caller, command, requestId).ConfigureAwait(false);
        }
        var (signature, problem) = HttpSignatureRequests.IsSigned(http)
            ? http.Request.Headers.ContainsKey(SignatureHeader)
                ? (null, Problems.BadInput(SignatureHeader, $"Sign a request one way: an RFC 9421 signature (Signature-Input, Signature) or {SignatureHeader}, not both."))
                : await HttpSignatureRequests.Read(http).ConfigureAwait(false)
            : Signature(http);
        if (problem is not null)
        {
            return problem;
        }
        try
        {
            var queue = http.RequestServices.GetRequiredService<WriteQueue>();
            var result = await queue.RunAsync(new CommandRequest(command, caller.Participant, requestId, signature, caller.Credential), http.RequestAborted).ConfigureAwait(false);
            if (result.Repeated)
            {
                http.Response.Headers[ReplayedHeader] = "true";
            }
            if (result.Unchanged)
            {
                // Nothing was journaled (an import of rows all recorded before): 200, and the entry it would have been, marked as such.
                http.Response.Headers[UnchangedHeader] = "true";
                return Results.Json(EntryResponse.Answer(result.Entry, RequestLanguage.Of(http)), statusCode: StatusCodes.Status200OK);
            }
            return Results.Json(EntryResponse.Answer(result.Entry, RequestLanguage.Of(http)), statusCode: StatusCodes.Status201Created);
        }
        catch (LedgerException e)
        {
            return Problems.FromLedger(e);
        }
    }

    /// <summary>Runs a command that needs no record-level request id: the idempotency key is optional, as <c>--request-id</c> is.</summary>
    public static async Task<IResult> Run(HttpContext http, ICommand command)
    {
        var (key, problem) = IdempotencyKey(http, required: false);
        return problem ?? await Run(http, command, key).ConfigureAwait(false);
    }

    /// <summary>
    /// <c>EcoLedger-Prepare: statement</c> on any command request: the server builds the same command record, runs nothing, and answers
    /// with the digest of its statement (<see cref="CommandSignatures.StatementOf"/>) for the caller's participant and Idempotency-Key,
    /// so that a browser, which holds the key but not the canonical form, can sign the real request (RFC 9421, header
    /// <c>EcoLedger-Statement</c>). Trusting this answer costs nothing: the runner recomputes the statement from the request it runs.
    /// </summary>
    public const string PrepareHeader = "EcoLedger-Prepare";

    private static async Task<IResult> Prepare(HttpContext http, Caller caller, ICommand command, string? requestId)
    {
        if (requestId is null)
        {
            return Problems.BadInput(IdempotencyHeader, $"Preparing a signature needs the {IdempotencyHeader} the command will be sent with: the statement names it.");
        }
        if (caller.Participant is null)
        {
            return Problems.Forbidden($"'{caller.Name}' acts as no participant; only a participant signs commands.");
        }
        var host = http.RequestServices.GetRequiredService<LedgerHost>();
        string? ledgerId = await host.UseAsync(db => db.AuditIdentity()?.LedgerId, http.RequestAborted).ConfigureAwait(false);
        if (ledgerId is null)
        {
            return Problems.Problem(StatusCodes.Status422UnprocessableEntity, "Command refused", "The ledger has no audit identity (no ledger id) to sign against.", "refused", []);
        }
        byte[] statement = CommandSignatures.StatementOf(ledgerId, caller.Participant, caller.Participant, requestId, command);
        return Results.Ok(new PreparedCommand(ledgerId, caller.Participant, requestId, CommandHash.Canonical(command).Type,
            HttpMessageSignatures.StatementDigest(statement)));
    }

    private static (CommandSignature? Signature, IResult? Problem) Signature(HttpContext http)
    {
        string? header = http.Request.Headers[SignatureHeader];
        if (string.IsNullOrEmpty(header))
        {
            return (null, null);
        }
        var parts = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var item in header.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            int eq = item.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0)
            {
                return (null, BadSignature());
            }
            parts[item[..eq].Trim()] = item[(eq + 1)..].Trim().Trim('"');
        }
        return parts.TryGetValue("signer", out var signer) && parts.TryGetValue("key-id", out var keyId) && parts.TryGetValue("signature", out var sig)
            && parts.Count == 3
            ? (new CommandSignature(signer, keyId, sig), null)
            : (null, BadSignature());
    }

    private static IResult BadSignature() => Problems.BadInput(SignatureHeader,
        $"Invalid {SignatureHeader} header: expected 'signer=ID; key-id=HEX; signature=BASE64' (the signature over the command statement, with the {IdempotencyHeader} as request id).");
}
