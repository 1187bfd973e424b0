using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using EcoLedger.Audit;
using nietras.SeparatedValues;

namespace EcoLedger.Ledger.Public;

/// <summary>One issuance as the public registry lists it.</summary>
/// <param name="Seq">The journal event that issued it.</param>
/// <param name="Date">When it was journaled (UTC, ISO 8601).</param>
/// <param name="IssuanceId">The issuance request id.</param>
/// <param name="Project">The project.</param>
/// <param name="Region">The project's region code.</param>
/// <param name="Methodology">The project's methodology.</param>
/// <param name="VintageStart">First day of the monitoring period.</param>
/// <param name="VintageEnd">Last day of the monitoring period.</param>
/// <param name="SerialRange">The whole issued range (buffer included).</param>
/// <param name="Quantity">Credits issued, tonnes CO₂e.</param>
/// <param name="Buffer">Of which to the buffer pool.</param>
public sealed record PublicIssuance(long Seq, string Date, string IssuanceId, string Project, string Region, string Methodology,
    string VintageStart, string VintageEnd, string SerialRange, long Quantity, long Buffer);

/// <summary>One retired serial range as the public registry lists it (a retirement of several blocks gives several rows).</summary>
/// <param name="Seq">The journal event of the retirement.</param>
/// <param name="Date">When it was journaled (UTC, ISO 8601).</param>
/// <param name="Project">The project of the range.</param>
/// <param name="VintageStart">First day of the monitoring period.</param>
/// <param name="VintageEnd">Last day of the monitoring period.</param>
/// <param name="SerialRange">The retired range.</param>
/// <param name="Quantity">Credits in the range, tonnes CO₂e.</param>
/// <param name="Beneficiary">On whose behalf.</param>
/// <param name="Purpose">The stated purpose.</param>
/// <param name="RetiredBy">The holder that retired them.</param>
/// <param name="EventHash">The event's hash: with <c>audit prove --event Seq</c> anyone can check it against the export's checkpoint.</param>
public sealed record PublicRetirement(long Seq, string Date, string Project, string VintageStart, string VintageEnd, string SerialRange,
    long Quantity, string? Beneficiary, string? Purpose, string RetiredBy, string EventHash);

/// <summary>
/// The registry's public export (what Verra and Gold Standard publish: issuances and retirements with serials and beneficiaries),
/// computed from the journal up to one signed checkpoint, so every row can be proved against it. The files are a function of
/// the checkpoint alone: exporting twice at the same checkpoint gives the same bytes and the same SHA-256 (docs/interop.md).
/// </summary>
public sealed class PublicRegistryExport
{
    /// <summary>Format tag of the manifest.</summary>
    public const string ManifestType = "ecoledger-public-export/v1";

    private PublicRegistryExport(SignedCheckpoint checkpoint, IReadOnlyList<PublicIssuance> issuances, IReadOnlyList<PublicRetirement> retirements)
    {
        Checkpoint = checkpoint;
        Issuances = issuances;
        Retirements = retirements;
    }

    /// <summary>The checkpoint the export corresponds to: every row's event is in its tree.</summary>
    public SignedCheckpoint Checkpoint { get; }

    /// <summary>Issuances, in journal order.</summary>
    public IReadOnlyList<PublicIssuance> Issuances { get; }

    /// <summary>Retired ranges, in journal order.</summary>
    public IReadOnlyList<PublicRetirement> Retirements { get; }

