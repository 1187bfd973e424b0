using System.Globalization;
using System.Text.Json;
using EcoLedger.IO;
using EcoLedger.Spatial;
using EcoLedger.Valuation;
using NetTopologySuite.Geometries;
using NetTopologySuite.IO.Converters;

namespace EcoLedger.Monitoring;

/// <summary>
/// Reads station definitions: a CSV file with one row per station variable (<see cref="Header"/>), or a GeoJSON FeatureCollection with
/// a Point (the station) or a Polygon (its footprint, located at its centroid) per station and a <c>variables</c> array. Represented units
/// are given as <c>UNIT:WEIGHT;UNIT:WEIGHT</c>, or, for a footprint, derived from the share of the footprint in each unit polygon. The
/// units file supplies each unit's area, region and ecosystem. Problems name file, row or feature, field and expectation.
/// </summary>
/// <remarks>
/// Blank <c>spike_z</c>, <c>spike_window_days</c>, <c>linear_max_gap_min</c> and <c>diurnal_window_days</c> take the sourced defaults of
/// <see cref="QcDefaults"/>; <c>range_min</c>, <c>range_max</c> and <c>stuck_n</c> have no source and are required (<c>off</c> switches
/// the stuck or spike test off). See methodology/monitoring.md §2.
/// </remarks>
public static class StationFile
{
    /// <summary>The CSV header.</summary>
    public const string Header =
        "station_id,kind,lon,lat,variable,unit,interval_min,range_min,range_max,spike_z,spike_window_days,stuck_n,linear_max_gap_min,diurnal_window_days,units";

    private static readonly string[] Columns = Header.Split(',');

    /// <summary>Reads stations from <paramref name="path"/> with units from <paramref name="units"/> (by unit id).</summary>
    public static (IReadOnlyList<Station> Stations, IReadOnlyList<InputProblem> Problems) Read(string path, string name,
        IReadOnlyDictionary<string, AccountingUnit> units)
    {
        ArgumentNullException.ThrowIfNull(units);
        if (!File.Exists(path))
        {
            return ([], [new InputProblem(name, "", null, "The file does not exist.")]);
        }
        return Path.GetExtension(path).ToLowerInvariant() is ".geojson" or ".json" ? ReadGeoJson(path, name, units) : ReadCsv(path, name, units);
    }

    private static (IReadOnlyList<Station>, IReadOnlyList<InputProblem>) ReadCsv(string path, string name, IReadOnlyDictionary<string, AccountingUnit> units)
    {
        var problems = new List<InputProblem>();
        var order = new List<string>();
        var byId = new Dictionary<string, (StationKind Kind, decimal Lon, decimal Lat, string Units, List<StationVariable> Vars, string At, List<string> VarsAt)>(StringComparer.Ordinal);
        try
        {
            using var csv = CsvRecordReader.Open(path, name);
            string header = csv.Read() ? string.Join(',', csv.TrimmedFields()) : "";
            if (header != Header)
            {
                return ([], [new InputProblem(name, "row 1", null, $"Expected the header '{Header}'; got '{header}'.")]);
            }
            while (csv.Read())
            {
                var f = csv.TrimmedFields();
                string id = f.Count > 0 ? f[0] : "";
                string at = $"{csv.Location}, station '{id}'";
                if (f.Count != Columns.Length)
                {
                    problems.Add(new InputProblem(name, at, null, $"Expected {Columns.Length} fields; got {f.Count}."));
                    continue;
                }
                var values = Columns.Zip(f).ToDictionary(x => x.First, x => x.Second, StringComparer.Ordinal);
                int before = problems.Count;
                if (!StationKinds.TryParse(f[1], out var kind))
                {
                    problems.Add(new InputProblem(name, at, "kind", $"Expected one of {StationKinds.Known}; got '{f[1]}'."));
                }
                var lon = Number(values, "lon", name, at, problems, required: true);
                var lat = Number(values, "lat", name, at, problems, required: true);
                var v = Variable(values, name, at, problems);
                if (problems.Count > before)
                {
                    continue;
                }
                if (byId.TryGetValue(id, out var s))
                {
                    if (s.Kind != kind || s.Lon != lon || s.Lat != lat || s.Units != values["units"])
                    {
                        problems.Add(new InputProblem(name, at, null, $"Expected the same kind, lon, lat and units as the station's first row ({s.At})."));
                        continue;
                    }
                    s.Vars.Add(v!);
                    s.VarsAt.Add(at);
                }
                else
                {
                    order.Add(id);
                    byId[id] = (kind, lon!.Value, lat!.Value, values["units"], [v!], csv.Location, [at]);
                }
            }
        }
        catch (CsvFormatException e)
        {
            return ([], [new InputProblem(name, "", null, e.Message)]);
        }
        var stations = new List<Station>();
        foreach (var id in order)
        {
            var s = byId[id];
            string at = $"{s.At}, station '{id}'";
            int before = problems.Count;
            var represented = UnitList(s.Units, units, name, at, problems);
            var station = new Station(id, s.Kind, s.Lon, s.Lat, s.Vars, represented);
            // The station's rules here too, so a range or weight problem names the row it is on, listed with the syntax problems.
            MonitoringEngine.Validate(station, name, at, i => s.VarsAt[i], problems);
            if (problems.Count == before)
            {
                stations.Add(station);
            }
        }
        return (stations, problems);
    }

