using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace EcoLedger.Ledger;

/// <summary>
/// HTTP message signatures (RFC 9421) as EcoLedger's API clients make them, with algorithm <c>ecdsa-p256-sha256</c> (§3.3.4: the raw
/// 64-byte r‖s over SHA-256 of the signature base) and the participant's registered P-256 key. A signed request covers
/// <c>@method</c>, <c>@target-uri</c>, <c>content-digest</c> (RFC 9530, when there is a body) and the <c>ecoledger-statement</c> header:
/// the SHA-256 of the command statement (<see cref="CommandSignatures.Statement"/>), which binds the signature to the ledger, actor,
/// signer, request id and the exact command. The server journals the signature base beside the signature, so an auditor checks the
/// signature offline and recomputes the statement from the journaled command (methodology/audit.md §12.4).
/// </summary>
/// <remarks>
/// Written by hand because no RFC 9421 or RFC 8941 (structured fields) library is served here; it implements only the subset used:
/// plain component identifiers without parameters, one signature per request, and the parameters created, expires, keyid, alg, nonce
/// and tag.
/// </remarks>
public static class HttpMessageSignatures
{
    /// <summary>The only algorithm accepted.</summary>
    public const string Algorithm = "ecdsa-p256-sha256";

    /// <summary>The covered header that carries the command statement's digest.</summary>
    public const string StatementHeader = "ecoledger-statement";

    /// <summary>The <c>ecoledger-statement</c> value for a statement: <c>sha-256=:BASE64:</c>, the form of RFC 9530 digests.</summary>
    public static string StatementDigest(byte[] statement) => "sha-256=:" + Convert.ToBase64String(SHA256.HashData(statement)) + ":";

    /// <summary>The RFC 9530 <c>Content-Digest</c> of a body with SHA-256.</summary>
    public static string ContentDigest(ReadOnlySpan<byte> body) => "sha-256=:" + Convert.ToBase64String(SHA256.HashData(body)) + ":";

