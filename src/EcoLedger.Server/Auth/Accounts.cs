using System.Security.Claims;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.Options;

namespace EcoLedger.Server.Auth;

/// <summary>
/// A person's account (ASP.NET Core Identity): created by the registry for a ledger participant, or for a bureau or auditor without
/// one, with roles like an API token's. Stored in the server's own store (<c>DB.server.db</c>), never in the ledger.
/// </summary>
public sealed class ServerUser : IdentityUser
{
    /// <summary>The ledger participant the person acts as (null for bureau/auditor accounts).</summary>
    public string? Participant { get; set; }

    /// <summary>The account's roles, comma-separated (<see cref="ServerRoles"/>).</summary>
    public string Roles { get; set; } = "";

    /// <summary>Who created the account.</summary>
    public string CreatedBy { get; set; } = "";

    /// <summary>The roles as a list.</summary>
    public IReadOnlyList<string> RoleList => Roles.Split(',', StringSplitOptions.RemoveEmptyEntries);
}

/// <summary>The Identity tables (users, claims, logins, tokens; roles are a column, as on API tokens) in the server's store file.</summary>
public sealed class AccountsDb(DbContextOptions<AccountsDb> options) : IdentityUserContext<ServerUser>(options)
{
    /// <summary>
    /// Creates the Identity tables in the store file when they are absent. The file also holds the hand-written token and security-log
    /// tables, so EF's <c>EnsureCreated</c> (which does nothing once any table exists) cannot be used.
    /// </summary>
    public static void EnsureTables(IServiceProvider services)
    {
        using var scope = services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AccountsDb>();
        var connection = db.Database.GetDbConnection();
        db.Database.OpenConnection();
        try
        {
            using var cmd = connection.CreateCommand();
            cmd.CommandText = "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = 'AspNetUsers'";
            if (Convert.ToInt64(cmd.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture) == 0)
            {
                db.GetService<IRelationalDatabaseCreator>().CreateTables();
            }
        }
        finally
        {
            db.Database.CloseConnection();
        }
    }
}

/// <summary>
/// The claims of a signed-in person: the same as an API token's (<see cref="Caller"/>), with the credential <c>account:ID</c>, so that
/// authorization, the actor of commands and the rate limits treat both the same way.
/// </summary>
public sealed class AccountClaimsFactory(UserManager<ServerUser> users, IOptions<IdentityOptions> options)
    : UserClaimsPrincipalFactory<ServerUser>(users, options)
{
    /// <summary>The credential prefix of a signed-in person.</summary>
    public const string CredentialPrefix = "account:";

    /// <inheritdoc/>
    protected override async Task<ClaimsIdentity> GenerateClaimsAsync(ServerUser user)
    {
        ArgumentNullException.ThrowIfNull(user);
        var identity = await base.GenerateClaimsAsync(user).ConfigureAwait(false);
        identity.AddClaim(new Claim(Caller.TokenClaim, CredentialPrefix + user.Id));
        if (user.Participant is { } p)
        {
            identity.AddClaim(new Claim(Caller.ParticipantClaim, p));
        }
        foreach (var role in user.RoleList)
        {
            identity.AddClaim(new Claim(ClaimTypes.Role, role));
        }
        return identity;
    }
}

/// <summary>Account helpers: the one-time initial password.</summary>
public static class AccountPasswords
{
    private const string Alphabet = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";

    /// <summary>The minimum password length (NIST SP 800-63B favours length over composition rules).</summary>
    public const int MinimumLength = 12;

    /// <summary>A random initial password (20 characters, about 116 bits), shown once to the registry that creates the account.</summary>
    public static string NewInitialPassword() => RandomNumberGenerator.GetString(Alphabet, 20);
}
