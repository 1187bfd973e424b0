using Stateless.Graph;
using Stateless.Reflection;

namespace EcoLedger.Ledger;

/// <summary>State diagrams generated from the Stateless machines: Mermaid text (docs/ledger.md embeds it) and SVG pictures.</summary>
public static class LedgerDiagrams
{
    /// <summary>The project, issuance request and credit block machines, by title, as Mermaid.</summary>
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
    }
}
