using Stateless.Graph;

namespace EcoLedger.Ledger;

/// <summary>Mermaid state diagrams generated from the Stateless machines (docs/ledger.md embeds them).</summary>
public static class LedgerDiagrams
{
    /// <summary>The project, issuance request and credit block machines, by title.</summary>
    public static IReadOnlyList<(string Title, string Mermaid)> All()
    {
        var p = ProjectState.Draft;
        var r = IssuanceState.Submitted;
        var b = BlockStatus.Active;
        return
        [
            ("Project", MermaidGraph.Format(Project.CreateMachine(() => p, s => p = s).GetInfo())),
            ("Issuance request", MermaidGraph.Format(IssuanceRequest.CreateMachine(() => r, s => r = s).GetInfo())),
            ("Credit block", MermaidGraph.Format(CreditBlock.CreateMachine(() => b, s => b = s).GetInfo())),
        ];
    }
}
