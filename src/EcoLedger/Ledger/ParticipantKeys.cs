using System.Security.Cryptography;
using EcoLedger.Audit;

namespace EcoLedger.Ledger;

/// <summary>
/// A participant's public signing key (ECDSA P-256) as registered in the journal: commands that act for the participant are signed
/// with the matching private key (<see cref="CommandSignatures"/>), which the operator does not hold.
/// </summary>
public sealed class ParticipantKey
{
    private ParticipantKey()
    {
        KeyId = ParticipantId = PublicKey = "";
    }

    /// <summary>A key registered by event <paramref name="registeredSeq"/>.</summary>
    public ParticipantKey(string keyId, string participantId, string publicKey, long registeredSeq)
    {
        KeyId = keyId;
        ParticipantId = participantId;
        PublicKey = publicKey;
        RegisteredSeq = registeredSeq;
    }

    /// <summary>SHA-256 of the DER SubjectPublicKeyInfo, lowercase hex (<see cref="ParticipantKeys.KeyIdOf"/>).</summary>
    public string KeyId { get; private set; }

    /// <summary>The participant the key signs for.</summary>
    public string ParticipantId { get; private set; }

    /// <summary>The DER SubjectPublicKeyInfo, base64.</summary>
    public string PublicKey { get; private set; }

    /// <summary>The journal entry that registered it.</summary>
    public long RegisteredSeq { get; private set; }

    /// <summary>The journal entry that revoked it, or null while it is active.</summary>
    public long? RevokedSeq { get; private set; }

    /// <summary>Why it was revoked (rotation, compromise, …).</summary>
    public string? RevokedReason { get; private set; }

    /// <summary>True until revoked.</summary>
    public bool IsActive => RevokedSeq is null;

    /// <summary>Revokes the key as of event <paramref name="seq"/>.</summary>
    /// <exception cref="LedgerException">The key is already revoked.</exception>
    public void Revoke(long seq, string reason)
    {
        if (RevokedSeq is { } earlier)
        {
            throw new LedgerException($"Key {ParticipantKeys.Short(KeyId)} of '{ParticipantId}' was already revoked by event {earlier}.");
        }
        RevokedSeq = seq;
        RevokedReason = reason;
    }

    /// <summary>Rebuilds a stored key.</summary>
    public static ParticipantKey Restore(string keyId, string participantId, string publicKey, long registeredSeq, long? revokedSeq, string? revokedReason) =>
        new(keyId, participantId, publicKey, registeredSeq) { RevokedSeq = revokedSeq, RevokedReason = revokedReason };
}

/// <summary><c>participant key add</c>: registers a participant's public key. The registry registers anyone's; a participant may add its own.</summary>
/// <param name="Participant">Whose key it is.</param>
/// <param name="PublicKey">The DER SubjectPublicKeyInfo of an ECDSA P-256 key, base64 (<see cref="ParticipantKeys.Normalize"/> reads PEM too).</param>
public sealed record RegisterParticipantKey(string Participant, string PublicKey) : ILedgerCommand;

/// <summary><c>participant key revoke</c>: the key no longer signs (rotation or compromise). The registry or the participant itself.</summary>
/// <param name="Participant">Whose key it is.</param>
/// <param name="KeyId">The key's id (its full SHA-256, or a unique prefix of at least 16 hex digits resolved by the host).</param>
/// <param name="Reason">Why.</param>
public sealed record RevokeParticipantKey(string Participant, string KeyId, string Reason) : ILedgerCommand;

/// <summary>A participant's public key was registered.</summary>
[EventKind(ParticipantKeys.RegisteredKind)]
public sealed record ParticipantKeyRegistered(string Participant, string KeyId, string PublicKey);

/// <summary>A participant's key was revoked.</summary>
[EventKind(ParticipantKeys.RevokedKind)]
public sealed record ParticipantKeyRevoked(string Participant, string KeyId, string Reason);

