using System.Globalization;
using Spectre.Console;


namespace EcoLedger.Cli.Hosting;

/// <summary>What a long run reports to its progress display (a no-op when none is shown).</summary>
public interface IProgressReporter
{
    /// <summary>One more item (unit, phase) done.</summary>
    void Increment();

    /// <summary>A named step begins; the previous one (if any) is done.</summary>
    void Step(string name);

    /// <summary>Says what is being done (e.g. which raster the zonal statistics read, and how far), without counting a step.</summary>
    void Describe(string what);
}

/// <summary>
/// Progress bars for long runs (<c>gep compute</c> on a large file, <c>zones mark</c>, <c>report</c>), drawn by Spectre.Console on
/// standard error and cleared when the run ends. Shown only on an interactive terminal (<see cref="CliIo.Interactive"/>: neither
/// output redirected) and never with <c>--json</c>; otherwise the work runs with a no-op reporter and the output stays line-oriented.
/// </summary>
public static class Progress
{
    /// <summary>True when a progress display would be drawn.</summary>
    public static bool Shown(CliIo io, bool json) => io.Interactive && !json;

    /// <summary>
    /// Runs <paramref name="work"/>, with a progress bar when <see cref="Shown"/>. With <paramref name="total"/> the bar fills step by step;
    /// without it the bar is indeterminate and the description counts the items (<paramref name="items"/>) done.
    /// </summary>
    public static T Run<T>(CliIo io, bool json, string description, int? total, Func<IProgressReporter, T> work, string items = "units")
    {
        ArgumentNullException.ThrowIfNull(io);
        ArgumentNullException.ThrowIfNull(work);
        if (!Shown(io, json))
        {
            return work(NoProgress.Instance);
        }
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(io.Err),
            Ansi = AnsiSupport.Yes,
            Interactive = InteractionSupport.Yes,
        });
        T result = default!;
        console.Progress()
            .AutoClear(true)
            .HideCompleted(true)
            .Columns(total is null // an unknown total has no percentage: the bar pulses and the description counts
                ? [new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new ElapsedTimeColumn(), new SpinnerColumn()]
                : [new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new SpinnerColumn()])
            .Start(ctx =>
            {
                var task = ctx.AddTask(Markup.Escape(description), maxValue: total ?? 100);
                task.IsIndeterminate = total is null;
                var reporter = new SpectreProgress(task, description, total is null ? items : null);
                result = work(reporter);
                task.Value = task.MaxValue;
                task.StopTask();
            });
        return result;
    }

    private sealed class NoProgress : IProgressReporter
    {
        public static readonly NoProgress Instance = new();

        public void Increment()
        {
        }

        public void Step(string name)
        {
        }

        public void Describe(string what)
        {
        }
    }

    private sealed class SpectreProgress(ProgressTask task, string description, string? counted) : IProgressReporter
    {
        private long _count;
        private bool _started;

        public void Increment()
        {
            long n = ++_count;
            if (counted is null)
            {
                task.Increment(1);
            }
            else if ((n & 1023) == 0)
            {
                task.Description = Markup.Escape(string.Create(CultureInfo.InvariantCulture, $"{description}: {n:#,0} {counted}"));
            }
        }

        public void Step(string name)
        {
            if (_started)
            {
                task.Increment(1);
            }
            _started = true;
            task.Description = Markup.Escape($"{description}: {name}");
        }

        public void Describe(string what) => task.Description = Markup.Escape($"{description}: {what}");
    }
}
