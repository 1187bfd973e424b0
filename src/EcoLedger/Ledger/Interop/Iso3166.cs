using System.Text.Json;

namespace EcoLedger.Ledger.Interop;

/// <summary>
/// ISO 3166-1 alpha-2 country codes and ISO 3166-2 subdivision codes, with each country's name as the CAD Trust spells it
/// (<c>schemas/iso3166.json</c>; its <c>_source</c> names the upstream files). Only countries the CAD Trust lists are accepted,
/// because a project or owner in another country could not be exported to it.
/// </summary>
public static class Iso3166
{
    private static readonly Lazy<(Dictionary<string, string> Names, Dictionary<string, HashSet<string>> Subdivisions)> Data = new(Load);

    /// <summary>The CAD Trust name of a country code, or null when the code is unknown.</summary>
    public static string? CadtName(string alpha2) => Data.Value.Names.GetValueOrDefault(alpha2);

    /// <summary>The code of a CAD Trust country name, or null.</summary>
    public static string? FromCadtName(string name) =>
        Data.Value.Names.FirstOrDefault(kv => kv.Value == name).Key;

    /// <summary>Refuses a country code that is not ISO 3166-1 alpha-2 of a CAD Trust country, or a subdivision not of that country.</summary>
    /// <param name="country">The alpha-2 code.</param>
    /// <param name="region">The ISO 3166-2 code, or null.</param>
    /// <param name="countryField">The command field holding the country (snake case).</param>
    /// <param name="regionField">The command field holding the subdivision.</param>
    /// <exception cref="LedgerException">Naming the field and what is expected.</exception>
    public static void Require(string country, string? region, string countryField, string regionField)
    {
        if (CadtName(country) is null)
        {
            throw LedgerException.ForFields($"{{{countryField}}} '{country}' is not an ISO 3166-1 alpha-2 code of a country the CAD Trust lists (e.g. CN).", countryField);
        }
        if (region is not null && !Data.Value.Subdivisions.GetValueOrDefault(country, []).Contains(region))
        {
            throw LedgerException.ForFields($"{{{regionField}}} '{region}' is not an ISO 3166-2 subdivision code of {country} (e.g. {FirstSubdivision(country)}).", regionField);
        }
    }

    private static string FirstSubdivision(string country) =>
        Data.Value.Subdivisions.TryGetValue(country, out var s) && s.Count > 0 ? s.Order(StringComparer.Ordinal).First() : country + "-XX";

    private static (Dictionary<string, string>, Dictionary<string, HashSet<string>>) Load()
    {
        using var stream = typeof(Iso3166).Assembly.GetManifestResourceStream("EcoLedger.iso3166.json")
            ?? throw new InvalidOperationException("The ISO 3166 table is not embedded in EcoLedger.dll.");
        using var doc = JsonDocument.Parse(stream);
        var names = doc.RootElement.GetProperty("countries").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString()!, StringComparer.Ordinal);
        var subs = doc.RootElement.GetProperty("subdivisions").EnumerateObject()
            .ToDictionary(p => p.Name, p => p.Value.EnumerateArray().Select(v => v.GetString()!).ToHashSet(StringComparer.Ordinal), StringComparer.Ordinal);
        return (names, subs);
    }
}