    /// <summary>True when <paramref name="header"/> (an RFC 9530 <c>Content-Digest</c>) holds a sha-256 or sha-512 digest and each one given matches <paramref name="body"/>.</summary>
    public static bool ContentDigestMatches(string header, ReadOnlySpan<byte> body)
    {
        ArgumentNullException.ThrowIfNull(header);
        bool any = false;
        foreach (var member in header.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            int eq = member.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0 || member.Length < eq + 3 || member[eq + 1] != ':' || member[^1] != ':')
            {
                return false;
            }
            string value = member[(eq + 2)..^1];
            string? expected = member[..eq] switch
            {
                "sha-256" => Convert.ToBase64String(SHA256.HashData(body)),
                "sha-512" => Convert.ToBase64String(SHA512.HashData(body)),
                _ => null,
            };
            if (expected is null)
            {
                continue; // an algorithm we do not check; one we do check must be present
            }
            if (expected != value)
            {
                return false;
            }
            any = true;
        }
        return any;
    }

    /// <summary>
    /// The <c>@signature-params</c> value (also the <c>Signature-Input</c> member's value): the covered components as an inner list of
    /// strings, then <c>created</c>, <c>keyid</c> and <c>alg</c>.
    /// </summary>
    public static string SignatureParams(IReadOnlyList<string> covered, long created, string keyId)
    {
        ArgumentNullException.ThrowIfNull(covered);
        return "(" + string.Join(' ', covered.Select(c => "\"" + c + "\"")) + ")" +
            $";created={created.ToString(CultureInfo.InvariantCulture)};keyid=\"{keyId}\";alg=\"{Algorithm}\"";
    }

    /// <summary>
    /// The signature base (RFC 9421 §2.5): one line <c>"name": value</c> per covered component, in order, then
    /// <c>"@signature-params": PARAMS</c>, lines joined by LF with no final LF.
    /// </summary>
    public static string SignatureBase(IReadOnlyList<(string Name, string Value)> components, string signatureParams)
    {
        ArgumentNullException.ThrowIfNull(components);
        var sb = new StringBuilder();
        foreach (var (name, value) in components)
        {
            if (value.Contains('\n', StringComparison.Ordinal) || value.Contains('\r', StringComparison.Ordinal))
            {
                throw new LedgerException($"The value of covered component '{name}' holds a line break; it cannot be signed.");
            }
            sb.Append('"').Append(name).Append("\": ").Append(value.Trim()).Append('\n');
        }
        return sb.Append("\"@signature-params\": ").Append(signatureParams).ToString();
    }

    /// <summary>
    /// What an API client adds to a command request to sign it as <paramref name="key"/>'s participant: <c>Content-Digest</c> (when
    /// there is a body), <c>EcoLedger-Statement</c>, <c>Signature-Input</c> and <c>Signature</c> (label <c>eco</c>), covering
    /// <c>@method</c>, <c>@target-uri</c>, <c>content-digest</c> and <c>ecoledger-statement</c>.
    /// </summary>
    /// <param name="key">The participant's private key, registered in the ledger.</param>
    /// <param name="method">The HTTP method.</param>
    /// <param name="target">The absolute request URI, exactly as sent.</param>
    /// <param name="body">The request body, exactly as sent (empty when none).</param>
    /// <param name="statement">The command statement (<see cref="CommandSignatures.StatementOf"/>).</param>
    /// <param name="created">The signing time.</param>
    public static IReadOnlyDictionary<string, string> SignRequest(ECDsa key, string method, Uri target, ReadOnlySpan<byte> body, byte[] statement,
        DateTimeOffset created)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(method);
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(statement);
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var components = new List<(string, string)> { ("@method", method.ToUpperInvariant()), ("@target-uri", target.AbsoluteUri) };
        if (!body.IsEmpty)
        {
            headers["Content-Digest"] = ContentDigest(body);
            components.Add(("content-digest", headers["Content-Digest"]));
        }
        headers["EcoLedger-Statement"] = StatementDigest(statement);
        components.Add((StatementHeader, headers["EcoLedger-Statement"]));
        string keyId = ParticipantKeys.KeyIdOf(key.ExportSubjectPublicKeyInfo());
        string sigParams = SignatureParams(components.Select(c => c.Item1).ToList(), created.ToUnixTimeSeconds(), keyId);
        headers["Signature-Input"] = "eco=" + sigParams;
        headers["Signature"] = "eco=:" + Sign(key, SignatureBase(components, sigParams)) + ":";
        return headers;
    }

    /// <summary>Signs a signature base with a P-256 key: the raw r‖s (64 bytes), base64.</summary>
    public static string Sign(ECDsa key, string signatureBase)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(signatureBase);
        return Convert.ToBase64String(key.SignData(Encoding.UTF8.GetBytes(signatureBase), HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation));
    }

    /// <summary>Checks a raw r‖s signature (base64) over <paramref name="signatureBase"/> with a P-256 public key (SubjectPublicKeyInfo, base64 or PEM).</summary>
    public static bool Verify(string publicKey, string signatureBase, string signatureBase64)
    {
        ArgumentNullException.ThrowIfNull(signatureBase);
        byte[] sig;
        try
        {
            sig = Convert.FromBase64String(signatureBase64);
        }
        catch (FormatException)
        {
            return false;
        }
        if (sig.Length != 64)
        {
            return false;
        }
        using var key = ParticipantKeys.Import(publicKey);
        return key.VerifyData(Encoding.UTF8.GetBytes(signatureBase), sig, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
    }

    /// <summary>
    /// Why a journaled HTTP signature does not authorise <paramref name="statement"/> (null when it does): the base must carry exactly one
    /// <c>ecoledger-statement</c> line equal to the statement's digest, end with <c>@signature-params</c> naming <paramref name="keyId"/>
    /// and <see cref="Algorithm"/>, and the signature must verify over it with the key.
    /// </summary>
    public static string? CheckCommand(string publicKey, string keyId, string signatureBase, string signatureBase64, byte[] statement)
    {
        ArgumentNullException.ThrowIfNull(signatureBase);
        string[] lines = signatureBase.Split('\n');
        string prefix = "\"" + StatementHeader + "\": ";
        var digests = lines.Where(l => l.StartsWith(prefix, StringComparison.Ordinal)).ToList();
        if (digests.Count != 1)
        {
            return $"the HTTP signature base covers {digests.Count} '{StatementHeader}' lines, not one";
        }
        if (digests[0][prefix.Length..] != StatementDigest(statement))
        {
            return "the HTTP signature covers another command statement than the journaled command's";
        }
        const string paramsPrefix = "\"@signature-params\": ";
        if (!lines[^1].StartsWith(paramsPrefix, StringComparison.Ordinal))
        {
            return "the HTTP signature base does not end with @signature-params";
        }
        SignatureInput parsed;
        try
        {
            parsed = SignatureInput.ParseMember(lines[^1][paramsPrefix.Length..]);
        }
        catch (LedgerException e)
        {
            return "the HTTP signature base's parameters do not parse: " + e.Message;
        }
        if (lines[..^1].Any(l => l.Length < 5 || l[0] != '"' || !l.Contains("\": ", StringComparison.Ordinal)))
        {
            return "the HTTP signature base has a line that is not '\"component\": value'";
        }
        if (parsed.KeyId != keyId || parsed.Algorithm is not (null or Algorithm))
        {
            return $"the HTTP signature parameters name key '{parsed.KeyId}' and algorithm '{parsed.Algorithm}', not key {ParticipantKeys.Short(keyId)} and {Algorithm}";
        }
        if (!parsed.Covered.SequenceEqual(lines[..^1].Select(l => l[1..l.IndexOf("\": ", StringComparison.Ordinal)])))
        {
            return "the HTTP signature base's lines are not the components its parameters list";
        }
        return Verify(publicKey, signatureBase, signatureBase64) ? null : "the HTTP message signature does not verify over its signature base";
    }
}

