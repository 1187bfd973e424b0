using System.Globalization;
using System.Text.Json;
using EcoLedger.IO;

namespace EcoLedger.Valuation.Parameters;

/// <summary>One coefficient or unit price with its provenance.</summary>
/// <param name="Key">The key, e.g. <c>reservoir_cost_cny_per_m3</c> or <c>so2_capacity_kg_per_ha.forest.coniferous</c>.</param>
/// <param name="Value">The value, or null when no sourced default exists (the dependent part is then not computed).</param>
/// <param name="Unit">The unit of the value.</param>
/// <param name="PriceYear">The price year, where the value is a price.</param>
/// <param name="Source">Where the value comes from; <c>override: FILE</c> when a user file set it.</param>
/// <param name="Note">What it is for and why this value.</param>
/// <param name="Alternatives">Other published values.</param>
public sealed record Parameter(string Key, decimal? Value, string Unit, string? PriceYear, string Source, string? Note, string? Alternatives);

/// <summary>
/// The effective parameter table of a run: the versioned defaults from <c>methodology/parameters/gep-parameters.json</c>
/// with an optional override file applied. Immutable once built.
/// </summary>
public sealed partial class ParameterSet
{
    private readonly Dictionary<string, Parameter> _byKey;

    /// <summary>Keys the formulas divide by.</summary>
    private static readonly HashSet<string> MustBePositive =
        ["ac_efficiency_ratio", "soil_bulk_density_t_per_m3", "sand_bulk_density_t_per_m3", "sand_cover_depth_m", "negative_ion_lifetime_min"];

    private ParameterSet(string version, IEnumerable<Parameter> parameters)
    {
        Version = version;
        _byKey = parameters.ToDictionary(p => p.Key, StringComparer.Ordinal);
    }

    /// <summary>The table version, with the override's version appended (<c>2026.1+bureau-2024</c>).</summary>
    public string Version { get; }

    /// <summary>Every parameter in key order.</summary>
    public IEnumerable<Parameter> All => _byKey.Values.OrderBy(p => p.Key, StringComparer.Ordinal);

    /// <summary>The default table shipped with EcoLedger (embedded copy of <c>methodology/parameters/gep-parameters.json</c>).</summary>
    public static ParameterSet Defaults()
    {
        using var stream = typeof(ParameterSet).Assembly.GetManifestResourceStream("EcoLedger.gep-parameters.json")
            ?? throw new InvalidOperationException("The default parameter table is not embedded in the assembly.");
        return Load(stream);
    }

    /// <summary>Reads a parameter table in the <c>gep-parameters.json</c> format.</summary>
    public static ParameterSet Load(Stream json)
    {
        using var doc = JsonDocument.Parse(json);
        var root = doc.RootElement;
        string version = root.GetProperty("version").GetString() ?? throw new InvalidDataException("The parameter table has no version.");
        var list = new List<Parameter>();
        foreach (var e in root.GetProperty("parameters").EnumerateArray())
        {
            var valueElement = e.GetProperty("value");
            list.Add(new Parameter(
                e.GetProperty("key").GetString()!,
                valueElement.ValueKind == JsonValueKind.Null ? null : valueElement.GetDecimal(),
                e.GetProperty("unit").GetString() ?? "",
                e.TryGetProperty("price_year", out var y) && y.ValueKind != JsonValueKind.Null ? y.ToString() : null,
                e.GetProperty("source").GetString() ?? "",
                e.TryGetProperty("note", out var n) ? n.GetString() : null,
                e.TryGetProperty("alternatives", out var a) ? a.GetString() : null));
        }
        return new ParameterSet(version, list);
    }

