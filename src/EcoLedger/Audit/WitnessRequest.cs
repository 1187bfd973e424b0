using System.Globalization;
using System.Text;

namespace EcoLedger.Audit;

/// <summary>
/// What a log sends a witness: the size of the checkpoint the witness last cosigned, a consistency proof from it, and the new
/// signed checkpoint. The body of tlog-witness's <c>add-checkpoint</c>, so the same file could be POSTed to a standard witness.
/// </summary>
/// <remarks>
/// https://c2sp.org/tlog-witness: <c>old &lt;size&gt;</c>, zero to 63 base64 proof lines, an empty line, then the checkpoint note;
/// every line ends with a newline.
/// </remarks>
/// <param name="OldSize">The size the proof starts from (the witness's last cosigned size; 0 the first time).</param>
/// <param name="Proof">RFC 6962 consistency proof from <paramref name="OldSize"/> to the checkpoint's size (empty when old is 0 or equal).</param>
/// <param name="Checkpoint">The signed checkpoint note.</param>
public sealed record WitnessRequest(long OldSize, IReadOnlyList<byte[]> Proof, SignedNote Checkpoint)
{
    /// <summary>Most proof lines a request may carry.</summary>
    public const int MaxProofLines = 63;

    /// <summary>The request body.</summary>
    public override string ToString()
    {
        var sb = new StringBuilder();
        sb.Append("old ").Append(OldSize.ToString(CultureInfo.InvariantCulture)).Append('\n');
        foreach (var h in Proof)
        {
            sb.Append(Convert.ToBase64String(h)).Append('\n');
        }
        sb.Append('\n').Append(Checkpoint.ToString());
        return sb.ToString();
    }

    /// <summary>Reads a request body.</summary>
    /// <exception cref="FormatException">Not a request; the message names the line.</exception>
    public static WitnessRequest Parse(ReadOnlySpan<byte> utf8)
    {
        string s;
        try
        {
            s = new UTF8Encoding(false, true).GetString(utf8);
        }
        catch (DecoderFallbackException)
        {
            throw new FormatException("Not a witness request: it is not valid UTF-8.");
        }
        int blank = s.IndexOf("\n\n", StringComparison.Ordinal);
        if (blank < 0)
        {
            throw new FormatException("Not a witness request: expected 'old <size>', proof lines, an empty line and the checkpoint note.");
        }
        string[] head = s[..blank].Split('\n');
        string old = head[0];
        if (!old.StartsWith("old ", StringComparison.Ordinal) || old.Length == 4 || old.Length > 4 + 19 || !old[4..].All(char.IsAsciiDigit)
            || (old.Length > 5 && old[4] == '0') || !long.TryParse(old[4..], NumberStyles.None, CultureInfo.InvariantCulture, out long size))
        {
            throw new FormatException($"Not a witness request: line 1 '{Shorten(old)}' is not 'old <size>' (a decimal number without leading zeros).");
        }
        if (head.Length - 1 > MaxProofLines)
        {
            throw new FormatException($"Witness request: {head.Length - 1} proof lines, more than the {MaxProofLines} allowed.");
        }
        var proof = new List<byte[]>(head.Length - 1);
        for (int i = 1; i < head.Length; i++)
        {
            proof.Add(SignedNote.DecodeBase64(head[i]) is { Length: MerkleHash.Size } h
                ? h
                : throw new FormatException($"Witness request: line {i + 1} is not a proof hash (the base64 of {MerkleHash.Size} bytes)."));
        }
        SignedNote note;
        try
        {
            note = SignedNote.Parse(s[(blank + 2)..]);
        }
        catch (FormatException e)
        {
            throw new FormatException($"Witness request: the checkpoint after the empty line: {e.Message}", e);
        }
        return new WitnessRequest(size, proof, note);
    }

    private static string Shorten(string s) => s.Length <= 40 ? s : s[..37] + "...";
}
