using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.Json;
using EcoLedger.IO;
using EcoLedger.Quantities;
using EcoLedger.Spatial;
using EcoLedger.Valuation;
using NetTopologySuite.Features;
using NetTopologySuite.Geometries;
using NetTopologySuite.IO.Converters;
using NetTopologySuite.Operation.Valid;

namespace EcoLedger.Valuation.Files;

/// <summary>
/// Reads accounting units from CSV (streamed, one unit per row) or a GeoJSON FeatureCollection (attributes in
/// <c>properties</c>). Every problem is appended to <see cref="Problems"/> and the bad unit is skipped, so one pass
/// reports all of them; columns the engine does not use are named once in <see cref="Warnings"/>.
/// </summary>
public sealed class UnitFileReader
{
    private const int UnitIdCol = 0, RegionCol = 1, EcosystemCol = 2, SubtypeCol = 3, AreaCol = 4, FirstMonitoringCol = 5;

    // 1,000,000 km²: larger than any province but Xinjiang's 1.66 million, so far beyond any accounting unit.
    private const double MaxAreaHa = 1e8;

    /// <summary>
    /// How far a stated <c>area_ha</c> may exceed the area of the unit's own polygon. A unit's ecosystem cannot be larger than its outline;
    /// the margin covers survey figures and another projection (differences of a few per cent), far from the factors of a unit mistake
    /// (m² given as ha: 10,000; mu: 15). Not a methodology coefficient: an input check (docs/input-limits.md).
    /// </summary>
    internal const double MaxAreaOverOutline = 1.5;

    /// <summary>Below this share of its polygon a stated <c>area_ha</c> is worth a warning (km² given as ha: 1/100), not a refusal: a unit may value only part of its outline.</summary>
    internal const double SmallAreaOfOutline = 0.02;

    private int _smallAreas;
    private string? _firstSmallArea;

    private static readonly string[] BaseColumns = ["unit_id", "region", "ecosystem", "subtype", "area_ha"];

    // Text attributes after the monitoring columns: the water body a lake unit belongs to and the lake region of its regression.
    private static readonly string[] TextColumns = ["water_body_id", "lake_region"];
    private static readonly int WaterBodyCol = FirstMonitoringCol + MonitoringFields.All.Length, LakeRegionCol = WaterBodyCol + 1;

    // Looked up once per field rather than switched on for every value of every unit.
    private static readonly (double Min, double Max, string Expectation)[] Ranges = [.. MonitoringFields.All.Select(f => f.Range())];

    /// <summary>Every column name the engine reads.</summary>
    public static IReadOnlyList<string> KnownColumns { get; } = [.. BaseColumns, .. MonitoringFields.ColumnNames, .. TextColumns];

    private readonly string _path;
    private readonly string _displayName;
    // The ids seen so far, kept as characters rather than strings: see TextSet.
    private TextSet _seenIds = new();

    /// <summary>Prepares to read <paramref name="path"/>; messages name the file as <paramref name="displayName"/>.</summary>
    public UnitFileReader(string path, string displayName)
    {
        _path = path;
        _displayName = displayName;
    }

    /// <summary>Problems found so far.</summary>
    public List<InputProblem> Problems { get; } = [];

    /// <summary>Warnings about the file as a whole (unused columns).</summary>
    public List<string> Warnings { get; } = [];

    /// <summary>Number of records read (valid or not).</summary>
    public int RecordsRead { get; private set; }

    /// <summary>
    /// The CRS the file states, or null: a GeoPackage feature table's <c>srs_id</c>, a GeoJSON's <c>crs</c> member (GeoJSON 2008, as
    /// GDAL writes it before the features). Known once <see cref="Read"/> has begun; CSV states none.
    /// </summary>
    public Zoning.LayerCrs? FileCrs { get; private set; }

    /// <summary>Reads by extension: <c>.geojson</c>/<c>.json</c> as GeoJSON, <c>.gpkg</c> as GeoPackage, anything else as CSV.</summary>
    public IEnumerable<AccountingUnit> Read() => Path.GetExtension(_path).ToLowerInvariant() switch
    {
        ".geojson" or ".json" => ReadGeoJson(),
        ".gpkg" => ReadGeoPackage(),
        _ => ReadCsv(),
    };

