namespace EcoLedger.IO;

/// <summary>
/// A small cache from string instances to values for the few strings (indicator codes, units) that recur on millions of
/// output lines. A slot is chosen from the length and three characters of the text (no hashing of the whole string, no
/// interface call) and a hit is confirmed by reference, so a miss only means the caller takes its slower, exact path;
/// two strings sharing a slot simply take turns in it.
/// </summary>
/// <typeparam name="T">The cached value.</typeparam>
internal sealed class StringSlots<T>
{
    private const int Mask = 255;

    private readonly string?[] _keys = new string?[Mask + 1];
    private readonly T[] _values = new T[Mask + 1];

    /// <summary>The value cached for this very instance, if any.</summary>
    public bool TryGet(string text, out T value)
    {
        int slot = Slot(text);
        if (ReferenceEquals(_keys[slot], text))
        {
            value = _values[slot];
            return true;
        }
        value = default!;
        return false;
    }

    /// <summary>Caches <paramref name="value"/> for this instance (replacing whatever shared its slot).</summary>
    public void Set(string text, T value)
    {
        int slot = Slot(text);
        _values[slot] = value;
        _keys[slot] = text;
    }

    private static int Slot(string s) =>
        s.Length == 0 ? 0 : (s.Length * 7 + s[0] * 31 + s[^1] * 17 + s[s.Length / 2] * 3) & Mask;
}

/// <summary>
/// Turns field text into strings, giving back the same instance for text seen recently in the same column: a file of a
/// million units names a few regions and ecosystems over and over, and one string per name (instead of one per row)
/// saves the allocations and lets later stages recognise the name by reference. Bounded: a slot holds the last text
/// that fell into it, whatever the number of distinct values.
/// </summary>
internal sealed class TextInterner
{
    private const int Mask = 255;

    private readonly string?[] _slots = new string?[Mask + 1];

    /// <summary>The text as a string: a cached instance when one with the same characters is in its slot.</summary>
    public string Get(ReadOnlySpan<char> text)
    {
        if (text.Length == 0)
        {
            return "";
        }
        int slot = (text.Length * 7 + text[0] * 31 + text[^1] * 17 + text[text.Length / 2] * 3) & Mask;
        var known = _slots[slot];
        if (known is not null && text.SequenceEqual(known))
        {
            return known;
        }
        string s = text.ToString();
        _slots[slot] = s;
        return s;
    }
}

/// <summary>
/// A cache of the last few pairs of string instances seen (a not-computed reason and its indicator) and their values,
/// found by comparing references only: a unit gives a handful of such pairs, which recur in the same order unit after
/// unit, so a short list scanned in order beats hashing the text. A miss only sends the caller to its exact path.
/// </summary>
/// <typeparam name="T">The cached value.</typeparam>
internal sealed class RecentPairs<T>
{
    private const int Size = 16;

    private readonly (string? First, string? Second, T Value)[] _entries = new (string?, string?, T)[Size];
    private int _next;

    /// <summary>The value cached for these very instances, if any.</summary>
    public bool TryGet(string first, string second, out T value)
    {
        var entries = _entries;
        for (int i = 0; i < entries.Length; i++)
        {
            ref var e = ref entries[i];
            if (ReferenceEquals(e.First, first) && ReferenceEquals(e.Second, second))
            {
                value = e.Value;
                return true;
            }
        }
        value = default!;
        return false;
    }

    /// <summary>Caches <paramref name="value"/> for these instances, replacing the oldest entry.</summary>
    public void Set(string first, string second, T value)
    {
        _entries[_next] = (first, second, value);
        _next = (_next + 1) % Size;
    }
}
