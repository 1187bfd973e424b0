using System.Text.Json;
using System.Text.Json.Serialization;
using EcoLedger.IO;
using EcoLedger.Ledger.Compensation;

namespace EcoLedger.Tests.Ledger.Compensation;

/// <summary>
/// A spec that is valid JSON but not a spec names the place (line and column from 1), the field by its JSON path and what it
/// takes in words. Before, System.Text.Json's message was shown: "The JSON value could not be converted to
/// EcoLedger.Ledger.Compensation.AgreementSpec. Path: $.round_months | LineNumber: 4 | BytePositionInLine: 26."
/// </summary>
public sealed class AgreementSpecJsonTests
{
    private const string Valid = """
        {
          "name": "伊春 river",
          "period_start": "2024-01-01",
          "period_end": "2026-12-31",
          "round_months": 12,
          "parties": [
            { "id": "zhejiang", "side": "payer", "weight": 1 },
            { "id": "anhui", "side": "payee", "weight": 1 }
          ],
          "funding": [ { "id": "zj", "kind": "government_transfer", "share": 80 } ],
          "rule": { "kind": "gep_growth", "base_fen": 100, "rate": "0.5" }
        }
        """;

    private static string Error(string json) => AgreementSpecJson.Describe(Assert.ThrowsAny<JsonException>(() => AgreementSpecJson.Parse(json)), json);

    [Fact]
    public void The_sample_spec_is_still_read()
    {
        Assert.Equal(12, AgreementSpecJson.Parse(Valid).RoundMonths);
    }

    [Fact]
    public void A_string_for_a_whole_number_names_the_field_and_a_whole_number()
    {
        // Line 5 is `  "round_months": "twelve",`; the serializer stops after the value: 2 + 15 + 1 + 8 characters, column 27.
        Assert.Equal("line 5, column 27, field '$.round_months': expected a whole number from -2147483648 to 2147483647.",
            Error(Valid.Replace("\"round_months\": 12", "\"round_months\": \"twelve\"", StringComparison.Ordinal)));
    }

    [Fact]
    public void A_string_for_a_whole_number_in_an_array_element_names_its_index()
    {
        Assert.Equal("line 8, column 52, field '$.parties[1].weight': expected a whole number from -2147483648 to 2147483647.",
            Error(Valid.Replace("\"anhui\", \"side\": \"payee\", \"weight\": 1", "\"anhui\", \"side\": \"payee\", \"weight\": \"1\"", StringComparison.Ordinal)));
    }

    [Fact]
    public void A_date_in_another_format_expects_a_date_yyyy_mm_dd()
    {
        Assert.Equal("line 3, column 31, field '$.period_start': expected a date YYYY-MM-DD.",
            Error(Valid.Replace("\"2024-01-01\"", "\"2024/01/01\"", StringComparison.Ordinal)));
    }

    [Fact]
    public void An_object_where_an_array_is_expected_says_an_array()
    {
        Assert.Equal("line 10, column 15, field '$.funding': expected an array.",
            Error(Valid.Replace("\"funding\": [ { \"id\": \"zj\", \"kind\": \"government_transfer\", \"share\": 80 } ]",
                "\"funding\": { \"id\": \"zj\" }", StringComparison.Ordinal)));
    }

    [Fact]
    public void A_number_for_a_decimal_kept_as_a_string_says_a_string()
    {
        Assert.Equal("line 11, column 63, field '$.rule.rate': expected a string (in quotes).",
            Error(Valid.Replace("\"rate\": \"0.5\"", "\"rate\": 0.5", StringComparison.Ordinal)));
    }

    [Fact]
    public void An_unknown_member_lists_the_members_of_its_object()
    {
        Assert.Equal("line 5, column 32, field '$.rounds': unknown member; expected one of funding, name, parties, period_end, period_start, round_months, rule.",
            Error(Valid.Replace("\"round_months\": 12", "\"round_months\": 12, \"rounds\": 3", StringComparison.Ordinal)));
    }

    [Fact]
    public void A_missing_member_is_named_by_its_path_with_what_it_takes()
    {
        Assert.Equal("line 11, column 45, field '$.rule.kind': missing; expected a string (in quotes).",
            Error(Valid.Replace("\"kind\": \"gep_growth\", ", "", StringComparison.Ordinal)));
    }

    [Fact]
    public void A_null_for_a_required_member_says_null_and_what_it_takes()
    {
        Assert.Equal("line 2, column 15, field '$.name': null; expected a string (in quotes).",
            Error(Valid.Replace("\"伊春 river\"", "null", StringComparison.Ordinal)));
    }

    [Fact]
    public void A_member_given_twice_is_refused_by_its_path()
    {
        Assert.Equal("line 5, column 38, field '$.round_months': given twice; expected each member once.",
            Error(Valid.Replace("\"round_months\": 12", "\"round_months\": 12, \"round_months\": 12", StringComparison.Ordinal)));
    }

    [Fact]
    public void A_null_document_says_what_a_spec_is()
    {
        Assert.Equal("expected an object (name, period_start, period_end, round_months, parties, funding, rule), found null.", Error("null"));
    }

    [Fact]
    public void A_spec_sent_as_a_request_member_is_named_from_the_request_root_without_a_place()
    {
        string json = Valid.Replace("\"round_months\": 12", "\"round_months\": \"twelve\"", StringComparison.Ordinal);

        var e = Assert.ThrowsAny<JsonException>(() => AgreementSpecJson.Parse(json));

        Assert.Equal("field '$.spec.round_months': expected a whole number from -2147483648 to 2147483647.", AgreementSpecJson.DescribeMember(e, "spec"));
    }

    private enum Side
    {
        Payer,
        Payee,
    }

    private sealed record Party(Side Side, decimal Amount);

    private sealed record Contract(IReadOnlyList<Party> Rounds);

    [Fact]
    public void An_unknown_enum_text_lists_the_names_as_the_options_write_them()
    {
        var options = new JsonSerializerOptions
        {
            PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
            Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
        };
        const string Json = "{\"rounds\": [{\"side\": \"payer\", \"amount\": 1}, {\"side\": \"buyer\", \"amount\": 2}]}";
        var e = Assert.ThrowsAny<JsonException>(() => JsonSerializer.Deserialize<Contract>(Json, options));

        Assert.Equal("line 1, column 61, field '$.rounds[1].side': expected one of payer, payee.",
            JsonErrorPosition.Describe(e, Json, options.GetTypeInfo(typeof(Contract))));
    }

    [Fact]
    public void A_string_for_a_decimal_says_a_number()
    {
        var options = new JsonSerializerOptions { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower, Converters = { new JsonStringEnumConverter() } };
        const string Json = "{\"rounds\": [{\"side\": \"Payer\", \"amount\": \"ten\"}]}";
        var e = Assert.ThrowsAny<JsonException>(() => JsonSerializer.Deserialize<Contract>(Json, options));

        Assert.Equal("line 1, column 46, field '$.rounds[0].amount': expected a number.", JsonErrorPosition.Describe(e, Json, options.GetTypeInfo(typeof(Contract))));
        Assert.Equal("line 1, byte 46", JsonErrorPosition.WhereInBytes(e));
    }
}
