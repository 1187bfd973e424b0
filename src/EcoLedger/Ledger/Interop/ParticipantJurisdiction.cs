namespace EcoLedger.Ledger.Interop;

/// <summary>The country (ISO 3166-1 alpha-2) and subdivision (ISO 3166-2) a participant is registered in: CAD Trust's jurisdiction of a unit's owner.</summary>
public sealed class ParticipantJurisdiction
{
    private ParticipantJurisdiction()
    {
        ParticipantId = Country = "";
    }

    /// <summary>Creates the row as <see cref="JurisdictionSet"/> records it.</summary>
    public ParticipantJurisdiction(string participantId, string country, string? region, long seq)
    {
        ParticipantId = participantId;
        Country = country;
        Region = region;
        UpdatedSeq = seq;
    }

    /// <summary>The participant.</summary>
    public string ParticipantId { get; private set; }

    /// <summary>ISO 3166-1 alpha-2.</summary>
    public string Country { get; private set; }

    /// <summary>ISO 3166-2, when known.</summary>
    public string? Region { get; private set; }

    /// <summary>The event that last set it.</summary>
    public long UpdatedSeq { get; private set; }

    /// <summary>Replaces the jurisdiction.</summary>
    public void Update(string country, string? region, long seq)
    {
        Country = country;
        Region = region;
        UpdatedSeq = seq;
    }
}
