using System.Buffers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using EcoLedger.Audit;

namespace EcoLedger.Ledger;

/// <summary>
/// A participant's signature over a command (<see cref="CommandSignatures.Statement"/>), made outside the ledger with the participant's
/// private key and checked against the key registered in the journal.
/// </summary>
/// <param name="Signer">Who signed: the actor itself, or a registry entering the command on the actor's behalf (back office).</param>
/// <param name="KeyId">The signer's registered key (<see cref="ParticipantKeys.KeyIdOf"/>).</param>
/// <param name="Signature">DER ECDSA P-256 / SHA-256 signature of the statement, base64; with <paramref name="HttpSignatureBase"/>, the raw r‖s
/// RFC 9421 signature of that base.</param>
/// <param name="HttpSignatureBase">For a request signed with an HTTP message signature (<see cref="HttpMessageSignatures"/>): the RFC 9421
/// signature base the signer signed, which binds the statement by its digest.</param>
public sealed record CommandSignature(string Signer, string KeyId, string Signature, string? HttpSignatureBase = null);

/// <summary>
/// A command as the ledger accepted it: journaled just before the event it produced, so that request ids and signatures are in the
/// journal (the requests table is rebuilt from these) and an auditor can check who authorised each event.
/// </summary>
/// <param name="Command">The command's type name (<see cref="CommandHash.TypeName"/>).</param>
/// <param name="Content">The command record as canonical JSON (<see cref="CommandHash.Content"/>).</param>
/// <param name="CommandHash">The request fingerprint (<see cref="Ledger.CommandHash"/>): a repeat of the request id must match it.</param>
/// <param name="LedgerId">The ledger the signature is bound to (signed commands only).</param>
/// <param name="RequestId">The idempotency id (required for signed commands: it is the signature's nonce).</param>
/// <param name="Signer">Who signed, when signed.</param>
/// <param name="KeyId">The signer's key, when signed.</param>
/// <param name="Signature">The signature, when signed.</param>
/// <param name="HttpSignatureBase">The RFC 9421 signature base, when the command came signed as an HTTP request.</param>
/// <param name="Credential">The credential the host authenticated the actor by (the server: <c>token:ID</c> for an API token,
/// <c>account:ID</c> for a signed-in person's session); absent on the CLI, where the operating-system user is the credential. The actor is
/// the event's <see cref="JournalEntry.Actor"/>; together they are the authenticated principal of the event.</param>
[EventKind(CommandSignatures.AcceptedKind)]
public sealed record CommandAccepted(string Command, JsonElement Content, string CommandHash, string? LedgerId, string? RequestId,
    string? Signer, string? KeyId, string? Signature, string? HttpSignatureBase = null, string? Credential = null)
{
    /// <summary>True when a participant's signature came with the command.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public bool IsSigned => Signature is not null;
}

/// <summary>
/// What a participant signs, and the one rule of who must sign (used by the command runner before a command runs and by the auditor's
/// replay after): a participant with an active registered key acts only with a signature by that key, or by a registry's key when the
/// registry enters the command on its behalf (the event then names the registry as signer). A participant without a key acts unsigned,
/// as before keys existed, unless a registry has required signatures on every command (<see cref="SignaturePolicySet"/>); the audit
/// counts unsigned events so that trust in the operator stays visible (methodology/audit.md §12).
/// </summary>
public static class CommandSignatures
{
    /// <summary>Event kind of <see cref="CommandAccepted"/>.</summary>
    public const string AcceptedKind = "command.accepted";

    /// <summary>First line of the signed statement; names the format and its version.</summary>
    public const string Header = "ecoledger-command/v1";

    /// <summary>
    /// The bytes a participant signs: <c>ecoledger-command/v1</c>, LF, then the canonical JSON of
    /// <c>{"actor","command","content","ledger_id","request_id","signer"}</c>. The ledger id stops a signature being replayed into another
    /// ledger and the request id (unique within a ledger) stops it being replayed within one.
    /// </summary>
    public static byte[] Statement(string ledgerId, string actor, string signer, string requestId, string commandType, string canonicalContent)
    {
        var w = new ArrayBufferWriter<byte>(canonicalContent.Length + 256);
        CanonicalJson.WriteRaw(w, Encoding.ASCII.GetBytes(Header + "\n"));
        CanonicalJson.WriteRaw(w, "{\"actor\":"u8);
        CanonicalJson.WriteString(w, actor);
        CanonicalJson.WriteRaw(w, ",\"command\":"u8);
        CanonicalJson.WriteString(w, commandType);
        CanonicalJson.WriteRaw(w, ",\"content\":"u8);
        CanonicalJson.WriteRaw(w, Encoding.UTF8.GetBytes(canonicalContent));
        CanonicalJson.WriteRaw(w, ",\"ledger_id\":"u8);
        CanonicalJson.WriteString(w, ledgerId);
        CanonicalJson.WriteRaw(w, ",\"request_id\":"u8);
        CanonicalJson.WriteString(w, requestId);
        CanonicalJson.WriteRaw(w, ",\"signer\":"u8);
        CanonicalJson.WriteString(w, signer);
        CanonicalJson.WriteRaw(w, "}"u8);
        return w.WrittenSpan.ToArray();
    }

