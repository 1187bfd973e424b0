using EcoLedger.Server.Auth;
using EcoLedger.Server.Hosting;
using EcoLedger.Server.Http;
using Microsoft.EntityFrameworkCore;

namespace EcoLedger.Server.Endpoints;

/// <summary>The check a new API token and a new account share before they are given roles (<see cref="ServerRoles.Check"/>).</summary>
internal static class RoleGrants
{
    /// <summary>
    /// Why <paramref name="roles"/> may not be given to a new token or account for the participant <paramref name="participantId"/>
    /// (read from the ledger), as a 400 problem naming the member it is about (<c>participant</c> or <c>roles</c>); null when they may.
    /// </summary>
    /// <param name="host">The ledger, to read the participant from.</param>
    /// <param name="roles">The roles asked for (duplicates removed).</param>
    /// <param name="participantId">The participant asked for, or null.</param>
    /// <param name="holder">What is being made, as the messages name it: <c>token</c> or <c>account</c>.</param>
    public static async Task<IResult?> RefuseAsync(LedgerHost host, IReadOnlyList<string> roles, string? participantId, string holder)
    {
        ArgumentNullException.ThrowIfNull(host);
        var participant = participantId is null ? null : await host.UseAsync(db =>
        {
            using var ctx = db.NewContext();
            return ctx.Participants.AsNoTracking().SingleOrDefault(p => p.Id == participantId);
        }).ConfigureAwait(false);
        return ServerRoles.Check(roles, participant, participantId, holder) is { } refusal
            ? Problems.BadInput(refusal.Contains("(participant)", StringComparison.Ordinal) ? "participant" : "roles", refusal)
            : null;
    }
}
