using System.Text;
using System.Text.Json.Nodes;
using UglyToad.PdfPig;

namespace EcoLedger.IntegrationTests.Ledger;

/// <summary>
/// <c>ledger certificate</c>: the PDF is read back as a stranger would read it (PdfPig for the text, ZXing for the QR code), and
/// the proof in the QR code is checked with <c>audit verify-proof</c> and nothing but the ledger's public key.
/// </summary>
public class RetirementCertificateTests
{
    [Fact]
    public void Should_state_the_retirement_and_carry_a_proof_in_its_QR_code_that_verifies_offline()
    {
        using var t = new LedgerTestDb();
        t.Seed();
        var retired = t.Json("ledger", "credits", "retire", "--holder", "farm", "--quantity", "50", "--beneficiary", "宜春市电力公司",
            "--purpose", "抵消2024年排放", "--request-id", "r1", "--actor", "farm");
        long seq = (long)retired["seq"]!;
        string pdf = Path.Combine(t.Dir, "cert.pdf");

        string said = t.Ok("ledger", "certificate", "--retirement", seq.ToString(System.Globalization.CultureInfo.InvariantCulture), "--out", pdf);

        Assert.Contains($"retirement certificate for event {seq} (50 t for 宜春市电力公司) written to {pdf}", said);
        var (text, qr) = ReadBack(pdf);
        var checkpoint = t.Json("audit", "checkpoint")["checkpoint"]!;
        Assert.Contains("碳汇信用注销证明", text);
        Assert.Contains("Carbon credit retirement certificate", text);
        Assert.Contains("宜春市电力公司", text);
        Assert.Contains("抵消2024年排放", text);
        Assert.Contains("已注销 50 吨二氧化碳当量 / 50 t CO2e retired", text);
        // Seed issues 1,000 t with a 10 % buffer (serials 1–100); the farm's lowest serials 101–150 are the ones retired.
        Assert.Contains(retired["payload"]!["moves"]![0]!["serial"]!.ToString() + " (50 t)", text);
        Assert.EndsWith("-101-150", retired["payload"]!["moves"]![0]!["serial"]!.ToString());
        Assert.Contains((string)retired["hash"]!, text);
        Assert.Contains((string)checkpoint["root_hash"]!, text);

        // The QR code is the proof file `audit prove` writes, byte for byte.
        string proved = Path.Combine(t.Dir, "proved.json");
        t.Ok("audit", "prove", "--event", seq.ToString(System.Globalization.CultureInfo.InvariantCulture), "--out", proved);
        Assert.Equal(File.ReadAllText(proved, Encoding.UTF8), qr + "\n");

        // A reader with only the QR code and the public key verifies it.
        string scanned = Path.Combine(t.Dir, "scanned.json");
        File.WriteAllText(scanned, qr, new UTF8Encoding(false));
        Assert.Equal($"verified: event {seq} (credits.retired) is included in the tree of size {(long)checkpoint["tree_size"]!}, root {checkpoint["root_hash"]} " +
            "(the checkpoint the proof carries, signed by the public key)",
            t.Ok("audit", "verify-proof", scanned, "--public-key", t.Path + ".pub.pem").TrimEnd());

        // A forged beneficiary in the scanned proof no longer verifies.
        File.WriteAllText(scanned, qr.Replace("宜春市电力公司", "某某公司", StringComparison.Ordinal), new UTF8Encoding(false));
        var (code, output, _) = t.Cli("audit", "verify-proof", scanned, "--public-key", t.Path + ".pub.pem");
        Assert.Equal(1, code);
        Assert.Equal($"verification FAILED: event {seq}: hash mismatch", output.TrimEnd());
    }

