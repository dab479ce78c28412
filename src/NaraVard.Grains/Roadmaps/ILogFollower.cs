using NaraVard.Domain.Initiatives;
using NaraVard.Domain.Obstacles;

namespace NaraVard.Grains.Roadmaps;

/// <summary>
/// The node's own follower of the global log (the server's event feed), which has read and folded every event
/// once for the watch streams. The county catches up from it when the node has one, so a write does not cost a
/// second read and decode of the same events; without one (the grain tests' cluster) it reads the store.
/// </summary>
public interface ILogFollower
{
    /// <summary>
    /// The events after <paramref name="position"/>, oldest first, at most <paramref name="max"/>, each with the
    /// state of its stream right after it; null when the follower has not read through <paramref name="through"/>
    /// yet (the caller reads the store rather than wait: measured, waiting for the feed made SQLite writes slower).
    /// </summary>
    Task<IReadOnlyList<FollowedEvent>?> ReadAfterAsync(long position, long through, int max, CancellationToken cancellationToken);
}

/// <summary>One event of the log: its position, and the initiative or obstacle as it was right after it (neither for other streams).</summary>
public sealed record FollowedEvent(long Position, InitiativeState? Initiative, ObstacleState? Obstacle);
