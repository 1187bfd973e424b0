using System.Data.Common;
using System.Globalization;

namespace EcoLedger.Storage;

/// <summary>
/// Plain parameterised SQL on the ledger's connection, in the transaction the command runner set: parameters are <c>@p0</c>,
/// <c>@p1</c>, … (accepted by SQLite and PostgreSQL alike). Used by the audit tables, whose SQL is standard.
/// </summary>
internal sealed class SqlText(DbConnection connection)
{
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
}
