using Stateless.Graph;
using Stateless.Reflection;

namespace EcoLedger.Ledger;

/// <summary>State diagrams generated from the Stateless machines: Mermaid text (docs/ledger.md embeds it) and SVG pictures.</summary>
public static class LedgerDiagrams
{
    /// <summary>The project, issuance request, credit block, Article 6 authorization, corresponding adjustment and label machines, by title, as Mermaid.</summary>
    public static IReadOnlyList<(string Title, string Mermaid)> All() =>
        Machines().Select(m => (m.Title, MermaidGraph.Format(m.Info))).ToList();

    /// <summary>
    /// The files <c>ledger diagrams --out</c> writes: for each machine, <c>NAME.mmd</c> (the Mermaid text) and
    /// <c>NAME.svg</c> (the picture, <see cref="LedgerDiagramSvg"/>), NAME being the title in kebab case.
    /// </summary>
    public static IReadOnlyList<(string FileName, string Content)> Files() =>
        Machines().SelectMany(m => new[]
        {
            ($"{m.Name}.mmd", MermaidGraph.Format(m.Info).TrimEnd() + "\n"),
            ($"{m.Name}.svg", LedgerDiagramSvg.Render(m.Title, m.Info)),
        }).ToList();

    private static IEnumerable<(string Title, string Name, StateMachineInfo Info)> Machines()
    {
        var p = ProjectState.Draft;
        var r = IssuanceState.Submitted;
        var b = BlockStatus.Active;
        yield return ("Project", "project", Project.CreateMachine(() => p, s => p = s).GetInfo());
        yield return ("Issuance request", "issuance-request", IssuanceRequest.CreateMachine(() => r, s => r = s).GetInfo());
        yield return ("Credit block", "credit-block", CreditBlock.CreateMachine(() => b, s => b = s).GetInfo());
        var a = Interop.AuthorizationStatus.NotAuthorized;
        var c = Interop.AdjustmentStatus.NotRequired;
        var l = Interop.LabelState.Active;
        // The guards (withdraw only before the first transfer, complete only after it) appear as the edge labels' conditions.
        yield return ("Article 6 authorization", "article6-authorization", Interop.IssuanceArticle6.CreateAuthorizationMachine(() => a, s => a = s, () => true).GetInfo());
        yield return ("Corresponding adjustment", "corresponding-adjustment", Interop.IssuanceArticle6.CreateAdjustmentMachine(() => c, s => c = s, () => true).GetInfo());
        yield return ("Label", "label", Interop.CreditLabel.CreateMachine(() => l, s => l = s).GetInfo());
    }
}
