using EcoLedger.Quantities;
using NetTopologySuite.Geometries;

namespace EcoLedger.Valuation;

/// <summary>A parcel or grid cell whose ecosystem services are accounted.</summary>
/// <param name="UnitId">Unique id within the input.</param>
/// <param name="Region">The region (county, city) whose statistics apply.</param>
/// <param name="Ecosystem">Ecosystem type.</param>
/// <param name="Subtype">Finer type, or <see cref="EcosystemSubtype.None"/>.</param>
/// <param name="Area">Area, given or measured from the geometry in an equal-area projection.</param>
/// <param name="Monitoring">Optional monitoring inputs.</param>
/// <param name="Geometry">The polygon, when the input had one (as read, not projected).</param>
/// <param name="WaterBodyId">The lake (or other water body) the unit is part of, so that a lake split into several units is
/// valued as one lake (<c>water_body_id</c>); null when not given.</param>
/// <param name="LakeRegion">The lake region whose flood-storage regression applies (<c>lake_region</c>, e.g.
/// <c>tibetan_plateau</c>); null when not given.</param>
public sealed record AccountingUnit(
    string UnitId,
    string Region,
    Ecosystem Ecosystem,
    EcosystemSubtype Subtype,
    Area Area,
    MonitoringData Monitoring,
    Geometry? Geometry = null,
    string? WaterBodyId = null,
    string? LakeRegion = null);
