using System.Globalization;
using System.Text;
using PdfSharp.Drawing;
using PdfSharp.Fonts;
using PdfSharp.Pdf;
using QRCoder;

namespace EcoLedger.Reports.Certificates;

/// <summary>
/// Writes a retirement certificate as a one-page A4 PDF in Chinese and English (PDFsharp), with a QR code that carries the
/// retirement's inclusion proof file byte for byte (UTF-8, ECI mode), so anyone can check it offline with
/// <c>ecoledger audit verify-proof</c> and the ledger's public key. Layout and verification steps: methodology/audit.md §13.
/// </summary>
public static class RetirementCertificatePdf
{
    /// <summary>The largest proof (bytes) a version-40 QR code at error-correction level M holds; a larger one gets a reference instead.</summary>
    public const int MaxQrProofBytes = 2_331;

    private const double PageMargin = 48;
    private const double LabelWidth = 150;
    private const double QrSize = 270;
    private static readonly XColor Ink = XColor.FromArgb(0x1f, 0x29, 0x37);
    private static readonly XColor Muted = XColor.FromArgb(0x55, 0x60, 0x70);
    private static readonly XColor Accent = XColor.FromArgb(0x1b, 0x6e, 0x3c);

    static RetirementCertificatePdf()
    {
        // PDFsharp's Core build finds no system fonts on Linux; the certificate draws with the font the reports ship, so it looks
        // the same on every machine and carries its Chinese glyphs inside the PDF.
        GlobalFontSettings.FontResolver ??= new ShippedFontResolver();
    }

