using System.Security.Claims;

namespace EcoLedger.Server.Auth;

/// <summary>The authenticated caller of a request: the participant it acts as, the credential it used and its roles.</summary>
/// <param name="Participant">The ledger participant (null for auditor/bureau-only tokens).</param>
/// <param name="TokenId">The API token's id.</param>
/// <param name="Roles">The token's roles.</param>
/// <param name="Person">A signed-in person's user name (null for API tokens).</param>
public sealed record Caller(string? Participant, string TokenId, IReadOnlyList<string> Roles, string? Person = null)
{
    /// <summary>Claim type of the acting participant.</summary>
    public const string ParticipantClaim = "ecoledger:participant";

    /// <summary>Claim type of the credential (token id).</summary>
    public const string TokenClaim = "ecoledger:token";

    /// <summary>The principal's name in logs: the participant, else the person's user name, else <c>token:ID</c>.</summary>
    public string Name => Participant ?? Person ?? "token:" + TokenId;

    /// <summary>
    /// The credential as the journal records it (<see cref="EcoLedger.Ledger.CommandAccepted.Credential"/>): <c>token:ID</c> for an API
    /// token, <c>account:ID</c> for a signed-in person's session (the Identity user id).
    /// </summary>
    public string Credential => TokenId.StartsWith(AccountClaimsFactory.CredentialPrefix, StringComparison.Ordinal) ? TokenId : "token:" + TokenId;

    /// <summary>True when the caller has <paramref name="role"/>.</summary>
    public bool Has(string role) => Roles.Contains(role);

    /// <summary>True when the caller sees every participant's holdings (<see cref="ServerRoles.Overseers"/>).</summary>
    public bool Oversees => Roles.Any(r => ServerRoles.Overseers.Contains(r));

    /// <summary>The caller of an authenticated request.</summary>
    public static Caller Of(ClaimsPrincipal user)
    {
        ArgumentNullException.ThrowIfNull(user);
        string token = user.FindFirstValue(TokenClaim) ?? throw new InvalidOperationException("The request is not authenticated with an API token.");
        string? person = token.StartsWith(AccountClaimsFactory.CredentialPrefix, StringComparison.Ordinal) ? user.FindFirstValue(ClaimTypes.Name) : null;
        return new Caller(user.FindFirstValue(ParticipantClaim), token, user.FindAll(ClaimTypes.Role).Select(c => c.Value).ToList(), person);
    }

    /// <summary>The claims of a token's principal.</summary>
    public static ClaimsPrincipal Principal(ApiToken token, string scheme)
    {
        ArgumentNullException.ThrowIfNull(token);
        var claims = new List<Claim> { new(TokenClaim, token.Id), new(ClaimTypes.Name, token.Participant ?? "token:" + token.Id) };
        if (token.Participant is { } p)
        {
            claims.Add(new Claim(ParticipantClaim, p));
        }
        claims.AddRange(token.Roles.Select(r => new Claim(ClaimTypes.Role, r)));
        return new ClaimsPrincipal(new ClaimsIdentity(claims, scheme));
    }
}
