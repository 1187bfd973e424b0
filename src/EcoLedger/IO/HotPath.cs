using System.Runtime.CompilerServices;

namespace EcoLedger.IO;

/// <summary>
/// The JIT option for methods run once per unit or per row of a large run (parsing, valuing and writing a GEP account).
/// </summary>
/// <remarks>
/// Tiered compilation first runs a method as quickly jitted, unoptimized code and swaps in optimized code only after a
/// quiet spell (100 ms without newly called methods) and a compile on a background thread. A run of a million units keeps
/// calling new methods (the second pass, the writers), and its two busy threads leave the background compiler little of a
/// two-core machine, so in <c>gep compute</c> 14–21 % of the CPU samples were in unoptimized code (perf, 1,000,000 units).
/// These methods are compiled optimized at their first call instead. The runtime's own switch for the same effect
/// (<c>DOTNET_TC_CallCountingDelayMs=0</c>) is an environment variable only, which a user's shell would have to set.
/// </remarks>
internal static class HotPath
{
    /// <summary>Compile optimized at the first call (see the remarks).</summary>
    public const MethodImplOptions Optimized = MethodImplOptions.AggressiveOptimization;
}
