using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Data.Sqlite;

namespace EcoLedger.Server.Auth;

/// <summary>An API token as stored: never the secret, only its SHA-256.</summary>
/// <param name="Id">The token's public id (the part of the token before the secret).</param>
/// <param name="Participant">The ledger participant it acts as (null for auditor/bureau-only tokens).</param>
/// <param name="Roles">The roles it carries (<see cref="ServerRoles"/>).</param>
/// <param name="Created">When it was created.</param>
/// <param name="Expires">When it stops working.</param>
/// <param name="Revoked">When it was revoked, or null.</param>
/// <param name="CreatedBy">The principal that created it (<c>bootstrap</c> for the first-run administrator token).</param>
public sealed record ApiToken(string Id, string? Participant, IReadOnlyList<string> Roles, DateTimeOffset Created, DateTimeOffset Expires,
    DateTimeOffset? Revoked, string CreatedBy)
{
    /// <summary>True when the token may authenticate at <paramref name="now"/>.</summary>
    public bool IsUsable(DateTimeOffset now) => Revoked is null && now < Expires;
}

/// <summary>One entry of the security log.</summary>
/// <param name="Seq">1-based position.</param>
/// <param name="Time">When (UTC, ISO 8601).</param>
/// <param name="Kind"><c>token.created</c>, <c>token.revoked</c>, <c>auth.failed</c>, <c>account.created</c>, <c>account.unlocked</c>, <c>account.totp_enabled</c>, <c>account.recovery_codes_generated</c>, <c>account.recovery_code_used</c>, <c>account.disabled</c>, <c>account.enabled</c>, <c>account.password_changed</c>, <c>account.locked_out</c>, <c>signin.succeeded</c>, <c>signin.failed</c>, <c>signout</c>, <c>csrf.refused</c>.</param>
/// <param name="Principal">Who acted (a participant, <c>auditor:TOKEN</c>, or <c>anonymous</c>).</param>
/// <param name="Credential">The token id involved, when one is.</param>
/// <param name="Detail">What happened, as JSON.</param>
/// <param name="PrevHash">The previous entry's hash (64 zeros for the first).</param>
/// <param name="Hash">SHA-256 over the previous hash and this entry's canonical line (<see cref="ServerStore.EntryHash"/>).</param>
public sealed record SecurityLogEntry(long Seq, string Time, string Kind, string Principal, string? Credential, string Detail, string PrevHash, string Hash);

/// <summary>
/// The server's own SQLite store beside the ledger (<c>DB.server.db</c>, mode 0600): API token hashes and the append-only, hash-chained
/// security log. Nothing here is ledger state, so the ledger's replay and <c>audit verify --db</c> are unaffected; instead every change
/// to the tokens table is a security-log entry, and <see cref="VerifySecurityLog"/> checks the chain and that the tokens table is what
/// the log says.
/// </summary>
public sealed class ServerStore : IDisposable
{
    private static readonly string Genesis = new('0', 64);
    private readonly SqliteConnection _connection;
    private readonly TimeProvider _time;
    private readonly Lock _lock = new();

    // Token rows read within the last few seconds: the load target's 32 clients would otherwise queue on _lock for a SELECT per request.
    // Revocation through this store drops the entry at once; a change made to the file behind the server's back is seen within CacheFor.
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, (ApiToken Token, byte[] Hash, long Read)> _tokenCache = new(StringComparer.Ordinal);
    private static readonly TimeSpan CacheFor = TimeSpan.FromSeconds(10);

