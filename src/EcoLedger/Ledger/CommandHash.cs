using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using EcoLedger.Audit;

namespace EcoLedger.Ledger;

/// <summary>
/// The content hash of a command, the one definition request-id idempotency compares: SHA-256 of the canonical JSON of
/// <c>{"actor": …, "command": type name, "content": the record}</c>. Hashing the typed record, not the text a person typed, makes
/// <c>--quantity 010</c> and <c>--quantity 10</c> the same command.
/// </summary>
public static class CommandHash
{
    private static readonly JsonSerializerOptions Options = CreateOptions();

    /// <summary>The hex SHA-256 of the command as run by <paramref name="actorId"/> (null when none was given).</summary>
    public static string Of(ICommand command, string? actorId)
    {
        ArgumentNullException.ThrowIfNull(command);
        return Of(TypeName(command), Content(command), actorId);
    }

    /// <summary>The hex SHA-256 of a command given as its type name and canonical content (<see cref="Content"/>).</summary>
    public static string Of(string typeName, string canonicalContent, string? actorId)
    {
        var o = new System.Text.Json.Nodes.JsonObject
        {
            ["actor"] = actorId,
            ["command"] = typeName,
            ["content"] = System.Text.Json.Nodes.JsonNode.Parse(canonicalContent),
        };
        string canonical = CanonicalJson.Canonicalize(o.ToJsonString());
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonical)));
    }

    /// <summary>The command as its type name and canonical content, serialised once for the fingerprint, the signature and the journal.</summary>
    public static CanonicalCommand Canonical(ICommand command) => new(TypeName(command), Content(command));

    /// <summary>The name a command type is journaled and signed under (the record's type name, e.g. <c>CreditCommand</c>).</summary>
    public static string TypeName(ICommand command)
    {
        ArgumentNullException.ThrowIfNull(command);
        return command.GetType().Name;
    }

    /// <summary>The command record as canonical JSON: snake_case members, enums as snake_case text, decimals and money as normalised text.</summary>
    public static string Content(ICommand command)
    {
        ArgumentNullException.ThrowIfNull(command);
        return CanonicalJson.Canonicalize(JsonSerializer.Serialize(command, command.GetType(), Options));
    }

    /// <summary>Reads a command back from its type name and <see cref="Content"/> (the verifier re-decides signed commands with it).</summary>
    /// <exception cref="FormatException">No command has that name, or the content does not read as one.</exception>
    public static ICommand Read(string typeName, string content)
    {
        if (!CommandTypes.Value.TryGetValue(typeName, out var type))
        {
            throw new FormatException($"Unknown command type '{typeName}'.");
        }
        try
        {
            return (ICommand?)JsonSerializer.Deserialize(content, type, Options) ?? throw new FormatException($"Empty {typeName} content.");
        }
        catch (Exception e) when (e is JsonException or NotSupportedException or ArgumentException or InvalidOperationException)
        {
            throw new FormatException($"The {typeName} content does not read as one: {e.Message}", e);
        }
    }

    private static readonly Lazy<Dictionary<string, Type>> CommandTypes = new(() =>
        typeof(ICommand).Assembly.GetTypes()
            .Where(t => typeof(ICommand).IsAssignableFrom(t) && t is { IsClass: true, IsAbstract: false })
            .ToDictionary(t => t.Name, StringComparer.Ordinal));

    private static JsonSerializerOptions CreateOptions()
    {
        var o = new JsonSerializerOptions(Journal.PayloadOptions);
        o.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower));
        o.Converters.Add(new NormalizedDecimal());
        o.Converters.Add(new MoneyAsText());
        return o;
    }

    /// <summary>Decimals as strings without trailing zeros: canonical JSON has integers only, and 1.50 is 1.5.</summary>
    private sealed class NormalizedDecimal : JsonConverter<decimal>
    {
        public override decimal Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            decimal.Parse(reader.GetString()!, CultureInfo.InvariantCulture);

        public override void Write(Utf8JsonWriter writer, decimal value, JsonSerializerOptions options) =>
            writer.WriteStringValue(Normalize(value));
    }

    /// <summary>Money as "amount currency", amount normalized.</summary>
    private sealed class MoneyAsText : JsonConverter<Money.Money>
    {
        public override Money.Money Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            string text = reader.GetString() ?? throw new JsonException("Money is \"amount currency\".");
            int space = text.LastIndexOf(' ');
            if (space < 1)
            {
                throw new JsonException($"Money is \"amount currency\" (got \"{text}\").");
            }
            return new Money.Money(decimal.Parse(text[..space], NumberStyles.Number, CultureInfo.InvariantCulture), Money.Currency.FromCode(text[(space + 1)..]));
        }

        public override void Write(Utf8JsonWriter writer, Money.Money value, JsonSerializerOptions options) =>
            writer.WriteStringValue(Normalize(value.Amount) + " " + value.Currency.Code);
    }

    private static string Normalize(decimal value) => (value / 1.000000000000000000000000000000000m).ToString(CultureInfo.InvariantCulture);
}

/// <summary>A command's type name and canonical content (<see cref="CommandHash.Canonical"/>).</summary>
/// <param name="Type">The record's type name.</param>
/// <param name="Content">The record as canonical JSON.</param>
public sealed record CanonicalCommand(string Type, string Content)
{
    /// <summary>The request fingerprint of this command as run by <paramref name="actorId"/> (<see cref="CommandHash.Of(string, string, string?)"/>).</summary>
    public string Fingerprint(string? actorId) => CommandHash.Of(Type, Content, actorId);
}
