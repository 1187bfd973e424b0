using System.Globalization;
using EcoLedger.Valuation;

namespace EcoLedger.Rasters;

/// <summary>One land-cover class: its code in the raster, its name, and the EcoLedger ecosystem it is accounted as.</summary>
/// <param name="Code">The pixel value.</param>
/// <param name="Name">The producer's class name.</param>
/// <param name="Ecosystem">The ecosystem, or null when the class is not accounted (sea, no data).</param>
/// <param name="Subtype">The subtype, or <see cref="EcosystemSubtype.None"/>.</param>
public sealed record LandCoverClass(int Code, string Name, Ecosystem? Ecosystem, EcosystemSubtype Subtype)
{
    /// <summary>The class name in Chinese (the table's optional <c>name_zh</c> column), or null when the table gives none.</summary>
    public string? NameZh { get; init; }

    /// <summary>The colour the table gives the class (its optional <c>colour</c> column: the producer's legend colour in the
    /// shipped tables), or null when it gives none.</summary>
    public RgbColour? TableColour { get; init; }

    /// <summary>The colour a preview draws the class in: <see cref="TableColour"/>, else its ecosystem's (<see cref="EcosystemPalette"/>).</summary>
    public RgbColour Colour => TableColour ?? EcosystemPalette.For(Ecosystem, Subtype);
}

/// <summary>
/// A land-cover class table (<c>methodology/parameters/landcover/*.csv</c>): <c>code,name,ecosystem,subtype</c>, then
/// optionally <c>name_zh</c> (the Chinese name, for Chinese reports) and <c>colour</c> (<c>#rrggbb</c>, the legend colour;
/// empty for the ecosystem's colour) in either order, one class a row, <c>#</c> lines are comments (the source citation),
/// <c>none</c> as ecosystem for classes not accounted.
/// </summary>
public sealed class LandCoverTable
{
    private readonly Dictionary<int, LandCoverClass> _byCode;

    private LandCoverTable(string name, IReadOnlyList<LandCoverClass> classes, string sha256)
    {
        Name = name;
        Classes = classes;
        Sha256 = sha256;
        _byCode = classes.ToDictionary(c => c.Code);
    }

    /// <summary>The table as named in the configuration.</summary>
    public string Name { get; }

    /// <summary>The SHA-256 of the table's file (lower-case hex): the units' ecosystems were checked against this table, so a report
    /// names it with the rasters.</summary>
    public string Sha256 { get; }

    /// <summary>Classes in file order.</summary>
    public IReadOnlyList<LandCoverClass> Classes { get; }

    /// <summary>The class of a code, or null when the table does not list it.</summary>
    public LandCoverClass? Find(long code) => code is >= int.MinValue and <= int.MaxValue && _byCode.TryGetValue((int)code, out var c) ? c : null;

    /// <summary>Reads a table; <paramref name="displayName"/> names it in messages.</summary>
    /// <exception cref="RasterInputException">The file is missing or a row is not valid (file, row, field and expectation named).</exception>
    public static LandCoverTable Load(string path, string displayName)
    {
        if (!File.Exists(path))
        {
            throw new RasterInputException($"{displayName}: land-cover class table not found.");
        }
        var classes = new List<LandCoverClass>();
        var seen = new HashSet<int>();
        bool header = false;
        int columns = 4, nameZhAt = -1, colourAt = -1;
        string headerText = "code,name,ecosystem,subtype";
        int rowNo = 0;
        foreach (string raw in File.ReadLines(path))
        {
            rowNo++;
            string line = raw.Trim();
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }
            var f = line.Split(',');
            string where = $"{displayName}: row {rowNo}";
            if (!header)
            {
                var optional = f.Skip(4).Select(c => c.Trim()).ToList();
                if (f.Length is < 4 or > 6 || f[0] != "code" || f[1] != "name" || f[2] != "ecosystem" || f[3] != "subtype"
                    || optional.Any(c => c is not ("name_zh" or "colour")) || optional.Distinct().Count() != optional.Count)
                {
                    throw new RasterInputException($"{where}: expected the header code,name,ecosystem,subtype (optionally followed by name_zh and colour, in either order), found '{line}'.");
                }
                columns = f.Length;
                // Column positions: -1 when absent, else 4 + the place among the optional columns.
                nameZhAt = optional.IndexOf("name_zh") is var z && z >= 0 ? z + 4 : -1;
                colourAt = optional.IndexOf("colour") is var k && k >= 0 ? k + 4 : -1;
                headerText = string.Join(',', f.Select(c => c.Trim()));
                header = true;
                continue;
            }
            if (f.Length != columns)
            {
                throw new RasterInputException($"{where}: expected {columns} fields ({headerText}; no commas in names), found {f.Length}.");
            }
            if (!int.TryParse(f[0].Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int code))
            {
                throw new RasterInputException($"{where}, field 'code': expected a whole-number pixel value, found '{f[0].Trim()}'.");
            }
            if (!seen.Add(code))
            {
                throw new RasterInputException($"{where}, field 'code': class {code} is listed twice.");
            }
            string eco = f[2].Trim(), sub = f[3].Trim();
            Ecosystem? ecosystem = null;
            var subtype = EcosystemSubtype.None;
            if (eco != "none")
            {
                if (!EcosystemCodes.TryParseEcosystem(eco, out var e))
                {
                    throw new RasterInputException($"{where}, field 'ecosystem': '{eco}' is not an ecosystem{EcosystemCodes.MeantHint(eco)}; expected {EcosystemCodes.ValidEcosystemList} or none.");
                }
                ecosystem = e;
                if (sub.Length > 0 && (!EcosystemCodes.TryParseSubtype(sub, out subtype) || !EcosystemCodes.AllowedSubtypes(e).Contains(subtype)))
                {
                    throw new RasterInputException($"{where}, field 'subtype': '{sub}' is not a subtype of {eco}; expected {(EcosystemCodes.AllowedSubtypes(e).Count == 0 ? "none (leave it empty)" : string.Join(", ", EcosystemCodes.AllowedSubtypes(e).Select(s => s.Code())) + " or empty")}.");
                }
            }
            else if (sub.Length > 0)
            {
                throw new RasterInputException($"{where}, field 'subtype': a class not accounted (ecosystem none) has no subtype, found '{sub}'.");
            }
            string? nameZh = nameZhAt >= 0 && f[nameZhAt].Trim() is { Length: > 0 } zh ? zh : null;
            RgbColour? colour = null;
            if (colourAt >= 0 && f[colourAt].Trim() is { Length: > 0 } hex)
            {
                colour = RgbColour.TryParse(hex)
                    ?? throw new RasterInputException($"{where}, field 'colour': expected a colour as #rrggbb (e.g. #006400) or empty for the ecosystem's colour, found '{hex}'.");
            }
            classes.Add(new LandCoverClass(code, f[1].Trim(), ecosystem, subtype) { NameZh = nameZh, TableColour = colour });
        }
        if (classes.Count == 0)
        {
            throw new RasterInputException($"{displayName}: lists no class; expected the header code,name,ecosystem,subtype and one row per class.");
        }
        return new LandCoverTable(displayName, classes, RasterPreparation.Sha256(path));
    }
}