    /// <summary>
    /// The statement of <paramref name="command"/> (<see cref="Statement"/>), for a client that signs it inside an HTTP message signature
    /// (<see cref="HttpMessageSignatures.StatementDigest"/>).
    /// </summary>
    public static byte[] StatementOf(string ledgerId, string actor, string signer, string requestId, ICommand command)
    {
        var canonical = CommandHash.Canonical(command);
        return Statement(ledgerId, actor, signer, requestId, canonical.Type, canonical.Content);
    }

    /// <summary>Signs <paramref name="command"/> for <paramref name="actor"/> with <paramref name="privateKey"/> (the signer's P-256 key).</summary>
    public static CommandSignature Sign(ECDsa privateKey, string ledgerId, string actor, string signer, string requestId, ICommand command)
    {
        ArgumentNullException.ThrowIfNull(privateKey);
        var canonical = CommandHash.Canonical(command);
        byte[] statement = Statement(ledgerId, actor, signer, requestId, canonical.Type, canonical.Content);
        byte[] sig = privateKey.SignData(statement, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence);
        return new CommandSignature(signer, ParticipantKeys.KeyIdOf(privateKey.ExportSubjectPublicKeyInfo()), Convert.ToBase64String(sig));
    }

    /// <summary>
    /// Checks who authorised a command that <paramref name="actor"/> runs, before it runs. Returns the <see cref="CommandAccepted"/> to
    /// journal ahead of its event, or null when nothing needs journaling (no request id, no signature).
    /// </summary>
    /// <exception cref="LedgerException">The signature is missing where the rule needs one, or does not verify.</exception>
    /// <param name="store">The state before the command.</param>
    /// <param name="actor">The resolved actor.</param>
    /// <param name="command">The command, serialised once by the caller (<see cref="CommandHash.Canonical"/>); needed only with a request id or a signature.</param>
    /// <param name="fingerprint">Its request fingerprint as the caller looked it up (<see cref="CanonicalCommand.Fingerprint"/>); likewise.</param>
    /// <param name="requestId">The request id, if any.</param>
    /// <param name="signature">The signature, if any.</param>
    /// <param name="ledgerId">The ledger's id (needed when signed).</param>
    /// <param name="credential">The host's credential of the caller (<see cref="CommandAccepted.Credential"/>), if any: with one, the
    /// acceptance is always journaled, so that every event a host made names the credential it was made with.</param>
    public static CommandAccepted? Authorize(ILedgerStore store, Actor actor, CanonicalCommand? command, string? fingerprint, string? requestId,
        CommandSignature? signature, string? ledgerId, string? credential = null)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(actor);
        if (signature is null)
        {
            if (actor.Role != Role.System && store.SignaturesRequiredSince is { } since)
            {
                throw LedgerException.ForFields(
                    $"This ledger requires every command to be signed (since event {since}); sign it with the actor's key ({{key}}), " +
                    "or enter it as a registry with the registry's key ({entered_by} and {key}).", "key", "entered_by");
            }
            if (actor.Role != Role.System && store.ActiveKeysOf(actor.Id) is { Count: > 0 } keys)
            {
                throw LedgerException.ForFields(
                    $"'{actor.Id}' has a registered signing key ({ParticipantKeys.Short(keys[0].KeyId)}); its commands must be signed with it ({{key}}), " +
                    "or entered by the registry with the registry's key ({entered_by} and {key}).", "key", "entered_by");
            }
            return requestId is null && credential is null ? null : Accepted(Required(command), fingerprint!, requestId, null, null, credential);
        }
        if (ledgerId is null)
        {
            throw new LedgerException("This ledger has no id (no audit identity), so a signature cannot be bound to it; run 'ecoledger ledger init' on it to give it one.");
        }
        if (requestId is null)
        {
            throw LedgerException.ForFields("A signed command needs a {request_id}: it is the signature's nonce.", "request_id");
        }
        var accepted = Accepted(Required(command), fingerprint!, requestId, ledgerId, signature, credential);
        if (Check(store, actor.Id, accepted, ledgerId) is { } failure)
        {
            throw new LedgerException(failure);
        }
        return accepted;
    }

    /// <summary>
    /// The rule, checked on the state before the command: null when <paramref name="accepted"/> (or its absence) authorises an event by
    /// <paramref name="actorId"/>, else the reason. The verifier calls it for every event while replaying the journal.
    /// </summary>
    public static string? Check(ILedgerStore store, string actorId, CommandAccepted? accepted, string? ledgerId)
    {
        ArgumentNullException.ThrowIfNull(store);
        if (accepted is null || !accepted.IsSigned)
        {
            if (actorId != LedgerEngine.SystemActor && store.SignaturesRequiredSince is { } since)
            {
                return $"signatures are required since event {since}, but the command of '{actorId}' is not signed";
            }
            if (actorId != LedgerEngine.SystemActor && store.ActiveKeysOf(actorId) is { Count: > 0 } keys)
            {
                return $"'{actorId}' has registered key {ParticipantKeys.Short(keys[0].KeyId)}, but the command is not signed";
            }
            return null;
        }
        if (actorId == LedgerEngine.SystemActor)
        {
            return "the ledger itself acts unsigned; a signature for 'system' is not accepted";
        }
        if (accepted.LedgerId != ledgerId)
        {
            return $"the signature is bound to ledger '{accepted.LedgerId}', not '{ledgerId}'";
        }
        string signer = accepted.Signer!;
        var signerParticipant = store.FindParticipant(signer);
        if (signerParticipant is null || signerParticipant.Role == Role.System)
        {
            return $"signer '{signer}' is not a participant";
        }
        if (signer != actorId && signerParticipant.Role != Role.Registry)
        {
            return $"'{signer}' signed a command of '{actorId}'; only the actor itself or a registry entering it may";
        }
        var key = store.FindParticipantKey(accepted.KeyId!);
        if (key is null || key.ParticipantId != signer)
        {
            return $"key {ParticipantKeys.Short(accepted.KeyId!)} is not registered for '{signer}'";
        }
        if (!key.IsActive)
        {
            return $"key {ParticipantKeys.Short(key.KeyId)} of '{signer}' was revoked by event {key.RevokedSeq}";
        }
        byte[] statement = Statement(ledgerId!, actorId, signer, accepted.RequestId!, accepted.Command, accepted.Content.GetRawText());
        if (accepted.HttpSignatureBase is { } httpBase)
        {
            return HttpMessageSignatures.CheckCommand(key.PublicKey, key.KeyId, httpBase, accepted.Signature!, statement) is { } why
                ? $"the HTTP message signature by '{signer}' (key {ParticipantKeys.Short(key.KeyId)}) does not authorise the command: {why}"
                : null;
        }
        if (!Verify(key.PublicKey, statement, accepted.Signature!))
        {
            return $"the signature by '{signer}' (key {ParticipantKeys.Short(key.KeyId)}) does not verify over the command";
        }
        return null;
    }

    private static CanonicalCommand Required(CanonicalCommand? command) =>
        command ?? throw new ArgumentNullException(nameof(command), "A command with a request id or a signature is journaled: give its canonical form.");

    private static CommandAccepted Accepted(CanonicalCommand command, string fingerprint, string? requestId, string? ledgerId, CommandSignature? signature,
        string? credential) =>
        new(command.Type, Parse(command.Content), fingerprint, ledgerId, requestId, signature?.Signer, signature?.KeyId, signature?.Signature,
            signature?.HttpSignatureBase, credential);

    private static bool Verify(string publicKey, byte[] statement, string signatureBase64)
    {
        byte[] sig;
        try
        {
            sig = Convert.FromBase64String(signatureBase64);
        }
        catch (FormatException)
        {
            return false;
        }
        using var key = ParticipantKeys.Import(publicKey);
        return key.VerifyData(statement, sig, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence);
    }

    private static JsonElement Parse(string json)
    {
        using var doc = JsonDocument.Parse(json);
        return doc.RootElement.Clone();
    }

}
