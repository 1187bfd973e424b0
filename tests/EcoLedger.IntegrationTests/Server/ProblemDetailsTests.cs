using System.Net;
using EcoLedger.IntegrationTests.Ledger;

namespace EcoLedger.IntegrationTests.Server;

/// <summary>Errors are RFC 9457 problem details carrying the CLI's own sentences; fields are named as the request names them.</summary>
public sealed class ProblemDetailsTests
{
    [Fact]
    public void A_refused_transition_carries_the_same_sentence_as_the_CLI()
    {
        using var cli = new LedgerTestDb();
        cli.Seed();
        using var server = new ServerTestHost();
        server.Seed();

        var fromCli = cli.Cli("ledger", "project", "validate", "--id", "P1", "--actor", "ver");
        var fromServer = server.Send(server.TokenOf("ver"), HttpMethod.Post, "/api/projects/P1/validate");

        Assert.Equal(2, fromCli.Code);
        Assert.Equal("error: Project 'P1' is in state 'registered', where trigger 'validate' is not allowed (actor 'ver').\n", fromCli.Err.ReplaceLineEndings("\n"));
        Assert.Equal((HttpStatusCode)422, fromServer.Status);
        Assert.Equal("application/problem+json", fromServer.Headers["Content-Type"]);
        Assert.Equal("urn:ecoledger:problem:refused", fromServer.Json!["type"]!.GetValue<string>());
        Assert.Equal("Command refused", fromServer.Json!["title"]!.GetValue<string>());
        Assert.Equal(422, fromServer.Json!["status"]!.GetValue<int>());
        Assert.Equal(fromCli.Err["error: ".Length..].TrimEnd(), fromServer.Json!["detail"]!.GetValue<string>());
    }

