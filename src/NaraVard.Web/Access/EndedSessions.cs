using System.Collections.Concurrent;

namespace NaraVard.Web.Access;

/// <summary>
/// Sessions signed out on this server: a copy of the cookie (taken from a shared computer, a proxy log) is refused
/// after sign-out, though the cookie itself would still decrypt. Kept for a session's longest life (eight hours
/// after its last use), after which the cookie has expired anyway. Per node: a cluster behind one address shares
/// sessions by their keys (docs/operations.md), and a sign-out is then honoured by the node that took it.
/// </summary>
public sealed class EndedSessions(TimeProvider time)
{
    private static readonly TimeSpan Kept = TimeSpan.FromHours(8) + TimeSpan.FromMinutes(5);
    private readonly ConcurrentDictionary<string, DateTimeOffset> _ended = new(StringComparer.Ordinal);

    public void End(string sessionId)
    {
        var now = time.GetUtcNow();
        foreach (var old in _ended.Where(e => now - e.Value > Kept))
        {
            _ended.TryRemove(old.Key, out _);
        }

        _ended[sessionId] = now;
    }

    public bool HasEnded(string sessionId) => _ended.ContainsKey(sessionId);
}