    /// <summary>What the QR code of a certificate encodes: the proof file, or (when too large) a reference to fetch it with.</summary>
    public static string QrPayload(RetirementCertificate certificate)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        return certificate.ProofJson.Length <= MaxQrProofBytes
            ? Encoding.UTF8.GetString(certificate.ProofJson)
            : string.Create(CultureInfo.InvariantCulture,
                $"ecoledger-retirement/v1 ledger={certificate.LedgerId} event={certificate.EventSeq} hash={certificate.EventHash} tree_size={certificate.Checkpoint.Checkpoint.TreeSize} root={certificate.Checkpoint.Checkpoint.RootHash}");
    }

    /// <summary>The quantity as the page states it (<c>已注销 87,209 吨</c>); <see cref="CertificateVerifier"/> looks for the same words.</summary>
    public static string QuantityClaim(RetirementCertificate certificate)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        return $"已注销 {certificate.QuantityTonnes.ToString("N0", CultureInfo.InvariantCulture)} 吨";
    }

    /// <summary>
    /// PDFsharp tags each embedded font subset with six random letters (PDF 32000-1 §9.6.4 asks only that different subsets of a file get
    /// different tags); the tag here is drawn from the font's name instead, so that the file's bytes depend on the certificate alone.
    /// </summary>
    private static void StableSubsetTags(PdfDocument doc)
    {
        var seen = new HashSet<PdfDictionary>(ReferenceEqualityComparer.Instance);
        var queue = new Queue<PdfDictionary>(doc.Internals.GetAllObjects().OfType<PdfDictionary>());
        while (queue.TryDequeue(out var d))
        {
            if (!seen.Add(d))
            {
                continue;
            }
            foreach (string key in (string[])["/BaseFont", "/FontName"])
            {
                if (d.Elements.GetName(key) is { Length: > 8 } name && name[0] == '/' && name[7] == '+' && name[1..7].All(char.IsAsciiLetterUpper))
                {
                    byte[] hash = System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(name[8..]));
                    d.Elements.SetName(key, "/" + string.Concat(hash.Take(6).Select(b => (char)('A' + b % 26))) + name[7..]);
                }
            }
            if (d.Elements.GetDictionary("/FontDescriptor") is { } descriptor)
            {
                queue.Enqueue(descriptor);
            }
            if (d.Elements.GetArray("/DescendantFonts") is { } descendants)
            {
                foreach (var item in descendants.Elements)
                {
                    if ((item is PdfSharp.Pdf.Advanced.PdfReference r ? r.Value : item) is PdfDictionary child)
                    {
                        queue.Enqueue(child);
                    }
                }
            }
        }
    }

    /// <summary>
    /// PDFsharp writes random UUIDs as the XMP metadata's document and instance ids (in the uncompressed metadata stream); they are
    /// replaced in place, same length, by UUIDs drawn from the event hash, so no cross-reference offset moves.
    /// </summary>
    private static void StableXmpIds(byte[] pdf, string eventHash)
    {
        foreach (string element in (string[])["<xmpMM:DocumentID>uuid:", "<xmpMM:InstanceID>uuid:"])
        {
            byte[] marker = Encoding.ASCII.GetBytes(element);
            int at = pdf.AsSpan().IndexOf(marker);
            if (at < 0 || at + marker.Length + 36 > pdf.Length)
            {
                continue;
            }
            byte[] hash = System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(element + eventHash));
            string uuid = new Guid(hash.AsSpan(0, 16)).ToString("D", CultureInfo.InvariantCulture);
            Encoding.ASCII.GetBytes(uuid).CopyTo(pdf, at + marker.Length);
        }
    }

    /// <summary>Writes the certificate to <paramref name="output"/>.</summary>
    public static void Write(RetirementCertificate certificate, Stream output)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        ArgumentNullException.ThrowIfNull(output);
        var c = certificate;
        using var doc = new PdfDocument();
        doc.Info.Title = $"Retirement certificate {c.LedgerId} #{c.EventSeq}";
        doc.Info.Subject = "碳汇信用注销证明 / Carbon credit retirement certificate";
        doc.Info.Creator = "EcoLedger";
        // The same retirement and checkpoint give the same bytes, whoever makes the file (the CLI or the server): the dates are the
        // retirement's time, not the clock, and the file identifier is drawn from the event hash, not a random GUID.
        doc.Info.CreationDate = c.RetiredAt.UtcDateTime;
        doc.Info.ModificationDate = c.RetiredAt.UtcDateTime;
        string id = System.Text.Encoding.Latin1.GetString(Convert.FromHexString(c.EventHash[..32]));
        doc.Internals.FirstDocumentID = id;
        doc.Internals.SecondDocumentID = id;
        var page = doc.AddPage();
        page.Size = PdfSharp.PageSize.A4;
        using (var g = XGraphics.FromPdfPage(page))
        {
            var w = new Writer(g, page.Width.Point);
            w.Title(c);
            w.Row("受益方", "Beneficiary", c.Beneficiary ?? "—");
            w.Row("用途", "Purpose", c.Purpose ?? "—");
            w.Row("注销方", "Retired by", c.RetiredBy);
            w.Row("项目", "Project", ProjectText(c));
            w.Row("注销序列号", "Serial ranges", string.Join("\n", c.Ranges.Select(r =>
                string.Create(CultureInfo.InvariantCulture, $"{r.Serial}  ({r.QuantityTonnes:N0} t)"))));
            w.Row("年份", "Vintage", string.Join("\n", c.Ranges.Select(r => $"{r.VintageStart:yyyy-MM-dd} – {r.VintageEnd:yyyy-MM-dd}").Distinct()));
            w.Row("注销时间", "Retired at (UTC)", c.RetiredAt.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture));
            w.Rule();
            w.Heading("核验信息 / Verification");
            w.Row("日志事件", "Journal event", string.Create(CultureInfo.InvariantCulture, $"#{c.EventSeq}\n{c.EventHash}"), mono: true);
            w.Row("签名检查点", "Signed checkpoint", string.Create(CultureInfo.InvariantCulture,
                $"tree size {c.Checkpoint.Checkpoint.TreeSize}, {c.Checkpoint.Checkpoint.TimeText}\nroot {c.Checkpoint.Checkpoint.RootHash}"), mono: true);
            w.Row("检查点签名", "Checkpoint signature", c.Checkpoint.Signature, mono: true);
            w.Row("账本公钥指纹", "Public key SHA-256", c.PublicKeyFingerprint, mono: true);
            w.Qr(c);
        }
        StableSubsetTags(doc);
        using var buffer = new MemoryStream();
        doc.Save(buffer, closeStream: false);
        byte[] bytes = buffer.ToArray();
        StableXmpIds(bytes, c.EventHash);
        output.Write(bytes);
    }

    private static string ProjectText(RetirementCertificate c) => string.Join("\n", c.Projects.Select(p =>
    {
        var parts = new List<string> { p.Id };
        if (p.Region is { } region)
        {
            parts.Add($"region {region}");
        }
        if (p.Methodology is { } methodology)
        {
            parts.Add($"methodology {methodology}");
        }
        return string.Join(" · ", parts);
    }));

    /// <summary>A top-down cursor over the page; wraps text by measured width (PDFsharp's formatter wraps only at spaces, which Chinese and hashes lack).</summary>
    private sealed class Writer(XGraphics g, double pageWidth)
    {
        private readonly XFont _title = new(ShippedFontResolver.Family, 20);
        private readonly XFont _subtitle = new(ShippedFontResolver.Family, 12);
        private readonly XFont _heading = new(ShippedFontResolver.Family, 11);
        private readonly XFont _label = new(ShippedFontResolver.Family, 9);
        private readonly XFont _value = new(ShippedFontResolver.Family, 10);
        private readonly XFont _small = new(ShippedFontResolver.Family, 7.5);
        private double _y = PageMargin;

        private double Right => pageWidth - PageMargin;

        public void Title(RetirementCertificate c)
        {
            g.DrawRectangle(new XSolidBrush(Accent), 0, 0, pageWidth, 6);
            _y += 10;
            Line("碳汇信用注销证明", _title, Accent, PageMargin);
            _y += 4;
            Line("Carbon credit retirement certificate", _subtitle, Ink, PageMargin);
            _y += 2;
            Line($"EcoLedger · ledger {c.LedgerId}", _label, Muted, PageMargin);
            _y += 14;
            Line($"{QuantityClaim(c)}二氧化碳当量 / {c.QuantityTonnes.ToString("N0", CultureInfo.InvariantCulture)} t CO2e retired", _heading, Ink, PageMargin);
            _y += 10;
        }

        public void Heading(string text)
        {
            Line(text, _heading, Accent, PageMargin);
            _y += 4;
        }

        public void Rule()
        {
            _y += 4;
            g.DrawLine(new XPen(Muted, 0.5), PageMargin, _y, Right, _y);
            _y += 10;
        }

        public void Row(string zh, string en, string value, bool mono = false)
        {
            double top = _y;
            double labelBottom = Draw(zh, _label, Ink, PageMargin, top, LabelWidth);
            double zhWidth = g.MeasureString(zh + " ", _label).Width;
            labelBottom = zhWidth + g.MeasureString(en, _label).Width <= LabelWidth
                ? Draw(en, _label, Muted, PageMargin + zhWidth, top, LabelWidth - zhWidth)
                : Draw(en, _label, Muted, PageMargin, labelBottom, LabelWidth);
            double valueBottom = Draw(value, mono ? _small : _value, Ink, PageMargin + LabelWidth, top, Right - PageMargin - LabelWidth);
            _y = Math.Max(labelBottom, valueBottom) + 5;
        }

        public void Qr(RetirementCertificate c)
        {
            string payload = QrPayload(c);
            bool carriesProof = c.ProofJson.Length <= MaxQrProofBytes;
            var data = new QRCodeGenerator().CreateQrCode(payload, QRCodeGenerator.ECCLevel.M, forceUtf8: true, utf8BOM: false, QRCodeGenerator.EciMode.Utf8);
            // A BMP, not a PNG: PDFsharp's Core build reads BMP and JPEG only.
            using var bmp = new MemoryStream(new BitmapByteQRCode(data).GetGraphic(4));
            using var image = XImage.FromStream(bmp);
            double top = Math.Max(_y + 6, g.PageSize.Height - PageMargin - QrSize);
            double size = Math.Min(QrSize, g.PageSize.Height - PageMargin / 2 - top);
            g.DrawImage(image, PageMargin, top, size, size);
            double x = PageMargin + size + 16;
            double width = Right - x;
            string zh = carriesProof
                ? "二维码内容即本次注销的包含证明文件（ecoledger-inclusion-proof/v1）。保存为 proof.json，并用账本公钥离线核验：事件哈希、签名检查点和公钥指纹应与上文一致。"
                : "包含证明超出二维码容量；二维码给出账本、事件与检查点，请用 audit prove --event 取得证明文件后离线核验。";
            string en = carriesProof
                ? "The QR code is this retirement's inclusion proof file (ecoledger-inclusion-proof/v1). Save it as proof.json and verify it offline with the ledger's public key; the event hash, checkpoint and key fingerprint must match those printed above."
                : "The inclusion proof is too large for a QR code; the code names the ledger, event and checkpoint: get the proof with audit prove --event and verify it offline.";
            double y = Draw(zh, _label, Ink, x, top, width) + 6;
            y = Draw(en, _label, Muted, x, y, width) + 8;
            Draw($"ecoledger audit verify-proof proof.json --public-key LEDGER.pub.pem", _small, Ink, x, y, width);
        }

        private void Line(string text, XFont font, XColor color, double x)
        {
            _y = Draw(text, font, color, x, _y, Right - x);
        }

        /// <summary>Draws wrapped text with its top at <paramref name="top"/>; returns the y below it.</summary>
        private double Draw(string text, XFont font, XColor color, double x, double top, double width)
        {
            double lineHeight = font.GetHeight() * 1.15;
            var brush = new XSolidBrush(color);
            double y = top;
            foreach (string paragraph in text.Split('\n'))
            {
                foreach (string line in Wrap(paragraph, font, width))
                {
                    g.DrawString(line, font, brush, new XRect(x, y, width, lineHeight), XStringFormats.TopLeft);
                    y += lineHeight;
                }
            }
            return y;
        }

        private IEnumerable<string> Wrap(string text, XFont font, double width)
        {
            if (text.Length == 0)
            {
                yield return text;
                yield break;
            }
            int start = 0;
            while (start < text.Length)
            {
                int end = start + 1;
                int lastSpace = -1;
                while (end <= text.Length && g.MeasureString(text[start..end], font).Width <= width)
                {
                    if (end < text.Length && text[end] == ' ')
                    {
                        lastSpace = end;
                    }
                    end++;
                }
                if (end > text.Length)
                {
                    yield return text[start..];
                    yield break;
                }
                // Break at the last space when there is one on the line (English); otherwise between any two characters (Chinese, hashes).
                int cut = lastSpace > start ? lastSpace : Math.Max(start + 1, end - 1);
                yield return text[start..cut];
                start = cut < text.Length && text[cut] == ' ' ? cut + 1 : cut;
            }
        }
    }

    /// <summary>Gives PDFsharp the shipped Noto Sans CJK SC subset (TrueType outlines) for every face it asks for.</summary>
    private sealed class ShippedFontResolver : IFontResolver
    {
        public const string Family = "EcoLedger Noto Sans CJK SC";

        public byte[]? GetFont(string faceName) => ShippedFont.TrueType;

        public FontResolverInfo? ResolveTypeface(string familyName, bool bold, bool italic) => new("ecoledger-noto-sans-cjk-sc");
    }
}
