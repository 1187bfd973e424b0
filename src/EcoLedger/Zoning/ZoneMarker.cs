using System.Security.Cryptography;
using System.Text;
using EcoLedger.Spatial;

namespace EcoLedger.Zoning;

/// <summary>
/// <c>zones mark</c>: joins unit polygons with their GEP values, computes value density (yuan/km²) in an equal-area
/// projection, assigns tiers and dissolves adjacent same-tier units into zones.
/// </summary>
public static class ZoneMarker
{
    /// <summary>The largest snap distance accepted, in metres.</summary>
    public const double MaxSnapMetres = 10_000;

    /// <summary>The property that identifies a unit in the geometry file and in <c>gep-units.csv</c>.</summary>
    public const string UnitIdField = "unit_id";

    /// <summary>
    /// Reads <paramref name="unitsPath"/> and <c>gep-units.csv</c> from <paramref name="gepDir"/>, marks zones with
    /// <paramref name="options"/> (defaults when null) and writes the zone outputs to <paramref name="outDir"/>
    /// (<c>zones.geojson</c>, <c>units-classified.geojson</c>, <c>zones-summary.json</c>, <c>zones-map.svg</c>).
    /// Nothing is written when the input has a problem.
    /// </summary>
    /// <param name="unitsPath">Unit polygons (.geojson, .gpkg or .shp) with <c>unit_id</c>.</param>
    /// <param name="gepDir">The output folder of <c>gep compute</c>.</param>
    /// <param name="outDir">The output folder (created if needed).</param>
    /// <param name="options">The run's choices; <see cref="ZoningOptions.Default"/> when null.</param>
    /// <param name="onPhase">Called after each phase with its name and duration (for progress and benchmarks); may be null.</param>
    /// <param name="writeMap">Draws <see cref="ZoneOutputWriter.MapFile"/> (the reports' map renderer, passed in by the host); null writes no map.</param>
    /// <exception cref="ZoningInputException">Every problem found in the input, or an output folder that is the GEP run folder
    /// (<see cref="IO.OutputPaths.FolderProblem"/>).</exception>
    public static ZoningResult MarkToDirectory(string unitsPath, string gepDir, string outDir, ZoningOptions? options = null,
        Action<string, TimeSpan>? onPhase = null, Action<ZoningResult, TextWriter>? writeMap = null)
    {
        ArgumentNullException.ThrowIfNull(unitsPath);
        ArgumentNullException.ThrowIfNull(gepDir);
        ArgumentNullException.ThrowIfNull(outDir);
        if (IO.OutputPaths.FolderProblem(outDir, [IO.CommandInputFile.Option("--gep", gepDir)]) is { } outProblem)
        {
            throw new ZoningInputException("--out", null, outProblem);
        }
        // A folder that holds the units file is allowed, unless the units file has the name of one of the zoning's own files.
        foreach (string name in new[] { ZoneOutputWriter.ZonesFile, ZoneOutputWriter.UnitsFile, ZoneOutputWriter.SummaryFile, ZoneOutputWriter.MapFile })
        {
            string output = Path.Combine(outDir, name);
            if (IO.OutputPaths.Overwritten(output, [IO.CommandInputFile.Option("--units", unitsPath)]) is { } input)
            {
                throw new ZoningInputException("--out", null, $"'{output}': would overwrite {input.Description}; expected an output folder where the zoning's files replace none of its inputs.");
            }
        }
        var result = Mark(unitsPath, gepDir, options ?? ZoningOptions.Default, onPhase);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        ZoneOutputWriter.Write(result, outDir, writeMap);
        onPhase?.Invoke("write outputs", clock.Elapsed);
        return result;
    }

    /// <summary>Reads the inputs and marks zones (writes nothing).</summary>
    /// <exception cref="ZoningInputException">Every problem found in the input.</exception>
    public static ZoningResult Mark(string unitsPath, string gepDir, ZoningOptions options, Action<string, TimeSpan>? onPhase = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var layer = PolygonLayer.Load(unitsPath, UnitIdField, "unit", options.Crs, options.Fix);
        onPhase?.Invoke("read, validate and project units", clock.Elapsed);
        clock.Restart();
        var gep = GepUnitValues.Read(gepDir);
        var inputs = new[]
        {
            HashFile("units", unitsPath),
            HashFile("gep_units", Path.Combine(gepDir, GepUnitValues.FileName)),
        };
        onPhase?.Invoke("read GEP values, hash inputs", clock.Elapsed);
        return Mark(layer, gep, options, onPhase) with { Inputs = inputs };
    }

