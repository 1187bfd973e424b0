using EcoLedger.Ledger;

namespace EcoLedger.Tests.Ledger;

public class LedgerDiagramsTests
{
    [Fact]
    public void Should_match_the_diagrams_in_the_docs_with_the_state_machines()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "EcoLedger.sln")))
        {
            dir = dir.Parent;
        }
        Assert.NotNull(dir);
        string doc = File.ReadAllText(Path.Combine(dir.FullName, "docs", "ledger.md")).ReplaceLineEndings("\n");

        foreach (var (title, mermaid) in LedgerDiagrams.All())
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
