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
        var queue = new BatchQueue<T>(batches, batchSize, whenAhead);
        var producer = new Thread(() => queue.Fill(source)) { IsBackground = true, Name = "EcoLedger read-ahead" };
        producer.Start();
        try
        {
            while (queue.Take() is { } batch)
            {
                foreach (var item in batch)
                {
                    yield return item;
                }
                // The consumer has moved past every item of the batch (it holds copies or references, not the array).
                queue.Recycle(batch);
            }
        }
        finally
        {
            queue.Stop();
            producer.Join();
        }
        queue.Failure?.Throw();
    }

    /// <summary>
    /// A bounded queue of batches between one producer and one consumer. Both sides block on the monitor rather than
    /// spin: on a machine with two cores a spinning producer would take CPU from the consumer it is waiting for.
    /// </summary>
    private sealed class BatchQueue<T>(int capacity, int batchSize, Action<T[]>? whenAhead)
    {
        private readonly Queue<T[]> _batches = new(capacity);
        // Full-size batch arrays the consumer is done with, for the producer to fill again: a run of a million items then
        // allocates a few arrays instead of one per batch, and items that are structs are not allocated at all.
        private readonly Stack<T[]> _free = new();
        private bool _completed;
        private bool _stopped;
        private int _count;

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
            if (whenAhead is not null && Volatile.Read(ref _count) >= (capacity + 1) / 2)
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