    /// <summary>Reads the issuances and retirements among <paramref name="events"/> (the journal from event 1 up to the checkpoint's tree size).</summary>
    public static PublicRegistryExport FromJournal(IEnumerable<JournalEvent> events, SignedCheckpoint checkpoint)
    {
        ArgumentNullException.ThrowIfNull(events);
        ArgumentNullException.ThrowIfNull(checkpoint);
        var projects = new Dictionary<string, (string Region, string Methodology)>(StringComparer.Ordinal);
        var issuances = new List<PublicIssuance>();
        var retirements = new List<PublicRetirement>();
        foreach (var e in events)
        {
            if (e.Seq > checkpoint.Checkpoint.TreeSize)
            {
                break;
            }
            switch (e.Kind)
            {
                case "project.created":
                    {
                        using var doc = JsonDocument.Parse(e.Payload);
                        var p = doc.RootElement;
                        projects[p.GetProperty("id").GetString()!] = (p.GetProperty("region").GetString()!, p.GetProperty("methodology").GetString()!);
                        break;
                    }
                case "issuance.issued":
                    {
                        using var doc = JsonDocument.Parse(e.Payload);
                        var p = doc.RootElement;
                        var moves = p.GetProperty("moves").EnumerateArray().ToList();
                        string project = moves[0].GetProperty("project").GetString()!;
                        long start = moves.Min(m => m.GetProperty("start").GetInt64());
                        long end = moves.Max(m => m.GetProperty("end").GetInt64());
                        var (region, methodology) = projects.TryGetValue(project, out var known) ? known : ("", "");
                        var first = moves[0];
                        var range = new SerialRange(start, end);
                        var vintageStart = DateOnly.ParseExact(first.GetProperty("vintage_start").GetString()!, "yyyy-MM-dd", CultureInfo.InvariantCulture);
                        var vintageEnd = DateOnly.ParseExact(first.GetProperty("vintage_end").GetString()!, "yyyy-MM-dd", CultureInfo.InvariantCulture);
                        issuances.Add(new PublicIssuance(e.Seq, e.Time, p.GetProperty("id").GetString()!, project, region, methodology,
                            first.GetProperty("vintage_start").GetString()!, first.GetProperty("vintage_end").GetString()!,
                            SerialNumber.Format(region, project, vintageStart, vintageEnd, range), range.Count, p.GetProperty("buffer").GetInt64()));
                        break;
                    }
                case "credits.retired":
                    {
                        using var doc = JsonDocument.Parse(e.Payload);
                        var p = doc.RootElement;
                        foreach (var m in p.GetProperty("moves").EnumerateArray())
                        {
                            retirements.Add(new PublicRetirement(e.Seq, e.Time, m.GetProperty("project").GetString()!,
                                m.GetProperty("vintage_start").GetString()!, m.GetProperty("vintage_end").GetString()!, m.GetProperty("serial").GetString()!,
                                m.GetProperty("quantity").GetInt64(), Text(p, "beneficiary"), Text(p, "purpose"), p.GetProperty("holder").GetString()!, e.Hash));
                        }
                        break;
                    }
                default:
                    break;
            }
        }
        return new PublicRegistryExport(checkpoint, issuances, retirements);
    }

    /// <summary>
    /// Writes <c>issuances.csv|json</c>, <c>retirements.csv|json</c> and <c>manifest.json</c> (the signed checkpoint, and each
    /// file's SHA-256 and row count) into <paramref name="dir"/>; returns the manifest's file entries.
    /// </summary>
    public IReadOnlyList<(string File, string Sha256, int Rows)> WriteTo(string dir)
    {
        ArgumentNullException.ThrowIfNull(dir);
        var folder = new ExportFolder(dir);
        void Add(string name, byte[] bytes, int rows) => folder.Add(name, bytes, rows);
        string[] issuanceHeader = ["seq", "date", "issuance_id", "project", "region", "methodology", "vintage_start", "vintage_end", "serial_range", "quantity", "buffer"];
        Add("issuances.csv", Csv(issuanceHeader, Issuances.Select(i => new[]
        {
            N(i.Seq), i.Date, i.IssuanceId, i.Project, i.Region, i.Methodology, i.VintageStart, i.VintageEnd, i.SerialRange, N(i.Quantity), N(i.Buffer),
        })), Issuances.Count);
        Add("issuances.json", Json(Issuances), Issuances.Count);
        string[] retirementHeader = ["seq", "date", "project", "vintage_start", "vintage_end", "serial_range", "quantity", "beneficiary", "purpose", "retired_by", "event_hash"];
        Add("retirements.csv", Csv(retirementHeader, Retirements.Select(r => new[]
        {
            N(r.Seq), r.Date, r.Project, r.VintageStart, r.VintageEnd, r.SerialRange, N(r.Quantity), r.Beneficiary ?? "", r.Purpose ?? "", r.RetiredBy, r.EventHash,
        })), Retirements.Count);
        Add("retirements.json", Json(Retirements), Retirements.Count);

        folder.WriteManifest(ManifestType, Checkpoint, "rows");
        return folder.Files;
    }

    private static string N(long n) => n.ToString(CultureInfo.InvariantCulture);

    private static string? Text(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    private static byte[] Csv(string[] header, IEnumerable<string[]> rows)
    {
        using var text = new StringWriter(CultureInfo.InvariantCulture) { NewLine = "\n" };
        // Sep with escaping on: beneficiaries and purposes are free text and may hold commas, quotes or line breaks.
        using (var writer = Sep.New(',').Writer(o => o with { Escape = true, WriteHeader = false }).To(text))
        {
            foreach (var row in rows.Prepend(header))
            {
                using var r = writer.NewRow();
                for (int i = 0; i < row.Length; i++)
                {
                    r[i].Set(row[i]);
                }
            }
        }
        return new UTF8Encoding(false).GetBytes(text.ToString());
    }

    private static byte[] Json<T>(IReadOnlyList<T> rows) =>
        [.. JsonSerializer.SerializeToUtf8Bytes(rows, new JsonSerializerOptions
        {
            PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
            WriteIndented = true,
            Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        }), (byte)'\n'];
}
