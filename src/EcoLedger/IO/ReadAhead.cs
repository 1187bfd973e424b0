using System.Runtime.ExceptionServices;

namespace EcoLedger.IO;

/// <summary>
/// Runs a sequence on a background thread a few batches ahead of its consumer, so that reading and parsing the input
/// overlap with computing and writing the output. At most <c>batches × batchSize</c> items are in flight, so memory
/// stays bounded whatever the length of the input.
/// </summary>
public static class ReadAhead
{
    /// <summary>
    /// The items of <paramref name="source"/> in order, produced on another thread. An exception of the source is
    /// rethrown to the consumer after the items before it; when the consumer stops early, the source is stopped and
    /// disposed before this enumeration ends. Side effects of the source (problems it records) are visible once the
    /// enumeration has ended.
    /// </summary>
    public static IEnumerable<T> Of<T>(IEnumerable<T> source, int batchSize = 1024, int batches = 8) => Of(source, whenAhead: null, batchSize, batches);

    /// <summary>
    /// As <see cref="Of{T}(IEnumerable{T}, int, int)"/>, and the producer also runs <paramref name="whenAhead"/> on a batch
    /// before handing it over whenever it is ahead (at least half the batches are waiting for the consumer): work that
    /// either thread can do, such as computing results from the items, moves to whichever thread has time for it. The
    /// consumer must therefore do that work itself for the items the producer left alone, and it must give the same
    /// result on either thread (a pure function of the item).
    /// </summary>
    /// <param name="source">The items; enumerated on a background thread.</param>
    /// <param name="whenAhead">Work the producer does on a batch while the consumer is behind, or null.</param>
    /// <param name="batchSize">Items per batch.</param>
    /// <param name="batches">Batches in flight at most.</param>
    public static IEnumerable<T> Of<T>(IEnumerable<T> source, Action<T[]>? whenAhead, int batchSize = 1024, int batches = 8)
    {
        // Started on the first MoveNext, as the iterator body runs then: enumerating twice reads the source twice.
        using var started = Start(source, batchSize, batches);
        started.WhenAhead = whenAhead;
        foreach (var item in started.Items())
        {
            yield return item;
        }
    }

    /// <summary>
    /// Starts producing the items of <paramref name="source"/> on another thread at once, before anyone asks for them: a
    /// caller with set-up of its own to do (loading parameters, opening output files) lets the producer open and start
    /// reading its input meanwhile. The queue holds at most <c>batches × batchSize</c> items until <see cref="Started{T}.Items"/>
    /// is enumerated. Disposing stops the producer (and disposes the source) if the items were never taken or not all of them.
    /// </summary>
    public static Started<T> Start<T>(IEnumerable<T> source, int batchSize = 1024, int batches = 8) => new(source, batchSize, batches);

    /// <summary>A producer started by <see cref="Start{T}"/>; its items are taken once, through <see cref="Items"/>.</summary>
    public sealed class Started<T> : IDisposable
    {
        private readonly BatchQueue<T> _queue;
        private readonly Thread _producer;
        private bool _taken;
        private bool _disposed;

        internal Started(IEnumerable<T> source, int batchSize, int batches)
        {
            _queue = new BatchQueue<T>(batches, batchSize);
            _producer = new Thread(() => _queue.Fill(source)) { IsBackground = true, Name = "EcoLedger read-ahead" };
            _producer.Start();
        }

        /// <summary>
        /// Work the producer does on a batch before handing it over whenever it is ahead (see <see cref="Of{T}(IEnumerable{T}, Action{T[]}, int, int)"/>),
        /// or null. May be set after the start: the batches produced before are left to the consumer.
        /// </summary>
        public Action<T[]>? WhenAhead
        {
            set => _queue.WhenAhead = value;
        }

        /// <summary>
        /// The items in order. An exception of the source is rethrown after the items before it; when the consumer stops
        /// early, the source is stopped and disposed before this enumeration ends. Enumerated once.
        /// </summary>
        public IEnumerable<T> Items()
        {
            if (_taken)
            {
                throw new InvalidOperationException("The items of a read-ahead are taken once.");
            }
            _taken = true;
            return Consume();
        }

