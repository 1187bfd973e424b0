using System.Reflection;
using System.Reflection.Emit;

namespace EcoLedger.IntegrationTests.Architecture;

/// <summary>
/// Dependencies point one way (docs/architecture.md): hosts → Reports/Storage → core, and inside each project the folders follow the data
/// flow without cycles. Read by reflection: every type's base types, interfaces, fields, signatures and the members its method bodies use.
/// </summary>
public sealed class DependencyTests
{
    private static readonly Assembly[] Assemblies =
    [
        typeof(EcoLedger.Money.Money).Assembly,
        typeof(EcoLedger.Storage.LedgerDatabase).Assembly,
        typeof(EcoLedger.Reports.Labels).Assembly,
        typeof(EcoLedger.Cli.Program).Assembly,
        typeof(EcoLedger.Server.Program).Assembly,
    ];

    [Fact]
    public void No_folder_depends_on_itself_through_others()
    {
        var graph = NamespaceGraph();
        var cycles = StronglyConnected(graph).Where(c => c.Count > 1).Select(c => string.Join(" ↔ ", c.Order(StringComparer.Ordinal))).ToList();
        Assert.True(cycles.Count == 0, "folder cycles:\n" + string.Join("\n", cycles.Select(c => c + "\n  " + Why(graph, c))));
    }

    [Fact]
    public void The_ledger_knows_nothing_of_the_modules_built_on_it()
    {
        var graph = NamespaceGraph();
        var ledger = graph.GetValueOrDefault("EcoLedger.Ledger") ?? [];
        Assert.False(ledger.ContainsKey("EcoLedger.Ledger.Compensation"), ledger.GetValueOrDefault("EcoLedger.Ledger.Compensation"));
        Assert.False(ledger.ContainsKey("EcoLedger.Pricing"), ledger.GetValueOrDefault("EcoLedger.Pricing"));
    }

    [Fact]
    public void The_core_references_no_database_or_host_package()
    {
        var asm = typeof(EcoLedger.Money.Money).Assembly;
        var core = asm.GetReferencedAssemblies().Select(a => a.Name!).ToList();
        Assert.DoesNotContain(core, n => n.StartsWith("Microsoft.EntityFrameworkCore", StringComparison.Ordinal) || n.StartsWith("Npgsql", StringComparison.Ordinal)
            || n.StartsWith("Microsoft.AspNetCore", StringComparison.Ordinal) || n.StartsWith("System.CommandLine", StringComparison.Ordinal)
            || n.StartsWith("EcoLedger.", StringComparison.Ordinal));
        Assert.DoesNotContain("Microsoft.Data.Sqlite", core);
    }

    [Fact]
    public void Projects_depend_one_way()
    {
        string[] Refs(Type t) => t.Assembly.GetReferencedAssemblies().Select(a => a.Name!).Where(n => n.StartsWith("EcoLedger", StringComparison.Ordinal)).Order().ToArray();
        Assert.Equal(["EcoLedger"], Refs(typeof(EcoLedger.Storage.LedgerDatabase)));
        Assert.Equal(["EcoLedger", "EcoLedger.Storage"], Refs(typeof(EcoLedger.Storage.Sqlite.SqliteProvider)));
        Assert.Equal(["EcoLedger", "EcoLedger.Storage"], Refs(typeof(EcoLedger.Storage.Postgres.PostgresProvider))); // implements the core's IPolygonOverlay in PostGIS
        Assert.DoesNotContain("EcoLedger.Cli", Refs(typeof(EcoLedger.Reports.Labels)));
        // SQLite, PostgreSQL and GeoPackage are loaded by name, as for the CLI; Reports renders the GEP jobs' reports and zone maps
        // and the retirement certificate the CLI makes
        Assert.Equal(["EcoLedger", "EcoLedger.Reports", "EcoLedger.Storage"], Refs(typeof(EcoLedger.Server.Program)));
        Assert.DoesNotContain("EcoLedger.Storage.Sqlite", Refs(typeof(EcoLedger.Reports.Labels)));
    }

