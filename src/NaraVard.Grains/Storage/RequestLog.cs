using NaraVard.Domain;

namespace NaraVard.Grains.Storage;

/// <summary>
/// Which request ids a stream has already seen, from whom, and at which version. The ids live in the events
/// themselves, so the record is committed with them and survives any restart: a retried request gets the
/// first answer and changes nothing.
/// </summary>
public sealed class RequestLog
{
    private readonly Dictionary<(string Identity, string RequestId), long> _seen = [];

    private static string Identity(Actor by) => $"{by.OrganizationCode}/{by.Role}/{by.Name}";

    public void Record(Actor by, string? requestId, long version)
    {
        if (requestId is not null)
        {
            _seen.TryAdd((Identity(by), requestId), version);
        }
    }

    /// <summary>The version the first request with this id from this identity produced, if there was one.</summary>
    public long? Find(Actor by, string? requestId) =>
        requestId is not null && _seen.TryGetValue((Identity(by), requestId), out var version) ? version : null;
}
