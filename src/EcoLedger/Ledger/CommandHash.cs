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
        var o = new System.Text.Json.Nodes.JsonObject
        {
            ["actor"] = actorId,
            ["command"] = command.GetType().Name,
            ["content"] = JsonSerializer.SerializeToNode(command, command.GetType(), Options),
        };
        string canonical = CanonicalJson.Canonicalize(o.ToJsonString());
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonical)));
    }

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
        public override Money.Money Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            throw new NotSupportedException("Command hashes are written, never read.");

        public override void Write(Utf8JsonWriter writer, Money.Money value, JsonSerializerOptions options) =>
            writer.WriteStringValue(Normalize(value.Amount) + " " + value.Currency.Code);
    }

    private static string Normalize(decimal value) => (value / 1.000000000000000000000000000000000m).ToString(CultureInfo.InvariantCulture);
}
