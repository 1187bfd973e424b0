namespace EcoLedger.Zoning;

/// <summary>One expected user mistake in a zoning input: which file, which unit or feature, and what is wrong.</summary>
/// <param name="File">The file (or option, e.g. <c>--tiers</c>) the problem is in.</param>
/// <param name="Subject">The unit, site or feature concerned (e.g. <c>unit U7</c>), or null for the whole file.</param>
/// <param name="Message">A full sentence saying what is wrong and what was expected.</param>
public sealed record ZoningProblem(string File, string? Subject, string Message)
{
    /// <inheritdoc />
    public override string ToString() => Subject is null ? $"{File}: {Message}" : $"{File}: {Subject}: {Message}";
}

/// <summary>The zoning input has one or more user mistakes; nothing was written. <see cref="Problems"/> lists all of them.</summary>
public sealed class ZoningInputException : Exception
{
    private const int MaxListed = 20;

    /// <summary>Reports several problems at once.</summary>
    public ZoningInputException(IReadOnlyList<ZoningProblem> problems)
        : base(Format(problems)) => Problems = problems;

    /// <summary>Reports one problem.</summary>
    public ZoningInputException(string file, string? subject, string message)
        : this([new ZoningProblem(file, subject, message)])
    {
    }

    /// <summary>Every problem found, in input order.</summary>
    public IReadOnlyList<ZoningProblem> Problems { get; }

    private static string Format(IReadOnlyList<ZoningProblem> problems)
    {
        ArgumentNullException.ThrowIfNull(problems);
        if (problems.Count == 1)
        {
            return problems[0].ToString();
        }
        var lines = problems.Take(MaxListed).Select(p => "\n  " + p);
        string more = problems.Count > MaxListed ? $"\n  ... and {problems.Count - MaxListed} more." : "";
        return $"{problems.Count} problems in the input:{string.Concat(lines)}{more}";
    }
}
