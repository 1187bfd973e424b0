namespace EcoLedger.Server.Hosting;

/// <summary>
/// Tells the live monitoring streams that monitoring data changed: the ingest and station endpoints call <see cref="Published"/> after
/// their command committed, and each open stream wakes, reads the new state under the ledger gate (briefly, like any read) and writes
/// it to its client outside the gate. Waiting holds nothing: a stream that waits for a change holds neither the gate nor a connection
/// to the database.
/// </summary>
public sealed class MonitoringFeed
{
    private readonly Lock _lock = new();
    private long _version;
    private int _listeners;
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Counts the commits published so far; a stream remembers the version it last sent.</summary>
    public long Version
    {
        get
        {
            lock (_lock)
            {
                return _version;
            }
        }
    }

    /// <summary>Open live streams (for tests and logs: a stream ends when its client goes or the server stops).</summary>
    public int Listeners => Volatile.Read(ref _listeners);

    /// <summary>Monitoring data changed: wakes every waiting stream.</summary>
    public void Published()
    {
        TaskCompletionSource woken;
        lock (_lock)
        {
            _version++;
            woken = _changed;
            _changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }
        woken.TrySetResult();
    }

    /// <summary>
    /// Waits until the version differs from <paramref name="seen"/> (true) or <paramref name="quiet"/> passed without a change (false).
    /// </summary>
    /// <exception cref="OperationCanceledException"><paramref name="cancel"/> fired: the client went away or the server is stopping.</exception>
    public async Task<bool> WaitAsync(long seen, TimeSpan quiet, CancellationToken cancel)
    {
        Task changed;
        lock (_lock)
        {
            if (_version != seen)
            {
                return true;
            }
            changed = _changed.Task;
        }
        try
        {
            await changed.WaitAsync(quiet, cancel).ConfigureAwait(false);
            return true;
        }
        catch (TimeoutException)
        {
            return false;
        }
    }

    /// <summary>Counts an open stream until the returned handle is disposed.</summary>
    public IDisposable Listen()
    {
        Interlocked.Increment(ref _listeners);
        return new Listener(this);
    }

    private sealed class Listener(MonitoringFeed feed) : IDisposable
    {
        private int _done;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _done, 1) == 0)
            {
                Interlocked.Decrement(ref feed._listeners);
            }
        }
    }
}
