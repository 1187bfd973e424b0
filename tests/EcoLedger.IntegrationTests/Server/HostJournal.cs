using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using EcoLedger.Storage;

namespace EcoLedger.IntegrationTests.Server;

/// <summary>
/// A journal as the two hosts are compared: the server journals an acceptance naming its credential (<c>token:ID</c>, <c>account:ID</c>)
/// ahead of every event it makes, the CLI only when a request id or a signature needs one. Without those credential-only acceptances and
/// the <c>credential</c> member, the entries of both hosts must be the same (actor, kind, payload).
/// </summary>
internal static partial class HostJournal
{
    /// <summary>Every entry of the ledger at <paramref name="path"/>.</summary>
    public static List<(long Seq, string Actor, string Kind, string Payload)> Of(string path)
    {
        using var db = LedgerDatabase.Open(path);
        return db.JournalEntries().Select(e => (e.Seq, e.Actor, e.Kind, e.Payload)).ToList();
    }

    /// <summary>The entries without what only the server records: acceptances that exist for the credential alone, and the credential.</summary>
    public static List<(string Actor, string Kind, string Payload)> WithoutCredentials(IEnumerable<(long Seq, string Actor, string Kind, string Payload)> entries) =>
        entries.Where(e => !(e.Kind == "command.accepted" && CredentialOnly(e.Payload)))
            .Select(e => (e.Actor, e.Kind, e.Kind == "command.accepted" ? CredentialMember().Replace(e.Payload, "") : e.Payload))
            .ToList();

    /// <summary>The credential each event (other than the ledger's own) was made with: the acceptance just before it names it.</summary>
    public static IEnumerable<(string Actor, string Kind, string? Credential)> Credentials(IReadOnlyList<(long Seq, string Actor, string Kind, string Payload)> entries)
    {
        for (int i = 0; i < entries.Count; i++)
        {
            if (entries[i].Kind == "command.accepted" || entries[i].Actor == "system")
            {
                continue;
            }
            string? credential = i > 0 && entries[i - 1].Kind == "command.accepted"
                ? JsonNode.Parse(entries[i - 1].Payload)!["credential"]?.GetValue<string>()
                : null;
            yield return (entries[i].Actor, entries[i].Kind, credential);
        }
    }

    private static bool CredentialOnly(string payload)
    {
        var node = JsonNode.Parse(payload)!;
        return node["credential"] is not null && node["request_id"] is null && node["signature"] is null;
    }

    [GeneratedRegex(",\"credential\":\"[^\"]*\"")]
    private static partial Regex CredentialMember();
}
