using NaraVard.Domain.Initiatives;
using NaraVard.Domain.Obstacles;
using NaraVard.Grains.Storage;
using NaraVard.Persistence;

namespace NaraVard.Server.FollowUp;

/// <summary>Every initiative and obstacle event of the log, decoded, in log order: what follow-up folds.</summary>
internal static class LogReader
{
    private const int ReadBatch = 5_000;

    public static async Task<List<(long Position, object Event)>> ReadAsync(IEventStore store, CancellationToken cancellationToken)
    {
        var log = new List<(long, object)>();
        for (var after = 0L; ;)
        {
            var batch = await store.ReadAllAsync(after, ReadBatch, cancellationToken);
            foreach (var stored in batch)
            {
                if (stored.StreamId.StartsWith(Streams.InitiativePrefix, StringComparison.Ordinal))
                {
                    log.Add((stored.Position, EventCodec.Decode<InitiativeEvent>(stored)));
                }
                else if (stored.StreamId.StartsWith(Streams.ObstaclePrefix, StringComparison.Ordinal))
                {
                    log.Add((stored.Position, EventCodec.Decode<ObstacleEvent>(stored)));
                }
            }

            if (batch.Count < ReadBatch)
            {
                return log;
            }

            after = batch[^1].Position;
        }
    }
}
