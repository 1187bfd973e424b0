
namespace EcoLedger.Ledger.Compensation;

/// <summary>A sample row as read from a CSV file, before validation.</summary>
/// <remarks>Fields as in <see cref="SampleRecord"/>; <c>Line</c> is the 1-based line in the file.</remarks>
public sealed record SampleRow(int Line, string Section, string SampledAt, string Indicator, string Value, string Unit, string Lab, string Party,
    long? Corrects = null, string? Reason = null);
