using System.Data.Common;
using System.Globalization;
using Microsoft.EntityFrameworkCore;

namespace EcoLedger.Storage;

/// <summary>
/// Compares one table of two databases with the same schema row by row, keyed by the table's primary key, and names each row and
/// column that differs. The audit uses it to compare live tables with the same tables rebuilt from the journal.
/// </summary>
internal static class TableDiff
{
    /// <summary>Adds one sentence per difference between the <paramref name="live"/> and <paramref name="replayed"/> copies of <paramref name="table"/>.</summary>
    /// <param name="model">The EF model, which names the table's primary key columns (the same for every provider).</param>
    /// <param name="table">The table.</param>
    /// <param name="live">The live database.</param>
    /// <param name="replayed">The database rebuilt from the journal.</param>
    /// <param name="add">Receives each difference.</param>
    public static void Compare(Microsoft.EntityFrameworkCore.Metadata.IModel model, string table, DbConnection live, DbConnection replayed, Action<string> add)
    {
        var key = PrimaryKey(model, table);
        var stored = Rows(live, table, key);
        var rebuilt = Rows(replayed, table, key);
        foreach (var (k, row) in rebuilt)
        {
            if (!stored.Remove(k, out var l))
            {
                add($"{table} row ({k}) is missing from the live table");
                continue;
            }
            foreach (var (column, value) in row)
            {
                if (l[column] != value)
                {
                    add($"{table} row ({k}): {column} is {Show(l[column])} in the live table but {Show(value)} by the journal");
                }
            }
        }
        foreach (var k in stored.Keys)
        {
            add($"{table} row ({k}) is in the live table but no event wrote it");
        }
    }

    private static List<string> PrimaryKey(Microsoft.EntityFrameworkCore.Metadata.IModel model, string table)
    {
        var entity = model.GetEntityTypes().FirstOrDefault(e => e.GetTableName() == table)
            ?? throw new InvalidOperationException($"The model has no table '{table}'.");
        var id = Microsoft.EntityFrameworkCore.Metadata.StoreObjectIdentifier.Table(table, entity.GetSchema());
        return entity.FindPrimaryKey()!.Properties.Select(p => p.GetColumnName(id)!).ToList();
    }

    /// <summary>Rows by key text (<c>col=value, …</c>), in key order; a key seen twice (no primary key) gets a running number.</summary>
    private static SortedDictionary<string, Dictionary<string, string?>> Rows(DbConnection c, string table, List<string> key)
    {
        using var cmd = c.CreateCommand();
        cmd.CommandText = $"SELECT * FROM \"{table}\"";
        using var r = cmd.ExecuteReader();
        var rows = new SortedDictionary<string, Dictionary<string, string?>>(StringComparer.Ordinal);
        while (r.Read())
        {
            var row = new Dictionary<string, string?>(StringComparer.Ordinal);
            for (int i = 0; i < r.FieldCount; i++)
            {
                row[r.GetName(i)] = r.IsDBNull(i) ? null : Convert.ToString(r.GetValue(i), CultureInfo.InvariantCulture);
            }
            string k = string.Join(", ", key.Select(n => $"{n}={row[n] ?? "null"}"));
            for (int n = 2; rows.ContainsKey(k); n++)
            {
                k = string.Join(", ", key.Select(x => $"{x}={row[x] ?? "null"}")) + $" #{n}";
            }
            rows.Add(k, row);
        }
        return rows;
    }

    private static string Show(string? value) => value is null ? "null" : "'" + value + "'";
}
