using System.CommandLine;
using System.CommandLine.Parsing;
using System.Text.RegularExpressions;

namespace EcoLedger.Cli;

/// <summary>
/// Turns System.CommandLine's parse errors into the one line the exit-code contract asks for: the option, the value
/// given and what is expected, e.g. <c>--year: 'twenty' is not a whole number; expected a year such as 2023.</c>
/// </summary>
public static partial class ParseErrors
{
    /// <summary>One sentence for the most useful error of <paramref name="parsed"/>: a bad value before a missing option.</summary>
    public static string Describe(ParseResult parsed)
    {
        ArgumentNullException.ThrowIfNull(parsed);
        string usage = $"see '{Program.CommandName} {string.Join(' ', CommandPath(parsed.CommandResult))} --help'.";
        var bad = parsed.Errors.FirstOrDefault(e => OptionOf(e.SymbolResult) is not null && TokensOf(e.SymbolResult).Count > 0);
        if (bad is not null)
        {
            var option = OptionOf(bad.SymbolResult)!;
            string value = string.Join(' ', TokensOf(bad.SymbolResult));
            return $"{option.Name}: '{value}' is not valid; expected {Expectation(option, bad.Message)}; {usage}";
        }
        var missing = parsed.Errors.FirstOrDefault(e => OptionOf(e.SymbolResult) is not null);
        if (missing is not null)
        {
            var option = OptionOf(missing.SymbolResult)!;
            return TokensOf(missing.SymbolResult).Count == 0 && missing.Message.Contains("required", StringComparison.OrdinalIgnoreCase)
                ? $"{option.Name} is required: {Describe(option)}; {usage}"
                : $"{option.Name}: no value given; expected {Expectation(option, missing.Message)}; {usage}";
        }
        var unmatched = parsed.UnmatchedTokens;
        if (unmatched.Count > 0)
        {
            return $"'{unmatched[0]}' is not an option or argument of '{Program.CommandName} {string.Join(' ', CommandPath(parsed.CommandResult))}'; {usage}";
        }
        return $"{parsed.Errors[0].Message.TrimEnd('.')}; {usage}";
    }

    private static Option? OptionOf(SymbolResult? result) => result switch
    {
        OptionResult o => o.Option,
        ArgumentResult { Parent: OptionResult o } => o.Option,
        _ => null,
    };

    private static IReadOnlyList<string> TokensOf(SymbolResult? result) => result switch
    {
        OptionResult o => o.Tokens.Select(t => t.Value).ToList(),
        ArgumentResult a => a.Tokens.Select(t => t.Value).ToList(),
        _ => [],
    };

    private static string Describe(Option option)
    {
        string d = option.Description?.Trim() ?? "";
        // The first sentence, up to a colon: the rest of a long help text (what the output holds, where the method is) made the one
        // line of the error unreadable.
        int colon = d.IndexOf(": ", StringComparison.Ordinal);
        d = colon > 0 ? d[..colon] : d;
        // A sentence ends at ". " before a capital, not inside "e.g. 1000".
        for (int at = d.IndexOf(". ", StringComparison.Ordinal); at > 0; at = d.IndexOf(". ", at + 1, StringComparison.Ordinal))
        {
            if (at + 2 < d.Length && char.IsUpper(d[at + 2]))
            {
                d = d[..at];
                break;
            }
        }
        d = d.TrimEnd('.');
        if (d.Length == 0)
        {
            return "a value";
        }
        // Lower-case a capitalised first word ("Output folder"), not an acronym ("CRS of") nor a name ("Monte Carlo draws").
        int space = d.IndexOf(' ', StringComparison.Ordinal);
        bool name = space > 0 && space + 1 < d.Length && char.IsUpper(d[space + 1]);
        return d.Length > 1 && char.IsLower(d[1]) && !name ? char.ToLowerInvariant(d[0]) + d[1..] : d;
    }

    /// <summary>What a value of the option's type looks like.</summary>
    private static string Expectation(Option option, string message)
    {
        var among = AmongRegex().Matches(message).Select(m => m.Groups[1].Value).ToList();
        if (message.Contains("Must be one of", StringComparison.Ordinal) && among.Count > 1)
        {
            return "one of " + string.Join(", ", among.Skip(1));
        }
        var type = Nullable.GetUnderlyingType(option.ValueType) ?? option.ValueType;
        string what = type switch
        {
            _ when type == typeof(int) || type == typeof(long) || type == typeof(short) => "a whole number",
            _ when type == typeof(decimal) || type == typeof(double) || type == typeof(float) => "a number such as 0.3",
            _ when type == typeof(DateOnly) => "a date such as 2025-06-30",
            _ when type == typeof(DateTime) || type == typeof(DateTimeOffset) => "a date and time such as 2025-06-30T12:00:00Z",
            _ when type == typeof(bool) => "true or false",
            _ => "a value",
        };
        return string.IsNullOrWhiteSpace(option.Description) ? what : $"{what}, the {Describe(option)}";
    }

    private static IEnumerable<string> CommandPath(CommandResult? result)
    {
        var names = new Stack<string>();
        for (var r = result; r?.Parent is CommandResult parent; r = parent)
        {
            names.Push(r.Command.Name);
        }
        return names;
    }

    [GeneratedRegex("'([^']*)'")]
    private static partial Regex AmongRegex();
}
