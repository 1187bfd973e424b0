using System.Text;

namespace EcoLedger.Ledger;

/// <summary>Snake-case names of states, triggers and roles, as messages, the CLI and the journal spell them.</summary>
public static class LedgerNames
{
    /// <summary>The snake-case name of an enum value: <c>ProjectOwner</c> → <c>project_owner</c>.</summary>
    public static string Name<T>(this T value) where T : struct, Enum
    {
        var text = value.ToString();
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

    /// <summary>Parses a snake-case name back into the enum value.</summary>
    /// <exception cref="LedgerException">No value has that name.</exception>
    public static T Parse<T>(string name) where T : struct, Enum
    {
        foreach (var v in Enum.GetValues<T>())
        {
            if (v.Name() == name)
            {
                return v;
            }
        }
        throw new LedgerException($"Unknown {typeof(T).Name} '{name}'; expected one of {string.Join(", ", Enum.GetValues<T>().Select(v => v.Name()))}.");
    }
}