/// <summary>
/// <c>ledger policy require-signatures | allow-unsigned</c>: whether every participant's command must be signed. A registry with its
/// own active key sets it; once set, nobody acts on the operator's word alone.
/// </summary>
/// <param name="Required">True to require a signature on every command (but the ledger's own <c>system</c> events).</param>
public sealed record SetSignaturePolicy(bool Required) : ILedgerCommand;

/// <summary>The ledger's signature policy changed.</summary>
[EventKind(ParticipantKeys.PolicyKind)]
public sealed record SignaturePolicySet(bool Required);

/// <summary>Key ids, key encoding and the decisions about participant keys.</summary>
public static class ParticipantKeys
{
    /// <summary>Event kind of <see cref="ParticipantKeyRegistered"/>.</summary>
    public const string RegisteredKind = "participant.key_registered";

    /// <summary>Event kind of <see cref="ParticipantKeyRevoked"/>.</summary>
    public const string RevokedKind = "participant.key_revoked";

    /// <summary>Event kind of <see cref="SignaturePolicySet"/>.</summary>
    public const string PolicyKind = "participant.signature_policy_set";

    /// <summary>The key id of a DER SubjectPublicKeyInfo: its SHA-256, lowercase hex (the same fingerprint as the ledger's own key).</summary>
    public static string KeyIdOf(byte[] subjectPublicKeyInfo) => Convert.ToHexStringLower(SHA256.HashData(subjectPublicKeyInfo));

    /// <summary>The first 16 hex digits of a key id, as people see it.</summary>
    public static string Short(string keyId) => keyId.Length > 16 ? keyId[..16] : keyId;

    /// <summary>
    /// A public key as the journal stores it: PEM or base64 DER in, base64 DER SubjectPublicKeyInfo of a P-256 key out.
    /// </summary>
    /// <exception cref="LedgerException">Not an ECDSA P-256 public key.</exception>
    public static string Normalize(string publicKey)
    {
        ArgumentNullException.ThrowIfNull(publicKey);
        try
        {
            using var key = Import(publicKey);
            return Convert.ToBase64String(key.ExportSubjectPublicKeyInfo());
        }
        catch (FormatException e)
        {
            throw LedgerException.ForFields($"{{public_key}} is not an ECDSA P-256 public key: {e.Message}", "public_key");
        }
    }

    /// <summary>Imports a stored (base64 DER) or PEM P-256 public key.</summary>
    /// <exception cref="FormatException">Not a P-256 public key.</exception>
    public static ECDsa Import(string publicKey)
    {
        ArgumentNullException.ThrowIfNull(publicKey);
        if (publicKey.Contains("-----BEGIN", StringComparison.Ordinal))
        {
            return LedgerKeys.ImportPublicKey(publicKey);
        }
        byte[] der;
        try
        {
            der = Convert.FromBase64String(publicKey.Trim());
        }
        catch (FormatException)
        {
            throw new FormatException("expected PEM or base64 DER SubjectPublicKeyInfo");
        }
        return LedgerKeys.ImportPublicKey(PemEncoding.WriteString("PUBLIC KEY", der));
    }

    /// <summary>Decides <see cref="RegisterParticipantKey"/>.</summary>
    internal static PendingEvent Register(ILedgerStore store, Participant actor, RegisterParticipantKey c)
    {
        var owner = RequireKeyHolder(store, actor, c.Participant, "register a key for");
        string publicKey = Normalize(c.PublicKey);
        string keyId = KeyIdOf(Convert.FromBase64String(publicKey));
        if (store.FindParticipantKey(keyId) is { } existing)
        {
            throw new LedgerException($"Key {Short(keyId)} is already registered for '{existing.ParticipantId}' (event {existing.RegisteredSeq}); a key signs for one participant only.");
        }
        return new PendingEvent(RegisteredKind, actor.Id, new ParticipantKeyRegistered(owner.Id, keyId, publicKey));
    }

