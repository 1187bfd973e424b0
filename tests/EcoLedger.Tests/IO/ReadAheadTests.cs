using EcoLedger.IO;

namespace EcoLedger.Tests.IO;

public class ReadAheadTests
{
    [Fact]
    public void Yields_every_item_in_order()
    {
        Assert.Equal(Enumerable.Range(0, 10_007), ReadAhead.Of(Enumerable.Range(0, 10_007), batchSize: 64, batches: 2));
        Assert.Empty(ReadAhead.Of(Enumerable.Empty<int>()));
    }

    [Fact]
    public void Rethrows_the_source_exception_after_the_items_before_it()
    {
        static IEnumerable<int> Failing()
        {
            for (int i = 0; i < 100; i++)
            {
                yield return i;
            }
            throw new InvalidDataException("broken");
        }
        var seen = new List<int>();
        var e = Assert.Throws<InvalidDataException>(() =>
        {
            foreach (int i in ReadAhead.Of(Failing(), batchSize: 7, batches: 2))
            {
                seen.Add(i);
            }
        });
        Assert.Equal("broken", e.Message);
        Assert.Equal(Enumerable.Range(0, 100), seen);
    }

    [Fact]
    public void Stops_and_disposes_the_source_when_the_consumer_stops_early()
    {
        bool disposed = false;
        IEnumerable<int> Endless()
        {
            try
            {
                for (int i = 0; ; i++)
                {
                    yield return i;
                }
            }
            finally
            {
                disposed = true;
            }
        }
        Assert.Equal([0, 1, 2], ReadAhead.Of(Endless(), batchSize: 16, batches: 2).Take(3));
        Assert.True(disposed);
    }

    [Fact]
    public void The_producer_does_the_shared_work_while_the_consumer_is_behind_and_the_consumer_does_the_rest()
    {
        // Items are boxes the work fills in; the consumer waits (without taking) until the producer, finding a batch
        // already waiting, has done the work on the next one itself. Then every item, done by either side, is in order.
        var producerDid = new ManualResetEventSlim();
        var items = Enumerable.Range(0, 1_000).Select(i => new Box(i));
        int doneByConsumer = 0;
        var seen = new List<int>();
        foreach (var box in ReadAhead.Of(items, whenAhead: batch =>
        {
            foreach (var b in batch)
            {
                b.Square = b.Value * b.Value;
            }
            producerDid.Set();
        }, batchSize: 10, batches: 2))
        {
            if (seen.Count == 0)
            {
                Assert.True(producerDid.Wait(TimeSpan.FromSeconds(60)));
            }
            if (box.Square is null)
            {
                box.Square = box.Value * box.Value;
                doneByConsumer++;
            }
            seen.Add(box.Square.Value);
        }
        Assert.Equal(Enumerable.Range(0, 1_000).Select(i => i * i), seen);
        Assert.InRange(doneByConsumer, 10, 990);
    }

    private sealed class Box(int value)
    {
        public int Value { get; } = value;

        public int? Square { get; set; }
    }
}
