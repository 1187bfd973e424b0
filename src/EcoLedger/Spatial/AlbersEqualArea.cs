using NetTopologySuite.Geometries;

namespace EcoLedger.Spatial;

/// <summary>
/// Albers equal-area conic projection on the CGCS2000 / GRS80 ellipsoid, with the parameters commonly used for
/// China: central meridian 105° E, standard parallels 25° N and 47° N, latitude of origin 0°, no false offsets.
/// Areas measured in projected metres are true ellipsoidal areas (the projection preserves area everywhere).
/// </summary>
/// <remarks>Formulas: J. P. Snyder, <i>Map Projections — A Working Manual</i>, USGS Professional Paper 1395 (1987),
/// §14, equations 3-12, 14-1 to 14-6 (forward) and 14-8 to 14-11, 3-16 (inverse).
/// WGS84 differs from GRS80 in the flattening by 1 part in 10⁸, which changes areas by far less than 0.001 %.</remarks>
public sealed class AlbersEqualArea
{
    private const double Deg = Math.PI / 180d;
    private readonly double _a;
    private readonly double _e;
    private readonly double _e2;
    private readonly double _n;
    private readonly double _c;
    private readonly double _rho0;
    private readonly double _lambda0;

    /// <summary>The projection used for China throughout EcoLedger (105° E; 25° N, 47° N; CGCS2000 ellipsoid).</summary>
    public static AlbersEqualArea China { get; } = new(105d, 25d, 47d, 0d, 6_378_137d, 1d / 298.257222101d);

    /// <summary>Creates a projection; angles in degrees, semi-major axis in metres.</summary>
    public AlbersEqualArea(double centralMeridianDeg, double standardParallel1Deg, double standardParallel2Deg,
        double latitudeOfOriginDeg, double semiMajorAxisM, double flattening)
    {
        CentralMeridianDeg = centralMeridianDeg;
        StandardParallel1Deg = standardParallel1Deg;
        StandardParallel2Deg = standardParallel2Deg;
        _a = semiMajorAxisM;
        _e2 = 2 * flattening - flattening * flattening;
        _e = Math.Sqrt(_e2);
        _lambda0 = centralMeridianDeg * Deg;
        double phi1 = standardParallel1Deg * Deg, phi2 = standardParallel2Deg * Deg, phi0 = latitudeOfOriginDeg * Deg;
        double m1 = M(phi1), m2 = M(phi2);
        double q1 = Q(Math.Sin(phi1)), q2 = Q(Math.Sin(phi2)), q0 = Q(Math.Sin(phi0));
        _n = (m1 * m1 - m2 * m2) / (q2 - q1);
        _c = m1 * m1 + _n * q1;
        _rho0 = _a * Math.Sqrt(_c - _n * q0) / _n;
    }

    /// <summary>Central meridian in degrees east.</summary>
    public double CentralMeridianDeg { get; }

    /// <summary>First standard parallel in degrees north.</summary>
    public double StandardParallel1Deg { get; }

    /// <summary>Second standard parallel in degrees north.</summary>
    public double StandardParallel2Deg { get; }

    private double M(double phi)
    {
        double s = Math.Sin(phi);
        return Math.Cos(phi) / Math.Sqrt(1 - _e2 * s * s);
    }

    private double Q(double sinPhi) =>
        (1 - _e2) * (sinPhi / (1 - _e2 * sinPhi * sinPhi) - 1 / (2 * _e) * Math.Log((1 - _e * sinPhi) / (1 + _e * sinPhi)));

    /// <summary>Projects longitude/latitude in degrees to metres.</summary>
    public (double X, double Y) Forward(double lonDeg, double latDeg)
    {
        double q = Q(Math.Sin(latDeg * Deg));
        double rho = _a * Math.Sqrt(_c - _n * q) / _n;
        double theta = _n * (lonDeg * Deg - _lambda0);
        return (rho * Math.Sin(theta), _rho0 - rho * Math.Cos(theta));
    }

    /// <summary>Inverse: metres back to longitude/latitude in degrees.</summary>
    public (double LonDeg, double LatDeg) Inverse(double x, double y)
    {
        double dy = _rho0 - y;
        double rho = Math.Sqrt(x * x + dy * dy);
        double theta = Math.Atan2(x, dy);
        double q = (_c - rho * rho * _n * _n / (_a * _a)) / _n;
        double phi = Math.Asin(q / 2);
        for (int i = 0; i < 15; i++)
        {
            double s = Math.Sin(phi);
            double one = 1 - _e2 * s * s;
            double delta = one * one / (2 * Math.Cos(phi)) *
                (q / (1 - _e2) - s / one + 1 / (2 * _e) * Math.Log((1 - _e * s) / (1 + _e * s)));
            phi += delta;
            if (Math.Abs(delta) < 1e-13)
            {
                break;
            }
        }
        return ((_lambda0 + theta / _n) / Deg, phi / Deg);
    }

    /// <summary>A projected copy of a geometry in longitude/latitude degrees (the input is not changed).</summary>
    public Geometry Project(Geometry lonLat)
    {
        var copy = lonLat.Copy();
        copy.Apply(new ProjectionFilter(this, inverse: false));
        return copy;
    }

    /// <summary>
    /// The longest edge, in degrees, that <see cref="ProjectDensified"/> projects as a straight chord: 0.005° (about 550 m
    /// north–south). A straight edge in lon/lat (a parallel, a diagonal) is a curve in the projection, and a projected chord
    /// cuts across it: for a 1° edge along 47.6° N the chord lies 95 m from the parallel. With edges of at most 0.005° the chord
    /// lies within 4.4 mm of the true curve anywhere in 0°–55° N, 73°–135° E (worst on a 45° diagonal at the equator;
    /// 2.4 mm along 47.6° N), and the area between chord and curve is at most about 3 mm × the edge's length
    /// (<c>AlbersEqualAreaTests</c>, <c>methodology/zoning.md</c>, "Equal-area measurement").
    /// </summary>
    public const double DensifyStepDegrees = 0.005;

    /// <summary>
    /// A projected copy of a geometry in longitude/latitude degrees whose edges are first cut into pieces of at most
    /// <see cref="DensifyStepDegrees"/> (NTS <c>Densifier</c>, in lon/lat), so that each projected edge follows the line it
    /// stands for in lon/lat within 4.4 mm. Every polygon layer EcoLedger measures or overlays (zones mark, zones screen,
    /// units grid) is projected this way, so two layers that share a boundary in lon/lat share it in the plane too.
    /// </summary>
    public Geometry ProjectDensified(Geometry lonLat)
    {
        ArgumentNullException.ThrowIfNull(lonLat);
        return Project(NetTopologySuite.Densify.Densifier.Densify(lonLat, DensifyStepDegrees));
    }

    /// <summary>A copy of a projected geometry back in longitude/latitude degrees.</summary>
    public Geometry Unproject(Geometry projected)
    {
        var copy = projected.Copy();
        copy.Apply(new ProjectionFilter(this, inverse: true));
        return copy;
    }

    private sealed class ProjectionFilter(AlbersEqualArea p, bool inverse) : IEntireCoordinateSequenceFilter
    {
        public bool Done => false;

        public bool GeometryChanged => true;

        public void Filter(CoordinateSequence seq)
        {
            for (int i = 0; i < seq.Count; i++)
            {
                var (x, y) = inverse ? p.Inverse(seq.GetX(i), seq.GetY(i)) : p.Forward(seq.GetX(i), seq.GetY(i));
                seq.SetX(i, x);
                seq.SetY(i, y);
            }
        }
    }
}
