using System.Globalization;

namespace EcoLedger.Rasters;

/// <summary>An opaque sRGB colour, written <c>#rrggbb</c> as in a producer's legend table and in HTML.</summary>
/// <param name="Red">Red, 0–255.</param>
/// <param name="Green">Green, 0–255.</param>
/// <param name="Blue">Blue, 0–255.</param>
public readonly record struct RgbColour(byte Red, byte Green, byte Blue)
{
    /// <summary>Reads <c>#rrggbb</c> (six hexadecimal digits after a <c>#</c>, either case); null when <paramref name="text"/> is not one.</summary>
    public static RgbColour? TryParse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return text.Length == 7 && text[0] == '#' && uint.TryParse(text.AsSpan(1), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out uint rgb)
            ? new RgbColour((byte)(rgb >> 16), (byte)(rgb >> 8), (byte)rgb)
            : null;
    }

    /// <summary>The colour as <c>#rrggbb</c>, lower case.</summary>
    public override string ToString() => $"#{Red:x2}{Green:x2}{Blue:x2}";
}
