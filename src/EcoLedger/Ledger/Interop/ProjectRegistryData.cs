namespace EcoLedger.Ledger.Interop;

/// <summary>Whether the host Party's nationally determined contribution covers a project (CAD Trust <c>coveredByNDC</c>).</summary>
public enum NdcCoverage
{
    /// <summary>Inside the NDC's scope ("Inside NDC").</summary>
    Inside,

    /// <summary>Outside it ("Outside NDC").</summary>
    Outside,

    /// <summary>Not determined ("Unknown").</summary>
    Unknown,
}

/// <summary>
/// What other registries and the CAD Trust need to know about a project beyond its own record: where it is (ISO 3166-1 country and
/// ISO 3166-2 subdivision), its sector and type, and the methodology identifier as the wider market spells it.
/// </summary>
public sealed class ProjectRegistryData
{
    private ProjectRegistryData()
    {
        ProjectId = Name = HostCountry = Sector = ProjectType = Methodology = "";
    }

    /// <summary>Creates the row as an <see cref="ProjectDescribed"/> event sets it.</summary>
    public ProjectRegistryData(string projectId, string name, string hostCountry, string? hostRegion, string sector, string projectType, string methodology,
        NdcCoverage ndcCoverage, long seq)
    {
        ProjectId = projectId;
        Name = name;
        NdcCoverage = ndcCoverage;
        HostCountry = hostCountry;
        HostRegion = hostRegion;
        Sector = sector;
        ProjectType = projectType;
        Methodology = methodology;
        UpdatedSeq = seq;
    }

    /// <summary>The project.</summary>
    public string ProjectId { get; private set; }

    /// <summary>The project's name.</summary>
    public string Name { get; private set; }

    /// <summary>Whether the host NDC covers the project.</summary>
    public NdcCoverage NdcCoverage { get; private set; }

    /// <summary>Host country, ISO 3166-1 alpha-2 (e.g. <c>CN</c>).</summary>
    public string HostCountry { get; private set; }

    /// <summary>Host subdivision, ISO 3166-2 (e.g. <c>CN-HL</c>), when known.</summary>
    public string? HostRegion { get; private set; }

    /// <summary>Sector (CAD Trust <c>sector</c>; e.g. "Agriculture; forestry and fishing").</summary>
    public string Sector { get; private set; }

    /// <summary>Project type (CAD Trust <c>projectType</c>; e.g. "Afforestation").</summary>
    public string ProjectType { get; private set; }

    /// <summary>Methodology identifier as other registries know it (CAD Trust <c>methodology</c>).</summary>
    public string Methodology { get; private set; }

    /// <summary>The journal event that last changed this row.</summary>
    public long UpdatedSeq { get; private set; }

    /// <summary>Replaces the description (a later <see cref="ProjectDescribed"/>).</summary>
    public void Update(string name, string hostCountry, string? hostRegion, string sector, string projectType, string methodology, NdcCoverage ndcCoverage, long seq)
    {
        Name = name;
        NdcCoverage = ndcCoverage;
        HostCountry = hostCountry;
        HostRegion = hostRegion;
        Sector = sector;
        ProjectType = projectType;
        Methodology = methodology;
        UpdatedSeq = seq;
    }
}