    [Fact]
    public void Should_verify_a_certificate_in_one_command_and_catch_a_page_reprinted_with_other_text()
    {
        using var t = new LedgerTestDb();
        t.Seed();
        var retired = t.Json("ledger", "credits", "retire", "--holder", "farm", "--quantity", "50", "--beneficiary", "宜春市电力公司",
            "--purpose", "offset", "--request-id", "r1", "--actor", "farm");
        string seq = retired["seq"]!.ToString();
        string pdf = Path.Combine(t.Dir, "cert.pdf");
        t.Ok("ledger", "certificate", "--retirement", seq, "--out", pdf);

        Assert.Equal($"verified: {pdf}: retirement event {seq} of {t.Json("audit", "checkpoint")["checkpoint"]!["ledger_id"]}, 50 t for 宜春市电力公司, " +
            $"included in the tree of size {seq}; the page prints what the proof says",
            t.Ok("audit", "verify-certificate", pdf, "--public-key", t.Path + ".pub.pem").TrimEnd());

        // A forger keeps the genuine QR code and reprints the page claiming ten times the quantity for another beneficiary.
        string forged = Path.Combine(t.Dir, "forged.pdf");
        using (var db = EcoLedger.Storage.LedgerDatabase.Open(t.Path))
        {
            var genuine = EcoLedger.Reports.Certificates.RetirementCertificates.Load(db, long.Parse(seq, System.Globalization.CultureInfo.InvariantCulture));
            using var stream = File.Create(forged);
            EcoLedger.Reports.Certificates.RetirementCertificatePdf.Write(genuine with { QuantityTonnes = 500, Beneficiary = "某某公司" }, stream);
        }
        var (code, output, _) = t.Cli("audit", "verify-certificate", forged, "--public-key", t.Path + ".pub.pem");
        Assert.Equal(1, code);
        Assert.Equal($"verification FAILED: {forged}: the page does not print the proved quantity '已注销 50 吨' (event {seq}); the text was changed after the certificate was made",
            output.TrimEnd());
    }

    [Fact]
    public void Should_refuse_a_beneficiary_or_purpose_longer_than_the_certificate_QR_code_carries()
    {
        using var t = new LedgerTestDb();
        t.Seed();

        var (code, _, err) = t.Cli("ledger", "credits", "retire", "--holder", "farm", "--quantity", "5", "--beneficiary", new string('B', 5_000),
            "--purpose", "offset", "--request-id", "r1", "--actor", "farm");
        Assert.Equal(2, code);
        Assert.Equal("error: The beneficiary (--beneficiary) is printed on the retirement certificate and carried in its QR code: expected at most 100 characters, found 5000.",
            err.TrimEnd());

        (code, _, err) = t.Cli("ledger", "credits", "retire", "--holder", "farm", "--quantity", "5", "--beneficiary", "宜春市电力公司",
            "--purpose", new string('排', 101), "--request-id", "r1", "--actor", "farm");
        Assert.Equal(2, code);
        Assert.Equal("error: The purpose (--purpose) is printed on the retirement certificate and carried in its QR code: expected at most 100 characters, found 101.",
            err.TrimEnd());
        // Nothing was written: the request id is still free.
        t.Ok("ledger", "credits", "retire", "--holder", "farm", "--quantity", "5", "--beneficiary", "b", "--purpose", "p", "--request-id", "r1", "--actor", "farm");
    }

    [Fact]
    public void Should_carry_the_proof_in_the_QR_code_when_beneficiary_and_purpose_are_at_their_longest()
    {
        // 100 Chinese characters each: 600 bytes of UTF-8 in a proof file the QR code must hold whole (at most 2,331 bytes).
        using var t = new LedgerTestDb();
        t.Seed();
        string beneficiary = string.Concat(Enumerable.Repeat("宜春市电力公司", 15))[..100];
        string purpose = new('排', 100);
        var retired = t.Json("ledger", "credits", "retire", "--holder", "farm", "--quantity", "5", "--beneficiary", beneficiary, "--purpose", purpose,
            "--request-id", "r1", "--actor", "farm");
        string seq = retired["seq"]!.ToString();
        string pdf = Path.Combine(t.Dir, "cert.pdf");
        t.Ok("ledger", "certificate", "--retirement", seq, "--out", pdf);

        Assert.StartsWith($"verified: {pdf}: retirement event {seq} of ", t.Ok("audit", "verify-certificate", pdf, "--public-key", t.Path + ".pub.pem"), StringComparison.Ordinal);
    }