    private static (IReadOnlyList<Station>, IReadOnlyList<InputProblem>) ReadGeoJson(string path, string name, IReadOnlyDictionary<string, AccountingUnit> units)
    {
        var problems = new List<InputProblem>();
        var stations = new List<Station>();
        if (GeoJsonTopLevel.Problem(path) is { } notCollection)
        {
            return ([], [new InputProblem(name, "", null, notCollection)]);
        }
        NetTopologySuite.Features.FeatureCollection? fc;
        try
        {
            var options = new JsonSerializerOptions { Converters = { new GeoJsonConverterFactory() } };
            using var stream = File.OpenRead(path);
            fc = JsonSerializer.Deserialize<NetTopologySuite.Features.FeatureCollection>(stream, options);
        }
        catch (JsonException e) when (JsonErrorPosition.IsSyntaxError(e))
        {
            return ([], [new InputProblem(name, JsonErrorPosition.WhereInFile(e, path) ?? "", null, JsonErrorPosition.NotValid(e))]);
        }
        catch (JsonException e)
        {
            return ([], [new InputProblem(name, "", null, $"Expected a GeoJSON FeatureCollection: {e.Message}")]);
        }
        int n = 0;
        foreach (var feature in fc ?? [])
        {
            n++;
            var p = feature.Attributes;
            string id = p?.Exists("station_id") == true ? Convert.ToString(p["station_id"], CultureInfo.InvariantCulture) ?? "" : "";
            string at = $"feature #{n}, station '{id}'";
            int before = problems.Count;
            string kindText = p?.Exists("kind") == true ? Convert.ToString(p["kind"], CultureInfo.InvariantCulture) ?? "" : "";
            if (!StationKinds.TryParse(kindText, out var kind))
            {
                problems.Add(new InputProblem(name, at, "kind", $"Expected one of {StationKinds.Known}; got '{kindText}'."));
            }
            var vars = new List<StationVariable>();
            if (p?.Exists("variables") != true || p["variables"] is not IEnumerable<object> list)
            {
                problems.Add(new InputProblem(name, at, "variables", "Expected an array of objects with the CSV's variable columns."));
            }
            else
            {
                foreach (var item in list)
                {
                    if (item is not NetTopologySuite.Features.IAttributesTable t)
                    {
                        problems.Add(new InputProblem(name, at, "variables", "Expected an object per variable."));
                        continue;
                    }
                    var values = t.GetNames().ToDictionary(k => k, k => Convert.ToString(t[k], CultureInfo.InvariantCulture) ?? "", StringComparer.Ordinal);
                    if (Variable(values, name, at, problems) is { } v)
                    {
                        vars.Add(v);
                    }
                }
            }
            IReadOnlyList<RepresentedUnit> represented = [];
            Point? location = null;
            switch (feature.Geometry)
            {
                case Point pt:
                    location = pt;
                    string u = p?.Exists("units") == true ? Convert.ToString(p["units"], CultureInfo.InvariantCulture) ?? "" : "";
                    represented = UnitList(u, units, name, at, problems);
                    break;
                case Polygon or MultiPolygon:
                    location = feature.Geometry.Centroid;
                    represented = Footprint(feature.Geometry, units, name, at, problems);
                    break;
                default:
                    problems.Add(new InputProblem(name, at, "geometry", $"Expected a Point (the station) or a Polygon (its footprint); got {feature.Geometry?.GeometryType ?? "none"}."));
                    break;
            }
            if (problems.Count == before && location is not null)
            {
                var station = new Station(id, kind, Math.Round((decimal)location.X, 6), Math.Round((decimal)location.Y, 6), vars, represented);
                MonitoringEngine.Validate(station, name, at, _ => at, problems);
                if (problems.Count == before)
                {
                    stations.Add(station);
                }
            }
        }
        return (stations, problems);
    }

