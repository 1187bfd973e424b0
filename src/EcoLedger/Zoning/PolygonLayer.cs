using System.Globalization;
using EcoLedger.Spatial;
using NetTopologySuite.Geometries;
using NetTopologySuite.Geometries.Utilities;
using NetTopologySuite.Operation.Valid;

namespace EcoLedger.Zoning;

/// <summary>One validated polygon feature, in the input CRS and in the equal-area plane.</summary>
/// <param name="Id">The feature's identifier (unique in the layer).</param>
/// <param name="Attributes">The feature's properties as read.</param>
/// <param name="Geometry">A valid (Multi)Polygon in the input CRS, or in CGCS2000 lon/lat when the input was Gauss–Krüger.</param>
/// <param name="Projected">The same geometry in metres: projected with <see cref="AlbersEqualArea.China"/> when the input is geographic, else the input itself.</param>
public sealed record PolygonFeature(string Id, IReadOnlyDictionary<string, object?> Attributes, Geometry Geometry, Geometry Projected)
{
    /// <summary>The equal-area area in km².</summary>
    public double AreaKm2 => Projected.Area / 1_000_000d;

    /// <summary>A property as text, or null.</summary>
    public string? Text(string name) => Attributes.GetValueOrDefault(name) switch
    {
        null => null,
        string s => s,
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        var o => o.ToString(),
    };
}

/// <summary>
/// A validated polygon layer: every feature has a unique id and a valid, non-empty (Multi)Polygon; the CRS is declared,
/// stated by the file or detected; geometries are projected to an equal-area plane for measuring.
/// </summary>
public sealed class PolygonLayer
{
    private PolygonLayer(string path, LayerCrs crs, IReadOnlyList<PolygonFeature> features, IReadOnlyList<string> repairs)
    {
        Path = path;
        Crs = crs;
        Features = features;
        Repairs = repairs;
    }

    /// <summary>The file read.</summary>
    public string Path { get; }

    /// <summary>The layer's CRS.</summary>
    public LayerCrs Crs { get; }

    /// <summary>The features in file order.</summary>
    public IReadOnlyList<PolygonFeature> Features { get; }

    /// <summary>What <c>--fix</c> repaired, one sentence per feature.</summary>
    public IReadOnlyList<string> Repairs { get; }

