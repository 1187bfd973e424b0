using System.Globalization;

namespace EcoLedger.Server.Auth;

/// <summary>
/// Bounds what a flood of bad tokens writes to the security log: each remote address gets <c>EcoLedger:AuthFailuresLoggedPerMinute</c>
/// <c>auth.failed</c> entries per one-minute window; the failures beyond are counted, and when the window is over one
/// <c>auth.failed_suppressed</c> entry records how many there were (address, count, window). The rate limiter still answers the flood
/// with 429; this keeps the append-only log from growing with it while nothing is hidden from the auditor.
/// </summary>
public sealed class FailureLogLimit : IDisposable
{
    private readonly Dictionary<string, Window> _windows = new(StringComparer.Ordinal);
    private readonly ServerStore _store;
    private readonly TimeProvider _time;
    private readonly int _perMinute;
    private readonly ITimer _sweep;

    /// <summary>Counts failures per address for <paramref name="store"/>'s log, logging <paramref name="perMinute"/> per address and minute.</summary>
    public FailureLogLimit(ServerStore store, TimeProvider time, int perMinute)
    {
        _store = store;
        _time = time;
        _perMinute = perMinute;
        // Windows that ended are summarised even when their address stays silent afterwards.
        _sweep = time.CreateTimer(_ => Sweep(), null, TimeSpan.FromSeconds(15), TimeSpan.FromSeconds(15));
    }

    /// <summary>Logs an authentication failure from <paramref name="remote"/> unless the address has used its entries for this minute.</summary>
    public void Failed(string remote, string? credential, Dictionary<string, string?> detail)
    {
        var now = _time.GetUtcNow();
        bool log;
        lock (_windows)
        {
            if (_windows.TryGetValue(remote, out var w) && now - w.Start >= TimeSpan.FromMinutes(1))
            {
                Summarise(remote, w);
                w = null;
            }
            w ??= _windows[remote] = new Window(now);
            log = ++w.Count <= _perMinute;
        }
        if (log)
        {
            _store.Log("auth.failed", "anonymous", credential, detail);
        }
    }

    /// <summary>Summarises every window that has ended (the timer calls it), or every window (<paramref name="all"/>: at shutdown).</summary>
    public void Sweep(bool all = false)
    {
        var now = _time.GetUtcNow();
        lock (_windows)
        {
            foreach (var (remote, w) in _windows.Where(kv => all || now - kv.Value.Start >= TimeSpan.FromMinutes(1)).ToList())
            {
                Summarise(remote, w);
                _windows.Remove(remote);
            }
        }
    }

    private void Summarise(string remote, Window w)
    {
        int suppressed = w.Count - _perMinute;
        if (suppressed > 0)
        {
            _store.Log("auth.failed_suppressed", "anonymous", null, new()
            {
                ["remote"] = remote,
                ["count"] = suppressed.ToString(CultureInfo.InvariantCulture),
                ["logged"] = _perMinute.ToString(CultureInfo.InvariantCulture),
                ["window_start"] = w.Start.UtcDateTime.ToString("O", CultureInfo.InvariantCulture),
            });
        }
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        _sweep.Dispose();
        Sweep(all: true);
    }

    private sealed class Window(DateTimeOffset start)
    {
        public DateTimeOffset Start { get; } = start;

        public int Count { get; set; }
    }
}