    /// <summary>
    /// Weights of a footprint: the share of its area inside each unit polygon, w_u = A(F ∩ U) / A(F), measured in an equal-area projection,
    /// rounded to 6 decimals.
    /// </summary>
    public static IReadOnlyList<RepresentedUnit> Footprint(Geometry footprint, IReadOnlyDictionary<string, AccountingUnit> units, string name, string at,
        List<InputProblem> problems)
    {
        ArgumentNullException.ThrowIfNull(footprint);
        ArgumentNullException.ThrowIfNull(units);
        ArgumentNullException.ThrowIfNull(problems);
        var kind = EqualAreaMeasure.Detect(footprint.EnvelopeInternal);
        double total = EqualAreaMeasure.AreaOf(footprint, kind).SquareMetres;
        var result = new List<RepresentedUnit>();
        foreach (var u in units.Values.OrderBy(u => u.UnitId, StringComparer.Ordinal))
        {
            if (u.Geometry is null || !u.Geometry.EnvelopeInternal.Intersects(footprint.EnvelopeInternal) || !u.Geometry.Intersects(footprint))
            {
                continue;
            }
            double inside = EqualAreaMeasure.AreaOf(u.Geometry.Intersection(footprint), kind).SquareMetres;
            decimal w = Math.Round((decimal)(inside / total), 6);
            if (w > 0m)
            {
                result.Add(Represented(u, w));
            }
        }
        if (result.Count == 0)
        {
            problems.Add(new InputProblem(name, at, "geometry", "The footprint overlaps no unit polygon of the units file."));
        }
        return result;
    }

    private static readonly Valuation.Indicators.CarbonSequestration Carbon = new();

    private static readonly Valuation.Parameters.ParameterSet Defaults = Valuation.Parameters.ParameterSet.Defaults();

    private static RepresentedUnit Represented(AccountingUnit u, decimal weight)
    {
        // The prior is the GEP indicator's own figure for the unit (t CO2 for the whole unit), per hectare.
        var c = u.Area.Hectares > 0 ? Carbon.Compute(u, Defaults) : default;
        decimal? prior = c.IsComputed ? Math.Round((decimal)(c.Quantity / u.Area.Hectares), 6) : null;
        return new(u.UnitId, weight, Math.Round((decimal)u.Area.Hectares, 4), u.Region, u.Ecosystem.Code(),
            u.Subtype == EcosystemSubtype.None ? "" : u.Subtype.Code(), prior);
    }

