using System.Globalization;
using Microsoft.Data.Sqlite;

namespace EcoLedger.Storage.Sqlite;

/// <summary>
/// The command path's statements on SQLite: reads through cached ADO.NET commands, writes through raw prepared statements.
/// </summary>
internal sealed class SqliteStatements(SqliteConnection connection) : LedgerStatements(connection)
{
    private readonly Dictionary<string, SQLitePCL.sqlite3_stmt> _raw = [];

    /// <inheritdoc/>
    public override object Date(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>
    /// Executes a write. Writes bypass ADO.NET's per-call overhead (parameter lookup by name, reader objects): the statement is
    /// prepared once on the same connection and bound by position (@p0 is the first parameter, …); it runs in the connection's
    /// open transaction.
    /// </summary>
    public override int Exec(string sql, params object?[] values)
    {
        var db = connection.Handle!;
        if (!_raw.TryGetValue(sql, out var stmt))
        {
            Check(SQLitePCL.raw.sqlite3_prepare_v2(db, sql, out stmt), db);
            _raw.Add(sql, stmt);
        }
        SQLitePCL.raw.sqlite3_reset(stmt);
        for (int i = 0; i < values.Length; i++)
        {
            int rc = values[i] switch
            {
                null => SQLitePCL.raw.sqlite3_bind_null(stmt, i + 1),
                long l => SQLitePCL.raw.sqlite3_bind_int64(stmt, i + 1, l),
                int n => SQLitePCL.raw.sqlite3_bind_int64(stmt, i + 1, n),
                string str => SQLitePCL.raw.sqlite3_bind_text(stmt, i + 1, str),
                byte[] bytes => SQLitePCL.raw.sqlite3_bind_blob(stmt, i + 1, bytes),
                // As Microsoft.Data.Sqlite and EF Core store a DateTime: ISO text, so range comparisons on the text are by time.
                DateTime t => SQLitePCL.raw.sqlite3_bind_text(stmt, i + 1, DateText(t)),
                var other => throw new ArgumentException($"Cannot bind {other.GetType().Name}.", nameof(values)),
            };
            Check(rc, db);
        }
        int step = SQLitePCL.raw.sqlite3_step(stmt);
        SQLitePCL.raw.sqlite3_reset(stmt);
        if (step != SQLitePCL.raw.SQLITE_DONE)
        {
            throw new SqliteException(SQLitePCL.raw.sqlite3_errmsg(db).utf8_to_string(), step);
        }
        return SQLitePCL.raw.sqlite3_changes(db);
    }

    /// <summary>
    /// A DateTime as Microsoft.Data.Sqlite writes it (<c>yyyy-MM-dd HH:mm:ss.FFFFFFF</c>); a whole second, the case of every monitoring
    /// reading, is written by position because the custom-format path costs more than the insert it feeds.
    /// </summary>
    internal static string DateText(DateTime t)
    {
        if (t.Ticks % TimeSpan.TicksPerSecond != 0)
        {
            return t.ToString(@"yyyy\-MM\-dd HH\:mm\:ss.FFFFFFF", CultureInfo.InvariantCulture);
        }
        return string.Create(19, t, static (span, v) =>
        {
            Two(span, 0, v.Year / 100);
            Two(span, 2, v.Year % 100);
            span[4] = '-';
            Two(span, 5, v.Month);
            span[7] = '-';
            Two(span, 8, v.Day);
            span[10] = ' ';
            Two(span, 11, v.Hour);
            span[13] = ':';
            Two(span, 14, v.Minute);
            span[16] = ':';
            Two(span, 17, v.Second);
        });

        static void Two(Span<char> span, int at, int value)
        {
            span[at] = (char)('0' + value / 10);
            span[at + 1] = (char)('0' + value % 10);
        }
    }

    private static void Check(int rc, SQLitePCL.sqlite3 db)
    {
        if (rc != SQLitePCL.raw.SQLITE_OK)
        {
            throw new SqliteException(SQLitePCL.raw.sqlite3_errmsg(db).utf8_to_string(), rc);
        }
    }

    /// <inheritdoc/>
    public override void Dispose()
    {
        base.Dispose();
        foreach (var stmt in _raw.Values)
        {
            stmt.Dispose();
        }
    }
}
