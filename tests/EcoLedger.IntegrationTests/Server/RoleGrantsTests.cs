using System.Net;

namespace EcoLedger.IntegrationTests.Server;

/// <summary>
/// A new token and a new account are refused the same roles for the same reasons (<c>RoleGrants.RefuseAsync</c>, the one check both
/// endpoints call): the message word for word, naming the token or the account, and the member it is about.
/// </summary>
public sealed class RoleGrantsTests
{
    public static TheoryData<string[], string?, string, string> Refusals => new()
    {
        { [], "buyer", "roles", "{A} needs at least one role (roles): one of registry, verifier, project_owner, holder, bank, bureau, auditor." },
        { ["holder", "owner"], "buyer", "roles", "Unknown role 'owner' (roles): expected one of registry, verifier, project_owner, holder, bank, bureau, auditor." },
        { ["holder"], null, "participant", "Only auditor and bureau tokens may have no participant (participant); the other roles act as a ledger participant." },
        { ["holder"], "nobody", "participant", "Unknown participant 'nobody' (participant)." },
        { ["verifier"], "buyer", "roles", "Participant 'buyer' has the ledger role 'holder'; {a} for it cannot carry role 'verifier' (roles)." },
        { ["bank"], "farm", "roles", "Role 'bank' needs a participant with the ledger role 'holder'; 'farm' is 'project_owner' (roles)." },
    };

    [Theory]
    [MemberData(nameof(Refusals))]
    public void A_token_and_an_account_are_refused_the_same_roles_with_the_same_sentence_naming_what_was_asked_for(
        string[] roles, string? participant, string member, string message)
    {
        using var server = new ServerTestHost();
        server.Seed();
        string reg = server.TokenOf("reg");

        var token = server.Send(reg, HttpMethod.Post, "/api/tokens", new { participant, roles });
        var account = server.Send(reg, HttpMethod.Post, "/api/accounts", new { user_name = "new.person", participant, roles });

        Assert.Equal(HttpStatusCode.BadRequest, token.Status);
        Assert.Equal(message.Replace("{A}", "A token", StringComparison.Ordinal).Replace("{a}", "a token", StringComparison.Ordinal),
            token.Json!["detail"]!.GetValue<string>());
        Assert.Equal([member], token.Json!["fields"]!.AsArray().Select(f => f!.GetValue<string>()));
        Assert.Equal(HttpStatusCode.BadRequest, account.Status);
        Assert.Equal(message.Replace("{A}", "An account", StringComparison.Ordinal).Replace("{a}", "an account", StringComparison.Ordinal),
            account.Json!["detail"]!.GetValue<string>());
        Assert.Equal([member], account.Json!["fields"]!.AsArray().Select(f => f!.GetValue<string>()));
    }

    [Fact]
    public void A_bureau_token_and_an_auditor_account_need_no_participant()
    {
        using var server = new ServerTestHost();
        server.Seed();
        string reg = server.TokenOf("reg");

        Assert.Equal(HttpStatusCode.Created, server.Send(reg, HttpMethod.Post, "/api/tokens", new { participant = (string?)null, roles = new[] { "bureau" } }).Status);
        Assert.Equal(HttpStatusCode.Created, server.Send(reg, HttpMethod.Post, "/api/accounts",
            new { user_name = "zhao.audit", participant = (string?)null, roles = new[] { "auditor" } }).Status);
    }
}
