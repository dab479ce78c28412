using System.Collections.Concurrent;
using NaraVard.Domain;
using NaraVard.Domain.Access;
using NaraVard.Grains.Storage;
using NaraVard.Persistence;

namespace NaraVard.Web.Access;

/// <summary>
/// Sessions ended by signing out, on every node: the sign-out is an event in the log (a stream per session), which
/// every node's feed folds in here, so a copy of the cookie is refused whichever node it reaches (issue 33: the
/// list was kept per node, and another node went on accepting the cookie). The node that signs out marks the
/// session at once, before the log is read back. Only the last eight hours matter: older cookies have expired.
/// </summary>
public sealed class EndedSessions(TimeProvider time, IEventStore store)
{
    public const string StreamPrefix = "session-";
    private static readonly TimeSpan Kept = TimeSpan.FromHours(8) + TimeSpan.FromMinutes(5);
    private readonly ConcurrentDictionary<string, DateTimeOffset> _ended = new(StringComparer.Ordinal);

    public async Task EndAsync(string sessionId, Actor by, CancellationToken cancellationToken)
    {
        var ended = new SessionEnded { SessionId = sessionId, By = by, At = time.GetUtcNow() };
        Mark(ended);
        await store.AppendAsync(StreamPrefix + sessionId, ExpectedVersion.Any, [EventCodec.Encode(ended)], cancellationToken);
    }

    public bool HasEnded(string sessionId) => _ended.ContainsKey(sessionId);

    /// <summary>Folds one event of the log, if it ends a session.</summary>
    public void Apply(StoredEvent stored)
    {
        if (stored.StreamId.StartsWith(StreamPrefix, StringComparison.Ordinal))
        {
            Mark(EventCodec.Decode<SessionEnded>(stored));
        }
    }

    /// <summary>Reads the session streams from the store at start (a prefix read), as the tokens are.</summary>
    public async Task LoadAsync(CancellationToken cancellationToken)
    {
        foreach (var stored in await store.ReadPrefixAsync(StreamPrefix, cancellationToken))
        {
            Apply(stored);
        }
    }

    private void Mark(SessionEnded ended)
    {
        var now = time.GetUtcNow();
        if (now - ended.At > Kept)
        {
            return;
        }

        foreach (var old in _ended.Where(e => now - e.Value > Kept))
        {
            _ended.TryRemove(old.Key, out _);
        }

        _ended[ended.SessionId] = ended.At;
    }
}