    [Fact]
    public void Bad_input_names_the_field_as_the_request_does()
    {
        using var server = new ServerTestHost();
        server.Seed();

        var date = server.Send(server.TokenOf("farm"), HttpMethod.Post, "/api/projects",
            new { id = "P2", region = "YC", methodology = "M", buffer_pct = 10, period_start = "2020-13-01", period_end = "2030-12-31" });
        var buffer = server.Send(server.TokenOf("farm"), HttpMethod.Post, "/api/projects",
            new { id = "P2", region = "YC", methodology = "M", buffer_pct = 10.005, period_start = "2020-01-01", period_end = "2030-12-31" });
        var retire = server.Send(server.TokenOf("farm"), HttpMethod.Post, "/api/credits/retire", new { quantity = 5 }, "r-1");
        var missing = server.Send(server.TokenOf("farm"), HttpMethod.Post, "/api/issuances", new { id = "R9", project = "P1", vintage_start = "2024-01-01" });

        Assert.Equal(HttpStatusCode.BadRequest, date.Status);
        Assert.Equal("Invalid date '2020-13-01' for period_start: expected YYYY-MM-DD.", date.Json!["detail"]!.GetValue<string>());
        Assert.Equal("period_start", date.Json!["fields"]![0]!.GetValue<string>());
        Assert.Equal("Invalid buffer_pct '10.005': expected a percentage from 0 to 100 with at most two decimals.", buffer.Json!["detail"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.BadRequest, retire.Status);
        Assert.Equal("A retirement needs a beneficiary (beneficiary) and a purpose (purpose).", retire.Json!["detail"]!.GetValue<string>());
        Assert.Equal(["beneficiary", "purpose"], retire.Json!["fields"]!.AsArray().Select(f => f!.GetValue<string>()).ToArray());
        Assert.Equal(HttpStatusCode.BadRequest, missing.Status);
        Assert.Equal("urn:ecoledger:problem:bad-request", missing.Json!["type"]!.GetValue<string>());
        Assert.Equal("line 1, byte 56, field '$.vintage_end': missing (so is '$.quantity'); expected a string (in quotes).", missing.Json!["detail"]!.GetValue<string>());
    }

    [Fact]
    public void A_query_or_route_value_that_does_not_bind_names_the_parameter_the_value_and_what_it_takes()
    {
        // Before: 400 "Invalid request body", "Failed to bind parameter \"Nullable<int> year\" from \"abc\"." for the query, and 404 for the route (its
        // {seq:long} constraint turned a bad value into "no such page").
        using var server = new ServerTestHost();
        server.Seed();

        var year = server.Send(server.TokenOf("auditor"), HttpMethod.Get, "/api/monitoring/status?year=abc");
        var days = server.Send(server.TokenOf("auditor"), HttpMethod.Get, "/api/monitoring/status?max_age_days=1.5");
        var seq = server.Send(null, HttpMethod.Get, "/api/public/retirements/abc/certificate");

        Assert.Equal(HttpStatusCode.BadRequest, year.Status);
        Assert.Equal("application/problem+json", year.Headers["Content-Type"]);
        Assert.Equal("urn:ecoledger:problem:bad-input", year.Json!["type"]!.GetValue<string>());
        Assert.Equal("Invalid input", year.Json!["title"]!.GetValue<string>());
        Assert.Equal("year (query string): expected a whole number; got 'abc'.", year.Json!["detail"]!.GetValue<string>());
        Assert.Equal(["year"], year.Json!["fields"]!.AsArray().Select(f => f!.GetValue<string>()).ToArray());
        Assert.Equal("max_age_days (query string): expected a whole number; got '1.5'.", days.Json!["detail"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.BadRequest, seq.Status);
        Assert.Equal("urn:ecoledger:problem:bad-input", seq.Json!["type"]!.GetValue<string>());
        Assert.Equal("seq (in the path): expected a whole number; got 'abc'.", seq.Json!["detail"]!.GetValue<string>());
        Assert.Equal(["seq"], seq.Json!["fields"]!.AsArray().Select(f => f!.GetValue<string>()).ToArray());
    }

    [Fact]
    public void A_body_with_a_json_syntax_error_is_placed_from_1_in_bytes_of_the_line()
    {
        // Before: "'x' is an invalid start of a property name. Expected a '"'. Path: $ | LineNumber: 1 | BytePositionInLine: 15."
        // Line 2 is `  "id": "伊", x`: the x follows 15 bytes (伊 is 3), so byte 16; an editor shows column 14.
        using var server = new ServerTestHost();
        server.Seed();

        var r = server.Send(server.TokenOf("farm"), HttpMethod.Post, "/api/projects", "{\n  \"id\": \"伊\", x\n}");

        Assert.Equal(HttpStatusCode.BadRequest, r.Status);
        Assert.Equal("urn:ecoledger:problem:bad-request", r.Json!["type"]!.GetValue<string>());
        Assert.Equal("line 2, byte 16: not valid JSON ('x' is an invalid start of a property name. Expected a '\"').", r.Json!["detail"]!.GetValue<string>());
    }

    [Fact]
    public void A_body_member_of_the_wrong_type_names_its_path_and_what_it_takes_without_dotnet_types()
    {
        // Before: "The JSON value could not be converted to System.Decimal. Path: $.buffer_pct | LineNumber: 0 | BytePositionInLine: 68."
        using var server = new ServerTestHost();
        server.Seed();

        var r = server.Send(server.TokenOf("farm"), HttpMethod.Post, "/api/projects",
            "{\"id\": \"P2\", \"region\": \"YC\", \"methodology\": \"M\", \"buffer_pct\": \"ten\", \"period_start\": \"2020-01-01\", \"period_end\": \"2030-12-31\"}");

        Assert.Equal(HttpStatusCode.BadRequest, r.Status);
        Assert.Equal("line 1, byte 69, field '$.buffer_pct': expected a number.", r.Json!["detail"]!.GetValue<string>());
    }

    [Fact]
    public void An_agreement_spec_member_of_the_wrong_type_names_its_path_from_the_body()
    {
        // Before: "spec is not a valid agreement spec: The JSON value could not be converted to EcoLedger.Ledger.Compensation.AgreementSpec. Path: $.round_months | LineNumber: 0 | BytePositionInLine: 25."
        using var server = new ServerTestHost();
        server.Seed();

        var r = server.Send(server.TokenOf("reg"), HttpMethod.Post, "/api/compensation/agreements",
            new { id = "A9", spec = new { name = "n", period_start = "2024-01-01", period_end = "2024-12-31", round_months = "twelve" } });

        Assert.Equal(HttpStatusCode.BadRequest, r.Status);
        Assert.Equal("spec is not a valid agreement spec: field '$.spec.round_months': expected a whole number from -2147483648 to 2147483647.",
            r.Json!["detail"]!.GetValue<string>());
    }

    [Fact]
    public void A_beneficiary_too_long_for_the_certificate_QR_code_is_refused_naming_the_member_and_the_maximum()
    {
        using var server = new ServerTestHost();
        server.Seed();

        var retire = server.Send(server.TokenOf("farm"), HttpMethod.Post, "/api/credits/retire",
            new { quantity = 5, beneficiary = new string('B', 5_000), purpose = "offset" }, "r-long");

        Assert.Equal(HttpStatusCode.BadRequest, retire.Status);
        Assert.Equal("The beneficiary (beneficiary) is printed on the retirement certificate and carried in its QR code: expected at most 100 characters, found 5000.",
            retire.Json!["detail"]!.GetValue<string>());
        Assert.Equal(["beneficiary"], retire.Json!["fields"]!.AsArray().Select(f => f!.GetValue<string>()).ToArray());
    }

    [Fact]
    public void The_CLI_names_the_same_refusal_by_its_option()
    {
        using var cli = new LedgerTestDb();
        cli.Seed();

        var r = cli.Cli("ledger", "project", "create", "--id", "P2", "--owner", "farm", "--region", "YC", "--methodology", "M", "--buffer-pct", "10",
            "--period-start", "2020-13-01", "--period-end", "2030-12-31", "--actor", "farm");

        Assert.Equal(2, r.Code);
        Assert.Equal("error: Invalid date '2020-13-01' for --period-start: expected YYYY-MM-DD.\n", r.Err.ReplaceLineEndings("\n"));
    }
}
