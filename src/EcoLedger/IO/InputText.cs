using System.Globalization;
using System.Text;

namespace EcoLedger.IO;

/// <summary>
/// The stated limits of names and ids read from input files, and the safe echo of any value in a message: a name is 1 to
/// <see cref="MaxNameLength"/> characters with no control or invisible formatting characters (a NUL, an escape sequence, a
/// byte order mark or zero-width space inside a name makes two names that look alike differ) and no U+FFFD (the mark of
/// text decoded with the wrong encoding).
/// </summary>
public static class InputText
{
    /// <summary>The longest name or id accepted, in UTF-16 characters.</summary>
    public const int MaxNameLength = 200;

    /// <summary>The longest echo of a value in a message.</summary>
    private const int MaxShown = 60;

    /// <summary>Why <paramref name="value"/> is not an acceptable name, as the end of a sentence starting "expected …"; null when it is.</summary>
    public static string? NameProblem(ReadOnlySpan<char> value, int maxLength = MaxNameLength)
    {
        if (value.Length > maxLength)
        {
            return string.Create(CultureInfo.InvariantCulture, $"at most {maxLength} characters, found {value.Length}");
        }
        for (int i = 0; i < value.Length; i++)
        {
            char c = value[i];
            if (char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
            {
                i++;
                continue;
            }
            var category = char.GetUnicodeCategory(c);
            if (category is UnicodeCategory.Control or UnicodeCategory.Format or UnicodeCategory.Surrogate or UnicodeCategory.LineSeparator
                or UnicodeCategory.ParagraphSeparator || c == '\uFFFD')
            {
                return string.Create(CultureInfo.InvariantCulture, $"no control, invisible or replacement characters, found U+{(int)c:X4} at character {i + 1}");
            }
        }
        return null;
    }

    /// <summary>
    /// For a number that did not parse, what it would be as written for EcoLedger, as a parenthesis to follow the value in a message:
    /// thousands separators (<c>1,234.5</c>, as a spreadsheet formats it) or full-width digits (<c>１００</c>, typed with a Chinese input
    /// method); else empty.
    /// </summary>
    public static string NumberHint(ReadOnlySpan<char> value)
    {
        var text = value.Trim();
        var plain = new StringBuilder(text.Length);
        bool fullWidth = false, grouped = false;
        foreach (char c in text)
        {
            if (c is >= '０' and <= '９')
            {
                plain.Append((char)(c - '０' + '0'));
                fullWidth = true;
            }
            else if (c == '．')
            {
                plain.Append('.');
                fullWidth = true;
            }
            else if (c is ',' or '，')
            {
                grouped = true;
            }
            else
            {
                plain.Append(c);
            }
        }
        if ((!fullWidth && !grouped) || !double.TryParse(plain.ToString(), NumberStyles.Float, CultureInfo.InvariantCulture, out _))
        {
            return "";
        }
        string what = fullWidth && grouped ? "full-width digits and thousands separators" : fullWidth ? "full-width digits" : "thousands separators";
        return $" ({what}; write {plain})";
    }

    /// <summary>
    /// A value as a message may quote it: control characters written as <c>\u001B</c> (so a message cannot drive the
    /// terminal) and a long value cut to its start and its length.
    /// </summary>
    public static string Show(ReadOnlySpan<char> value)
    {
        var shown = value.Length > MaxShown ? value[..MaxShown] : value;
        var sb = new StringBuilder(shown.Length + 16);
        foreach (char c in shown)
        {
            if (char.IsControl(c) || char.GetUnicodeCategory(c) is UnicodeCategory.Format)
            {
                sb.Append(CultureInfo.InvariantCulture, $"\\u{(int)c:X4}");
            }
            else
            {
                sb.Append(c);
            }
        }
        if (value.Length > MaxShown)
        {
            sb.Append(CultureInfo.InvariantCulture, $"… ({value.Length} characters)");
        }
        return sb.ToString();
    }
}