    /// <summary>
    /// Applies an override file <c>{ "version": "...", "values": { "KEY": number | null, ... } }</c>, optionally with
    /// <c>"price_years": { "KEY": year }</c> stating the price year of overridden prices (needed by <c>--price-year</c>). Problems
    /// (unknown key, a value that is not a number, a missing version, both carbon price bases) are returned, not thrown,
    /// so the caller can report them with the other input problems.
    /// </summary>
    public ParameterSet WithOverrides(string path, Stream json, out IReadOnlyList<string> problems)
    {
        var errors = new List<string>();
        problems = errors;
        var utf8 = JsonErrorPosition.ReadAll(json);
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(utf8);
        }
        catch (JsonException e)
        {
            errors.Add($"{path}: {JsonErrorPosition.Describe(e, utf8.Span)}");
            return this;
        }
        using (doc)
        {
            var root = doc.RootElement;
            string overrideVersion = "override";
            if (root.ValueKind != JsonValueKind.Object)
            {
                errors.Add($"{path}: expected a JSON object with \"version\" and \"values\".");
                return this;
            }
            foreach (var member in root.EnumerateObject().Where(m => m.Name is not ("version" or "values" or "price_years")))
            {
                errors.Add($"{path}: field '{InputText.Show(member.Name)}': unknown key; expected only \"version\", \"values\" and \"price_years\".");
            }
            RefuseDuplicateKeys(path, "", root, errors);
            if (!root.TryGetProperty("version", out var v) || v.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(v.GetString()))
            {
                errors.Add($"{path}: field 'version': expected a non-empty string naming this parameter set.");
            }
            else if (InputText.NameProblem(v.GetString()) is { } versionProblem)
            {
                errors.Add($"{path}: field 'version': expected a name with {versionProblem}.");
            }
            else
            {
                overrideVersion = v.GetString()!;
            }
            if (!root.TryGetProperty("values", out var values) || values.ValueKind != JsonValueKind.Object)
            {
                errors.Add($"{path}: field 'values': expected an object of KEY: number.");
                return this;
            }
            var merged = new Dictionary<string, Parameter>(_byKey, StringComparer.Ordinal);
            foreach (var prop in values.EnumerateObject())
            {
                if (!_byKey.TryGetValue(prop.Name, out var existing))
                {
                    string? hint = NameSuggestion.Closest(prop.Name, _byKey.Keys);
                    errors.Add($"{path}: values.{prop.Name}: unknown parameter key" + (hint is null ? "." : $" (did you mean '{hint}'?)."));
                    continue;
                }
                decimal? value;
                if (prop.Value.ValueKind == JsonValueKind.Null)
                {
                    value = null;
                }
                else if (prop.Value.ValueKind == JsonValueKind.Number && ExactDecimal.TryParse(prop.Value.GetRawText(), NumberStyles.Float, out var d))
                {
                    value = d;
                }
                else if (prop.Value.ValueKind == JsonValueKind.Number)
                {
                    errors.Add($"{path}: values.{prop.Name}: expected a number of at most {ExactDecimal.MaxDigits} significant digits and {ExactDecimal.MaxDigits} decimal places (it would be rounded), got {InputText.Show(prop.Value.GetRawText())}.");
                    continue;
                }
                else
                {
                    errors.Add($"{path}: values.{prop.Name}: expected a number, got {prop.Value.GetRawText()}.");
                    continue;
                }
                if (value is null && existing.Value is not null)
                {
                    errors.Add($"{path}: values.{prop.Name}: expected a number; only parameters without a default ({string.Join(", ", _byKey.Values.Where(p => p.Value is null).Select(p => p.Key).Order(StringComparer.Ordinal).Take(3))}, ...) may be set to null.");
                    continue;
                }
                if (value <= 0m && MustBePositive.Contains(prop.Name))
                {
                    errors.Add($"{path}: values.{prop.Name}: expected a number greater than 0 (it divides), got {value.Value.ToString(CultureInfo.InvariantCulture)}.");
                    continue;
                }
                if (value < 0m)
                {
                    errors.Add($"{path}: values.{prop.Name}: expected a number of zero or more, got {value.Value.ToString(CultureInfo.InvariantCulture)}.");
                    continue;
                }
                if (value > MaxValue)
                {
                    errors.Add($"{path}: values.{prop.Name}: expected at most {MaxValue.ToString(CultureInfo.InvariantCulture)} (no price or coefficient of the table comes within 10,000 times of it), got {value.Value.ToString(CultureInfo.InvariantCulture)}.");
                    continue;
                }
                merged[prop.Name] = existing with { Value = value, Source = $"override: {Path.GetFileName(path)} ({overrideVersion})", PriceYear = null };
            }
            if (root.TryGetProperty("price_years", out var priceYears))
            {
                ApplyPriceYears(path, priceYears, values, merged, errors);
            }
            if (values.TryGetProperty("carbon_price_cny_per_t_c", out _) && values.TryGetProperty("carbon_price_cny_per_t_co2", out _))
            {
                errors.Add($"{path}: values: give either carbon_price_cny_per_t_co2 or carbon_price_cny_per_t_c, not both.");
            }
            return errors.Count > 0 ? this : new ParameterSet($"{Version}+{overrideVersion}", merged.Values);
        }
    }

    /// <summary>
    /// <c>"price_years": { KEY: year }</c>: the price year of an overridden price, so that <c>--price-year</c> can convert it
    /// (methodology/price-conversion.md). Only keys overridden in the same file, and only prices, may have one.
    /// </summary>
    private static void ApplyPriceYears(string path, JsonElement priceYears, JsonElement values, Dictionary<string, Parameter> merged, List<string> errors)
    {
        if (priceYears.ValueKind != JsonValueKind.Object)
        {
            errors.Add($"{path}: field 'price_years': expected an object of KEY: year.");
            return;
        }
        foreach (var prop in priceYears.EnumerateObject())
        {
            if (!values.TryGetProperty(prop.Name, out _) || !merged.TryGetValue(prop.Name, out var p))
            {
                errors.Add($"{path}: price_years.{prop.Name}: expected a key overridden under \"values\" in the same file.");
            }
            else if (!p.Unit.StartsWith("CNY", StringComparison.Ordinal))
            {
                errors.Add($"{path}: price_years.{prop.Name}: expected a price (a CNY unit); {prop.Name} is in {p.Unit}.");
            }
            else if (prop.Value.ValueKind != JsonValueKind.Number || !prop.Value.TryGetInt32(out int year) || year is < 1900 or > 2100)
            {
                errors.Add($"{path}: price_years.{prop.Name}: expected a year from 1900 to 2100, got {prop.Value.GetRawText()}.");
            }
            else
            {
                merged[prop.Name] = p with { PriceYear = year.ToString(CultureInfo.InvariantCulture) };
            }
        }
    }

    /// <summary>The largest value an override may set: the table's largest is 33,200 (dust capacity, kg/ha).</summary>
    private const decimal MaxValue = 1_000_000_000m;

    /// <summary>JSON allows a key twice and keeps the last; a parameter file with a key twice is ambiguous, so it is refused.</summary>
    private static void RefuseDuplicateKeys(string path, string prefix, JsonElement element, List<string> errors)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var member in element.EnumerateObject())
        {
            if (!seen.Add(member.Name))
            {
                errors.Add($"{path}: field '{prefix}{InputText.Show(member.Name)}' appears twice; expected each key once.");
            }
            else if (member.Value.ValueKind == JsonValueKind.Object)
            {
                RefuseDuplicateKeys(path, $"{prefix}{member.Name}.", member.Value, errors);
            }
        }
    }

    /// <summary>The parameter with this key.</summary>
    /// <exception cref="KeyNotFoundException">No such key: a programming error.</exception>
    public Parameter this[string key] =>
        _byKey.TryGetValue(key, out var p) ? p : throw new KeyNotFoundException($"Parameter '{key}' is not in the table.");

    /// <summary>The value of a key that must have one.</summary>
    public decimal Value(string key) =>
        this[key].Value ?? throw new InvalidOperationException($"Parameter '{key}' has no value; set it with --parameters.");

    /// <summary>The value of a key as a double, for physical coefficients.</summary>
    public double Coefficient(string key) => (double)Value(key);

    /// <summary>
    /// The most specific value of a per-ecosystem key: <c>BASE.ecosystem.subtype</c>, then <c>BASE.ecosystem</c>;
    /// null when neither exists or has a value. Returns the key it used.
    /// </summary>
    public (decimal? Value, string Key) ForEcosystem(string baseKey, Ecosystem ecosystem, EcosystemSubtype subtype) =>
        // Looked up once per (key, ecosystem, subtype): the engine asks for every unit.
        _ecosystemLookups.GetOrAdd((baseKey, ecosystem, subtype), k => LookUpForEcosystem(k.Item1, k.Item2, k.Item3));

    private readonly System.Collections.Concurrent.ConcurrentDictionary<(string, Ecosystem, EcosystemSubtype), (decimal?, string)> _ecosystemLookups = new();

    private (decimal? Value, string Key) LookUpForEcosystem(string baseKey, Ecosystem ecosystem, EcosystemSubtype subtype)
    {
        if (subtype != EcosystemSubtype.None &&
            _byKey.TryGetValue($"{baseKey}.{ecosystem.Code()}.{subtype.Code()}", out var specific))
        {
            return (specific.Value, specific.Key);
        }
        string k = $"{baseKey}.{ecosystem.Code()}";
        return _byKey.TryGetValue(k, out var general) ? (general.Value, k) : (null, k);
    }

    /// <summary>A key's value looked up once, for code that reads it for every unit.</summary>
    /// <exception cref="KeyNotFoundException">No such key: a programming error.</exception>
    public ResolvedValue Resolve(string key) => new(key, this[key].Value);

    /// <summary><see cref="ForEcosystem"/> for every ecosystem and subtype at once, for code that reads it for every unit.</summary>
    public PerEcosystemValue ResolveForEcosystem(string baseKey) => new(this, baseKey);

    /// <summary>The carbon price per t CO₂: <c>carbon_price_cny_per_t_c</c> × 12/44 when that is set, else <c>carbon_price_cny_per_t_co2</c>.</summary>
    public decimal CarbonPricePerTonneCo2 =>
        this["carbon_price_cny_per_t_c"].Value is { } perC ? perC * 12m / 44m : Value("carbon_price_cny_per_t_co2");
}

