using System.Threading.Channels;
using EcoLedger.Ledger;
using EcoLedger.Storage;

namespace EcoLedger.Server.Hosting;

/// <summary>
/// The single writer: commands from concurrent requests queue here and one loop commits them in groups, one durable transaction per
/// group (<see cref="CommandRunner.RunGroup"/>), so concurrent writers share an fsync. A group that a command refuses is run again
/// one command at a time, so each command stays all-or-nothing on its own and gets its own answer; request ids keep each idempotent.
/// </summary>
public sealed class WriteQueue : IAsyncDisposable
{
    /// <summary>The most commands one group commits.</summary>
    public const int MaxGroup = 256;

    private readonly Channel<Pending> _channel = Channel.CreateUnbounded<Pending>(new UnboundedChannelOptions { SingleReader = true });
    private readonly LedgerHost _host;
    private readonly Task _loop;

    /// <summary>Starts the writer loop over <paramref name="host"/>'s database.</summary>
    public WriteQueue(LedgerHost host)
    {
        _host = host;
        // A thread of its own: a group's commit blocks for its fsync, and on a pool thread that left one core's worth of pool
        // threads for every HTTP request meanwhile (tests/EcoLedger.Benchmarks/README.md, "Fourth round").
        _loop = Task.Factory.StartNew(Run, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
    }

    /// <summary>Queues a command; completes with its result, or throws its <see cref="LedgerException"/>.</summary>
    public Task<CommandResult> RunAsync(CommandRequest request, CancellationToken cancel = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var pending = new Pending(request, new TaskCompletionSource<CommandResult>(TaskCreationOptions.RunContinuationsAsynchronously));
        if (!_channel.Writer.TryWrite(pending))
        {
            throw new InvalidOperationException("The server is shutting down; the command was not run.");
        }
        return pending.Done.Task.WaitAsync(cancel);
    }

    private void Run()
    {
        var group = new List<Pending>(MaxGroup);
        while (_channel.Reader.WaitToReadAsync().AsTask().GetAwaiter().GetResult())
        {
            group.Clear();
            while (group.Count < MaxGroup && _channel.Reader.TryRead(out var p))
            {
                group.Add(p);
            }
            _host.Use(db => Commit(db, group));
        }
    }

    private bool Commit(LedgerDatabase db, List<Pending> group)
    {
        if (group.Count > 1)
        {
            try
            {
                if (db.Commands.RunGroup(group.Select(p => p.Request).ToList(), out _) is { } results)
                {
                    for (int i = 0; i < group.Count; i++)
                    {
                        group[i].Done.TrySetResult(results[i]);
                    }
                    return true;
                }
            }
            catch (Exception)
            {
                // A refusal, or a failure of the group's transaction (nothing was committed): each command on its own below.
            }
        }
        foreach (var p in group)
        {
            try
            {
                p.Done.TrySetResult(db.Run(p.Request));
            }
            catch (Exception e)
            {
                p.Done.TrySetException(e);
            }
        }
        return true;
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        _channel.Writer.TryComplete();
        await _loop.ConfigureAwait(false);
    }

    private sealed record Pending(CommandRequest Request, TaskCompletionSource<CommandResult> Done);
}