    /// <summary>Reads and validates a layer.</summary>
    /// <param name="path">A .geojson/.json, .gpkg or .shp file.</param>
    /// <param name="idField">The identifier property, e.g. <c>unit_id</c> or <c>site_id</c>.</param>
    /// <param name="kind">How messages name a feature: <c>unit</c>, <c>site</c>.</param>
    /// <param name="declared">The CRS given on the command line, or null to use the file's or detect it.</param>
    /// <param name="fix">Repair unclosed rings (repeat the first point) and invalid polygons (<see cref="GeometryFixer"/>, the MakeValid method) instead of failing.</param>
    /// <param name="remedy">What an invalid-polygon message tells the user to do, naming only what the calling command offers;
    /// null for the <c>--fix</c> of <c>zones mark</c> (<see cref="FixRemedy"/>).</param>
    /// <exception cref="ZoningInputException">Every problem found in the layer.</exception>
    public static PolygonLayer Load(string path, string idField, string kind, LayerCrs? declared, bool fix, PolygonRemedy? remedy = null)
    {
        remedy ??= FixRemedy;
        var raw = FeatureLayerReader.Read(path, idField);
        string file = System.IO.Path.GetFileName(path);
        var problems = new List<ZoningProblem>();
        var repairs = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var accepted = new List<(RawFeature Raw, Geometry Geometry)>(raw.Features.Count);
        if (raw.Features.Count == 0)
        {
            problems.Add(new ZoningProblem(file, null, "has no features."));
        }
        foreach (var f in raw.Features)
        {
            string subject = f.Subject(kind);
            if (string.IsNullOrEmpty(f.Id))
            {
                problems.Add(new ZoningProblem(file, subject, $"has no '{idField}' property."));
                continue;
            }
            if (IO.InputText.NameProblem(f.Id) is { } idProblem)
            {
                problems.Add(new ZoningProblem(file, subject, $"'{idField}' is not an id; expected one with {idProblem}."));
                continue;
            }
            if (!seen.Add(f.Id))
            {
                problems.Add(new ZoningProblem(file, subject, $"'{idField}' {f.Id} appears more than once."));
                continue;
            }
            var g = f.Geometry;
            if (g is null || g.IsEmpty)
            {
                problems.Add(new ZoningProblem(file, subject, f.GeometryError is null
                    ? "has no geometry."
                    : $"has a geometry that cannot be read: {f.GeometryError}"));
                continue;
            }
            if (g is not (Polygon or MultiPolygon))
            {
                problems.Add(new ZoningProblem(file, subject, $"has a {g.GeometryType} geometry; expected Polygon or MultiPolygon."));
                continue;
            }
            if (f.RingsWereUnclosed)
            {
                if (!fix)
                {
                    problems.Add(new ZoningProblem(file, subject,
                        $"invalid polygon: a ring is not closed (its last point differs from its first); {remedy.UnclosedRing}"));
                    continue;
                }
                repairs.Add($"{subject}: closed an unclosed ring by repeating its first point.");
            }
            var error = new IsValidOp(g).ValidationError;
            if (error is not null)
            {
                string where = error.Coordinate is { } c
                    ? $" at ({c.X.ToString("R", CultureInfo.InvariantCulture)}, {c.Y.ToString("R", CultureInfo.InvariantCulture)})"
                    : "";
                if (!fix)
                {
                    problems.Add(new ZoningProblem(file, subject,
                        $"invalid polygon: {error.Message}{where}; {remedy.Invalid}"));
                    continue;
                }
                var repaired = Polygonal(GeometryFixer.Fix(g));
                if (repaired is null)
                {
                    problems.Add(new ZoningProblem(file, subject,
                        $"invalid polygon: {error.Message}{where}; MakeValid (GeometryFixer) leaves no polygon, so it cannot be repaired."));
                    continue;
                }
                repairs.Add($"{subject}: {error.Message}{where}; repaired with MakeValid (GeometryFixer).");
                g = repaired;
            }
            accepted.Add((f, g));
        }
        var crs = LayerCrs.Resolve(file, declared, raw.FileCrs,
            accepted.Select(a => (a.Raw.Subject(kind), a.Geometry.EnvelopeInternal)).ToList(), problems);
        if (problems.Count > 0)
        {
            throw new ZoningInputException(problems);
        }
        if (crs.Reprojection is { } gk)
        {
            // Gauss–Krüger metres are conformal, not equal-area (and a WKT-defined projection may be anything): go through CGCS2000
            // lon/lat like any geographic layer.
            accepted = accepted.Select(a => (a.Raw, gk.ToGeographic(a.Geometry))).ToList();
            crs = gk.IsUserDefined
                ? new LayerCrs(CoordinateKind.Geographic, SupportedCrs.Cgcs2000, crs.Source, null, gk)
                : new LayerCrs(CoordinateKind.Geographic, SupportedCrs.Cgcs2000, crs.Source, gk.Epsg);
        }
        var features = new List<PolygonFeature>(accepted.Count);
        foreach (var (f, g) in accepted)
        {
            // Densified in lon/lat first (AlbersEqualArea.DensifyStepDegrees): a parallel projected as one chord would bow
            // into the layer beside it (a site whose edge lies on a zone's boundary would overlap the zone).
            var projected = crs.Kind == CoordinateKind.Geographic ? AlbersEqualArea.China.ProjectDensified(g) : g;
            if (!(projected.Area > 0))
            {
                problems.Add(new ZoningProblem(file, f.Subject(kind), "has zero area."));
                continue;
            }
            features.Add(new PolygonFeature(f.Id!, f.Attributes, g, projected));
        }
        if (problems.Count > 0)
        {
            throw new ZoningInputException(problems);
        }
        return new PolygonLayer(path, crs, features, repairs);
    }

    /// <summary>The remedies of a command with <c>--fix</c> (<c>zones mark</c>).</summary>
    public static PolygonRemedy FixRemedy { get; } = new("--fix closes it.", "--fix repairs it with MakeValid (GeometryFixer).");

    /// <summary>The remedies for the units of a <c>zones mark</c> output folder read by <c>zones screen</c>, which has no <c>--fix</c>.</summary>
    public static PolygonRemedy RemarkRemedy { get; } = new(
        "run 'zones mark' again to rewrite the zones folder.",
        "run 'zones mark' again (with --fix) to rewrite the zones folder.");

    /// <summary>The remedies of a command without <c>--fix</c> (<c>zones screen --sites</c>): the file has to be repaired.</summary>
    /// <param name="what">What the file is, e.g. <c>the sites file</c>.</param>
    public static PolygonRemedy RepairFileRemedy(string what) => new(
        $"close it in {what} (repeat the first point at the end).",
        $"repair it in {what} (e.g. ogr2ogr -makevalid, or MakeValid in a GIS).");

    /// <summary>The polygonal part of a geometry (MakeValid can return a collection with lines), or null if none.</summary>
    internal static Geometry? Polygonal(Geometry g)
    {
        if (g is Polygon or MultiPolygon)
        {
            return g.IsEmpty ? null : g;
        }
        var polygons = PolygonExtracter.GetPolygons(g).Cast<Polygon>().Where(p => !p.IsEmpty).ToArray();
        return polygons.Length switch
        {
            0 => null,
            1 => polygons[0],
            _ => g.Factory.CreateMultiPolygon(polygons),
        };
    }
}

/// <summary>What an invalid-polygon message of <see cref="PolygonLayer.Load"/> tells the user to do: a full clause ending in a full stop.</summary>
/// <param name="UnclosedRing">For a ring that is not closed.</param>
/// <param name="Invalid">For a polygon <c>IsValidOp</c> rejects.</param>
public sealed record PolygonRemedy(string UnclosedRing, string Invalid);
