using EcoLedger.Ledger;
using EcoLedger.Server.Hosting;
using EcoLedger.Server.Http;
using Microsoft.AspNetCore.Http.Extensions;

namespace EcoLedger.Server.Endpoints;

/// <summary>
/// Reads an RFC 9421 HTTP message signature off a command request (<see cref="HttpMessageSignatures"/>): checks the covered components
/// EcoLedger requires, the freshness window and the body's <c>Content-Digest</c>, rebuilds the signature base from the request as
/// received, and finds the signer by the key id. The signature itself is checked by the command runner against the key in the journal,
/// like every command signature, and the base is journaled so that the auditor checks it again offline.
/// </summary>
public static class HttpSignatureRequests
{
    /// <summary>RFC 9421 <c>Signature-Input</c>.</summary>
    public const string SignatureInputHeader = "Signature-Input";

    /// <summary>RFC 9421 <c>Signature</c>.</summary>
    public const string SignatureHeader = "Signature";

    /// <summary>RFC 9530 <c>Content-Digest</c>.</summary>
    public const string ContentDigestHeader = "Content-Digest";

    /// <summary>The header carrying the command statement's digest (covered as <c>ecoledger-statement</c>).</summary>
    public const string StatementHeader = "EcoLedger-Statement";

    /// <summary>
    /// How old (or how far ahead) <c>created</c> may be. The request id already stops a replay within the ledger; the window bounds how
    /// long a captured request that was never delivered stays usable.
    /// </summary>
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(5);

    private const string BodyKey = "ecoledger.signed-body";

    /// <summary>
    /// Middleware: keeps the body of a request that carries <c>Signature-Input</c>, so that its digest can be checked after the endpoint
    /// bound it (bodies are limited to 1 MiB).
    /// </summary>
    public static Task KeepSignedBody(HttpContext http, RequestDelegate next)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(next);
        // An unsigned request (most reads, token clients that do not sign) passes straight on, without a state machine of its own.
        return http.Request.Headers.ContainsKey(SignatureInputHeader) ? KeepBody(http, next) : next(http);
    }

    private static async Task KeepBody(HttpContext http, RequestDelegate next)
    {
        http.Request.EnableBuffering();
        using (var copy = new MemoryStream())
        {
            await http.Request.Body.CopyToAsync(copy, http.RequestAborted).ConfigureAwait(false);
            http.Request.Body.Position = 0;
            http.Items[BodyKey] = copy.ToArray();
        }
        await next(http).ConfigureAwait(false);
    }

    /// <summary>True when the request is signed the RFC 9421 way.</summary>
    public static bool IsSigned(HttpContext http) => http?.Request.Headers.ContainsKey(SignatureInputHeader) ?? false;

    /// <summary>The command signature of an RFC 9421-signed request, or the problem (400, naming the header).</summary>
    public static async Task<(CommandSignature? Signature, IResult? Problem)> Read(HttpContext http)
    {
        ArgumentNullException.ThrowIfNull(http);
        var request = http.Request;
        SignatureInput input;
        string signature;
        try
        {
            input = SignatureInput.Parse(request.Headers[SignatureInputHeader].ToString());
            signature = SignatureInput.SignatureOf(request.Headers[SignatureHeader].ToString(), input.Label);
        }
        catch (LedgerException e)
        {
            return (null, Problems.BadInput(e.Message.Contains("Signature-Input", StringComparison.Ordinal) ? SignatureInputHeader : SignatureHeader, e.Message));
        }
        if (input.Algorithm is not (null or HttpMessageSignatures.Algorithm))
        {
            return Bad($"alg '{input.Algorithm}' is not accepted: EcoLedger keys sign with {HttpMessageSignatures.Algorithm}.");
        }
        if (input.KeyId is null || input.Created is null)
        {
            return Bad("keyid and created are required parameters.");
        }
        byte[] body = http.Items[BodyKey] as byte[] ?? [];
        var required = new List<string> { "@method", "@target-uri", HttpMessageSignatures.StatementHeader };
        if (body.Length > 0)
        {
            required.Add("content-digest");
        }
        if (required.FirstOrDefault(c => !input.Covered.Contains(c)) is { } missing)
        {
            return Bad($"the signature must cover {string.Join(", ", required.Select(c => "\"" + c + "\""))}; \"{missing}\" is missing.");
        }
        var now = http.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow();
        var created = DateTimeOffset.FromUnixTimeSeconds(Math.Min(input.Created.Value, 253402300799));
        if ((now - created).Duration() > Window)
        {
            return Bad($"created {input.Created} is {(created < now ? "older" : "later")} than the server's clock allows ({Window.TotalMinutes:0} minutes).");
        }
        if (input.Expires is { } exp && DateTimeOffset.FromUnixTimeSeconds(Math.Min(exp, 253402300799)) < now)
        {
            return Bad($"the signature expired at {exp}.");
        }
        var components = new List<(string, string)>();
        foreach (var name in input.Covered)
        {
            string? value = name switch
            {
                "@method" => request.Method.ToUpperInvariant(),
                "@target-uri" => request.GetEncodedUrl(),
                "@authority" => request.Host.Value?.ToLowerInvariant(),
                "@scheme" => request.Scheme.ToLowerInvariant(),
                "@path" => (request.PathBase + request.Path).ToUriComponent() is { Length: > 0 } p ? p : "/",
                "@query" => request.QueryString.HasValue ? request.QueryString.Value : "?",
                _ when name.StartsWith('@') => null,
                _ => request.Headers.TryGetValue(name, out var v) ? string.Join(", ", v.Select(x => x?.Trim())) : null,
            };
            if (value is null)
            {
                return Bad($"covered component \"{name}\" is {(name.StartsWith('@') ? "not a derived component EcoLedger signs" : "not in the request")}.");
            }
            components.Add((name, value));
        }
        if (request.Headers.TryGetValue(ContentDigestHeader, out var digest) && !HttpMessageSignatures.ContentDigestMatches(digest.ToString(), body))
        {
            return (null, Problems.BadInput(ContentDigestHeader, $"{ContentDigestHeader} does not match the body received (sha-256 or sha-512, RFC 9530)."));
        }
        var host = http.RequestServices.GetRequiredService<LedgerHost>();
        string keyId = input.KeyId;
        string? signer = await host.UseAsync(db =>
        {
            using var ctx = db.NewContext();
            return ctx.ParticipantKeys.Find(keyId)?.ParticipantId;
        }, http.RequestAborted).ConfigureAwait(false);
        if (signer is null)
        {
            return Bad($"keyid '{keyId}' is not a key registered in this ledger.");
        }
        string signatureBase;
        try
        {
            signatureBase = HttpMessageSignatures.SignatureBase(components, input.Params);
        }
        catch (LedgerException e)
        {
            return Bad(e.Message);
        }
        return (new CommandSignature(signer, keyId, signature, signatureBase), null);
    }

    private static (CommandSignature?, IResult?) Bad(string detail) =>
        (null, Problems.BadInput(SignatureInputHeader, $"Invalid {SignatureInputHeader} header: {detail}"));
}