/// <summary>A parameter value resolved once; reading it throws as <see cref="ParameterSet.Value"/> does when the table has none.</summary>
public readonly struct ResolvedValue
{
    private readonly decimal? _value;
    private readonly double _double;

    /// <summary>Resolves <paramref name="key"/> to <paramref name="value"/>.</summary>
    public ResolvedValue(string key, decimal? value)
    {
        Key = key;
        _value = value;
        _double = value is { } v ? (double)v : double.NaN;
    }

    /// <summary>The key.</summary>
    public string Key { get; }

    /// <summary>The value, or null.</summary>
    public decimal? OrNull => _value;

    /// <summary>The value of a key that must have one.</summary>
    public decimal Decimal => _value ?? throw NoValue();

    /// <summary>The value as a double, for physical coefficients.</summary>
    public double Double => _value is null ? throw NoValue() : _double;

    private InvalidOperationException NoValue() => new($"Parameter '{Key}' has no value; set it with --parameters.");
}

/// <summary>The per-ecosystem value of a key (<see cref="ParameterSet.ForEcosystem"/>) for every ecosystem and subtype.</summary>
public sealed class PerEcosystemValue
{
    private static readonly int Subtypes = Enum.GetValues<EcosystemSubtype>().Length;
    private readonly (decimal? Value, string Key)[] _table;