    /// <summary>Streams units from a CSV file.</summary>
    public IEnumerable<AccountingUnit> ReadCsv()
    {
        using var csv = CsvRecordReader.Open(_path, _displayName);
        if (!Next(csv))
        {
            if (Problems.Count == 0)
            {
                Problems.Add(new InputProblem(_displayName, "", null, "the file is empty; expected a header row with unit_id, region, ecosystem, area_ha."));
            }
            yield break;
        }
        var map = MapHeader([.. csv.TrimmedFields()], "row 1", requireArea: true);
        if (map is null)
        {
            yield break;
        }
        var source = new CsvSource(csv, map);
        int width = csv.FieldCount;
        // Room for the ids up front, so the set of a large file is not rebuilt a dozen times as it grows: one id per 64
        // bytes of file (a unit row with its monitoring fields is longer), at most 4 million ids (~80 MB) ahead of need.
        if (_seenIds.Count == 0)
        {
            _seenIds = new TextSet((int)Math.Min(new FileInfo(_path).Length / 64, 4_000_000));
        }
        while (Next(csv))
        {
            RecordsRead++;
            if (csv.FieldCount != width)
            {
                Problems.Add(new InputProblem(_displayName, csv.Location, null, $"expected {width} fields as in the header, found {csv.FieldCount}."));
                continue;
            }
            var unit = Parse(source, null, csv, geometry: null, geometryArea: null);
            if (unit is not null)
            {
                yield return unit;
            }
        }
    }

    /// <summary>The next record, or false at the end or when the file cannot be split into records (then a problem is added).</summary>
    private bool Next(CsvRecordReader csv)
    {
        try
        {
            return csv.Read();
        }
        catch (CsvFormatException e)
        {
            Problems.Add(e.ToProblem());
            return false;
        }
    }

    /// <summary>Reads units from a GeoJSON FeatureCollection; area comes from the geometry (equal-area) when <c>area_ha</c> is absent.</summary>
    public IEnumerable<AccountingUnit> ReadGeoJson()
    {
        FeatureCollection? collection;
        FileCrs = GeoJsonCrs(_path);
        if (GeoJsonTopLevel.Problem(_path) is { } notCollection)
        {
            Problems.Add(new InputProblem(_displayName, "", null, notCollection));
            yield break;
        }
        try
        {
            var options = new JsonSerializerOptions();
            options.Converters.Add(new GeoJsonConverterFactory(PackedGeometry.Factory));
            using var stream = File.OpenRead(_path);
            collection = JsonSerializer.Deserialize<FeatureCollection>(stream, options);
        }
        catch (JsonException e) when (JsonErrorPosition.IsSyntaxError(e))
        {
            Problems.Add(new InputProblem(_displayName, JsonErrorPosition.WhereInFile(e, _path) ?? "", null, JsonErrorPosition.NotValid(e)));
            yield break;
        }
        catch (Exception e) when (e is JsonException or FormatException or ArgumentException or InvalidOperationException or NotSupportedException)
        {
            // The GeoJSON converters throw more than JsonException: an unclosed ring (ArgumentException from NTS), text that
            // is not UTF-8 (InvalidOperationException), a number beyond double (FormatException).
            Problems.Add(new InputProblem(_displayName, "", null, $"not a valid GeoJSON FeatureCollection ({e.Message.TrimEnd('.')})."));
            yield break;
        }
        foreach (var unit in ReadFeatures(collection))
        {
            yield return unit;
        }
    }

    /// <summary>
    /// Reads units from the single feature table of a GeoPackage (through the EcoLedger.GeoPackage reader, as zoning reads
    /// polygon layers), then as GeoJSON features: the same attributes, checks and messages.
    /// </summary>
    public IEnumerable<AccountingUnit> ReadGeoPackage()
    {
        Zoning.RawLayer layer;
        try
        {
            layer = Zoning.FeatureLayerFormats.For(".gpkg", _path).Read(_path, "unit_id");
        }
        catch (Zoning.ZoningInputException e)
        {
            Problems.AddRange(e.Problems.Select(p => new InputProblem(_displayName, p.Subject ?? "", null, p.Message)));
            yield break;
        }
        catch (System.Data.Common.DbException e)
        {
            Problems.Add(new InputProblem(_displayName, "", null, $"not a readable GeoPackage ({e.Message.TrimEnd('.')})."));
            yield break;
        }
        FileCrs = layer.FileCrs;
        var collection = new FeatureCollection();
        foreach (var f in layer.Features)
        {
            if (f.GeometryError is { } error)
            {
                Problems.Add(new InputProblem(_displayName, f.Subject("unit"), "geometry", $"unreadable geometry: {error}."));
                continue;
            }
            // The integer primary key (fid, as GDAL and units grid name it) identifies the row, not the unit: not an input.
            var attributes = f.Attributes.Where(kv => kv.Value is not null && !kv.Key.Equals("fid", StringComparison.OrdinalIgnoreCase));
            collection.Add(new Feature(f.Geometry, new AttributesTable(attributes.ToDictionary(kv => kv.Key, kv => kv.Value!))));
        }
        foreach (var unit in ReadFeatures(collection))
        {
            yield return unit;
        }
    }