/// <summary>One signature's <c>Signature-Input</c> member: the covered components and the parameters (RFC 9421 §4.1).</summary>
/// <param name="Label">The dictionary key shared with the <c>Signature</c> header.</param>
/// <param name="Covered">Component identifiers, in order.</param>
/// <param name="Params">The member value as sent (it is the <c>@signature-params</c> line).</param>
/// <param name="Created">The <c>created</c> parameter (Unix seconds).</param>
/// <param name="Expires">The <c>expires</c> parameter, if any.</param>
/// <param name="KeyId">The <c>keyid</c> parameter.</param>
/// <param name="Algorithm">The <c>alg</c> parameter, if any.</param>
public sealed record SignatureInput(string Label, IReadOnlyList<string> Covered, string Params, long? Created, long? Expires, string? KeyId, string? Algorithm)
{
    /// <summary>Parses a <c>Signature-Input</c> header holding exactly one signature, or throws naming what is wrong.</summary>
    /// <exception cref="LedgerException">Not one well-formed member.</exception>
    public static SignatureInput Parse(string header)
    {
        ArgumentNullException.ThrowIfNull(header);
        string h = header.Trim();
        int eq = h.IndexOf('=', StringComparison.Ordinal);
        if (eq <= 0 || !IsKey(h[..eq]))
        {
            throw Bad("expected LABEL=(\"component\" ...);created=…;keyid=\"…\"");
        }
        var member = ParseMember(h[(eq + 1)..]) with { Label = h[..eq] };
        return member;
    }

