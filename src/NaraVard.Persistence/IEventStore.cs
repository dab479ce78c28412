namespace NaraVard.Persistence;

/// <summary>
/// An append-only event store: streams with optimistic concurrency, and one global log in commit order.
/// Every implementation passes the same conformance suite (tests/NaraVard.Persistence.Conformance).
/// </summary>
public interface IEventStore : IAsyncDisposable
{
    /// <summary>Creates or migrates the schema. Safe to call from several processes at once.</summary>
    Task InitializeAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// Appends events to a stream if it holds exactly <paramref name="expectedVersion"/> events
    /// (0: the stream must not exist; <see cref="ExpectedVersion.Any"/>: no check). Returns once the events
    /// are durably committed. A stale version throws <see cref="WrongExpectedVersionException"/>; nothing is written.
    /// </summary>
    Task<AppendResult> AppendAsync(string streamId, long expectedVersion, IReadOnlyList<EventData> events, CancellationToken cancellationToken = default);

    /// <summary>Reads a stream's events with a version greater than <paramref name="afterVersion"/>, in order.</summary>
    Task<IReadOnlyList<StoredEvent>> ReadStreamAsync(string streamId, long afterVersion = 0, CancellationToken cancellationToken = default);

    /// <summary>
    /// Reads every event of the streams whose id starts with <paramref name="prefix"/> (a small family of
    /// streams, such as the access tokens), in log order; without reading the rest of the log.
    /// </summary>
    Task<IReadOnlyList<StoredEvent>> ReadPrefixAsync(string prefix, CancellationToken cancellationToken = default);

    /// <summary>Reads up to <paramref name="maxCount"/> events of the global log after a position, in commit order.</summary>
    Task<IReadOnlyList<StoredEvent>> ReadAllAsync(long afterPosition, int maxCount, CancellationToken cancellationToken = default);

    /// <summary>The position of the last committed event in the global log (0 when empty).</summary>
    Task<long> ReadHeadPositionAsync(CancellationToken cancellationToken = default);

    /// <summary>Completes once an event after <paramref name="afterPosition"/> may have been committed (a wake-up, not a guarantee: read to see).</summary>
    Task WaitForAppendAsync(long afterPosition, CancellationToken cancellationToken = default);
}

public static class ExpectedVersion
{
    /// <summary>Append whatever the stream holds.</summary>
    public const long Any = -1;
}

/// <summary>An event to append: its type name and its JSON body.</summary>
public sealed record EventData(string Type, string Data);

/// <summary>A committed event. <see cref="Position"/> orders the global log; <see cref="Version"/> the stream (from 1).</summary>
public sealed record StoredEvent(long Position, string StreamId, long Version, string Type, string Data, DateTimeOffset RecordedAt);

/// <param name="NextVersion">The stream's version after the append.</param>
/// <param name="LastPosition">The global position of the last appended event.</param>
public sealed record AppendResult(long NextVersion, long LastPosition);

/// <summary>The stream did not hold the expected number of events: someone else appended first.</summary>
public sealed class WrongExpectedVersionException(string streamId, long expectedVersion, long actualVersion)
    : Exception($"Stream {streamId} is at version {actualVersion}, not {expectedVersion}.")
{
    public string StreamId { get; } = streamId;

    public long ExpectedVersion { get; } = expectedVersion;

    public long ActualVersion { get; } = actualVersion;
}

/// <summary>The store cannot be reached or cannot commit; the change was not acknowledged and may be retried.</summary>
public sealed class StoreUnavailableException(string message, Exception? inner = null) : Exception(message, inner);