    [Fact]
    public void Should_refuse_an_event_that_is_not_a_retirement_and_write_nothing()
    {
        using var t = new LedgerTestDb();
        t.Seed();
        var moved = t.Json("ledger", "credits", "transfer", "--from", "farm", "--to", "buyer", "--quantity", "5", "--request-id", "t1", "--actor", "farm");
        string pdf = Path.Combine(t.Dir, "cert.pdf");

        var (code, _, err) = t.Cli("ledger", "certificate", "--retirement", moved["seq"]!.ToString(), "--out", pdf);

        Assert.Equal(2, code);
        Assert.Equal($"error: event {moved["seq"]} is a credits.transferred event, not a retirement (credits.retired); a certificate is only made for a retirement.", err.TrimEnd());
        Assert.False(File.Exists(pdf));
    }

    [Fact]
    public void Should_refuse_to_overwrite_a_file_without_force_and_never_the_ledger()
    {
        using var t = new LedgerTestDb();
        t.Seed();
        var retired = t.Json("ledger", "credits", "retire", "--holder", "farm", "--quantity", "5", "--beneficiary", "b", "--purpose", "p", "--request-id", "r5", "--actor", "farm");
        string seq = retired["seq"]!.ToString();
        string pdf = Path.Combine(t.Dir, "cert.pdf");
        File.WriteAllText(pdf, "keep");

        var (code, _, err) = t.Cli("ledger", "certificate", "--retirement", seq, "--out", pdf);
        Assert.Equal(2, code);
        Assert.Equal($"error: --out: {pdf} exists; pass --force to overwrite it.", err.TrimEnd());
        Assert.Equal("keep", File.ReadAllText(pdf));

        Assert.Equal(2, t.Cli("ledger", "certificate", "--retirement", seq, "--out", t.Path + ".key.pem", "--force").Code);
        t.Ok("ledger", "certificate", "--retirement", seq, "--out", pdf, "--force");
        Assert.StartsWith("%PDF-", File.ReadAllText(pdf, Encoding.Latin1));
    }

    [Fact]
    public void Should_read_back_every_QR_code_it_draws_for_proof_sized_payloads()
    {
        // Random proof-like payloads of 1,500–2,300 bytes (QR versions 34–40 at level M), drawn as the certificate draws them:
        // ZXing's finder-pattern detector alone missed 13 of 60 such codes; the reader the verifier uses must read all.
        var random = new Random(20261206);
        for (int i = 0; i < 25; i++)
        {
            var text = new StringBuilder("{\"beneficiary\":\"宜春市电力公司\",\"hash\":\"");
            int length = random.Next(1_500, 2_250);
            while (Encoding.UTF8.GetByteCount(text.ToString()) < length)
            {
                text.Append("0123456789abcdef"[random.Next(16)]);
            }
            text.Append("\"}");
            string payload = text.ToString();
            var data = new QRCoder.QRCodeGenerator().CreateQrCode(payload, QRCoder.QRCodeGenerator.ECCLevel.M, forceUtf8: true, utf8BOM: false,
                QRCoder.QRCodeGenerator.EciMode.Utf8);
            Assert.Equal(payload, EcoLedger.Reports.Certificates.CertificateVerifier.DecodeQr(new QRCoder.BitmapByteQRCode(data).GetGraphic(4)));
        }
    }

    /// <summary>The page's text and the decoded payload of its one image, a QR code.</summary>
    private static (string Text, string Qr) ReadBack(string pdf)
    {
        using var doc = PdfDocument.Open(pdf);
        Assert.Equal(1, doc.NumberOfPages);
        var page = doc.GetPage(1);
        var image = Assert.Single(page.GetImages());
        Assert.True(image.TryGetPng(out byte[]? png));
        string? qr = EcoLedger.Reports.Certificates.CertificateVerifier.DecodeQr(png);
        Assert.NotNull(qr);
        // Words of the page joined by spaces: PdfPig's Text runs the text of different lines together.
        string text = string.Join(" ", page.GetWords().Select(w => w.Text));
        return (text, qr);
    }
}
