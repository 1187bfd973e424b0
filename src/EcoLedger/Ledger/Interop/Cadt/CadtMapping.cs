namespace EcoLedger.Ledger.Interop.Cadt;

/// <summary>
/// How EcoLedger's states read in the CAD Trust's picklists (governance picklists of Chia-Network/cadt; docs/interop.md §CAD Trust
/// mapping gives the reasons). Every mapping is total: each EcoLedger value has exactly one CADT value.
/// </summary>
public static class CadtMapping
{
    /// <summary>Every EcoLedger credit is a forestry carbon-sink removal (the product's scope): CADT <c>unitType</c>.</summary>
    public const string UnitType = "Removal - nature";

    /// <summary>CADT <c>unitMetric</c>: one credit is one tonne CO₂e.</summary>
    public const string UnitMetric = "tCO2e";

    /// <summary>
    /// CADT <c>verificationApproach</c>: in EcoLedger an issuance is verified by a participant with role verifier, never by the
    /// owner or the registry (docs/ledger.md, roles), which is third-party verification.
    /// </summary>
    public const string VerificationApproach = "Third-party verification";

    /// <summary>CADT <c>relationshipType</c> of a project's listing in another registry.</summary>
    public const string AlsoListed = "Also listed";

    /// <summary>CADT <c>projectStatus</c>: CADT has no draft, suspended or rejected; the nearest of its values.</summary>
    public static string ProjectStatus(ProjectState state) => state switch
    {
        ProjectState.Draft or ProjectState.Submitted or ProjectState.Validated => "Listed",
        ProjectState.Registered or ProjectState.Suspended => "Registered",
        ProjectState.Closed => "Completed",
        ProjectState.Rejected => "Withdrawn",
        _ => throw new ArgumentOutOfRangeException(nameof(state), state, "Unknown project state."),
    };

    /// <summary>CADT <c>coveredByNDC</c>.</summary>
    public static string CoveredByNdc(NdcCoverage coverage) => coverage switch
    {
        NdcCoverage.Inside => "Inside NDC",
        NdcCoverage.Outside => "Outside NDC",
        _ => "Unknown",
    };

    /// <summary>The NDC coverage a CADT <c>coveredByNDC</c> value means.</summary>
    public static NdcCoverage NdcCoverageOf(string coveredByNdc) => coveredByNdc switch
    {
        "Inside NDC" => NdcCoverage.Inside,
        "Outside NDC" => NdcCoverage.Outside,
        _ => NdcCoverage.Unknown,
    };

    /// <summary>CADT <c>correspondingAdjustmentDeclaration</c>: authorized units are committed to an adjustment; the others need none.</summary>
    public static string AdjustmentDeclaration(AuthorizationStatus authorization) =>
        authorization == AuthorizationStatus.Authorized ? "Committed" : "Not Required";

    /// <summary>
    /// CADT <c>correspondingAdjustmentStatus</c>: pending before the first transfer is "Not Started" (nothing to adjust yet), pending
    /// after it is "Pending", completed is "Completed"; not required is "Not Started" beside the declaration "Not Required".
    /// </summary>
    public static string AdjustmentStatus(AdjustmentStatus adjustment, bool firstTransferred) => adjustment switch
    {
        Interop.AdjustmentStatus.Completed => "Completed",
        Interop.AdjustmentStatus.Pending when firstTransferred => "Pending",
        _ => "Not Started",
    };

    /// <summary>CADT <c>unitStatus</c> of a block: the buffer pool's blocks are "Buffer"; pledged and frozen credits are still held.</summary>
    public static string UnitStatus(CreditBlock block)
    {
        ArgumentNullException.ThrowIfNull(block);
        return block.Status switch
        {
            BlockStatus.Retired => "Retired",
            BlockStatus.Cancelled => "Cancelled",
            _ when block.HolderId == SystemAccounts.BufferPool => "Buffer",
            _ => "Held",
        };
    }
}
