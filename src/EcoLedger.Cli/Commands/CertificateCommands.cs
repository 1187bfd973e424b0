using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using EcoLedger.Cli.Hosting;
using EcoLedger.Reports.Certificates;

namespace EcoLedger.Cli.Commands;

/// <summary><c>ledger certificate</c>: the PDF certificate of one retirement, carrying its inclusion proof in a QR code.</summary>
internal static class CertificateCommands
{
    public static Command Certificate(LedgerCli ctx)
    {
        var retirement = new Option<long>("--retirement") { Description = "The retirement's journal sequence number (printed by credits retire; see ledger history).", Required = true };
        var output = new Option<string>("--out") { Description = "The PDF file to write.", Required = true };
        var force = new Option<bool>("--force") { Description = "Overwrite --out when it exists." };
        var c = new Command("certificate", "Write a retirement certificate (PDF, Chinese and English) whose QR code carries the retirement's inclusion proof.")
        {
            retirement, output, force,
        };
        c.SetAction(r => ctx.Guard(() =>
        {
            string path = r.GetValue(output)!;
            ctx.RefuseOverwrite(r, path, "--out");
            if (File.Exists(path) && !r.GetValue(force))
            {
                throw new CliException($"--out: {path} exists; pass --force to overwrite it.");
            }
            if (Directory.Exists(path))
            {
                throw new CliException($"--out: {path} is a folder; expected a PDF file name.");
            }
            using var db = ctx.Open(r);
            var certificate = RetirementCertificates.Load(db, r.GetValue(retirement));
            string? dir = Path.GetDirectoryName(Path.GetFullPath(path));
            if (dir is not null)
            {
                Directory.CreateDirectory(dir);
            }
            EcoLedger.IO.AtomicFile.Write(path, temp =>
            {
                using var stream = File.Create(temp);
                RetirementCertificatePdf.Write(certificate, stream);
            });
            bool carriesProof = certificate.ProofJson.Length <= RetirementCertificatePdf.MaxQrProofBytes;
            if (r.GetValue(ctx.Json))
            {
                LedgerCommands.WriteJson(ctx.Io, new JsonObject
                {
                    ["file"] = path,
                    ["event"] = certificate.EventSeq,
                    ["event_hash"] = certificate.EventHash,
                    ["quantity"] = certificate.QuantityTonnes,
                    ["tree_size"] = certificate.Checkpoint.Checkpoint.TreeSize,
                    ["root_hash"] = certificate.Checkpoint.Checkpoint.RootHash,
                    ["qr_carries_proof"] = carriesProof,
                });
            }
            else
            {
                string qr = carriesProof
                    ? string.Create(CultureInfo.InvariantCulture, $"its QR code carries the inclusion proof against the checkpoint at tree size {certificate.Checkpoint.Checkpoint.TreeSize}")
                    : "the proof is too large for a QR code, which names the event and checkpoint instead (audit prove --event gives the proof)";
                ctx.Io.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"retirement certificate for event {certificate.EventSeq} ({certificate.QuantityTonnes:N0} t for {certificate.Beneficiary ?? "no beneficiary"}) written to {path}; {qr}"));
            }
            return 0;
        }));
        return c;
    }
}