    /// <summary>Opens (creating with mode 0600 when absent) the store at <paramref name="path"/>.</summary>
    public ServerStore(string path, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(path);
        _time = time;
        if (!File.Exists(path))
        {
            // Created empty with owner-only permissions before SQLite opens it, so the hashes are never world-readable.
            using (File.Create(path, 1, FileOptions.None)) { }
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            }
        }
        _connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        _connection.Open();
        Exec("""
            PRAGMA journal_mode = WAL;
            CREATE TABLE IF NOT EXISTS api_tokens (
                id TEXT PRIMARY KEY, participant TEXT NULL, roles TEXT NOT NULL, hash TEXT NOT NULL,
                created TEXT NOT NULL, expires TEXT NOT NULL, revoked TEXT NULL, created_by TEXT NOT NULL);
            CREATE TABLE IF NOT EXISTS security_log (
                seq INTEGER PRIMARY KEY, time TEXT NOT NULL, kind TEXT NOT NULL, principal TEXT NOT NULL, credential TEXT NULL,
                detail TEXT NOT NULL, prev_hash TEXT NOT NULL, hash TEXT NOT NULL);
            CREATE TRIGGER IF NOT EXISTS security_log_no_update BEFORE UPDATE ON security_log
                BEGIN SELECT RAISE(ABORT, 'the security log is append-only'); END;
            CREATE TRIGGER IF NOT EXISTS security_log_no_delete BEFORE DELETE ON security_log
                BEGIN SELECT RAISE(ABORT, 'the security log is append-only'); END;
            """);
    }

    /// <summary>The store's file.</summary>
    public string Path => _connection.DataSource;

    /// <summary>How many tokens were ever created (0 on the first run).</summary>
    public long TokenCount()
    {
        lock (_lock)
        {
            using var cmd = Command("SELECT COUNT(*) FROM api_tokens");
            return (long)cmd.ExecuteScalar()!;
        }
    }

    /// <summary>
    /// Creates a token and logs <c>token.created</c> in the same transaction. Returns the stored token and the secret token text,
    /// which is shown once and never stored.
    /// </summary>
    public (ApiToken Token, string Secret) CreateToken(string? participant, IReadOnlyList<string> roles, TimeSpan lifetime, string createdBy,
        string? createdWith)
    {
        ArgumentNullException.ThrowIfNull(roles);
        string id = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));
        string secret = $"eco_{id}_{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32))}";
        var now = Now();
        var token = new ApiToken(id, participant, roles, now, now + lifetime, null, createdBy);
        lock (_lock)
        {
            using var tx = _connection.BeginTransaction();
            using (var cmd = Command("INSERT INTO api_tokens (id, participant, roles, hash, created, expires, revoked, created_by) VALUES (@id, @p, @r, @h, @c, @e, NULL, @b)"))
            {
                cmd.Parameters.AddWithValue("@id", id);
                cmd.Parameters.AddWithValue("@p", (object?)participant ?? DBNull.Value);
                cmd.Parameters.AddWithValue("@r", string.Join(',', roles));
                cmd.Parameters.AddWithValue("@h", Hash(secret));
                cmd.Parameters.AddWithValue("@c", Iso(now));
                cmd.Parameters.AddWithValue("@e", Iso(token.Expires));
                cmd.Parameters.AddWithValue("@b", createdBy);
                cmd.ExecuteNonQuery();
            }
            AppendLocked("token.created", createdBy, createdWith, new()
            {
                ["token"] = id,
                ["participant"] = participant,
                ["roles"] = string.Join(',', roles),
                ["expires"] = Iso(token.Expires),
            });
            tx.Commit();
        }
        return (token, secret);
    }

    /// <summary>Revokes a token and logs <c>token.revoked</c>; false when there is no such active token.</summary>
    public bool RevokeToken(string id, string by, string? byToken, string reason)
    {
        lock (_lock)
        {
            using var tx = _connection.BeginTransaction();
            using var cmd = Command("UPDATE api_tokens SET revoked = @t WHERE id = @id AND revoked IS NULL");
            cmd.Parameters.AddWithValue("@t", Iso(Now()));
            cmd.Parameters.AddWithValue("@id", id);
            _tokenCache.TryRemove(id, out _);
            if (cmd.ExecuteNonQuery() == 0)
            {
                return false;
            }
            _tokenCache.TryRemove(id, out _);
            AppendLocked("token.revoked", by, byToken, new() { ["token"] = id, ["reason"] = reason });
            tx.Commit();
            return true;
        }
    }

    /// <summary>
    /// The token a bearer text names, if its secret matches (constant-time) — usable or not; the caller checks
    /// <see cref="ApiToken.IsUsable"/>. Null for text that is not a token of this server.
    /// </summary>
    public ApiToken? Authenticate(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (TokenId(text) is not { } id)
        {
            return null;
        }
        byte[] given = Convert.FromHexString(Hash(text));
        long now = Environment.TickCount64;
        if (_tokenCache.TryGetValue(id, out var cached) && now - cached.Read < (long)CacheFor.TotalMilliseconds)
        {
            return CryptographicOperations.FixedTimeEquals(cached.Hash, given) ? cached.Token : null;
        }
        lock (_lock)
        {
            using var cmd = Command("SELECT id, participant, roles, created, expires, revoked, created_by, hash FROM api_tokens WHERE id = @id");
            cmd.Parameters.AddWithValue("@id", id);
            using var r = cmd.ExecuteReader();
            if (!r.Read())
            {
                return null;
            }
            byte[] stored = Convert.FromHexString(r.GetString(7));
            var token = ReadToken(r);
            _tokenCache[id] = (token, stored, now);
            return CryptographicOperations.FixedTimeEquals(stored, given) ? token : null;
        }
    }

    /// <summary>The id part of a token text (<c>eco_ID_SECRET</c>), or null when the text does not have that shape.</summary>
    public static string? TokenId(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var parts = text.Split('_');
        return parts.Length == 3 && parts[0] == "eco" && parts[1].Length == 16 && parts[1].All(char.IsAsciiHexDigitLower)
            && parts[2].Length == 64 && parts[2].All(char.IsAsciiHexDigitLower)
            ? parts[1] : null;
    }

    /// <summary>Every token, newest first (no secrets: there are none to show).</summary>
    public IReadOnlyList<ApiToken> Tokens()
    {
        lock (_lock)
        {
            using var cmd = Command("SELECT id, participant, roles, created, expires, revoked, created_by FROM api_tokens ORDER BY created DESC, id");
            using var r = cmd.ExecuteReader();
            var list = new List<ApiToken>();
            while (r.Read())
            {
                list.Add(ReadToken(r));
            }
            return list;
        }
    }

    /// <summary>Appends one entry to the security log.</summary>
    public SecurityLogEntry Log(string kind, string principal, string? credential, Dictionary<string, string?> detail)
    {
        lock (_lock)
        {
            using var tx = _connection.BeginTransaction();
            var e = AppendLocked(kind, principal, credential, detail);
            tx.Commit();
            return e;
        }
    }

    /// <summary>The security log, oldest first.</summary>
    public IReadOnlyList<SecurityLogEntry> SecurityLog(long from = 1, int limit = 1000)
    {
        lock (_lock)
        {
            using var cmd = Command("SELECT seq, time, kind, principal, credential, detail, prev_hash, hash FROM security_log WHERE seq >= @f ORDER BY seq LIMIT @l");
            cmd.Parameters.AddWithValue("@f", from);
            cmd.Parameters.AddWithValue("@l", limit);
            using var r = cmd.ExecuteReader();
            var list = new List<SecurityLogEntry>();
            while (r.Read())
            {
                list.Add(new SecurityLogEntry(r.GetInt64(0), r.GetString(1), r.GetString(2), r.GetString(3), r.IsDBNull(4) ? null : r.GetString(4),
                    r.GetString(5), r.GetString(6), r.GetString(7)));
            }
            return list;
        }
    }

    /// <summary>
    /// Checks the security log: consecutive sequence numbers, each entry's previous hash and hash, and that every token in the tokens
    /// table was created (and, when revoked, revoked) by a logged entry. Returns null when it holds, else the first failure.
    /// </summary>
    public string? VerifySecurityLog()
    {
        string prev = Genesis;
        long expected = 1;
        var created = new HashSet<string>(StringComparer.Ordinal);
        var revoked = new HashSet<string>(StringComparer.Ordinal);
        var accounts = new HashSet<string>(StringComparer.Ordinal);
        for (long from = 1; ; from += 1000)
        {
            var page = SecurityLog(from, 1000);
            foreach (var e in page)
            {
                if (e.Seq != expected)
                {
                    return $"security log entry {expected} is missing (found {e.Seq}).";
                }
                if (e.PrevHash != prev)
                {
                    return $"security log entry {e.Seq}: previous hash does not match entry {e.Seq - 1}.";
                }
                if (EntryHash(e.PrevHash, e.Seq, e.Time, e.Kind, e.Principal, e.Credential, e.Detail) != e.Hash)
                {
                    return $"security log entry {e.Seq}: hash does not match its content.";
                }
                if (e.Kind is "token.created" or "token.revoked" && JsonDocument.Parse(e.Detail).RootElement.GetProperty("token").GetString() is { } t)
                {
                    (e.Kind == "token.created" ? created : revoked).Add(t);
                }
                if (e.Kind == "account.created" && JsonDocument.Parse(e.Detail).RootElement.GetProperty("account").GetString() is { } a)
                {
                    accounts.Add(a);
                }
                prev = e.Hash;
                expected++;
            }
            if (page.Count < 1000)
            {
                break;
            }
        }
        foreach (var t in Tokens())
        {
            if (!created.Contains(t.Id))
            {
                return $"token {t.Id} is in the tokens table but its creation is not in the security log.";
            }
            if (t.Revoked is not null && !revoked.Contains(t.Id))
            {
                return $"token {t.Id} is revoked but its revocation is not in the security log.";
            }
            if (t.Revoked is null && revoked.Contains(t.Id))
            {
                return $"token {t.Id} was revoked in the security log but is active in the tokens table.";
            }
        }
        foreach (var (id, name) in Accounts())
        {
            if (!accounts.Contains(id))
            {
                return $"account '{name}' ({id}) is in the accounts table but its creation is not in the security log.";
            }
        }
        return null;
    }

    /// <summary>The people's accounts (Identity's <c>AspNetUsers</c> in this file, when it exists): id and user name.</summary>
    private List<(string Id, string Name)> Accounts()
    {
        lock (_lock)
        {
            using var exists = Command("SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = 'AspNetUsers'");
            var list = new List<(string, string)>();
            if ((long)exists.ExecuteScalar()! == 0)
            {
                return list;
            }
            using var cmd = Command("SELECT Id, UserName FROM AspNetUsers ORDER BY Id");
            using var r = cmd.ExecuteReader();
            while (r.Read())
            {
                list.Add((r.GetString(0), r.IsDBNull(1) ? "" : r.GetString(1)));
            }
            return list;
        }
    }

    /// <summary>
    /// The hash of a security-log entry: SHA-256 (hex) of the previous hash, a line feed and the entry's canonical JSON
    /// <c>{"credential","detail","kind","principal","seq","time"}</c> (members in ordinal order, detail as its JSON text).
    /// </summary>
    public static string EntryHash(string prevHash, long seq, string time, string kind, string principal, string? credential, string detail)
    {
        var line = new StringBuilder();
        line.Append(prevHash).Append('\n');
        line.Append("{\"credential\":").Append(credential is null ? "null" : JsonSerializer.Serialize(credential));
        line.Append(",\"detail\":").Append(JsonSerializer.Serialize(detail));
        line.Append(",\"kind\":").Append(JsonSerializer.Serialize(kind));
        line.Append(",\"principal\":").Append(JsonSerializer.Serialize(principal));
        line.Append(",\"seq\":").Append(seq.ToString(CultureInfo.InvariantCulture));
        line.Append(",\"time\":").Append(JsonSerializer.Serialize(time)).Append('}');
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(line.ToString())));
    }

    /// <inheritdoc/>
    public void Dispose() => _connection.Dispose();

    private SecurityLogEntry AppendLocked(string kind, string principal, string? credential, Dictionary<string, string?> detail)
    {
        long seq;
        string prev;
        using (var head = Command("SELECT seq, hash FROM security_log ORDER BY seq DESC LIMIT 1"))
        using (var r = head.ExecuteReader())
        {
            (seq, prev) = r.Read() ? (r.GetInt64(0) + 1, r.GetString(1)) : (1L, Genesis);
        }
        string time = Iso(Now());
        string json = JsonSerializer.Serialize(new SortedDictionary<string, string?>(detail, StringComparer.Ordinal));
        string hash = EntryHash(prev, seq, time, kind, principal, credential, json);
        using var cmd = Command("INSERT INTO security_log (seq, time, kind, principal, credential, detail, prev_hash, hash) VALUES (@s, @t, @k, @p, @c, @d, @ph, @h)");
        cmd.Parameters.AddWithValue("@s", seq);
        cmd.Parameters.AddWithValue("@t", time);
        cmd.Parameters.AddWithValue("@k", kind);
        cmd.Parameters.AddWithValue("@p", principal);
        cmd.Parameters.AddWithValue("@c", (object?)credential ?? DBNull.Value);
        cmd.Parameters.AddWithValue("@d", json);
        cmd.Parameters.AddWithValue("@ph", prev);
        cmd.Parameters.AddWithValue("@h", hash);
        cmd.ExecuteNonQuery();
        return new SecurityLogEntry(seq, time, kind, principal, credential, json, prev, hash);
    }

    private static ApiToken ReadToken(SqliteDataReader r) => new(r.GetString(0), r.IsDBNull(1) ? null : r.GetString(1),
        r.GetString(2).Split(',', StringSplitOptions.RemoveEmptyEntries), Parse(r.GetString(3)), Parse(r.GetString(4)),
        r.IsDBNull(5) ? null : Parse(r.GetString(5)), r.GetString(6));

    private SqliteCommand Command(string sql)
    {
        var cmd = _connection.CreateCommand();
        cmd.CommandText = sql;
        return cmd;
    }

    private void Exec(string sql)
    {
        using var cmd = Command(sql);
        cmd.ExecuteNonQuery();
    }

    private DateTimeOffset Now() => _time.GetUtcNow();

    private static string Iso(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture);

    private static DateTimeOffset Parse(string s) => DateTimeOffset.Parse(s, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);

    private static string Hash(string secret) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));
}
