namespace EcoLedger.IO;

/// <summary>
/// Aligns text tables for a terminal, where a CJK character takes two columns: padding by <see cref="string.Length"/> shifted every
/// row holding a Chinese site id, project or participant name against its header.
/// </summary>
public static class TerminalColumns
{
    /// <summary>The terminal columns of a text: East Asian wide characters (Hangul Jamo, CJK, Hangul syllables, full-width forms) take two.</summary>
    public static int Width(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        int width = 0;
        foreach (char ch in text)
        {
            width += ch is >= '\u1100' and (<= '\u115f' or >= '\u2e80') and <= '\ua4cf' or >= '\uac00' and <= '\ud7a3' or >= '\uf900' and <= '\ufaff' or >= '\uff00' and <= '\uff60' ? 2 : 1;
        }
        return width;
    }

    /// <summary>The text followed by spaces up to <paramref name="width"/> terminal columns.</summary>
    public static string PadRight(string text, int width) => text + new string(' ', Math.Max(0, width - Width(text)));

    /// <summary>Spaces up to <paramref name="width"/> terminal columns, then the text.</summary>
    public static string PadLeft(string text, int width) => new string(' ', Math.Max(0, width - Width(text))) + text;
}
