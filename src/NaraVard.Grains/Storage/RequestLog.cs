using System.Security.Cryptography;
using System.Text.Json;
using NaraVard.Domain;

namespace NaraVard.Grains.Storage;

/// <summary>Who sent a request, the id they gave it, and a fingerprint of what it asked for.</summary>
public sealed record RequestKey(Actor By, string? Id, string? Hash);

/// <summary>
/// Which request ids a stream has already seen, from whom, at which version, and what each asked for. The ids
/// and fingerprints live in the events themselves, so the record is committed with them and survives any
/// restart: a retried request gets the first answer and changes nothing, and the same id with another body is
/// refused (as payment APIs treat idempotency keys) instead of silently answering the first request.
/// </summary>
public sealed class RequestLog
{
    private readonly Dictionary<(string Identity, string RequestId), (long Version, string? Hash)> _seen = [];

    public void Record(RequestKey request, long version)
    {
        if (request.Id is not null)
        {
            _seen.TryAdd((request.By.Key, request.Id), (version, request.Hash));
        }
    }

    /// <summary>
    /// The version the first request with this id from this identity produced, if there was one; a
    /// FAILED_PRECONDITION naming request_id when that first request asked for something else.
    /// </summary>
    public long? Find(RequestKey request)
    {
        if (request.Id is null || !_seen.TryGetValue((request.By.Key, request.Id), out var first))
        {
            return null;
        }

        // Events written before fingerprints were kept have none: those can only be matched by id.
        return first.Hash is null || request.Hash is null || first.Hash == request.Hash
            ? first.Version
            : throw DomainException.Precondition("request_id", $"'{request.Id}' was already used for a different request (it made version {first.Version}); use a new request id for a new change");
    }

    /// <summary>A fingerprint of a command's content, without its request id.</summary>
    public static string Fingerprint<TCommand>(TCommand command)
        where TCommand : notnull =>
        Convert.ToBase64String(SHA256.HashData(JsonSerializer.SerializeToUtf8Bytes(command, command.GetType())).AsSpan(0, 16));
}
