using System.Text.RegularExpressions;
using System.Xml.Linq;
using EcoLedger.Ledger;

namespace EcoLedger.IntegrationTests.Ledger;

/// <summary><c>ledger diagrams --out DIR</c>: the Mermaid text and an SVG picture of each state machine, never overwriting by accident.</summary>
public sealed partial class LedgerDiagramsCliTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("ecoledger-diagrams-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Writes_an_svg_with_every_state_and_transition_of_each_machine_beside_its_mermaid()
    {
        string outDir = Path.Combine(_dir, "diagrams");

        var r = CliRunner.Run("ledger", "diagrams", "--out", outDir);

        Assert.True(r.ExitCode == 0, r.Err);
        Assert.Equal(["article6-authorization.mmd", "article6-authorization.svg", "corresponding-adjustment.mmd", "corresponding-adjustment.svg",
            "credit-block.mmd", "credit-block.svg", "issuance-request.mmd", "issuance-request.svg", "label.mmd", "label.svg", "project.mmd", "project.svg"],
            Directory.GetFiles(outDir).Select(f => Path.GetFileName(f)!).Order(StringComparer.Ordinal).ToArray());
        var mermaid = LedgerDiagrams.All().Concat(EcoLedger.Ledger.Interop.InteropDiagrams.All()).ToDictionary(d => d.Title, d => d.Mermaid);
        foreach (var (title, name) in new[]
        {
            ("Project", "project"), ("Issuance request", "issuance-request"), ("Credit block", "credit-block"),
            ("Article 6 authorization", "article6-authorization"), ("Corresponding adjustment", "corresponding-adjustment"), ("Label", "label"),
        })
        {
            string mmd = File.ReadAllText(Path.Combine(outDir, name + ".mmd"));
            Assert.Equal(mermaid[title].TrimEnd() + "\n", mmd);
            var expected = Transition().Matches(mmd).Select(m => (m.Groups[1].Value, m.Groups[2].Value, m.Groups[3].Value)).ToHashSet();
            var states = expected.SelectMany(t => new[] { t.Item1, t.Item2 }).ToHashSet();
            Assert.NotEmpty(expected);

            // Well-formed XML (XDocument.Parse throws otherwise), titled, one box per state, one labelled arrow per transition.
            var svg = XDocument.Parse(File.ReadAllText(Path.Combine(outDir, name + ".svg")));
            XNamespace ns = "http://www.w3.org/2000/svg";
            Assert.Equal(ns + "svg", svg.Root!.Name);
            Assert.Equal(title, svg.Root.Element(ns + "title")!.Value);
            var boxes = svg.Descendants(ns + "g").Where(g => (string?)g.Attribute("class") == "state").ToList();
            Assert.Equal(states.Order(StringComparer.Ordinal), boxes.Select(g => (string)g.Attribute("data-state")!).Order(StringComparer.Ordinal));
            Assert.All(boxes, g => Assert.Equal((string)g.Attribute("data-state")!, g.Element(ns + "text")!.Value));
            var drawn = svg.Descendants(ns + "g").Where(g => (string?)g.Attribute("class") == "transition")
                .SelectMany(g => g.Elements(ns + "text").Select(t => ((string)g.Attribute("data-from")!, (string)g.Attribute("data-to")!, t.Value)))
                .ToHashSet();
            Assert.Equal(expected.Order(), drawn.Order());
            Assert.Equal(1, svg.Descendants(ns + "g").Count(g => (string?)g.Attribute("class") == "initial"));
        }
        Assert.Contains("wrote 12 diagram files to", r.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void Refuses_to_overwrite_diagram_files_without_force()
    {
        string outDir = Path.Combine(_dir, "diagrams");
        Assert.Equal(0, CliRunner.Run("ledger", "diagrams", "--out", outDir).ExitCode);
        string svg = Path.Combine(outDir, "credit-block.svg");
        File.WriteAllText(svg, "kept");

        var refused = CliRunner.Run("ledger", "diagrams", "--out", outDir);

        Assert.Equal(2, refused.ExitCode);
        Assert.Equal($"error: {Path.Combine(outDir, "project.mmd")}: file exists; pass --force to overwrite the diagram files in {outDir}.", refused.Err.Trim());
        Assert.Equal("kept", File.ReadAllText(svg));

        var forced = CliRunner.Run("ledger", "diagrams", "--out", outDir, "--force");

        Assert.Equal(0, forced.ExitCode);
        Assert.StartsWith("<svg xmlns=\"http://www.w3.org/2000/svg\"", File.ReadAllText(svg), StringComparison.Ordinal);
    }

    [Fact]
    public void Refuses_an_out_path_that_is_a_file()
    {
        string file = Path.Combine(_dir, "not-a-folder");
        File.WriteAllText(file, "");

        var r = CliRunner.Run("ledger", "diagrams", "--out", file);

        Assert.Equal(2, r.ExitCode);
        Assert.Equal($"error: --out: {file} is a file; expected a folder for the diagram files.", r.Err.Trim());
    }

    [Fact]
    public void Prints_the_mermaid_without_out()
    {
        var r = CliRunner.Run("ledger", "diagrams");

        Assert.Equal(0, r.ExitCode);
        Assert.Contains("```mermaid\nstateDiagram-v2\n\tActive --> Active : Transfer", r.Out.ReplaceLineEndings("\n"), StringComparison.Ordinal);
    }

    [GeneratedRegex(@"^\s*(\w+) --> (\w+) : (\w+)( \[[^\]]*\])?\s*$", RegexOptions.Multiline)]
    private static partial Regex Transition();
}
