using NaraVard.Domain;
using NaraVard.Persistence;

namespace NaraVard.Grains.Storage;

/// <summary>
/// The one event stream a grain owns (Orleans would call the grain a JournaledGrain): loads and folds it,
/// appends what the decider decided with the state's version as the expected version, and when another
/// node appended first, reloads and lets the decider decide again. Remembers the request ids it has seen.
/// </summary>
public sealed class GrainStream<TState, TEvent>(IEventStore store, string streamId, TState initial, Func<TState, TEvent, TState> apply, Func<TState, long> versionOf, Func<TEvent, RequestKey> requestOf, Func<TEvent, string?, TEvent> withRequestHash)
    where TEvent : class
{
    private const int ConflictRetries = 30;
    private readonly RequestLog _requests = new();
    private readonly TState _initial = initial;

    // State and position change together in one reference, so a read outside the grain's turns
    // ([AlwaysInterleave]) never sees the state of one version with the position of another.
    private volatile Head _head = new(initial, 0);

    public TState State => _head.State;

    /// <summary>Global log position of the last event applied.</summary>
    public long Position => _head.Position;

    /// <summary>The state and its position, read in one step.</summary>
    public (TState State, long Position) Current
    {
        get
        {
            var head = _head;
            return (head.State, head.Position);
        }
    }

    public long Version => versionOf(State);

    /// <summary>Applies whatever was appended since the last read (by this node or another). True when something was.</summary>
    public async Task<bool> CatchUpAsync(CancellationToken cancellationToken)
    {
        var stored = await store.ReadStreamAsync(streamId, Version, cancellationToken);
        var (state, position) = Current;
        foreach (var e in stored)
        {
            var decoded = EventCodec.Decode<TEvent>(e);
            state = apply(state, decoded);
            position = e.Position;
            _requests.Record(requestOf(decoded), e.Version);
        }

        _head = new Head(state, position);

        return stored.Count > 0;
    }

    /// <summary>
    /// Decides and appends. Returns the version that answers the request: a new one, or, when the same identity
    /// already sent this request id, the version its first attempt produced (nothing is appended again).
    /// </summary>
    public async Task<(long Version, bool Repeated)> ExecuteAsync(RequestKey request, long? expectedVersion, Func<TState, IReadOnlyList<TEvent>> decide, Func<long, DomainException> stale, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            if (_requests.Find(request) is { } answered)
            {
                return (answered, true);
            }

            if (expectedVersion is { } expected && expected != Version)
            {
                throw stale(Version);
            }

            var events = decide(State).Select(e => withRequestHash(e, request.Hash)).ToList();
            WriteTrace.MarkCurrent("grain.decided");
            if (events.Count == 0)
            {
                // Nothing happened (a sync that found nothing new): nothing to append, nothing to remember.
                return (Version, false);
            }

            try
            {
                var result = await store.AppendAsync(streamId, Version, [.. events.Select(EventCodec.Encode)], cancellationToken);
                _head = new Head(events.Aggregate(State, apply), result.LastPosition);
                _requests.Record(request, Version);
                return (Version, false);
            }
            catch (WrongExpectedVersionException) when (attempt < ConflictRetries)
            {
                // Another node appended first. A short random pause, growing with each loss, keeps two nodes
                // racing on one stream from colliding again; then decide on what it wrote.
                await Task.Delay(Random.Shared.Next(1, 5 * Math.Min(attempt, 10)), cancellationToken);
                await CatchUpAsync(cancellationToken);
            }
        }
    }

    /// <summary>The state right after the event with this version (the answer a request got when it was first made).</summary>
    public async Task<(TState State, long Position)> StateAtAsync(long version, CancellationToken cancellationToken)
    {
        if (version == Version)
        {
            return (State, Position);
        }

        var stored = (await store.ReadStreamAsync(streamId, 0, cancellationToken)).TakeWhile(e => e.Version <= version).ToList();
        return (stored.Select(EventCodec.Decode<TEvent>).Aggregate(_initial, apply), stored[^1].Position);
    }

    /// <summary>Events after <paramref name="afterVersion"/>, at most <paramref name="max"/>, oldest first.</summary>
    public async Task<IReadOnlyList<HistoryEntry<TEvent>>> HistoryAsync(long afterVersion, int max, CancellationToken cancellationToken = default) =>
        [.. (await store.ReadStreamAsync(streamId, afterVersion, cancellationToken)).Take(max).Select(e => new HistoryEntry<TEvent>(e.Version, e.Position, EventCodec.Decode<TEvent>(e)))];

    private sealed record Head(TState State, long Position);
}
