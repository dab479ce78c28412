using NaraVard.Domain.FollowUp;
using NaraVard.Domain.Initiatives;
using NaraVard.Domain.Obstacles;
using NaraVard.Grains.Storage;
using NaraVard.Persistence;

namespace NaraVard.Server.FollowUp;

/// <summary>The log in order, initiative and obstacle events decoded (any other as its commit time only): what follow-up folds.</summary>
internal static class LogReader
{
    private const int ReadBatch = 5_000;

    /// <summary>The events after position <paramref name="after"/> up to <paramref name="through"/> (inclusive).</summary>
    public static async Task<List<(long Position, object Event)>> ReadAsync(IEventStore store, long after, long through, CancellationToken cancellationToken)
    {
        var log = new List<(long, object)>();
        await ReadAsync(store, after, through, e => log.Add(e), cancellationToken);
        return log;
    }

    /// <summary>Hands each event after <paramref name="after"/> up to <paramref name="through"/> to <paramref name="read"/>; returns the last position read.</summary>
    public static async Task<long> ReadAsync(IEventStore store, long after, long through, Action<(long Position, object Event)> read, CancellationToken cancellationToken)
    {
        while (after < through)
        {
            var batch = await store.ReadAllAsync(after, ReadBatch, cancellationToken);
            foreach (var stored in batch)
            {
                if (stored.Position > through)
                {
                    return after;
                }

                after = stored.Position;
                read((stored.Position, EventCodec.DecodeForFold(stored)));
            }

            if (batch.Count < ReadBatch)
            {
                return after;
            }
        }

        return after;
    }
}