    /// <summary>
    /// The GeoJSON 2008 <c>crs</c> member, read from the file's first mebibyte: the features the GeoJSON reader deserialises do not keep
    /// it. Null when there is none before the features (RFC 7946 dropped the member; lon/lat is then detected), and when that part does
    /// not parse (the full read reports why).
    /// </summary>
    private static Zoning.LayerCrs? GeoJsonCrs(string path)
    {
        var head = new byte[1 << 20];
        int length;
        using (var stream = File.OpenRead(path))
        {
            length = stream.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        }
        var reader = new Utf8JsonReader(head.AsSpan(0, length), isFinalBlock: length < head.Length,
            new JsonReaderState(new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true }));
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return null;
            }
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                bool crs = reader.ValueTextEquals("crs"u8);
                if (reader.ValueTextEquals("features"u8) || !reader.Read())
                {
                    return null;
                }
                if (crs)
                {
                    using var member = JsonDocument.ParseValue(ref reader);
                    return member.RootElement.ValueKind == JsonValueKind.Object && member.RootElement.TryGetProperty("properties", out var p) &&
                        p.ValueKind == JsonValueKind.Object && p.TryGetProperty("name", out var name) && name.ValueKind == JsonValueKind.String
                        ? Zoning.FeatureLayerReader.CrsFromName(name.GetString()!)
                        : null;
                }
                if (!reader.TrySkip())
                {
                    return null;
                }
            }
        }
        catch (JsonException)
        {
        }
        return null;
    }

    private IEnumerable<AccountingUnit> ReadFeatures(FeatureCollection? collection)
    {
        if (collection is null || collection.Count == 0)
        {
            Problems.Add(new InputProblem(_displayName, "", null, "expected a FeatureCollection with at least one feature."));
            yield break;
        }
        var outside = CoordinateProblems(collection);
        var envelope = new Envelope();
        int n = 0;
        foreach (var f in collection)
        {
            n++;
            if (f.Geometry is { IsEmpty: false } g && !outside.Contains(n))
            {
                envelope.ExpandToInclude(g.EnvelopeInternal);
            }
        }
        var kind = EqualAreaMeasure.Detect(envelope);
        var names = collection.SelectMany(f => f.Attributes?.GetNames() ?? []).Distinct(StringComparer.Ordinal).ToList();
        var map = MapHeader(names, "", requireArea: false);
        if (map is null)
        {
            yield break;
        }
        int index = 0;
        foreach (var feature in collection)
        {
            index++;
            RecordsRead++;
            string id = AttributeText(feature.Attributes, "unit_id") ?? "";
            string loc = $"feature #{index}" + (id.Length > 0 ? $", unit '{InputText.Show(id)}'" : "");
            if (outside.Contains(index))
            {
                continue;
            }
            var geometry = feature.Geometry;
            Area? geometryArea = null;
            if (geometry is null || geometry.IsEmpty)
            {
                Problems.Add(new InputProblem(_displayName, loc, "geometry", "expected a Polygon or MultiPolygon, found none."));
                continue;
            }
            if (geometry is not (Polygon or MultiPolygon))
            {
                Problems.Add(new InputProblem(_displayName, loc, "geometry", $"expected a Polygon or MultiPolygon, found a {geometry.GeometryType}."));
                continue;
            }
            var validation = new IsValidOp(geometry).ValidationError;
            if (validation is not null)
            {
                Problems.Add(new InputProblem(_displayName, loc, "geometry",
                    $"invalid polygon: {validation.Message} at ({validation.Coordinate.X.ToString(CultureInfo.InvariantCulture)}, {validation.Coordinate.Y.ToString(CultureInfo.InvariantCulture)})."));
                continue;
            }
            geometryArea = EqualAreaMeasure.AreaOf(geometry, kind);
            var unit = Parse(new AttributeSource(feature.Attributes, names, map), loc, null, geometry, geometryArea);
            if (unit is not null)
            {
                yield return unit;
            }
        }
        if (_smallAreas > 0)
        {
            Warnings.Add($"{_displayName}: {_smallAreas.ToString("#,0", CultureInfo.InvariantCulture)} unit{(_smallAreas == 1 ? " has" : "s have")} an area_ha under " +
                $"{(SmallAreaOfOutline * 100).ToString(CultureInfo.InvariantCulture)} % of the unit's polygon (first: {_firstSmallArea}); area_ha is in hectares " +
                "(a value in km² is 100 times too small); drop the column to take the polygons' areas.");
        }
    }

    /// <summary>
    /// An attribute as text: a number as written in the file (the GeoJSON reader's own boxing turns a number beyond
    /// <see cref="decimal"/>, such as 1e308, into an exception), a string as is, null for null or a missing attribute.
    /// </summary>
    private static string? AttributeText(IAttributesTable? attributes, string name)
    {
        if (attributes is JsonElementAttributesTable json)
        {
            if (json.RootElement.ValueKind != JsonValueKind.Object || !json.RootElement.TryGetProperty(name, out var e))
            {
                return null;
            }
            return e.ValueKind switch
            {
                JsonValueKind.Null or JsonValueKind.Undefined => null,
                JsonValueKind.String => e.GetString(),
                _ => e.GetRawText(),
            };
        }
        if (attributes is null || !attributes.Exists(name))
        {
            return null;
        }
        return attributes[name] switch
        {
            null => null,
            string s => s,
            double d => d.ToString("R", CultureInfo.InvariantCulture),
            IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
            var o => o.ToString(),
        };
    }

    /// <summary>Metres from the origin beyond which no projected coordinate of any CRS lies (3° Gauss–Krüger eastings with the zone prefix stay below 46,000,000 m).</summary>
    private const double MaxProjectedMetres = 1e8;

    /// <summary>
    /// Finds features whose coordinates cannot belong to the layer's coordinate system, reports them and returns their
    /// 1-based numbers: a coordinate that is not finite or beyond any projection's range, and, in a layer whose other
    /// features are longitude/latitude, a feature outside ±180° / ±90° (latitude 200 is a typing error, not metres).
    /// </summary>
    private HashSet<int> CoordinateProblems(FeatureCollection collection)
    {
        var bad = new HashSet<int>();
        var geographic = new List<int>();
        var other = new List<(int Index, Coordinate Where)>();
        int index = 0;
        foreach (var feature in collection)
        {
            index++;
            if (feature.Geometry is not { IsEmpty: false } g)
            {
                continue;
            }
            var far = g.Coordinates.FirstOrDefault(c => !double.IsFinite(c.X) || !double.IsFinite(c.Y) || Math.Abs(c.X) > MaxProjectedMetres || Math.Abs(c.Y) > MaxProjectedMetres);
            if (far is not null)
            {
                bad.Add(index);
                Problems.Add(new InputProblem(_displayName, FeatureLocation(feature, index), "geometry",
                    $"expected coordinates of a map (longitude/latitude, or metres within ±{MaxProjectedMetres.ToString(CultureInfo.InvariantCulture)}), found ({Format(far.X)}, {Format(far.Y)})."));
                continue;
            }
            var e = g.EnvelopeInternal;
            if (e.MinX >= -180 && e.MaxX <= 180 && e.MinY >= -90 && e.MaxY <= 90)
            {
                geographic.Add(index);
            }
            else
            {
                other.Add((index, g.Coordinates.First(c => Math.Abs(c.X) > 180 || Math.Abs(c.Y) > 90)));
            }
        }
        // A projected layer never fits the longitude/latitude box (see EqualAreaMeasure.Detect), so a mix means some
        // features are wrong; the fewer kind is taken as the mistake.
        if (geographic.Count > 0 && other.Count > 0 && other.Count <= geographic.Count)
        {
            foreach (var (i, where) in other)
            {
                bad.Add(i);
                Problems.Add(new InputProblem(_displayName, FeatureLocation(collection[i - 1], i), "geometry",
                    $"expected longitude from -180 to 180 and latitude from -90 to 90 like the other {geographic.Count} feature{(geographic.Count == 1 ? "" : "s")}, found ({Format(where.X)}, {Format(where.Y)})."));
            }
        }
        else if (geographic.Count > 0 && other.Count > 0)
        {
            foreach (int i in geographic)
            {
                bad.Add(i);
                Problems.Add(new InputProblem(_displayName, FeatureLocation(collection[i - 1], i), "geometry",
                    $"expected projected coordinates in metres like the other {other.Count} features, found longitude/latitude-sized values."));
            }
        }
        return bad;
    }

    private static string Format(double d) => d.ToString("R", CultureInfo.InvariantCulture);

    private static string FeatureLocation(IFeature feature, int index)
    {
        string id = AttributeText(feature.Attributes, "unit_id") ?? "";
        return $"feature #{index}" + (id.Length > 0 ? $", unit '{InputText.Show(id)}'" : "");
    }

    /// <summary>Maps input columns to known columns; reports missing required columns and warns about unused ones.</summary>
    private int[]? MapHeader(List<string> names, string location, bool requireArea)
    {
        var required = requireArea ? new[] { "unit_id", "region", "ecosystem", "area_ha" } : ["unit_id", "region", "ecosystem"];
        if (names.GroupBy(n => n, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1) is { } twice)
        {
            Problems.Add(new InputProblem(_displayName, location, null, $"column '{InputText.Show(twice.Key)}' appears {twice.Count()} times; expected each column once."));
            return null;
        }
        var missing = required.Where(r => !names.Contains(r)).ToList();
        if (missing.Count > 0)
        {
            Problems.Add(new InputProblem(_displayName, location, null,
                $"missing required column{(missing.Count > 1 ? "s" : "")} {string.Join(", ", missing)}.{CsvRecordReader.SeparatorHint(names)}"));
            return null;
        }
        foreach (var name in names.Where(n => !KnownColumns.Contains(n)))
        {
            string? hint = NameSuggestion.Closest(name, KnownColumns);
            Warnings.Add($"{_displayName}: column '{InputText.Show(name)}' is not used by any indicator" + (hint is null ? "." : $" (did you mean '{hint}'?)."));
        }
        // columnOf[known column] = its position among the input's names, or -1.
        return KnownColumns.Select(k => names.IndexOf(k)).ToArray();
    }

    private interface IFieldSource
    {
        /// <summary>The raw text of a known column, or null when the input has no such column or the value is null.</summary>
        string? Text(int knownIndex);

        /// <summary>As <see cref="Text"/>, for a column whose values recur (region, ecosystem): a repeated value may come back as the same instance.</summary>
        string? Name(int knownIndex);

        ReadOnlySpan<char> Span(int knownIndex);

        bool Has(int knownIndex);
    }

    private sealed class CsvSource(CsvRecordReader csv, int[] columnOf) : IFieldSource
    {
        public bool Has(int knownIndex) => columnOf[knownIndex] >= 0 && csv[columnOf[knownIndex]].Trim().Length > 0;

        public ReadOnlySpan<char> Span(int knownIndex) => columnOf[knownIndex] < 0 ? default : csv[columnOf[knownIndex]].Trim();

        public string? Text(int knownIndex) => columnOf[knownIndex] < 0 ? null : csv[columnOf[knownIndex]].Trim().ToString();

        private readonly TextInterner[] _names = [.. columnOf.Select(_ => new TextInterner())];

        public string? Name(int knownIndex) => columnOf[knownIndex] < 0 ? null : _names[knownIndex].Get(csv[columnOf[knownIndex]].Trim());
    }

    private sealed class AttributeSource(IAttributesTable? attributes, IReadOnlyList<string> names, int[] columnOf) : IFieldSource
    {
        public string? Text(int knownIndex)
        {
            string? name = columnOf[knownIndex] < 0 ? null : names[columnOf[knownIndex]];
            return name is null ? null : AttributeText(attributes, name)?.Trim();
        }

        public ReadOnlySpan<char> Span(int knownIndex) => Text(knownIndex);

        public string? Name(int knownIndex) => Text(knownIndex);

        public bool Has(int knownIndex) => !string.IsNullOrEmpty(Text(knownIndex));
    }

    /// <param name="src">The record's fields.</param>
    /// <param name="location">Where the record is, for messages (<c>feature #3, unit 'A'</c>); null for the current record of <paramref name="csv"/>.</param>
    /// <param name="csv">The CSV file, whose location is spelled out only when there is a problem (most records have none).</param>
    /// <param name="geometry">The polygon, if any.</param>
    /// <param name="geometryArea">Its equal-area measure, if any.</param>
    [MethodImpl(HotPath.Optimized)]
    private AccountingUnit? Parse(IFieldSource src, string? location, CsvRecordReader? csv, Geometry? geometry, Area? geometryArea)
    {
        int before = Problems.Count;
        string unitId = src.Text(UnitIdCol) ?? "";
        // The location is only spelled out when there is a problem to report (most records have none).
        string? loc = null;
        string Loc()
        {
            if (loc is null)
            {
                string where = location ?? csv!.Location;
                loc = unitId.Length > 0 && !where.Contains("unit '", StringComparison.Ordinal) ? $"{where}, unit '{InputText.Show(unitId)}'" : where;
            }
            return loc;
        }
        // The duplicate check is finished after the other fields are parsed, so that the set's slot for the id is fetched
        // from memory meanwhile (TextSet.Prepare); its problem still comes first among the record's problems.
        int idHash = 0;
        int idProblemAt = Problems.Count;
        if (unitId.Length == 0)
        {
            Problems.Add(new InputProblem(_displayName, Loc(), "unit_id", "expected a unit id, found an empty value."));
        }
        else if (InputText.NameProblem(unitId) is { } idProblem)
        {
            Problems.Add(new InputProblem(_displayName, Loc(), "unit_id", $"expected a unit id with {idProblem}."));
        }
        else
        {
            idHash = _seenIds.Prepare(unitId);
        }
        string region = src.Name(RegionCol) ?? "";
        if (region.Length == 0)
        {
            Problems.Add(new InputProblem(_displayName, Loc(), "region", "expected a region name, found an empty value."));
        }
        else if (InputText.NameProblem(region) is { } regionProblem)
        {
            Problems.Add(new InputProblem(_displayName, Loc(), "region", $"expected a region name with {regionProblem}."));
        }
        string ecoText = src.Name(EcosystemCol) ?? "";
        bool ecoOk = EcosystemCodes.TryParseEcosystem(ecoText, out var ecosystem);
        if (!ecoOk)
        {
            Problems.Add(new InputProblem(_displayName, Loc(), "ecosystem", $"expected one of {EcosystemCodes.ValidEcosystemList}, got '{InputText.Show(ecoText)}'{EcosystemCodes.MeantHint(ecoText)}."));
        }
        var subtype = EcosystemSubtype.None;
        string subText = src.Name(SubtypeCol) ?? "";
        if (subText.Length > 0 && ecoOk)
        {
            var allowed = EcosystemCodes.AllowedSubtypes(ecosystem);
            if (!EcosystemCodes.TryParseSubtype(subText, out subtype) || !allowed.Contains(subtype))
            {
                Problems.Add(new InputProblem(_displayName, Loc(), "subtype", allowed.Count == 0
                    ? $"{ecoText} units take no subtype, got '{InputText.Show(subText)}'."
                    : $"expected one of {string.Join(", ", allowed.Select(s => s.Code()))} for {ecoText}, got '{InputText.Show(subText)}'."));
            }
        }
        Area area = default;
        // An empty span is a missing value (Has is false exactly when Span is empty): one read of the field, not two.
        var areaText = src.Span(AreaCol);
        if (!areaText.IsEmpty)
        {
            var text = areaText;
            if (!CsvDoubleParser.TryParse(text, out double ha) || !double.IsFinite(ha) || ha <= 0)
            {
                Problems.Add(new InputProblem(_displayName, Loc(), "area_ha", $"expected a number of hectares greater than 0, got '{InputText.Show(text)}'{InputText.NumberHint(text)}."));
            }
            else if (ha > MaxAreaHa)
            {
                Problems.Add(new InputProblem(_displayName, Loc(), "area_ha",
                    $"expected at most {MaxAreaHa.ToString(CultureInfo.InvariantCulture)} ha (1,000,000 km², more than any region), got {ha.ToString(CultureInfo.InvariantCulture)}."));
            }
            else
            {
                area = Area.FromHectares(ha);
                if (geometryArea is { Hectares: > 0 } outline)
                {
                    var ci = CultureInfo.InvariantCulture;
                    double ratio = ha / outline.Hectares;
                    if (ratio > MaxAreaOverOutline)
                    {
                        Problems.Add(new InputProblem(_displayName, Loc(), "area_ha",
                            $"expected at most the area of the unit's polygon ({outline.Hectares.ToString("#,0.##", ci)} ha, with a margin of {MaxAreaOverOutline.ToString(ci)} ×), " +
                            $"got {ha.ToString("#,0.##", ci)} ha, {ratio.ToString("#,0.#", ci)} times more; area_ha is in hectares (a value in m² is 10,000 times too large, in mu 15 times), " +
                            "or drop the column to take the polygon's area."));
                    }
                    else if (ratio < SmallAreaOfOutline && _smallAreas++ == 0)
                    {
                        _firstSmallArea = $"unit '{InputText.Show(unitId)}': {ha.ToString("#,0.####", ci)} ha against {outline.Hectares.ToString("#,0.##", ci)} ha";
                    }
                }
            }
        }
        else if (geometryArea is { } measured)
        {
            if (measured.SquareMetres <= 0)
            {
                Problems.Add(new InputProblem(_displayName, Loc(), "geometry", "expected a polygon with an area greater than 0, found a zero area."));
            }
            else if (!double.IsFinite(measured.Hectares) || measured.Hectares > MaxAreaHa)
            {
                Problems.Add(new InputProblem(_displayName, Loc(), "geometry",
                    $"expected a polygon of at most {MaxAreaHa.ToString(CultureInfo.InvariantCulture)} ha (1,000,000 km²), found {measured.Hectares.ToString(CultureInfo.InvariantCulture)} ha."));
            }
            area = measured;
        }
        else
        {
            Problems.Add(new InputProblem(_displayName, Loc(), "area_ha", "expected a number of hectares greater than 0, found an empty value."));
        }
        // The values are gathered here and stored once, in an array of their exact count (see MonitoringData).
        Span<double> values = stackalloc double[MonitoringFields.All.Length];
        long present = 0;
        int count = 0;
        foreach (var field in MonitoringFields.All)
        {
            int k = FirstMonitoringCol + (int)field;
            var text = src.Span(k);
            if (text.IsEmpty)
            {
                continue;
            }
            var (min, max, expectation) = Ranges[(int)field];
            if (!CsvDoubleParser.TryParse(text, out double v) || !double.IsFinite(v))
            {
                Problems.Add(new InputProblem(_displayName, Loc(), field.Column(), $"expected {expectation}, got '{InputText.Show(text)}'{InputText.NumberHint(text)}."));
            }
            else if (v < min || v > max)
            {
                Problems.Add(new InputProblem(_displayName, Loc(), field.Column(), $"expected {expectation}, got {v.ToString(CultureInfo.InvariantCulture)}."));
            }
            else
            {
                present |= 1L << (int)field;
                values[count++] = v;
            }
        }
        var monitoring = new MonitoringData(present, values[..count].ToArray());
        string? waterBody = src.Has(WaterBodyCol) ? src.Name(WaterBodyCol) : null;
        string? lakeRegion = src.Has(LakeRegionCol) ? src.Name(LakeRegionCol) : null;
        if (waterBody is not null || lakeRegion is not null)
        {
            foreach (var (column, text) in new[] { ("water_body_id", waterBody), ("lake_region", lakeRegion) })
            {
                if (text is not null && InputText.NameProblem(text) is { } problem)
                {
                    Problems.Add(new InputProblem(_displayName, Loc(), column, $"expected a name with {problem}."));
                }
            }
        }
        if (idHash != 0 && !_seenIds.Add(unitId, idHash))
        {
            Problems.Insert(idProblemAt, new InputProblem(_displayName, Loc(), "unit_id", $"duplicate unit id '{unitId}'; expected each unit once."));
        }
        return Problems.Count == before ? new AccountingUnit(unitId, region, ecosystem, subtype, area, monitoring, geometry, waterBody, lakeRegion) : null;
    }
}