    [Fact]
    public void The_provider_neutral_storage_references_no_database_engine()
    {
        var refs = typeof(EcoLedger.Storage.LedgerDatabase).Assembly.GetReferencedAssemblies().Select(a => a.Name!).ToList();
        Assert.DoesNotContain(refs, n => n.Contains("Sqlite", StringComparison.OrdinalIgnoreCase) || n.Contains("Npgsql", StringComparison.OrdinalIgnoreCase) || n == "SQLitePCLRaw.core");
        Assert.Contains("Microsoft.EntityFrameworkCore.Relational", refs);
    }

    [Fact]
    public void The_provider_is_chosen_by_the_target()
    {
        Assert.IsType<EcoLedger.Storage.Sqlite.SqliteProvider>(EcoLedger.Storage.StorageProvider.For("ledger.db"));
        Assert.IsType<EcoLedger.Storage.Postgres.PostgresProvider>(EcoLedger.Storage.StorageProvider.For("Host=localhost;Database=eco"));
    }

    private static Dictionary<string, Dictionary<string, string>> NamespaceGraph()
    {
        // edges[from][to] = one example "Type → Type" for the message
        var edges = new Dictionary<string, Dictionary<string, string>>(StringComparer.Ordinal);
        foreach (var asm in Assemblies)
        {
            foreach (var type in asm.GetTypes())
            {
                string? from = Folder(type);
                if (from is null)
                {
                    continue;
                }
                foreach (var used in Uses(type))
                {
                    if (Folder(used) is { } to && to != from && used.Assembly == asm)
                    {
                        if (!edges.TryGetValue(from, out var e))
                        {
                            edges[from] = e = new(StringComparer.Ordinal);
                        }
                        e.TryAdd(to, $"{Outer(type).FullName} uses {Outer(used).FullName}");
                    }
                }
            }
        }
        return edges;
    }

    private static Type Outer(Type t)
    {
        while (t.DeclaringType is not null)
        {
            t = t.DeclaringType;
        }
        return t;
    }

    private static string? Folder(Type t)
    {
        string? ns = Outer(t).Namespace;
        return ns is not null && ns.StartsWith("EcoLedger", StringComparison.Ordinal) && !ns.Contains(".Migrations", StringComparison.Ordinal) ? ns : null;
    }

    private static IEnumerable<Type> Uses(Type type)
    {
        const BindingFlags All = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;
        var found = new HashSet<Type>();
        void Add(Type? t)
        {
            if (t is null)
            {
                return;
            }
            if (t.HasElementType)
            {
                Add(t.GetElementType());
                return;
            }
            if (t.IsGenericType && !t.IsGenericTypeDefinition)
            {
                foreach (var a in t.GetGenericArguments())
                {
                    Add(a);
                }
                Add(t.GetGenericTypeDefinition());
                return;
            }
            if (!t.IsGenericParameter)
            {
                found.Add(t);
            }
        }
        Add(type.BaseType);
        foreach (var i in type.GetInterfaces())
        {
            Add(i);
        }
        foreach (var f in type.GetFields(All))
        {
            Add(f.FieldType);
        }
        foreach (var p in type.GetProperties(All))
        {
            Add(p.PropertyType);
        }
        foreach (var m in type.GetMethods(All).Cast<MethodBase>().Concat(type.GetConstructors(All)))
        {
            if (m is MethodInfo mi)
            {
                Add(mi.ReturnType);
            }
            foreach (var p in m.GetParameters())
            {
                Add(p.ParameterType);
            }
            foreach (var t in BodyTypes(m))
            {
                Add(t);
            }
        }
        return found;
    }

    private static readonly Dictionary<short, OpCode> OpCodesByValue = typeof(OpCodes).GetFields(BindingFlags.Public | BindingFlags.Static)
        .Select(f => (OpCode)f.GetValue(null)!).ToDictionary(o => o.Value);