    internal PerEcosystemValue(ParameterSet parameters, string baseKey)
    {
        _table = new (decimal?, string)[Enum.GetValues<Ecosystem>().Length * Subtypes];
        foreach (var e in Enum.GetValues<Ecosystem>())
        {
            foreach (var s in Enum.GetValues<EcosystemSubtype>())
            {
                _table[(int)e * Subtypes + (int)s] = parameters.ForEcosystem(baseKey, e, s);
            }
        }
    }

    /// <summary>The most specific value for the ecosystem and subtype, and the key it came from (see <see cref="ParameterSet.ForEcosystem"/>).</summary>
    public (decimal? Value, string Key) this[Ecosystem ecosystem, EcosystemSubtype subtype] => _table[(int)ecosystem * Subtypes + (int)subtype];
}

/// <summary>
/// What an indicator derives from one parameter table, worked out on first use and kept while the same table is passed
/// in again (the engine passes one table for a whole run), so the per-unit code reads fields instead of looking up keys.
/// </summary>
/// <typeparam name="T">The derived values.</typeparam>
public sealed class PerTable<T>(Func<ParameterSet, T> resolve)
    where T : class
{
    private sealed record Entry(ParameterSet Table, T Value);

    private Entry? _last;

    /// <summary>The values for <paramref name="table"/>.</summary>
    public T For(ParameterSet table)
    {
        var e = Volatile.Read(ref _last);
        if (e is null || !ReferenceEquals(e.Table, table))
        {
            e = new Entry(table, resolve(table));
            Volatile.Write(ref _last, e);
        }
        return e.Value;
    }
}
