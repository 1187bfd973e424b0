namespace EcoLedger.Ledger;

/// <summary>
/// Names the journal event kind(s) a payload record is stored under. <see cref="Journal.PayloadType"/> finds payload types by this
/// attribute, so the journal reads the events of every module (credits, compensation, pricing) without depending on any of them.
/// </summary>
/// <param name="kind">The event kind, e.g. <c>credits.transferred</c>.</param>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class EventKindAttribute(string kind) : Attribute
{
    /// <summary>The event kind.</summary>
    public string Kind { get; } = kind;
}

/// <summary>
/// An event of a module built on the ledger (compensation, pricing): it changes no credit block, so <see cref="LedgerApplier"/> skips it
/// and the module's own applier replays it.
/// </summary>
public interface IModuleEvent;