    /// <summary>Parses a member value: <c>("a" "b");created=1;keyid="k"</c>, with nothing after it (one signature per request).</summary>
    public static SignatureInput ParseMember(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        int i = 0;
        if (i >= value.Length || value[i] != '(')
        {
            throw Bad("the covered components must be an inner list in parentheses");
        }
        i++;
        var covered = new List<string>();
        while (true)
        {
            while (i < value.Length && value[i] == ' ')
            {
                i++;
            }
            if (i < value.Length && value[i] == ')')
            {
                i++;
                break;
            }
            covered.Add(ReadString(value, ref i));
            if (i < value.Length && value[i] == ';')
            {
                throw Bad($"component '{covered[^1]}' has parameters; only plain component identifiers are accepted");
            }
        }
        long? created = null, expires = null;
        string? keyId = null, alg = null;
        while (i < value.Length && value[i] == ';')
        {
            i++;
            int start = i;
            while (i < value.Length && value[i] != '=' && value[i] != ';' && value[i] != ',')
            {
                i++;
            }
            string name = value[start..i];
            if (i >= value.Length || value[i] != '=')
            {
                throw Bad($"parameter '{name}' has no value");
            }
            i++;
            switch (name)
            {
                case "created": created = ReadInteger(value, ref i, name); break;
                case "expires": expires = ReadInteger(value, ref i, name); break;
                case "keyid": keyId = ReadString(value, ref i); break;
                case "alg": alg = ReadString(value, ref i); break;
                case "nonce" or "tag": ReadString(value, ref i); break;
                default: throw Bad($"unknown parameter '{name}'");
            }
        }
        if (i != value.Length)
        {
            throw Bad(value[i] == ',' ? "only one signature per request is accepted" : $"unexpected '{value[i]}' at position {i}");
        }
        return new SignatureInput("", covered, value, created, expires, keyId, alg);
    }

    /// <summary>The byte sequence of <paramref name="label"/> in a <c>Signature</c> header (<c>label=:BASE64:</c>), base64.</summary>
    /// <exception cref="LedgerException">No such member, or not a byte sequence.</exception>
    public static string SignatureOf(string header, string label)
    {
        ArgumentNullException.ThrowIfNull(header);
        foreach (var member in header.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            int eq = member.IndexOf('=', StringComparison.Ordinal);
            if (eq > 0 && member[..eq] == label)
            {
                string v = member[(eq + 1)..];
                if (v.Length < 2 || v[0] != ':' || v[^1] != ':')
                {
                    throw new LedgerException($"Invalid Signature header: the member '{label}' must be a byte sequence :BASE64:.");
                }
                return v[1..^1];
            }
        }
        throw new LedgerException($"Invalid Signature header: no member '{label}', the label of Signature-Input.");
    }

    private static bool IsKey(string s) => s.Length > 0 && (char.IsAsciiLetterLower(s[0]) || s[0] == '*')
        && s.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c is '_' or '-' or '.' or '*');

    private static string ReadString(string s, ref int i)
    {
        if (i >= s.Length || s[i] != '"')
        {
            throw Bad($"expected a quoted string at position {i}");
        }
        var sb = new StringBuilder();
        for (i++; i < s.Length; i++)
        {
            char c = s[i];
            if (c == '\\' && i + 1 < s.Length && s[i + 1] is '"' or '\\')
            {
                sb.Append(s[++i]);
            }
            else if (c == '"')
            {
                i++;
                return sb.ToString();
            }
            else if (c is < ' ' or > '~')
            {
                throw Bad("a string may hold only visible ASCII and spaces");
            }
            else
            {
                sb.Append(c);
            }
        }
        throw Bad("unterminated string");
    }

    private static long ReadInteger(string s, ref int i, string name)
    {
        int start = i;
        while (i < s.Length && char.IsAsciiDigit(s[i]))
        {
            i++;
        }
        return i > start && i - start <= 15 && long.TryParse(s.AsSpan(start, i - start), NumberStyles.None, CultureInfo.InvariantCulture, out long v)
            ? v : throw Bad($"parameter '{name}' must be a non-negative integer");
    }

    private static LedgerException Bad(string why) => new($"Invalid Signature-Input header: {why}.");
}
