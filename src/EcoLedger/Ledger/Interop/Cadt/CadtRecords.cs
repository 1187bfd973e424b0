using System.Text.Json;
using System.Text.Json.Serialization;

namespace EcoLedger.Ledger.Interop.Cadt;

/// <summary>
/// A CAD Trust project record (CADT <c>POST /v1/projects</c>; schemas/cadt/cadt-project.schema.json). Field names are CADT's;
/// docs/interop.md maps each to its source in the ledger.
/// </summary>
public sealed record CadtProject(
    string? CurrentRegistry,
    [property: JsonConverter(typeof(StringOrNumber))] string ProjectId,
    [property: JsonConverter(typeof(StringOrNumber))] string OriginProjectId,
    string RegistryOfOrigin,
    string? Program,
    string ProjectName,
    string ProjectLink,
    string ProjectDeveloper,
    string Sector,
    string ProjectType,
    string? ProjectTags,
    [property: JsonPropertyName("coveredByNDC")] string CoveredByNdc,
    string? NdcInformation,
    string ProjectStatus,
    string ProjectStatusDate,
    string UnitMetric,
    string Methodology,
    string? Methodology2,
    string? ValidationBody,
    string? ValidationDate,
    string? Description,
    IReadOnlyList<CadtLabel>? Labels,
    IReadOnlyList<CadtIssuance>? Issuances,
    IReadOnlyList<CadtRelatedProject>? RelatedProjects,
    IReadOnlyList<CadtLocation>? ProjectLocations);

/// <summary>A CAD Trust issuance (CADT <c>issuanceSchema</c>): one verified monitoring period.</summary>
public sealed record CadtIssuance(string? Id, string StartDate, string EndDate, string VerificationApproach, string? VerificationBody, string VerificationReportDate);

/// <summary>A CAD Trust label (CADT <c>labelSchema</c>).</summary>
public sealed record CadtLabel(string? Id, string Label, string LabelType, string CreditingPeriodStartDate, string CreditingPeriodEndDate,
    string ValidityPeriodStartDate, string ValidityPeriodEndDate, long UnitQuantity, string LabelLink);

/// <summary>A CAD Trust related project (CADT <c>relatedProjectSchema</c>): the project's listing in another registry.</summary>
public sealed record CadtRelatedProject(string RelatedProjectId, string? RelationshipType, string? Registry);

/// <summary>A CAD Trust project location (CADT <c>locationSchema</c>).</summary>
public sealed record CadtLocation(string Country, string? InCountryRegion, [property: JsonConverter(typeof(StringOrNumber))] string GeographicIdentifier);

/// <summary>A CAD Trust unit record (CADT <c>POST /v1/units</c>; schemas/cadt/cadt-unit.schema.json): one EcoLedger credit block.</summary>
public sealed record CadtUnit(
    string? ProjectLocationId,
    string? UnitOwner,
    string CountryJurisdictionOfOwner,
    string? InCountryJurisdictionOfOwner,
    string UnitBlockStart,
    string UnitBlockEnd,
    long UnitCount,
    int VintageYear,
    string UnitType,
    string? Marketplace,
    string? MarketplaceLink,
    string? MarketplaceIdentifier,
    string? UnitTags,
    string UnitStatus,
    string? UnitStatusReason,
    string UnitRegistryLink,
    string CorrespondingAdjustmentDeclaration,
    string CorrespondingAdjustmentStatus,
    CadtIssuance? Issuance,
    IReadOnlyList<CadtLabel>? Labels);

/// <summary>Reads a CADT id that may be a JSON string or number (CADT: <c>Joi.alternatives().try(Joi.string(), Joi.number())</c>) as text.</summary>
public sealed class StringOrNumber : JsonConverter<string>
{
    /// <inheritdoc/>
    public override string Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => reader.TokenType switch
    {
        JsonTokenType.Number => System.Text.Encoding.UTF8.GetString(reader.ValueSpan),
        _ => reader.GetString() ?? "",
    };

    /// <inheritdoc/>
    public override void Write(Utf8JsonWriter writer, string value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStringValue(value);
    }
}
