using System.Text.Encodings.Web;
using System.Text.Json;
using EcoLedger.IO;

namespace EcoLedger.Audit;

/// <summary>What a witness remembers of one log: the pinned log key and the latest checkpoint it cosigned.</summary>
/// <param name="Origin">The log's origin.</param>
/// <param name="LogKey">The log's verifier key, pinned at the first cosignature.</param>
/// <param name="TreeSize">Size of the latest cosigned checkpoint.</param>
/// <param name="RootHash">Its root hash (32 bytes).</param>
/// <param name="CosignedAt">When it was cosigned.</param>
public sealed record WitnessedLog(string Origin, NoteVerifierKey LogKey, long TreeSize, byte[] RootHash, DateTimeOffset CosignedAt);

/// <summary>
/// A witness's state file: per log origin, the pinned log key and the latest cosigned checkpoint. Written atomically (a reader sees
/// the old file or the new one), and updated under a lock so two runs cannot both extend from the same size (tlog-witness's
/// rollback race).
/// </summary>
public sealed class WitnessState
{
    /// <summary>The <c>format</c> member of the file.</summary>
    public const string Format = "ecoledger-witness-state/v1";

    private readonly Dictionary<string, WitnessedLog> _logs;

    private WitnessState(Dictionary<string, WitnessedLog> logs) => _logs = logs;

    /// <summary>A state that has seen no log.</summary>
    public static WitnessState Empty() => new(new Dictionary<string, WitnessedLog>(StringComparer.Ordinal));

    /// <summary>The logs, by origin.</summary>
    public IReadOnlyDictionary<string, WitnessedLog> Logs => _logs;

    /// <summary>The log of <paramref name="origin"/>, or null.</summary>
    public WitnessedLog? Get(string origin) => _logs.GetValueOrDefault(origin);

    /// <summary>Records a cosigned checkpoint.</summary>
    public void Set(WitnessedLog log)
    {
        ArgumentNullException.ThrowIfNull(log);
        _logs[log.Origin] = log;
    }

    /// <summary>
    /// Why <paramref name="path"/>, given as <paramref name="option"/>, cannot be a witness's state file, or null: it is a folder, or
    /// its folder does not exist (the file itself is created on first use).
    /// </summary>
    public static string? PathProblem(string option, string path)
    {
        ArgumentNullException.ThrowIfNull(option);
        ArgumentNullException.ThrowIfNull(path);
        if (Directory.Exists(path))
        {
            return $"{option}: '{path}' is a folder; expected the witness's state file (a file, created on first use).";
        }
        return Path.GetDirectoryName(Path.GetFullPath(path)) is { } dir && !Directory.Exists(dir)
            ? $"{option}: '{path}' is in a folder that does not exist ({dir}); expected the witness's state file in an existing folder."
            : null;
    }

    /// <summary>Reads a state file; a missing file is the empty state (a new witness).</summary>
    /// <exception cref="FormatException">The file is not a witness state; the message names the file and member.</exception>
    public static WitnessState Load(string path)
    {
        if (!File.Exists(path))
        {
            return Empty();
        }
        byte[] utf8 = File.ReadAllBytes(path);
        try
        {
            using var doc = JsonDocument.Parse(utf8);
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("format", out var f) || f.ValueKind != JsonValueKind.String || f.GetString() != Format)
            {
                throw new FormatException($"{path}: not a witness state file (expected \"format\": \"{Format}\").");
            }
            if (!root.TryGetProperty("logs", out var logs) || logs.ValueKind != JsonValueKind.Array)
            {
                throw new FormatException($"{path}: \"logs\" must be an array.");
            }
            var state = Empty();
            int i = 0;
            foreach (var e in logs.EnumerateArray())
            {
                i++;
                var log = ReadLog(e, $"{path}: logs[{i}]");
                if (state._logs.ContainsKey(log.Origin))
                {
                    throw new FormatException($"{path}: logs[{i}]: origin '{log.Origin}' appears twice.");
                }
                state.Set(log);
            }
            return state;
        }
        catch (JsonException e)
        {
            throw new FormatException($"{path}: {JsonErrorPosition.Describe(e, utf8)}", e);
        }
    }

    /// <summary>Writes the state file atomically.</summary>
    public void Save(string path) => AtomicFile.Write(path, tmp =>
    {
        using var s = File.Create(tmp);
        using (var w = new Utf8JsonWriter(s, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            w.WriteStartObject();
            w.WriteString("format", Format);
            w.WriteStartArray("logs");
            foreach (var log in _logs.Values.OrderBy(l => l.Origin, StringComparer.Ordinal))
            {
                w.WriteStartObject();
                w.WriteString("origin", log.Origin);
                w.WriteString("log_key", log.LogKey.ToString());
                w.WriteNumber("tree_size", log.TreeSize);
                w.WriteString("root_hash", Convert.ToBase64String(log.RootHash));
                w.WriteString("cosigned_at", Checkpoint.FormatTime(log.CosignedAt));
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteEndObject();
        }
        s.WriteByte((byte)'\n');
        s.Flush(flushToDisk: true);
    });

    /// <summary>
    /// Takes the state file's lock (<c>&lt;path&gt;.lock</c>, exclusive) for one read–check–write; waits up to
    /// <paramref name="timeout"/> for another run to finish.
    /// </summary>
    /// <exception cref="IOException">Another run held the lock for the whole wait.</exception>
    public static IDisposable Lock(string path, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            try
            {
                return new FileStream(path + ".lock", FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException) when (File.Exists(path + ".lock") && DateTime.UtcNow < deadline)
            {
                Thread.Sleep(50);
            }
            catch (IOException e) when (File.Exists(path + ".lock"))
            {
                throw new IOException($"The witness state {path} is locked by another run (waited {timeout.TotalSeconds:0} s): {e.Message}", e);
            }
        }
    }

    private static WitnessedLog ReadLog(JsonElement e, string where)
    {
        if (e.ValueKind != JsonValueKind.Object)
        {
            throw new FormatException($"{where}: expected an object.");
        }
        string Str(string name) => e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String
            ? v.GetString()!
            : throw new FormatException($"{where}: \"{name}\" must be a string.");
        string origin = Str("origin");
        NoteVerifierKey key;
        try
        {
            key = NoteVerifierKey.Parse(Str("log_key"));
        }
        catch (FormatException x)
        {
            throw new FormatException($"{where}: \"log_key\": {x.Message}", x);
        }
        if (!e.TryGetProperty("tree_size", out var size) || size.ValueKind != JsonValueKind.Number || !size.TryGetInt64(out long n) || n < 0)
        {
            throw new FormatException($"{where}: \"tree_size\" must be a whole number, 0 or more.");
        }
        byte[] root = SignedNote.DecodeBase64(Str("root_hash")) is { Length: MerkleHash.Size } r
            ? r
            : throw new FormatException($"{where}: \"root_hash\" must be the base64 of {MerkleHash.Size} bytes.");
        DateTimeOffset at;
        try
        {
            at = Checkpoint.ParseTime(Str("cosigned_at"));
        }
        catch (FormatException)
        {
            throw new FormatException($"{where}: \"cosigned_at\" must be a time written yyyy-MM-ddTHH:mm:ss.fffffffZ.");
        }
        return new WitnessedLog(origin, key, n, root, at);
    }
}
