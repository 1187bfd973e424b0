using Stateless.Graph;
using Stateless.Reflection;

namespace EcoLedger.Ledger.Interop;

/// <summary>
/// State diagrams of the interoperability machines (Article 6 authorization, corresponding adjustment, label), as
/// <see cref="LedgerDiagrams"/> draws the ledger's; <c>ledger diagrams</c> prints both. The guards (withdraw only before the first
/// transfer, complete only after it) appear in brackets on their edges.
/// </summary>
public static class InteropDiagrams
{
    /// <summary>The machines by title, as Mermaid.</summary>
    public static IReadOnlyList<(string Title, string Mermaid)> All() =>
        Machines().Select(m => (m.Title, MermaidGraph.Format(m.Info))).ToList();

    /// <summary>The files <c>ledger diagrams --out</c> writes for these machines (<c>NAME.mmd</c>, <c>NAME.svg</c>).</summary>
    public static IReadOnlyList<(string FileName, string Content)> Files() =>
        Machines().SelectMany(m => new[]
        {
            ($"{m.Name}.mmd", MermaidGraph.Format(m.Info).TrimEnd() + "\n"),
            ($"{m.Name}.svg", LedgerDiagramSvg.Render(m.Title, m.Info)),
        }).ToList();

    private static IEnumerable<(string Title, string Name, StateMachineInfo Info)> Machines()
    {
        var a = AuthorizationStatus.NotAuthorized;
        var c = AdjustmentStatus.NotRequired;
        var l = LabelState.Active;
        yield return ("Article 6 authorization", "article6-authorization", IssuanceArticle6.CreateAuthorizationMachine(() => a, s => a = s, () => true).GetInfo());
        yield return ("Corresponding adjustment", "corresponding-adjustment", IssuanceArticle6.CreateAdjustmentMachine(() => c, s => c = s, () => true).GetInfo());
        yield return ("Label", "label", CreditLabel.CreateMachine(() => l, s => l = s).GetInfo());
    }
}
