namespace EcoLedger.Reports;

/// <summary>
/// The CJK font the reports ship (Noto Sans CJK SC subset, SIL Open Font License 1.1; <c>Fonts/README.md</c>) and its
/// licence, read from the assembly: the charts draw with it and every report's HTML carries it beside the page.
/// </summary>
public static class ShippedFont
{
    /// <summary>The manifest name of the embedded font file.</summary>
    public const string ResourceName = "EcoLedger.Reports.Fonts.NotoSansCJKsc-Regular-subset.otf";

    /// <summary>The manifest name of the same subset with TrueType outlines (for PDFs).</summary>
    public const string TrueTypeResourceName = "EcoLedger.Reports.Fonts.NotoSansCJKsc-Regular-subset.ttf";

    private const string LicenceResourceName = "EcoLedger.Reports.Fonts.OFL.txt";

    private static readonly Lazy<byte[]> FontBytes = new(() => Read(ResourceName));
    private static readonly Lazy<byte[]> TrueTypeBytes = new(() => Read(TrueTypeResourceName));
    private static readonly Lazy<string> LicenceText = new(() => System.Text.Encoding.UTF8.GetString(Read(LicenceResourceName)).TrimStart('\uFEFF'));

    /// <summary>The font file's bytes, read once.</summary>
    public static ReadOnlySpan<byte> Bytes => FontBytes.Value;

    /// <summary>
    /// The same glyphs with TrueType (quadratic) outlines: PDFsharp writes a CFF font as if it were TrueType, which viewers reject,
    /// and it subsets only TrueType fonts (a certificate is ~60 KB instead of 2.4 MB).
    /// </summary>
    public static byte[] TrueType => TrueTypeBytes.Value;

    /// <summary>The text of the font's licence (OFL 1.1), which travels with the font.</summary>
    public static string Licence => LicenceText.Value;

    private static byte[] Read(string name)
    {
        using var stream = typeof(ShippedFont).Assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"The resource {name} is missing from {typeof(ShippedFont).Assembly.GetName().Name}.");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
