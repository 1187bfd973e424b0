using ScottPlot;
using SkiaSharp;

namespace EcoLedger.Reports.Charts;

/// <summary>
/// The font every chart is drawn with: Noto Sans CJK SC (SIL Open Font License 1.1, see <c>Fonts/OFL.txt</c>),
/// subset to GB 2312 (all 6,763 hanzi), Latin, the punctuation and symbols the reports use, and every other character
/// of the repository's texts. It travels inside this assembly, so a chart draws Chinese on a machine with no CJK font
/// installed; nothing is looked up among the system's fonts.
/// </summary>
/// <remarks>How the subset was made, and how to remake it, is in <c>Fonts/README.md</c>.</remarks>
public static class ReportFont
{
    /// <summary>The name the charts ask ScottPlot for; only <see cref="Resolver"/> answers to it.</summary>
    public const string Name = "EcoLedger Noto Sans SC";

    /// <summary>The manifest name of the embedded font file.</summary>
    public const string ResourceName = ShippedFont.ResourceName;

    private static readonly Lazy<bool> Registered = new(Register);

    /// <summary>The font file's bytes, read once from the assembly.</summary>
    public static ReadOnlySpan<byte> Bytes => ShippedFont.Bytes;

    /// <summary>A new typeface of the embedded font (the caller disposes it).</summary>
    public static SKTypeface CreateTypeface()
    {
        using var data = SKData.CreateCopy(ShippedFont.Bytes);
        return SKTypeface.FromData(data)
            ?? throw new InvalidOperationException($"The embedded font {ResourceName} could not be read by SkiaSharp.");
    }

    /// <summary>Registers <see cref="Resolver"/> with ScottPlot once per process, and returns <see cref="Name"/>.</summary>
    public static string EnsureRegistered() => Registered.Value ? Name : Name;

    private static bool Register()
    {
        Fonts.FontResolvers.Insert(0, new Resolver());
        return true;
    }

    /// <summary>Answers ScottPlot's requests for <see cref="Name"/> (any weight or slant) with the embedded font.</summary>
    private sealed class Resolver : IFontResolver
    {
        public SKTypeface? CreateTypeface(string fontName, FontWeight weight, FontSlant slant, FontSpacing width) =>
            fontName == Name ? ReportFont.CreateTypeface() : null;

        public SKTypeface? CreateTypeface(string fontName, bool bold, bool italic) =>
            fontName == Name ? ReportFont.CreateTypeface() : null;
    }
}
