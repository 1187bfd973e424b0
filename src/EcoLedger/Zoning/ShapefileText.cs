using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace EcoLedger.Zoning;

/// <summary>
/// The encoding of a Shapefile's attribute text (.dbf field names and values): the code page its <c>.cpg</c> names, else the
/// one its language driver byte names, else UTF-8. Every decoding is strict, so text in another encoding is refused with a
/// sentence saying how to declare it rather than read as replacement characters.
/// </summary>
/// <remarks>
/// Decided here rather than left to the Shapefile library, which reads the same two sources: .NET has no code-page
/// encodings until they are registered, and the library then reads GBK, the encoding most Chinese GIS software writes
/// (ArcGIS on a Chinese Windows, 国土/林草 survey data), as UTF-8 and says nothing, so unit ids and names came out as "��".
/// Language driver ids as Esri lists them (technical article 000013192, "Language driver ID (LDID) codes").
/// </remarks>
internal sealed class ShapefileText
{
    static ShapefileText() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    // LDID byte → Windows code page. 0x00 (none), 0x03 and 0x57 ("the system's ANSI code page") say nothing usable.
    private static readonly Dictionary<byte, int> CodePageOfDriver = new()
    {
        [0x4D] = 936,
        [0x7A] = 936, // Chinese GBK (PRC)
        [0x4F] = 950,
        [0x78] = 950, // Chinese Big5 (Taiwan)
        [0x13] = 932,
        [0x7B] = 932, // Japanese Shift-JIS
        [0x4E] = 949,
        [0x79] = 949, // Korean
        [0x50] = 874,
        [0x7C] = 874, // Thai
        [0x58] = 1252,
        [0x59] = 1252, // Western European
        [0xC8] = 1250,
        [0xC9] = 1251,
        [0xCA] = 1254,
        [0xCB] = 1253,
        [0xCC] = 1257,
    };

    private ShapefileText(Encoding encoding, string? name, string? source)
    {
        Encoding = encoding;
        _name = name;
        _source = source;
    }

    // What the encoding is called and who states it, for messages (null: nothing stated, UTF-8 assumed).
    private readonly string? _name;
    private readonly string? _source;

    /// <summary>The encoding, with exception fallbacks.</summary>
    public Encoding Encoding { get; }

    /// <summary>The encoding of the Shapefile at <paramref name="shpPath"/>.</summary>
    /// <exception cref="ZoningInputException">The .cpg names an encoding that is not known.</exception>
    public static ShapefileText Of(string shpPath)
    {
        if ((Sidecar(shpPath, ".cpg") ?? Sidecar(shpPath, ".cst")) is { } cpg)
        {
            string declared = File.ReadAllText(cpg).Trim();
            if (declared.Length > 0 && !declared.Equals("system", StringComparison.OrdinalIgnoreCase))
            {
                return new ShapefileText(Named(declared) ?? throw new ZoningInputException(Path.GetFileName(cpg), null,
                    $"names the encoding '{IO.InputText.Show(declared)}', which is not known; expected a code page such as 936 (GBK), 65001 or UTF-8."),
                    declared, Path.GetFileName(cpg));
            }
        }
        if (Sidecar(shpPath, ".dbf") is { } dbf)
        {
            using var stream = File.OpenRead(dbf);
            if (stream.Length > 29)
            {
                stream.Position = 29;
                byte driver = (byte)stream.ReadByte();
                if (CodePageOfDriver.TryGetValue(driver, out int codePage))
                {
                    return new ShapefileText(Strict(codePage), string.Create(CultureInfo.InvariantCulture, $"code page {codePage}"),
                        string.Create(CultureInfo.InvariantCulture, $"its language driver byte 0x{driver:X2}"));
                }
            }
        }
        return new ShapefileText(Strict(65001), null, null);
    }

    /// <summary>The sentence for text that does not decode.</summary>
    public string NotDecodable() => _source is null
        ? "holds text that is not UTF-8, and no .cpg file or language driver byte says its encoding. Chinese GIS software usually writes GBK: " +
          "put a .cpg file containing 936 next to the .shp (65001 if it is UTF-8), or convert the layer with ogr2ogr -lco ENCODING=UTF-8."
        : $"holds text that is not valid {_name}, the encoding {_source} states; put the right code page in a .cpg file (936 for GBK, 65001 for UTF-8), " +
          "or convert the layer with ogr2ogr -lco ENCODING=UTF-8.";

    /// <summary>The file next to <paramref name="shpPath"/> with extension <paramref name="extension"/> in any case (<c>.cpg</c>, <c>.CPG</c>), or null.</summary>
    public static string? Sidecar(string shpPath, string extension)
    {
        string exact = Path.ChangeExtension(shpPath, extension);
        if (File.Exists(exact))
        {
            return exact;
        }
        string dir = Path.GetDirectoryName(Path.GetFullPath(shpPath)) ?? ".";
        string stem = Path.GetFileNameWithoutExtension(shpPath);
        return Directory.EnumerateFiles(dir, stem + ".*").FirstOrDefault(f =>
            Path.GetFileNameWithoutExtension(f) == stem && Path.GetExtension(f).Equals(extension, StringComparison.OrdinalIgnoreCase));
    }

    // "936", "CP936", "ANSI 936", "OEM 936", "GBK", "UTF-8", "windows-1252": a code page number or a name .NET knows.
    private static Encoding? Named(string declared)
    {
        var number = Regex.Match(declared, @"^(?:(?:cp|ansi|oem|windows)[\s_-]*)?(\d{3,5})$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);
        if (number.Success)
        {
            int codePage = int.Parse(number.Groups[1].Value, CultureInfo.InvariantCulture);
            try
            {
                return Strict(codePage);
            }
            catch (Exception e) when (e is ArgumentException or NotSupportedException)
            {
                return null;
            }
        }
        try
        {
            return Strict(Encoding.GetEncoding(declared).CodePage);
        }
        catch (ArgumentException)
        {
            return null;
        }
    }

    private static Encoding Strict(int codePage) => Encoding.GetEncoding(codePage, EncoderFallback.ExceptionFallback, DecoderFallback.ExceptionFallback);
}