    /// <summary>The declaring types of the members and the types a method body refers to (call, newobj, ldfld, box, castclass, …).</summary>
    private static IEnumerable<Type> BodyTypes(MethodBase m)
    {
        byte[]? il;
        try
        {
            il = m.GetMethodBody()?.GetILAsByteArray();
        }
        catch (InvalidOperationException)
        {
            il = null;
        }
        if (il is null)
        {
            yield break;
        }
        var module = m.Module;
        Type[]? typeArgs = m.DeclaringType is { IsGenericType: true } d ? d.GetGenericArguments() : null;
        Type[]? methodArgs = m.IsGenericMethod ? m.GetGenericArguments() : null;
        int i = 0;
        while (i < il.Length)
        {
            short value = il[i] == 0xFE ? (short)(0xFE00 | il[i + 1]) : il[i];
            i += il[i] == 0xFE ? 2 : 1;
            if (!OpCodesByValue.TryGetValue(value, out var op))
            {
                yield break;
            }
            switch (op.OperandType)
            {
                case OperandType.InlineMethod or OperandType.InlineField or OperandType.InlineType or OperandType.InlineTok:
                    int token = BitConverter.ToInt32(il, i);
                    MemberInfo? member = null;
                    try
                    {
                        member = module.ResolveMember(token, typeArgs, methodArgs);
                    }
                    catch (ArgumentException)
                    {
                    }
                    if (member is Type t)
                    {
                        yield return t;
                    }
                    else if (member?.DeclaringType is { } dt)
                    {
                        yield return dt;
                    }
                    i += 4;
                    break;
                case OperandType.InlineSwitch:
                    i += 4 + (4 * BitConverter.ToInt32(il, i));
                    break;
                case OperandType.InlineI8 or OperandType.InlineR:
                    i += 8;
                    break;
                case OperandType.ShortInlineBrTarget or OperandType.ShortInlineI or OperandType.ShortInlineVar:
                    i += 1;
                    break;
                case OperandType.InlineVar:
                    i += 2;
                    break;
                case OperandType.InlineNone:
                    break;
                default:
                    i += 4;
                    break;
            }
        }
    }

    private static List<List<string>> StronglyConnected(Dictionary<string, Dictionary<string, string>> graph)
    {
        var index = new Dictionary<string, int>();
        var low = new Dictionary<string, int>();
        var stack = new Stack<string>();
        var onStack = new HashSet<string>();
        var result = new List<List<string>>();
        int next = 0;
        void Visit(string v)
        {
            index[v] = low[v] = next++;
            stack.Push(v);
            onStack.Add(v);
            foreach (var w in graph.TryGetValue(v, out var e) ? e.Keys.ToList() : [])
            {
                if (!index.ContainsKey(w))
                {
                    Visit(w);
                    low[v] = Math.Min(low[v], low[w]);
                }
                else if (onStack.Contains(w))
                {
                    low[v] = Math.Min(low[v], index[w]);
                }
            }
            if (low[v] == index[v])
            {
                var c = new List<string>();
                string w;
                do
                {
                    w = stack.Pop();
                    onStack.Remove(w);
                    c.Add(w);
                }
                while (w != v);
                result.Add(c);
            }
        }
        foreach (var v in graph.Keys.Concat(graph.Values.SelectMany(e => e.Keys)).Distinct().Order(StringComparer.Ordinal).ToList())
        {
            if (!index.ContainsKey(v))
            {
                Visit(v);
            }
        }
        return result;
    }

    private static string Why(Dictionary<string, Dictionary<string, string>> graph, string cycle)
    {
        var members = cycle.Split(" ↔ ").ToHashSet();
        return string.Join("\n  ", members.SelectMany(a => graph.TryGetValue(a, out var e) ? e.Where(kv => members.Contains(kv.Key)).Select(kv => $"{a} → {kv.Key}: {kv.Value}") : []));
    }
}
