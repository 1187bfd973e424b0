using EcoLedger.Ledger;

namespace EcoLedger.Tests.Ledger;

public class LedgerDiagramsTests
{
    [Fact]
    public void Should_match_the_diagrams_in_the_docs_with_the_state_machines()
    {
        string doc = File.ReadAllText(Path.Combine(TestPaths.RepoRoot, "docs", "ledger.md")).ReplaceLineEndings("\n");

        foreach (var (title, mermaid) in LedgerDiagrams.All().Concat(EcoLedger.Ledger.Interop.InteropDiagrams.All()))
        {
            Assert.Contains($"#### {title}\n\n```mermaid\n{mermaid.TrimEnd().ReplaceLineEndings("\n")}\n```", doc);
        }
    }

    [Fact]
    public void Should_draw_every_block_transition()
    {
        var block = LedgerDiagrams.All().Single(d => d.Title == "Credit block").Mermaid;
        foreach (var line in new[] { "Active --> Pledged : Pledge", "Pledged --> Active : Release", "Active --> Frozen : Freeze",
                     "Frozen --> Active : Unfreeze", "Active --> Retired : Retire", "Active --> Cancelled : Cancel" })
        {
            Assert.Contains(line, block);
        }
    }
}
