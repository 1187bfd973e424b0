namespace EcoLedger.IO;

/// <summary>
/// A set of temporary files and folders (the process's is <see cref="TemporaryPaths"/>): those of the running command (staging folders, spill files, the temporary file of an atomic
/// write), so that a host interrupted by a signal can remove them before it exits: a process that exits from a signal runs
/// no <c>finally</c> and no <c>Dispose</c> of the thread doing the work. Thread-safe. Tests make their own sets.
/// </summary>
/// <remarks>
/// A writer adds its temporary path before it creates it, disposes the registration once the path is gone (moved into place
/// or deleted), and wraps the moves that put its output in place in <see cref="BeginCommit"/>. <see cref="Interrupt"/> waits
/// for a commit under way to end rather than cutting it short: a commit is a few renames within one folder, over in
/// milliseconds, while stopping between two of them would leave an output folder holding part of the new run's files and
/// part of the old run's, which no reader can tell from a complete one; undoing the renames instead would be more code that
/// runs only when something is already going wrong. Once interrupted, a thread that adds a path or begins a commit waits
/// for the host to end the process, so nothing new is created or moved after the clean-up.
/// </remarks>
public sealed class TemporaryPathSet
{
    private readonly object _gate = new();
    private readonly Dictionary<long, string> _live = [];
    private long _next;
    private int _committing;
    private int _committed;
    private bool _used;
    private bool _interrupted;

    /// <summary>True once <see cref="Interrupt"/> has been called: the process is about to exit.</summary>
    public bool IsInterrupted
    {
        get
        {
            lock (_gate)
            {
                return _interrupted;
            }
        }
    }

    /// <summary>
    /// Registers <paramref name="path"/>, a file or folder about to be created, to be removed if the process is interrupted;
    /// dispose the result once the path has been moved into place or deleted. Waits for the end of the process if it has
    /// already been interrupted.
    /// </summary>
    public IDisposable Add(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        string full = Path.GetFullPath(path);
        lock (_gate)
        {
            if (!_interrupted)
            {
                long id = ++_next;
                _live.Add(id, full);
                _used = true;
                return new Registration(this, id);
            }
        }
        return WaitForExit<IDisposable>();
    }

    /// <summary>
    /// Marks the start of the moves that put a command's output in place; dispose the result when they are done.
    /// <see cref="Interrupt"/> waits for it. Waits for the end of the process if it has already been interrupted.
    /// </summary>
    public IDisposable BeginCommit()
    {
        lock (_gate)
        {
            if (!_interrupted)
            {
                _committing++;
                _used = true;
                return new Commit(this);
            }
        }
        return WaitForExit<IDisposable>();
    }

    /// <summary>
    /// For the host that received an interrupt, before it exits: lets a commit under way finish, stops any other from
    /// starting, and deletes every registered path that exists. Errors are ignored (the process is exiting anyway); a
    /// path that cannot be deleted is returned.
    /// </summary>
    public InterruptCleanup Interrupt()
    {
        List<string> paths;
        bool committed, used;
        lock (_gate)
        {
            _interrupted = true;
            while (_committing > 0)
            {
                Monitor.Wait(_gate);
            }
            paths = [.. _live.Values];
            committed = _committed > 0;
            used = _used;
        }
        // The thread doing the work keeps running until the process ends: it may still create a file in a folder being
        // deleted (the deletion is then retried) or create a registered file just after it was looked for (the next pass
        // finds it). Three passes 50 ms apart leave only a thread stalled for longer between registering and creating.
        var left = new List<string>();
        for (int pass = 0; pass < 3; pass++)
        {
            left.Clear();
            foreach (string path in paths)
            {
                if (!TryDelete(path))
                {
                    left.Add(path);
                }
            }
            Thread.Sleep(50);
        }
        return new InterruptCleanup(used, committed, left);
    }

    /// <summary>Returns false, unless the process has been interrupted: then waits for the host to end it (for exception filters).</summary>
    public bool WaitIfInterrupted() => IsInterrupted && WaitForExit<bool>();

    private static T WaitForExit<T>()
    {
        Thread.Sleep(Timeout.Infinite);
        throw new InvalidOperationException("The process was interrupted.");
    }

    private static bool TryDelete(string path)
    {
        try
        {
            if (Directory.Exists(path))
            {
                Directory.Delete(path, recursive: true);
            }
            else
            {
                File.Delete(path);
            }
            return !Path.Exists(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    private sealed class Registration(TemporaryPathSet set, long id) : IDisposable
    {
        public void Dispose()
        {
            lock (set._gate)
            {
                set._live.Remove(id);
            }
        }
    }

    private sealed class Commit(TemporaryPathSet set) : IDisposable
    {
        private bool _done;

        public void Dispose()
        {
            lock (set._gate)
            {
                if (_done)
                {
                    return;
                }
                _done = true;
                set._committing--;
                set._committed++;
                Monitor.PulseAll(set._gate);
            }
        }
    }
}