    /// <summary>Decides <see cref="RevokeParticipantKey"/>.</summary>
    internal static PendingEvent Revoke(ILedgerStore store, Participant actor, RevokeParticipantKey c)
    {
        var owner = RequireKeyHolder(store, actor, c.Participant, "revoke a key of");
        // People type the 16-digit short form they see; a prefix that names exactly one of the participant's active keys is enough.
        var key = store.FindParticipantKey(c.KeyId)
            ?? (c.KeyId.Length >= 16 && store.ActiveKeysOf(owner.Id).Where(k => k.KeyId.StartsWith(c.KeyId, StringComparison.Ordinal)).ToList() is [var only] ? only : null);
        if (key is null || key.ParticipantId != owner.Id)
        {
            throw LedgerException.ForFields($"'{owner.Id}' has no key {{key_id}} {Short(c.KeyId)}.", "key_id");
        }
        if (!key.IsActive)
        {
            throw new LedgerException($"Key {Short(key.KeyId)} of '{owner.Id}' was already revoked by event {key.RevokedSeq}.");
        }
        if (string.IsNullOrWhiteSpace(c.Reason))
        {
            throw LedgerException.ForFields("A revocation needs a {reason}.", "reason");
        }
        if (owner.Role == Role.Registry && store.SignaturesRequiredSince is not null && store.ActiveKeysOf(owner.Id).Count == 1)
        {
            // While every command must be signed, a registry without a key could never act again: rotate by adding the new key first.
            throw new LedgerException($"Key {Short(key.KeyId)} is the last active key of registry '{owner.Id}' while signatures are required; " +
                "register its new key first, then revoke this one.");
        }
        return new PendingEvent(RevokedKind, actor.Id, new ParticipantKeyRevoked(owner.Id, key.KeyId, c.Reason));
    }

    /// <summary>Decides <see cref="SetSignaturePolicy"/>: a registry, and to require signatures it must hold an active key itself.</summary>
    internal static PendingEvent SetPolicy(ILedgerStore store, Participant actor, SetSignaturePolicy c)
    {
        Actor.Of(actor).Require("set the signature policy", Role.Registry);
        if (c.Required == store.SignaturesRequiredSince is not null)
        {
            throw new LedgerException(c.Required
                ? $"Signatures are already required (since event {store.SignaturesRequiredSince})."
                : "Unsigned commands are already allowed.");
        }
        if (c.Required && store.ActiveKeysOf(actor.Id).Count == 0)
        {
            // Without a key of its own the registry could never act again, not even to lift the policy.
            throw new LedgerException($"Registry '{actor.Id}' has no registered key; register its own key before requiring signatures.");
        }
        return new PendingEvent(PolicyKind, actor.Id, new SignaturePolicySet(c.Required));
    }

    /// <summary>Applies a key event.</summary>
    internal static void Apply(ILedgerStore store, object payload, long seq)
    {
        switch (payload)
        {
            case ParticipantKeyRegistered r:
                store.AddParticipantKey(new ParticipantKey(r.KeyId, r.Participant, r.PublicKey, seq));
                break;
            case ParticipantKeyRevoked v:
                var key = store.FindParticipantKey(v.KeyId) ?? throw new LedgerException($"Key {Short(v.KeyId)} is not registered.");
                if (key.ParticipantId != v.Participant)
                {
                    throw new LedgerException($"Key {Short(v.KeyId)} belongs to '{key.ParticipantId}', not '{v.Participant}'.");
                }
                key.Revoke(seq, v.Reason);
                store.ParticipantKeyChanged(key);
                break;
            case SignaturePolicySet p:
                store.SetSignaturesRequired(p.Required ? seq : null);
                break;
        }
    }

    private static Participant RequireKeyHolder(ILedgerStore store, Participant actor, string participantId, string what)
    {
        var owner = store.FindParticipant(participantId) ?? throw LedgerException.ForFields($"Unknown {{participant}} '{participantId}'.", "participant");
        if (owner.Role == Role.System)
        {
            throw new LedgerException($"System account '{participantId}' never signs; it has no keys.");
        }
        if (actor.Role != Role.Registry && actor.Id != owner.Id)
        {
            throw new LedgerException($"Actor '{actor.Id}' (role '{actor.Role.Name()}') may not {what} '{owner.Id}': only the registry or the participant itself may.");
        }
        return owner;
    }
}
