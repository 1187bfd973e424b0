namespace EcoLedger.IO;

/// <summary>What <see cref="TemporaryPathSet.Interrupt"/> did.</summary>
/// <param name="Tracked">True if the command registered a temporary path or a commit, so what it wrote is known.</param>
/// <param name="Committed">True if a commit ended before the interrupt: some output was put in place, each part whole.</param>
/// <param name="Left">The registered paths that could not be deleted.</param>
public sealed record InterruptCleanup(bool Tracked, bool Committed, IReadOnlyList<string> Left);
