namespace EcoLedger.Valuation.Change;

/// <summary>One ecosystem type's line of the extent account, in km².</summary>
/// <param name="Type">Ecosystem code.</param>
/// <param name="OpeningKm2">Area at the start (earlier run).</param>
/// <param name="AdditionsKm2">Area that became this type, or was added to the account as this type.</param>
/// <param name="ReductionsKm2">Area of this type that became another type, or left the account.</param>
/// <param name="ClosingKm2">Area at the end (later run).</param>
public sealed record ExtentLine(string Type, decimal OpeningKm2, decimal AdditionsKm2, decimal ReductionsKm2, decimal ClosingKm2)
{
    /// <summary>Additions − reductions (= closing − opening).</summary>
    public decimal NetChangeKm2 => AdditionsKm2 - ReductionsKm2;
}

/// <summary>
/// The ecosystem extent account and the ecosystem type change matrix of two runs, laid out as the UN SEEA Ecosystem
/// Accounting (2021, chapter 4) lays them out (methodology/extent-condition.md).
/// </summary>
/// <remarks>
/// Built from a matrix M[from type, to type] of km²: a unit of area a₀ (type i) that has area a₁ (type j) later puts
/// min(a₀, a₁) in M[i, j], and the difference in M[i, (none)] (area that left the account) or M[(none), j] (area added).
/// A unit that disappeared puts a₀ in M[i, (none)]; one that appeared puts a₁ in M[(none), j]. Then opening = row sum,
/// closing = column sum, additions = column sum without the diagonal, reductions = row sum without the diagonal, so
/// closing = opening + additions − reductions holds exactly (decimal km², 6 decimals).
/// </remarks>
public sealed class ExtentAccount
{
    private readonly Dictionary<(string From, string To), decimal> _matrix;

    private ExtentAccount(IReadOnlyList<string> types, Dictionary<(string, string), decimal> matrix, IReadOnlyList<ExtentLine> lines)
    {
        Types = types;
        _matrix = matrix;
        Lines = lines;
    }

    /// <summary>The ecosystem types of either year, in <see cref="Ecosystem"/> order (unknown codes after, ordinal).</summary>
    public IReadOnlyList<string> Types { get; }

    /// <summary>One line per type.</summary>
    public IReadOnlyList<ExtentLine> Lines { get; }

    /// <summary>The km² that were <paramref name="from"/> and became <paramref name="to"/>; either may be <see cref="GepComparison.None"/>.</summary>
    public decimal Matrix(string from, string to) => _matrix.GetValueOrDefault((from, to));

    /// <summary>Builds the account from paired units.</summary>
    public static ExtentAccount Of(IEnumerable<UnitPair> pairs)
    {
        var m = new Dictionary<(string, string), decimal>();
        void Add(string i, string j, decimal km2)
        {
            if (km2 != 0m)
            {
                m[(i, j)] = m.GetValueOrDefault((i, j)) + km2;
            }
        }
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var p in pairs)
        {
            string none = GepComparison.None;
            if (p.From is { } f)
            {
                seen.Add(f.Ecosystem);
            }
            if (p.To is { } t)
            {
                seen.Add(t.Ecosystem);
            }
            if (p.From is { } a && p.To is { } b)
            {
                decimal common = Math.Min(a.AreaKm2, b.AreaKm2);
                Add(a.Ecosystem, b.Ecosystem, common);
                Add(a.Ecosystem, none, a.AreaKm2 - common);
                Add(none, b.Ecosystem, b.AreaKm2 - common);
            }
            else if (p.From is { } gone)
            {
                Add(gone.Ecosystem, none, gone.AreaKm2);
            }
            else if (p.To is { } added)
            {
                Add(none, added.Ecosystem, added.AreaKm2);
            }
        }
        var order = Enum.GetValues<Ecosystem>().Select(e => e.Code()).ToList();
        var types = seen.OrderBy(t => order.IndexOf(t) is int i && i >= 0 ? i : order.Count).ThenBy(t => t, StringComparer.Ordinal).ToList();
        var lines = types.Select(t =>
        {
            decimal opening = m.Where(kv => kv.Key.Item1 == t).Sum(kv => kv.Value);
            decimal closing = m.Where(kv => kv.Key.Item2 == t).Sum(kv => kv.Value);
            decimal additions = m.Where(kv => kv.Key.Item2 == t && kv.Key.Item1 != t).Sum(kv => kv.Value);
            decimal reductions = m.Where(kv => kv.Key.Item1 == t && kv.Key.Item2 != t).Sum(kv => kv.Value);
            return new ExtentLine(t, opening, additions, reductions, closing);
        }).ToList();
        return new ExtentAccount(types, m, lines);
    }
}