    private static List<RepresentedUnit> UnitList(string text, IReadOnlyDictionary<string, AccountingUnit> units, string name, string at, List<InputProblem> problems)
    {
        var result = new List<RepresentedUnit>();
        if (string.IsNullOrWhiteSpace(text))
        {
            problems.Add(new InputProblem(name, at, "units", "Expected UNIT:WEIGHT pairs separated by ';' (e.g. YC-0001:0.6;YC-0002:0.4)."));
            return result;
        }
        foreach (var part in text.Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            int colon = part.LastIndexOf(':');
            string id = colon < 0 ? part : part[..colon];
            if (colon < 0 || !decimal.TryParse(part[(colon + 1)..], NumberStyles.Float, CultureInfo.InvariantCulture, out var w))
            {
                problems.Add(new InputProblem(name, at, "units", $"Expected UNIT:WEIGHT with a decimal weight; got '{part}'."));
            }
            else if (!units.TryGetValue(id, out var u))
            {
                problems.Add(new InputProblem(name, at, "units", $"Unit '{id}' is not in the units file."));
            }
            else
            {
                result.Add(Represented(u, w));
            }
        }
        return result;
    }

    private static StationVariable? Variable(Dictionary<string, string> v, string name, string at, List<InputProblem> problems)
    {
        int before = problems.Count;
        string text = v.GetValueOrDefault("variable") ?? "";
        if (!MonitoredVariables.TryParse(text, out var variable))
        {
            problems.Add(new InputProblem(name, at, "variable", $"Expected one of {MonitoredVariables.Known}; got '{text}'."));
            return null;
        }
        string unit = v.GetValueOrDefault("unit") ?? "";
        if (ReadingUnits.Canonical(variable, unit) is null)
        {
            problems.Add(new InputProblem(name, at, "unit", $"Expected {ReadingUnits.Accepted(variable)} for variable '{text}'; got '{unit}'."));
        }
        var interval = Integer(v, "interval_min", name, at, problems, null);
        var min = Number(v, "range_min", name, at, problems, required: true);
        var max = Number(v, "range_max", name, at, problems, required: true);
        bool spikeOff = Off(v, "spike_z");
        decimal? z = spikeOff ? null : Number(v, "spike_z", name, at, problems, required: false) ?? QcDefaults.SpikeZ;
        var window = Integer(v, "spike_window_days", name, at, problems, QcDefaults.SpikeWindowDays);
        int? stuck = null;
        if (!Off(v, "stuck_n"))
        {
            stuck = Integer(v, "stuck_n", name, at, problems, null, "an integer of at least 2, or 'off' (no published default exists)");
        }
        var linear = Integer(v, "linear_max_gap_min", name, at, problems, QcDefaults.LinearMaxGapMinutes);
        var diurnal = Integer(v, "diurnal_window_days", name, at, problems, QcDefaults.DiurnalWindowDays);
        if (problems.Count > before)
        {
            return null;
        }
        return new StationVariable(variable, unit, interval!.Value, new QcSettings(min!.Value, max!.Value, z, window!.Value, stuck, linear!.Value, diurnal!.Value));
    }

    private static bool Off(Dictionary<string, string> v, string field) => string.Equals(v.GetValueOrDefault(field), "off", StringComparison.OrdinalIgnoreCase);

    private static decimal? Number(Dictionary<string, string> v, string field, string name, string at, List<InputProblem> problems, bool required)
    {
        string text = v.GetValueOrDefault(field) ?? "";
        if (text.Length == 0)
        {
            if (required)
            {
                problems.Add(new InputProblem(name, at, field, "Expected a decimal number; the field is empty and has no default."));
            }
            return null;
        }
        if (!decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d))
        {
            problems.Add(new InputProblem(name, at, field, $"Expected a decimal number; got '{text}'."));
            return null;
        }
        return d;
    }

    private static int? Integer(Dictionary<string, string> v, string field, string name, string at, List<InputProblem> problems, int? fallback,
        string expectation = "a whole number")
    {
        string text = v.GetValueOrDefault(field) ?? "";
        if (text.Length == 0 && fallback is not null)
        {
            return fallback;
        }
        if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var i))
        {
            problems.Add(new InputProblem(name, at, field, $"Expected {expectation}; got '{text}'."));
            return null;
        }
        return i;
    }
}
