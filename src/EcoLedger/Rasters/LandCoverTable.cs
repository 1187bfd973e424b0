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
}

/// <summary>
/// A land-cover class table (<c>methodology/parameters/landcover/*.csv</c>): <c>code,name,ecosystem,subtype</c> and
/// optionally <c>name_zh</c> (the Chinese name, for Chinese reports), one class a row, <c>#</c> lines are comments (the source citation), <c>none</c> as ecosystem for classes not accounted.
/// </summary>
public sealed class LandCoverTable
{
    private readonly Dictionary<int, LandCoverClass> _byCode;

    private LandCoverTable(string name, IReadOnlyList<LandCoverClass> classes)
    {
        Name = name;
        Classes = classes;
        _byCode = classes.ToDictionary(c => c.Code);
    }

    /// <summary>The table as named in the configuration.</summary>
    public string Name { get; }

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
        int columns = 4;
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
                if (f.Length is not (4 or 5) || f[0] != "code" || f[1] != "name" || f[2] != "ecosystem" || f[3] != "subtype" || (f.Length == 5 && f[4] != "name_zh"))
                {
                    throw new RasterInputException($"{where}: expected the header code,name,ecosystem,subtype (optionally followed by name_zh), found '{line}'.");
                }
                columns = f.Length;
                header = true;
                continue;
            }
            if (f.Length != columns)
            {
                throw new RasterInputException($"{where}: expected {columns} fields ({(columns == 5 ? "code,name,ecosystem,subtype,name_zh" : "code,name,ecosystem,subtype")}; no commas in names), found {f.Length}.");
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
                    throw new RasterInputException($"{where}, field 'ecosystem': '{eco}' is not an ecosystem; expected {EcosystemCodes.ValidEcosystemList} or none.");
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
            string? nameZh = columns == 5 && f[4].Trim() is { Length: > 0 } zh ? zh : null;
            classes.Add(new LandCoverClass(code, f[1].Trim(), ecosystem, subtype) { NameZh = nameZh });
        }
        if (classes.Count == 0)
        {
            throw new RasterInputException($"{displayName}: lists no class; expected the header code,name,ecosystem,subtype and one row per class.");
        }
        return new LandCoverTable(displayName, classes);
    }
}
