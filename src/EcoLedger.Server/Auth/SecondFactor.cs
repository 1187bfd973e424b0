using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Identity;
using OtpNet;

namespace EcoLedger.Server.Auth;

/// <summary>
/// What Identity's authenticator provider does not: a TOTP code is accepted once (RFC 6238 §5.2: the verifier must not accept the
/// second attempt of a code within its step, so a code seen over a shoulder or replayed from a proxy log is worthless), and one-time
/// recovery codes, kept only as SHA-256 hashes (Identity's own recovery codes are stored as plain text). Both live in the account's
/// Identity user tokens (login provider <c>EcoLedger</c>), so they need no new table.
/// </summary>
public static class SecondFactor
{
    /// <summary>The Identity user-token provider name of these records.</summary>
    public const string Provider = "EcoLedger";

    /// <summary>How many recovery codes one generation makes.</summary>
    public const int RecoveryCodeCount = 10;

    private const string LastStepName = "TotpLastStep";
    private const string RecoveryCodesName = "RecoveryCodeHashes";
    private const string DisabledName = "Disabled";
    private const string ClosedName = "Closed";

    // 31 characters without look-alikes (0/o, 1/l/i); 12 of them ≈ 59 bits, enough for a code that is tried under the lockout.
    private const string Alphabet = "abcdefghjkmnpqrstuvwxyz23456789";

    // One gate for check-and-record: two sign-ins racing with the same code must not both see the step unused.
    private static readonly SemaphoreSlim Gate = new(1, 1);

    /// <summary>
    /// Checks a 6-digit TOTP code against the account's authenticator key (RFC 6238, SHA-1, 30 s steps, one step of clock drift either
    /// way) and records the step it matched: a code of that step or an earlier one is refused from then on.
    /// </summary>
    public static async Task<bool> VerifyTotpAsync(UserManager<ServerUser> users, ServerUser user, string code)
    {
        ArgumentNullException.ThrowIfNull(users);
        if (code.Length != 6 || !code.All(char.IsAsciiDigit) || await users.GetAuthenticatorKeyAsync(user).ConfigureAwait(false) is not { Length: > 0 } key)
        {
            return false;
        }
        var totp = new Totp(Base32Encoding.ToBytes(key));
        if (!totp.VerifyTotp(code, out long step, VerificationWindow.RfcSpecifiedNetworkDelay))
        {
            return false;
        }
        await Gate.WaitAsync().ConfigureAwait(false);
        try
        {
            string? last = await users.GetAuthenticationTokenAsync(user, Provider, LastStepName).ConfigureAwait(false);
            if (last is not null && step <= long.Parse(last, CultureInfo.InvariantCulture))
            {
                return false; // replayed within its step (or an older code after a newer one)
            }
            await users.SetAuthenticationTokenAsync(user, Provider, LastStepName, step.ToString(CultureInfo.InvariantCulture)).ConfigureAwait(false);
            return true;
        }
        finally
        {
            Gate.Release();
        }
    }

    /// <summary>Forgets the last used step (a new authenticator key starts afresh).</summary>
    public static Task ResetTotpAsync(UserManager<ServerUser> users, ServerUser user)
    {
        ArgumentNullException.ThrowIfNull(users);
        return users.RemoveAuthenticationTokenAsync(user, Provider, LastStepName);
    }

    /// <summary>Makes <see cref="RecoveryCodeCount"/> new recovery codes (<c>xxxx-xxxx-xxxx</c>), replacing any earlier ones; returns them once.</summary>
    public static async Task<IReadOnlyList<string>> NewRecoveryCodesAsync(UserManager<ServerUser> users, ServerUser user)
    {
        ArgumentNullException.ThrowIfNull(users);
        var codes = Enumerable.Range(0, RecoveryCodeCount).Select(_ =>
        {
            string s = RandomNumberGenerator.GetString(Alphabet, 12);
            return $"{s[..4]}-{s[4..8]}-{s[8..]}";
        }).ToList();
        await users.SetAuthenticationTokenAsync(user, Provider, RecoveryCodesName, string.Join(';', codes.Select(Hash))).ConfigureAwait(false);
        return codes;
    }

    /// <summary>How many unused recovery codes the account has.</summary>
    public static async Task<int> RecoveryCodesLeftAsync(UserManager<ServerUser> users, ServerUser user)
    {
        ArgumentNullException.ThrowIfNull(users);
        return Hashes(await users.GetAuthenticationTokenAsync(user, Provider, RecoveryCodesName).ConfigureAwait(false)).Count;
    }

