using System.Security.Cryptography;
using System.Text.Json;
using EcoLedger.Audit;

namespace EcoLedger.Ledger;

/// <summary>
/// An export folder as the public and the CAD Trust exports write it: each file is written and hashed as it is added, and the
/// manifest names the export's type, the signed checkpoint the export is a function of, and each file's SHA-256 and count.
/// </summary>
/// <param name="dir">The folder, which exists.</param>
internal sealed class ExportFolder(string dir)
{
    private readonly List<(string File, string Sha256, int Rows)> _files = [];

    /// <summary>The files written so far: name, SHA-256 (hex) and row or record count.</summary>
    public IReadOnlyList<(string File, string Sha256, int Rows)> Files => _files;

    /// <summary>Writes <paramref name="bytes"/> as <paramref name="name"/> and records its hash and count.</summary>
    public void Add(string name, byte[] bytes, int rows)
    {
        File.WriteAllBytes(Path.Combine(dir, name), bytes);
        _files.Add((name, Convert.ToHexStringLower(SHA256.HashData(bytes)), rows));
    }

    /// <summary>
    /// Writes <c>manifest.json</c>: <c>type</c>, then <c>registry</c> when given, <c>ledger_id</c>, the <c>checkpoint</c> and the
    /// files, each with its count under <paramref name="countName"/> (<c>rows</c> for tables, <c>records</c> for record arrays).
    /// </summary>
    public void WriteManifest(string type, SignedCheckpoint checkpoint, string countName, string? registry = null)
    {
        using var manifest = new MemoryStream();
        using (var w = new Utf8JsonWriter(manifest, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartObject();
            w.WriteString("type", type);
            if (registry is not null)
            {
                w.WriteString("registry", registry);
            }
            w.WriteString("ledger_id", checkpoint.Checkpoint.LedgerId);
            w.WritePropertyName("checkpoint");
            using (var cp = JsonDocument.Parse(checkpoint.ToJson()))
            {
                cp.RootElement.WriteTo(w);
            }
            w.WriteStartArray("files");
            foreach (var (file, sha, rows) in _files)
            {
                w.WriteStartObject();
                w.WriteString("file", file);
                w.WriteString("sha256", sha);
                w.WriteNumber(countName, rows);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteEndObject();
        }
        File.WriteAllBytes(Path.Combine(dir, "manifest.json"), [.. manifest.ToArray(), (byte)'\n']);
    }
}
