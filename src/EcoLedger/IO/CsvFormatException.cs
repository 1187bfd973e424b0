namespace EcoLedger.IO;

/// <summary>A CSV file that cannot be split into records: an unclosed quote, an overlong record, bytes that are not UTF-8.</summary>
public sealed class CsvFormatException : FormatException
{
    /// <summary>Creates the exception; <see cref="Exception.Message"/> is the <see cref="InputProblem"/> form of the three parts.</summary>
    public CsvFormatException(string file, string location, string reason)
        : base(new InputProblem(file, location, null, reason).ToString())
    {
        File = file;
        Location = location;
        Reason = reason;
    }

    /// <summary>The file as messages name it.</summary>
    public string File { get; }

    /// <summary>Where the problem is (<c>row 7</c>, <c>row 7 (line 9)</c>); empty for the whole file.</summary>
    public string Location { get; }

    /// <summary>What is wrong and what was expected, as a sentence.</summary>
    public string Reason { get; }

    /// <summary>The problem as an input problem, for readers that collect problems.</summary>
    public InputProblem ToProblem() => new(File, Location, null, Reason);
}
