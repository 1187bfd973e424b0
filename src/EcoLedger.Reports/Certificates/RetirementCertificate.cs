using System.Globalization;
using System.Text.Json;
using EcoLedger.Audit;
using EcoLedger.Ledger;

namespace EcoLedger.Reports.Certificates;

/// <summary>One retired serial range as a certificate prints it.</summary>
/// <param name="Serial">The full serial of the range (<c>ECO-…-start-end</c>, methodology/serials.md).</param>
/// <param name="Project">The project the credits were issued to.</param>
/// <param name="VintageStart">First day of the monitoring period issued.</param>
/// <param name="VintageEnd">Last day of the monitoring period issued.</param>
/// <param name="QuantityTonnes">Credits in the range, one tonne CO₂e each.</param>
public sealed record RetiredRange(string Serial, string Project, DateOnly VintageStart, DateOnly VintageEnd, long QuantityTonnes);

/// <summary>A project whose credits a retirement retired, with what the ledger records of it.</summary>
/// <param name="Id">The project id.</param>
/// <param name="Region">Its region code, when the ledger has the project.</param>
/// <param name="Methodology">Its methodology, when the ledger has the project.</param>
public sealed record CertifiedProject(string Id, string? Region, string? Methodology);

/// <summary>
/// What a retirement certificate states, every field taken from one <c>credits.retired</c> journal event and its inclusion
/// proof (methodology/audit.md §13): the certificate adds nothing the auditor cannot check against the proof it carries.
/// </summary>
/// <param name="LedgerId">The ledger the event belongs to.</param>
/// <param name="EventSeq">The retirement's journal sequence number.</param>
/// <param name="EventHash">The event's hash on the journal's hash chain.</param>
/// <param name="RetiredAt">When the retirement was journaled (UTC).</param>
/// <param name="RetiredBy">The holder whose credits were retired.</param>
/// <param name="Projects">The projects of the retired ranges (a retirement by quantity may span several), in range order.</param>
/// <param name="QuantityTonnes">Credits retired, tonnes CO₂e.</param>
/// <param name="Beneficiary">On whose behalf the credits were retired.</param>
/// <param name="Purpose">The stated purpose (e.g. the emissions offset).</param>
/// <param name="Ranges">The exact serial ranges retired.</param>
/// <param name="Checkpoint">The signed checkpoint whose tree includes the event.</param>
/// <param name="PublicKeyFingerprint">SHA-256 of the ledger's checkpoint public key (DER), hex: what the reader compares with the published key.</param>
/// <param name="ProofJson">The inclusion proof file (<see cref="ProofFiles.InclusionType"/>), byte for byte what <c>audit verify-proof</c> reads.</param>
public sealed record RetirementCertificate(
    string LedgerId, long EventSeq, string EventHash, DateTimeOffset RetiredAt, string RetiredBy, IReadOnlyList<CertifiedProject> Projects,
    long QuantityTonnes, string? Beneficiary, string? Purpose, IReadOnlyList<RetiredRange> Ranges,
    SignedCheckpoint Checkpoint, string PublicKeyFingerprint, byte[] ProofJson)
{
    /// <summary>The journal kind of a retirement.</summary>
    public const string RetirementKind = "credits.retired";

    /// <summary>
    /// Builds the certificate of the retirement a proof proves. Refuses (with a sentence naming the event) a proof of another
    /// kind of event, or one that does not verify with <paramref name="publicKeyPem"/>: a certificate is only ever printed for a
    /// retirement the reader can verify.
    /// </summary>
    public static RetirementCertificate FromProof(InclusionProofFile proof, string publicKeyPem, Func<string, Project?> findProject)
    {
        ArgumentNullException.ThrowIfNull(proof);
        ArgumentNullException.ThrowIfNull(findProject);
        var e = proof.Event;
        if (e.Kind != RetirementKind)
        {
            throw new LedgerException($"event {e.Seq} is a {e.Kind} event, not a retirement ({RetirementKind}); a certificate is only made for a retirement.");
        }
        if (ProofFiles.VerifyInclusion(proof, proof.Checkpoint, publicKeyPem) is { } failure)
        {
            throw new LedgerException($"the inclusion proof of event {e.Seq} does not verify ({failure}); no certificate was written.");
        }
        using var doc = JsonDocument.Parse(e.Payload);
        var p = doc.RootElement;
        var ranges = new List<RetiredRange>();
        foreach (var m in p.GetProperty("moves").EnumerateArray())
        {
            ranges.Add(new RetiredRange(
                m.GetProperty("serial").GetString()!,
                m.GetProperty("project").GetString()!,
                DateOnly.ParseExact(m.GetProperty("vintage_start").GetString()!, "yyyy-MM-dd", CultureInfo.InvariantCulture),
                DateOnly.ParseExact(m.GetProperty("vintage_end").GetString()!, "yyyy-MM-dd", CultureInfo.InvariantCulture),
                m.GetProperty("quantity").GetInt64()));
        }
        var projects = ranges.Select(r => r.Project).Distinct(StringComparer.Ordinal)
            .Select(id => findProject(id) is { } known ? new CertifiedProject(id, known.Region, known.Methodology) : new CertifiedProject(id, null, null))
            .ToList();
        return new RetirementCertificate(
            proof.Checkpoint.Checkpoint.LedgerId, e.Seq, e.Hash, DateTimeOffset.Parse(e.Time, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal).ToUniversalTime(),
            p.GetProperty("holder").GetString()!, projects, p.GetProperty("quantity").GetInt64(),
            Text(p, "beneficiary"), Text(p, "purpose"), ranges, proof.Checkpoint, LedgerKeys.Fingerprint(publicKeyPem), ProofFiles.ToJson(proof));
    }

    private static string? Text(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
}
