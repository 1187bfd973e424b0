using System.Data.Common;
using System.Globalization;

namespace EcoLedger.Storage;

/// <summary>
/// Plain parameterised SQL on the ledger's connection, in the transaction the command runner set: parameters are <c>@p0</c>,
/// <c>@p1</c>, … (accepted by SQLite and PostgreSQL alike). Used by the audit tables, whose SQL is standard.
/// </summary>
internal sealed class SqlText(DbConnection connection) : IDisposable
{
    // Statements of fixed text run on every group commit or every balance read: prepared once per connection. A command made and
    // dropped per call is parsed again each time, and until collected it stays on the connection's list of commands (which
    // Microsoft.Data.Sqlite scans when any command is disposed).
    private readonly Dictionary<string, DbCommand> _prepared = new(StringComparer.Ordinal);

    /// <summary>The open transaction of the current command, or null.</summary>
    public DbTransaction? Transaction { get; set; }

    /// <summary>A command for <paramref name="sql"/> with <paramref name="values"/> bound to @p0, @p1, ….</summary>
    public DbCommand Get(string sql, params object?[] values)
    {
        var cmd = connection.CreateCommand();
        cmd.Transaction = Transaction;
        cmd.CommandText = sql;
        for (int i = 0; i < values.Length; i++)
        {
            var p = cmd.CreateParameter();
            p.ParameterName = "@p" + i.ToString(CultureInfo.InvariantCulture);
            p.Value = values[i] ?? DBNull.Value;
            cmd.Parameters.Add(p);
        }
        return cmd;
    }

    /// <summary>Executes a statement and returns the rows it changed.</summary>
    public int Exec(string sql, params object?[] values)
    {
        using var cmd = Get(sql, values);
        return cmd.ExecuteNonQuery();
    }

    /// <summary>
    /// The connection's one command for <paramref name="sql"/> (a constant text: each distinct text is kept until the connection
    /// closes), prepared once, bound to the current transaction with <paramref name="values"/> as @p0, @p1, …. The caller must not
    /// dispose it, and must finish with its reader before asking for another statement of the same text.
    /// </summary>
    public DbCommand Prepared(string sql, params object?[] values)
    {
        return Cached(_prepared, connection, Transaction, sql, values);
    }

    /// <summary>
    /// The command of <paramref name="cache"/> for <paramref name="sql"/> (made with parameters @p0, @p1, … the first time), bound to
    /// <paramref name="transaction"/> and <paramref name="values"/>: the one way both <see cref="Prepared"/> and the command path's
    /// <see cref="LedgerStatements"/> keep a statement per connection.
    /// </summary>
    internal static DbCommand Cached(Dictionary<string, DbCommand> cache, DbConnection connection, DbTransaction? transaction, string sql, object?[] values)
    {
        if (!cache.TryGetValue(sql, out var cmd))
        {
            cmd = connection.CreateCommand();
            cmd.CommandText = sql;
            for (int i = 0; i < values.Length; i++)
            {
                var p = cmd.CreateParameter();
                p.ParameterName = "@p" + i.ToString(CultureInfo.InvariantCulture);
                cmd.Parameters.Add(p);
            }
            cache.Add(sql, cmd);
        }
        cmd.Transaction = transaction;
        for (int i = 0; i < values.Length; i++)
        {
            cmd.Parameters[i].Value = values[i] ?? DBNull.Value;
        }
        return cmd;
    }

    /// <summary>Executes a <see cref="Prepared"/> statement and returns the rows it changed.</summary>
    public int ExecPrepared(string sql, params object?[] values) => Prepared(sql, values).ExecuteNonQuery();

    /// <inheritdoc/>
    public void Dispose()
    {
        foreach (var c in _prepared.Values)
        {
            c.Dispose();
        }
        _prepared.Clear();
    }
}
