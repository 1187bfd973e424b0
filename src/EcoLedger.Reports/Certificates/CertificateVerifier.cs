using System.Text;
using EcoLedger.Audit;
using EcoLedger.Ledger;
using SkiaSharp;
using UglyToad.PdfPig;
using ZXing;
using ZXing.Common;

namespace EcoLedger.Reports.Certificates;

/// <summary>The outcome of checking a certificate: null <see cref="Failure"/> when it holds.</summary>
/// <param name="Failure">One sentence naming what did not verify, or null.</param>
/// <param name="Certificate">What the proof in the QR code states (when the proof could be read).</param>
public sealed record CertificateVerification(string? Failure, RetirementCertificate? Certificate);

/// <summary>
/// Checks a retirement certificate PDF offline (methodology/audit.md §13): the QR code's inclusion proof must verify with the
/// ledger's public key, and the page must print what the proved event says (quantity, beneficiary, purpose, serial ranges, event
/// hash), so a certificate whose text was edited while its QR code was kept is caught.
/// </summary>
public static class CertificateVerifier
{
    /// <summary>Verifies <paramref name="pdfPath"/> against the public key, and against <paramref name="trusted"/> when given.</summary>
    public static CertificateVerification Verify(string pdfPath, string publicKeyPem, SignedCheckpoint? trusted = null)
    {
        ArgumentNullException.ThrowIfNull(pdfPath);
        ArgumentNullException.ThrowIfNull(publicKeyPem);
        var (text, payload) = Read(pdfPath);
        if (payload is null)
        {
            return new($"{pdfPath}: no QR code found on the page", null);
        }
        if (payload.StartsWith("ecoledger-retirement/v1 ", StringComparison.Ordinal))
        {
            return new($"{pdfPath}: the QR code holds a reference ({payload}), not a proof; get the proof with audit prove --event and check it with audit verify-proof", null);
        }
        InclusionProofFile proof;
        try
        {
            proof = ProofFiles.ParseInclusion(Encoding.UTF8.GetBytes(payload));
        }
        catch (System.FormatException e)
        {
            return new($"{pdfPath}: the QR code is not an inclusion proof ({e.Message})", null);
        }
        if (ProofFiles.VerifyInclusion(proof, trusted ?? proof.Checkpoint, publicKeyPem) is { } failure)
        {
            return new(failure, null);
        }
        RetirementCertificate certificate;
        try
        {
            certificate = RetirementCertificate.FromProof(proof, publicKeyPem, _ => null);
        }
        catch (LedgerException e)
        {
            return new(e.Message, null);
        }
        string printed = Normalize(text);
        foreach (var (field, value) in Expected(certificate))
        {
            if (!printed.Contains(Normalize(value), StringComparison.Ordinal))
            {
                return new($"{pdfPath}: the page does not print the proved {field} '{value}' (event {certificate.EventSeq}); the text was changed after the certificate was made", certificate);
            }
        }
        return new(null, certificate);
    }

    private static IEnumerable<(string Field, string Value)> Expected(RetirementCertificate c)
    {
        yield return ("quantity", RetirementCertificatePdf.QuantityClaim(c));
        yield return ("event hash", c.EventHash);
        yield return ("checkpoint root", c.Checkpoint.Checkpoint.RootHash);
        if (c.Beneficiary is { } beneficiary)
        {
            yield return ("beneficiary", beneficiary);
        }
        if (c.Purpose is { } purpose)
        {
            yield return ("purpose", purpose);
        }
        yield return ("retiring holder", c.RetiredBy);
        foreach (var r in c.Ranges)
        {
            yield return ("serial range", r.Serial);
        }
    }

    /// <summary>Whitespace removed: the page wraps long values, which puts spaces or line breaks inside them.</summary>
    private static string Normalize(string s) => string.Concat(s.Where(ch => !char.IsWhiteSpace(ch)));

    private static (string Text, string? Qr) Read(string pdfPath)
    {
        using var doc = PdfDocument.Open(pdfPath);
        var text = new StringBuilder();
        string? qr = null;
        foreach (var page in doc.GetPages())
        {
            text.AppendJoin(' ', page.GetWords().Select(w => w.Text)).Append(' ');
            foreach (var image in page.GetImages())
            {
                if (qr is null && image.TryGetPng(out byte[]? png) && DecodeQr(png) is { } decoded)
                {
                    qr = decoded;
                }
            }
        }
        return (text.ToString(), qr);
    }

    /// <summary>Decodes a QR code from an encoded image (PNG, BMP, anything SkiaSharp reads); null when there is none.</summary>
    public static string? DecodeQr(byte[] encodedImage)
    {
        using var bitmap = SKBitmap.Decode(encodedImage);
        if (bitmap is null)
        {
            return null;
        }
        var luminance = new byte[bitmap.Width * bitmap.Height];
        for (int y = 0; y < bitmap.Height; y++)
        {
            for (int x = 0; x < bitmap.Width; x++)
            {
                var c = bitmap.GetPixel(x, y);
                luminance[(y * bitmap.Width) + x] = (byte)((c.Red + c.Green + c.Blue) / 3);
            }
        }
        return DecodeQr(luminance, bitmap.Width, bitmap.Height);
    }

    /// <summary>
    /// Decodes a QR code from 8-bit luminance. The image in a certificate is the bare code with its quiet zone, so ZXing's pure-barcode
    /// reader goes first: its finder-pattern detector misses about one in five of these dense (version 36, 161-module) codes even
    /// when they are perfect, while the pure reader read every one of 60 generated proofs. The detector is the fallback for a
    /// scanned or re-rendered image.
    /// </summary>
    public static string? DecodeQr(byte[] luminance, int width, int height)
    {
        var source = new RGBLuminanceSource(luminance, width, height, RGBLuminanceSource.BitmapFormat.Gray8);
        foreach (bool pure in new[] { true, false })
        {
            var reader = new BarcodeReaderGeneric
            {
                Options = new DecodingOptions { PossibleFormats = [BarcodeFormat.QR_CODE], PureBarcode = pure, TryHarder = !pure },
            };
            if (reader.Decode(source)?.Text is { } text)
            {
                return text;
            }
        }
        return null;
    }
}
