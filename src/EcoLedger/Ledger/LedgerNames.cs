using System.Text;

namespace EcoLedger.Ledger;

/// <summary>Snake-case names of states, triggers and roles, as messages, the CLI and the journal spell them.</summary>
public static class LedgerNames
{
    /// <summary>The snake-case name of an enum value: <c>ProjectOwner</c> → <c>project_owner</c>.</summary>
    public static string Name<T>(this T value) where T : struct, Enum =>
        Cache<T>.Names.TryGetValue(value, out var name) ? name : Snake(value.ToString());

    /// <summary>Parses a snake-case name back into the enum value.</summary>
    /// <exception cref="LedgerException">No value has that name.</exception>
    public static T Parse<T>(string name) where T : struct, Enum =>
        Cache<T>.Values.TryGetValue(name, out var value) ? value
            : throw new LedgerException($"Unknown {typeof(T).Name} '{name}'; expected one of {string.Join(", ", Cache<T>.Names.Values)}.");

    private static string Snake(string text)
    {
        var sb = new StringBuilder(text.Length + 4);
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            if (char.IsUpper(c))
            {
                if (i > 0)
                {
                    sb.Append('_');
                }
                sb.Append(char.ToLowerInvariant(c));
            }
            else
            {
                sb.Append(c);
            }
        }
        return sb.ToString();
    }

    private static class Cache<T> where T : struct, Enum
    {
        public static readonly Dictionary<T, string> Names = Enum.GetValues<T>().ToDictionary(v => v, v => Snake(v.ToString()));
        public static readonly Dictionary<string, T> Values = Names.ToDictionary(kv => kv.Value, kv => kv.Key, StringComparer.Ordinal);
    }
}
