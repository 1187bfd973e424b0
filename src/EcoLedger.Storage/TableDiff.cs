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
        var types = ColumnTypes(model, table);
        var stored = Rows(live, table, key, types);
        var rebuilt = Rows(replayed, table, key, types);
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

    /// <summary>The model's type of each column (after value conversion): how to compare its values across providers.</summary>
    private static Dictionary<string, Type> ColumnTypes(Microsoft.EntityFrameworkCore.Metadata.IModel model, string table)
    {
        var entity = model.GetEntityTypes().First(e => e.GetTableName() == table);
        var id = Microsoft.EntityFrameworkCore.Metadata.StoreObjectIdentifier.Table(table, entity.GetSchema());
        var types = new Dictionary<string, Type>(StringComparer.Ordinal);
        foreach (var p in entity.GetProperties())
        {
            var type = p.GetValueConverter()?.ProviderClrType ?? p.ClrType;
            types[p.GetColumnName(id)!] = Nullable.GetUnderlyingType(type) ?? type;
        }
        return types;
    }

    /// <summary>
    /// A value as text that is the same whichever engine stored it: SQLite keeps decimals and dates as text ("77.5", "2025-03-31")
    /// and booleans as integers, PostgreSQL as numeric (with the scale it was given, "77.500"), date and boolean. The live ledger
    /// and its replayed copy may be on different engines (the replay always goes to a scratch SQLite file).
    /// </summary>
    private static string? Canonical(object value, Type? type)
    {
        if (type == typeof(decimal))
        {
            decimal d = value is string text ? decimal.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture) : Convert.ToDecimal(value, CultureInfo.InvariantCulture);
            return d.ToString("0.############################", CultureInfo.InvariantCulture);
        }
        if (type == typeof(bool))
        {
            return Convert.ToBoolean(value, CultureInfo.InvariantCulture) ? "true" : "false";
        }
        return value switch
        {
            DateOnly d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            DateTime t when type == typeof(DateOnly) => t.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            // The replay is always a SQLite scratch file, which holds a DateTime as EF Core's SQLite text (no kind, trailing zeros cut);
            // a live PostgreSQL table returns a UTC DateTime for the same instant.
            DateTime t => t.ToString(@"yyyy\-MM\-dd HH\:mm\:ss.FFFFFFF", CultureInfo.InvariantCulture),
            DateTimeOffset t => t.ToString("O", CultureInfo.InvariantCulture),
            byte[] bytes => Convert.ToHexStringLower(bytes),
            double x => x.ToString("R", CultureInfo.InvariantCulture),
            _ => Convert.ToString(value, CultureInfo.InvariantCulture),
        };
    }

    /// <summary>Rows by key text (<c>col=value, …</c>), in key order; a key seen twice (no primary key) gets a running number.</summary>
    private static SortedDictionary<string, Dictionary<string, string?>> Rows(DbConnection c, string table, List<string> key, Dictionary<string, Type> types)
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
                string name = r.GetName(i);
                row[name] = r.IsDBNull(i) ? null : Canonical(r.GetValue(i), types.GetValueOrDefault(name));
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