        private IEnumerable<T> Consume()
        {
            try
            {
                while (_queue.Take() is { } batch)
                {
                    foreach (var item in batch)
                    {
                        yield return item;
                    }
                    // The consumer has moved past every item of the batch (it holds copies or references, not the array).
                    _queue.Recycle(batch);
                }
            }
            finally
            {
                Dispose();
            }
            _queue.Failure?.Throw();
        }

        /// <summary>Stops the producer, if it still runs, and waits for it (the source is disposed by then).</summary>
        public void Dispose()
        {
            if (_disposed)
            {
                return;
            }
            _disposed = true;
            _queue.Stop();
            _producer.Join();
        }
    }

    /// <summary>
    /// A bounded queue of batches between one producer and one consumer. Both sides block on the monitor rather than
    /// spin: on a machine with two cores a spinning producer would take CPU from the consumer it is waiting for.
    /// </summary>
    private sealed class BatchQueue<T>(int capacity, int batchSize)
    {
        private readonly Queue<T[]> _batches = new(capacity);
        // Full-size batch arrays the consumer is done with, for the producer to fill again: a run of a million items then
        // allocates a few arrays instead of one per batch, and items that are structs are not allocated at all.
        private readonly Stack<T[]> _free = new();
        private bool _completed;
        private bool _stopped;
        private int _count;
        private volatile Action<T[]>? _whenAhead;

        /// <summary>See <see cref="Started{T}.WhenAhead"/>.</summary>
        public Action<T[]>? WhenAhead
        {
            set => _whenAhead = value;
        }

        public ExceptionDispatchInfo? Failure { get; private set; }

        public void Fill(IEnumerable<T> source)
        {
            var batch = Empty();
            int count = 0;
            try
            {
                foreach (var item in source)
                {
                    batch[count++] = item;
                    if (count == batchSize)
                    {
                        if (!Add(batch))
                        {
                            return;
                        }
                        batch = Empty();
                        count = 0;
                    }
                }
                if (count > 0)
                {
                    Add(batch[..count]);
                }
            }
            catch (Exception e)
            {
                // The items read before the failure still reach the consumer, then the exception.
                if (count > 0)
                {
                    Add(batch[..count]);
                }
                Failure = ExceptionDispatchInfo.Capture(e);
            }
            finally
            {
                lock (_batches)
                {
                    _completed = true;
                    Monitor.PulseAll(_batches);
                }
            }
        }

        /// <summary>Adds a batch, waiting while the queue is full; false when the consumer has stopped.</summary>
        private bool Add(T[] batch)
        {
            // Read without the lock: a stale count only moves one batch's work to the other thread.
            if (_whenAhead is { } whenAhead && Volatile.Read(ref _count) >= (capacity + 1) / 2)
            {
                whenAhead(batch);
            }
            lock (_batches)
            {
                while (_batches.Count >= capacity && !_stopped)
                {
                    Monitor.Wait(_batches);
                }
                if (_stopped)
                {
                    return false;
                }
                _batches.Enqueue(batch);
                _count = _batches.Count;
                if (_batches.Count == 1)
                {
                    Monitor.PulseAll(_batches); // the consumer may be waiting for a batch
                }
                return true;
            }
        }

        /// <summary>The next batch, waiting while the queue is empty; null at the end.</summary>
        public T[]? Take()
        {
            lock (_batches)
            {
                while (_batches.Count == 0 && !_completed)
                {
                    Monitor.Wait(_batches);
                }
                if (_batches.Count == 0)
                {
                    return null;
                }
                var batch = _batches.Dequeue();
                _count = _batches.Count;
                if (_batches.Count == capacity - 1)
                {
                    Monitor.PulseAll(_batches); // the producer may be waiting for room
                }
                return batch;
            }
        }

        private T[] Empty()
        {
            lock (_free)
            {
                return _free.TryPop(out var free) ? free : new T[batchSize];
            }
        }

        /// <summary>Gives a batch the consumer is done with back to the producer (only full-size ones are filled again).</summary>
        public void Recycle(T[] batch)
        {
            lock (_free)
            {
                if (batch.Length == batchSize && _free.Count < capacity)
                {
                    _free.Push(batch);
                }
            }
        }

        /// <summary>Tells the producer to stop (the consumer is done or failed).</summary>
        public void Stop()
        {
            lock (_batches)
            {
                _stopped = true;
                _batches.Clear();
                Monitor.PulseAll(_batches);
            }
        }
    }
}
