using EcoLedger.Server.Hosting;

namespace EcoLedger.IntegrationTests.Server;

/// <summary>
/// Holds the first GEP run that reaches a phase, mid-run, until the test opens the gate: the worker publishes each phase through
/// <see cref="Jobs.Changed"/> on its own thread, so holding that call holds the run there. Disposing it opens the gate and stops
/// listening, so a failing test never leaves a worker waiting.
/// </summary>
internal sealed class RunGate : IDisposable
{
    private readonly Jobs _jobs;
    private readonly string _phase;
    private readonly TimeSpan _longest;
    private readonly TaskCompletionSource<string> _held = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _opened = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _holds;

    /// <summary>Starts listening; <paramref name="longest"/> is how long the run is held at most before the worker fails it.</summary>
    public RunGate(Jobs jobs, TimeSpan longest, string phase = "accounting units")
    {
        (_jobs, _longest, _phase) = (jobs, longest, phase);
        _jobs.Changed += Hold;
    }

    /// <summary>The id of the run being held, once one is.</summary>
    public Task<string> Held => _held.Task;

    /// <summary>Lets the held run go on (and any later run pass).</summary>
    public void Open() => _opened.TrySetResult();

    public void Dispose()
    {
        _jobs.Changed -= Hold;
        Open();
    }

    private void Hold(JobRecord job)
    {
        if (job.Phase == _phase && Interlocked.Exchange(ref _holds, 1) == 0)
        {
            _held.SetResult(job.Id);
            Assert.True(_opened.Task.Wait(_longest), "the test never opened the gate");
        }
    }
}
