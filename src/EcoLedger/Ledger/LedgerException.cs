using EcoLedger.IO;

namespace EcoLedger.Ledger;

/// <summary>
/// A ledger command was refused: an illegal transition, a missing role, an unknown participant, too few credits.
/// The message is a full sentence naming the state, the trigger and the actor where they apply; nothing was written.
/// </summary>
public sealed class LedgerException(string message) : Exception(message)
{
    /// <summary>The input fields the refusal is about (the command record's properties, snake case); empty for other refusals.</summary>
    public IReadOnlyList<string> Fields { get; private init; } = [];

    private string? Template { get; init; }

    /// <summary>
    /// The input problems a refusal of file input lists (file, row, field, expectation), one per line of <see cref="Exception.Message"/>;
    /// empty for other refusals. A host that also has syntax problems of the same file lists both in one report.
    /// </summary>
    public IReadOnlyList<InputProblem> Problems { get; init; } = [];

    /// <summary>True when a request id came back with a different command: an idempotency conflict (the server answers 409), not a refusal of the command itself.</summary>
    public bool IsRequestIdReuse { get; private init; }

    /// <summary>A request id repeated with a different command than the one journaled as entry <paramref name="seq"/>.</summary>
    public static LedgerException RequestIdReused(string requestId, long seq) =>
        new($"Request id '{requestId}' was already used for a different command (journal entry {seq}); nothing was written.") { IsRequestIdReuse = true };

    /// <summary>
    /// A refusal about input fields. The template names each as <c>{field}</c> (e.g. <c>{counterparty}</c>);
    /// <see cref="Exception.Message"/> shows the fields' domain names, and each host shows its own (<see cref="Describe"/>: the CLI
    /// an option, the server a JSON member), so no domain message names a command-line flag.
    /// </summary>
    /// <param name="template">The sentence, with <c>{field}</c> where each field is named.</param>
    /// <param name="fields">The fields, as the command record names them in snake case.</param>
    public static LedgerException ForFields(string template, params string[] fields)
    {
        ArgumentNullException.ThrowIfNull(template);
        ArgumentNullException.ThrowIfNull(fields);
        return new LedgerException(Fill(template, fields, f => f)) { Fields = fields, Template = template };
    }

    /// <summary>The message with the fields named as the host names them (<paramref name="nameOf"/> maps a field to a host name).</summary>
    public string Describe(Func<string, string> nameOf)
    {
        ArgumentNullException.ThrowIfNull(nameOf);
        return Template is null ? Message : Fill(Template, Fields, nameOf);
    }

    private static string Fill(string template, IEnumerable<string> fields, Func<string, string> nameOf) =>
        fields.Aggregate(template, (t, f) => t.Replace("{" + f + "}", nameOf(f), StringComparison.Ordinal));

    /// <summary>
    /// For a trigger the state machine does not permit in the current state, e.g.
    /// <c>Project 'P1' is in state 'draft', where trigger 'validate' is not allowed (actor 'v1').</c>
    /// </summary>
    /// <param name="trigger">Trigger name (snake case).</param>
    /// <param name="subject">Lower-case subject, e.g. <c>project 'P1'</c>.</param>
    /// <param name="state">State name (snake case).</param>
    /// <param name="actor">Acting participant id.</param>
    public static LedgerException IllegalTransition(string trigger, string subject, string state, string actor) =>
        new($"{Capitalize(subject)} is in state '{state}', where trigger '{trigger}' is not allowed (actor '{actor}').");

    /// <summary>
    /// For an actor whose role does not allow the trigger, e.g.
    /// <c>Actor 'h1' (role 'holder') may not fire trigger 'validate' on project 'P1' in state 'submitted': it requires role 'verifier'.</c>
    /// </summary>
    public static LedgerException MissingRole(string trigger, string subject, string state, Participant actor, string requirement) =>
        new($"Actor '{actor.Id}' (role '{actor.Role.Name()}') may not fire trigger '{trigger}' on {subject} in state '{state}': it requires {requirement}.");

    private static string Capitalize(string s) => s.Length == 0 ? s : char.ToUpperInvariant(s[0]) + s[1..];
}
