using System.Security.Cryptography;
using System.Text.Json.Nodes;
using EcoLedger.Audit;

namespace EcoLedger.IntegrationTests.Ledger;

/// <summary><c>ledger export public</c>: the public issuance and retirement files, tied to a signed checkpoint.</summary>
public class PublicExportTests
{
    [Fact]
    public void Should_list_issuances_and_retirements_with_hashes_and_the_checkpoint_every_row_can_be_proved_against()
    {
        using var t = new LedgerTestDb();
        t.Seed(); // P1 (region YC), 1,000 t of vintage 2023 with a 10 % buffer: serials 1–100 to the buffer pool, 101–1000 to farm
        var retired = t.Json("ledger", "credits", "retire", "--holder", "farm", "--quantity", "50", "--beneficiary", "Yichun, \"Power\" Co",
            "--purpose", "offset", "--request-id", "r1", "--actor", "farm");
        string dir = Path.Combine(t.Dir, "public");

        var result = t.Json("ledger", "export", "public", "--out", dir);

        var issuances = JsonNode.Parse(File.ReadAllText(Path.Combine(dir, "issuances.json")))!.AsArray();
        var issuance = Assert.Single(issuances)!;
        Assert.Equal("ECO-YC-P1-20230101-20231231-1-1000", (string)issuance["serial_range"]!);
        Assert.Equal(1000, (long)issuance["quantity"]!);
        Assert.Equal(100, (long)issuance["buffer"]!);
        string seq = retired["seq"]!.ToString();
        // The beneficiary's comma and quotes are quoted as RFC 4180 says; the row ends with the event hash.
        Assert.Equal(
            $"{seq},{retired["time"]},P1,2023-01-01,2023-12-31,ECO-YC-P1-20230101-20231231-101-150,50,\"Yichun, \"\"Power\"\" Co\",offset,farm,{retired["hash"]}",
            File.ReadAllLines(Path.Combine(dir, "retirements.csv"))[1]);

        var manifest = JsonNode.Parse(File.ReadAllText(Path.Combine(dir, "manifest.json")))!;
        Assert.Equal("ecoledger-public-export/v1", (string)manifest["type"]!);
        foreach (var f in manifest["files"]!.AsArray())
        {
            Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(Path.Combine(dir, (string)f!["file"]!)))), (string)f["sha256"]!);
        }
        Assert.Equal(4, result["files"]!.AsArray().Count);
        var checkpoint = SignedCheckpoint.Parse(System.Text.Encoding.UTF8.GetBytes(manifest["checkpoint"]!.ToJsonString()));
        Assert.True(checkpoint.VerifySignature(File.ReadAllText(t.Path + ".pub.pem")));
        Assert.Equal((long)retired["seq"]!, checkpoint.Checkpoint.TreeSize); // the retirement was the last event

        // The retirement row proves against the manifest's checkpoint.
        string cp = Path.Combine(t.Dir, "cp.json");
        checkpoint.Save(cp);
        string proof = Path.Combine(t.Dir, "proof.json");
        t.Ok("audit", "prove", "--event", seq, "--out", proof);
        Assert.StartsWith($"verified: event {seq} (credits.retired)", t.Ok("audit", "verify-proof", proof, "--checkpoint", cp));

        // The export is a function of the checkpoint: the same bytes again.
        string again = Path.Combine(t.Dir, "again");
        t.Ok("ledger", "export", "public", "--out", again);
        foreach (string name in new[] { "issuances.csv", "issuances.json", "retirements.csv", "retirements.json", "manifest.json" })
        {
            Assert.Equal(File.ReadAllBytes(Path.Combine(dir, name)), File.ReadAllBytes(Path.Combine(again, name)));
        }
    }
}