    /// <summary>Uses a recovery code: the number left afterwards when it was one of the account's unused codes (it is then spent), else -1.</summary>
    public static async Task<int> RedeemRecoveryCodeAsync(UserManager<ServerUser> users, ServerUser user, string code)
    {
        ArgumentNullException.ThrowIfNull(users);
        string given = Hash(code);
        await Gate.WaitAsync().ConfigureAwait(false);
        try
        {
            var hashes = Hashes(await users.GetAuthenticationTokenAsync(user, Provider, RecoveryCodesName).ConfigureAwait(false));
            int found = -1;
            for (int i = 0; i < hashes.Count; i++)
            {
                // Every stored hash is compared in constant time: which position matched leaks nothing either.
                if (CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(hashes[i]), Encoding.ASCII.GetBytes(given)))
                {
                    found = i;
                }
            }
            if (found < 0)
            {
                return -1;
            }
            hashes.RemoveAt(found);
            await users.SetAuthenticationTokenAsync(user, Provider, RecoveryCodesName, string.Join(';', hashes)).ConfigureAwait(false);
            return hashes.Count;
        }
        finally
        {
            Gate.Release();
        }
    }

    /// <summary>When the registry disabled the account (and by whom), or null when it is enabled.</summary>
    public static Task<string?> DisabledAsync(UserManager<ServerUser> users, ServerUser user)
    {
        ArgumentNullException.ThrowIfNull(users);
        return users.GetAuthenticationTokenAsync(user, Provider, DisabledName);
    }

    /// <summary>
    /// Disables (<paramref name="by"/> not null) or re-enables the account. Disabling changes the security stamp, which ends every
    /// running session at its next request (the cookie is re-validated on each request); a re-enabled account signs in afresh.
    /// </summary>
    public static async Task SetDisabledAsync(UserManager<ServerUser> users, ServerUser user, string? by, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(users);
        if (by is null)
        {
            await users.RemoveAuthenticationTokenAsync(user, Provider, DisabledName).ConfigureAwait(false);
            return;
        }
        await users.SetAuthenticationTokenAsync(user, Provider, DisabledName, $"{now.UtcDateTime:O} by {by}").ConfigureAwait(false);
        await users.UpdateSecurityStampAsync(user).ConfigureAwait(false);
    }

    /// <summary>
    /// Removes the second factor: TOTP no longer asked at sign-in, the authenticator key replaced (an old app's codes stop working), the
    /// recovery codes and the last used step forgotten. The security stamp changes, so other sessions end.
    /// </summary>
    public static async Task RemoveAsync(UserManager<ServerUser> users, ServerUser user)
    {
        ArgumentNullException.ThrowIfNull(users);
        await users.SetTwoFactorEnabledAsync(user, false).ConfigureAwait(false);
        await users.ResetAuthenticatorKeyAsync(user).ConfigureAwait(false);
        await users.RemoveAuthenticationTokenAsync(user, Provider, RecoveryCodesName).ConfigureAwait(false);
        await users.RemoveAuthenticationTokenAsync(user, Provider, LastStepName).ConfigureAwait(false);
    }

    /// <summary>When the registry closed the account (and by whom), or null while it is open.</summary>
    public static Task<string?> ClosedAsync(UserManager<ServerUser> users, ServerUser user)
    {
        ArgumentNullException.ThrowIfNull(users);
        return users.GetAuthenticationTokenAsync(user, Provider, ClosedName);
    }

    /// <summary>
    /// Closes the account for good: the password and second factor are removed (nothing can sign in as it), it is disabled, and the
    /// security stamp changes so every running session ends at its next request. The account row stays, so its user name is never
    /// given to someone else and the security log's entries keep naming one person.
    /// </summary>
    public static async Task CloseAsync(UserManager<ServerUser> users, ServerUser user, string by, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(users);
        string when = $"{now.UtcDateTime:O} by {by}";
        await RemoveAsync(users, user).ConfigureAwait(false);
        if (await users.HasPasswordAsync(user).ConfigureAwait(false))
        {
            await users.RemovePasswordAsync(user).ConfigureAwait(false);
        }
        await users.SetAuthenticationTokenAsync(user, Provider, ClosedName, when).ConfigureAwait(false);
        await users.SetAuthenticationTokenAsync(user, Provider, DisabledName, "closed " + when).ConfigureAwait(false);
        await users.UpdateSecurityStampAsync(user).ConfigureAwait(false);
    }

    /// <summary>A recovery code as typed (any case, with or without dashes and spaces) normalised and hashed.</summary>
    private static string Hash(string code)
    {
        string normal = new([.. code.Where(c => c is not ('-' or ' ')).Select(char.ToLowerInvariant)]);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(normal)));
    }

    private static List<string> Hashes(string? stored) =>
        stored is null ? [] : [.. stored.Split(';', StringSplitOptions.RemoveEmptyEntries)];
}