    /// <summary>Marks zones from a validated layer and GEP values.</summary>
    /// <exception cref="ZoningInputException">Units with no GEP result, or GEP results with no geometry.</exception>
    public static ZoningResult Mark(PolygonLayer layer, IReadOnlyDictionary<string, UnitGepValue> gep, ZoningOptions options,
        Action<string, TimeSpan>? onPhase = null)
    {
        ArgumentNullException.ThrowIfNull(layer);
        ArgumentNullException.ThrowIfNull(gep);
        ArgumentNullException.ThrowIfNull(options);
        // Snapping bridges roads and streams between units; beyond 10 km it would merge unrelated parts of a county.
        if (!(options.SnapMetres >= 0) || options.SnapMetres > MaxSnapMetres)
        {
            throw new ZoningInputException("--snap-m", null, $"{options.SnapMetres.ToString(System.Globalization.CultureInfo.InvariantCulture)} is not a snap distance; expected a number of metres from 0 to {MaxSnapMetres.ToString(System.Globalization.CultureInfo.InvariantCulture)}.");
        }
        var clock = System.Diagnostics.Stopwatch.StartNew();
        string file = Path.GetFileName(layer.Path);
        var problems = new List<ZoningProblem>();
        foreach (var f in layer.Features)
        {
            if (!gep.ContainsKey(f.Id))
            {
                problems.Add(new ZoningProblem(file, $"unit {f.Id}", $"has a geometry but no GEP result in {GepUnitValues.FileName}."));
            }
        }
        var ids = layer.Features.Select(f => f.Id).ToHashSet(StringComparer.Ordinal);
        foreach (string id in gep.Keys.Where(k => !ids.Contains(k)).Order(StringComparer.Ordinal))
        {
            problems.Add(new ZoningProblem(GepUnitValues.FileName, $"unit {id}", $"has a GEP result but no geometry in {file}."));
        }
        if (problems.Count > 0)
        {
            throw new ZoningInputException(problems);
        }

        var tiers = options.Tiers;
        var tierIndex = new int[layer.Features.Count];
        var units = new ClassifiedUnit[layer.Features.Count];
        for (int i = 0; i < units.Length; i++)
        {
            var f = layer.Features[i];
            var g = gep[f.Id];
            double area = f.AreaKm2;
            decimal value = g.ValueCny(options.Basis);
            decimal density = ZoningMath.Density(value, area);
            var tier = tiers.Classify(density);
            tierIndex[i] = tier is null ? -1 : IndexOf(tiers, tier);
            units[i] = new ClassifiedUnit(f.Id, g.Region ?? f.Text("region"), g.Ecosystem ?? f.Text("ecosystem"),
                f.Geometry, f.Projected, area, value, density, tier, null);
        }

        onPhase?.Invoke("join and classify", clock.Elapsed);
        clock.Restart();
        var groups = ZoneDissolver.Group(units.Select(u => u.Geometry).ToList(), units.Select(u => u.Projected).ToList(),
            tierIndex, options.SnapMetres);
        onPhase?.Invoke("group adjacent units (segment hash + STR-tree)", clock.Elapsed);
        clock.Restart();
        var zones = new List<Zone>(groups.Count);
        foreach (var members in groups)
        {
            var tier = tiers.Tiers[tierIndex[members[0]]];
            var memberIds = members.Select(m => units[m].UnitId).Order(StringComparer.Ordinal).ToList();
            string zoneId = StableZoneId(tier, memberIds);
            var geometry = ZoneDissolver.Union(members.Select(m => units[m].Geometry).ToList());
            zones.Add(new Zone(zoneId, tier, geometry, members.Sum(m => units[m].AreaKm2), members.Sum(m => units[m].ValueCny), memberIds));
            foreach (int m in members)
            {
                units[m] = units[m] with { ZoneId = zoneId };
            }
        }
        onPhase?.Invoke("union zones", clock.Elapsed);
        zones.Sort((a, b) =>
        {
            int c = IndexOf(tiers, a.Tier).CompareTo(IndexOf(tiers, b.Tier));
            c = c != 0 ? c : b.AreaKm2.CompareTo(a.AreaKm2);
            return c != 0 ? c : string.CompareOrdinal(a.ZoneId, b.ZoneId);
        });
        return new ZoningResult(options, layer.Crs, units, zones, layer.Repairs, []);
    }

    /// <summary>
    /// A zone id that depends only on the tier and the member unit ids: <c>tier-</c> + the first 12 hex digits of the
    /// SHA-256 of the sorted ids joined by line feeds. The same input gives the same ids in every run and in any file order.
    /// </summary>
    public static string StableZoneId(Tier tier, IEnumerable<string> unitIds)
    {
        ArgumentNullException.ThrowIfNull(tier);
        string joined = string.Join('\n', unitIds.Order(StringComparer.Ordinal));
        byte[] hash = SHA256.HashData(Encoding.UTF8.GetBytes(joined));
        return $"{tier.Name}-{Convert.ToHexStringLower(hash.AsSpan(0, 6))}";
    }

    private static int IndexOf(TierSet tiers, Tier tier)
    {
        for (int i = 0; i < tiers.Tiers.Count; i++)
        {
            if (tiers.Tiers[i] == tier)
            {
                return i;
            }
        }
        throw new ArgumentException($"Tier {tier.Name} is not in the tier set {tiers}.", nameof(tier));
    }

    private static InputFile HashFile(string role, string path)
    {
        using var stream = File.OpenRead(path);
        return new InputFile(role, Path.GetFileName(path), Convert.ToHexStringLower(SHA256.HashData(stream)));
    }

    internal static string ProjectionDescription(LayerCrs crs) => crs.Kind == CoordinateKind.Geographic
        ? $"Albers equal-area conic on the CGCS2000 ellipsoid: central meridian {AlbersEqualArea.China.CentralMeridianDeg}°E, " +
          $"standard parallels {AlbersEqualArea.China.StandardParallel1Deg}°N and {AlbersEqualArea.China.StandardParallel2Deg}°N, latitude of origin 0°"
        : "none: the input is projected and is measured in its own metres";
}
