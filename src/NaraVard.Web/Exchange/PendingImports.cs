using System.Collections.Concurrent;
using System.Security.Cryptography;
using NaraVard.Exchange.Plans;

namespace NaraVard.Web.Exchange;

/// <summary>An uploaded plan between its dry run and the user's confirmation: whose it is, its bytes, and once committed what happened.</summary>
public sealed record PendingImport(string Id, string ActorKey, string FileName, byte[] Content, DateTimeOffset UploadedAt)
{
    public ImportOutcome? Committed { get; init; }

    /// <summary>Why a commit could not be made (the file changed meaning since the review: someone else's change), if it could not.</summary>
    public string? Refusal { get; init; }
}

/// <summary>
/// Uploaded plans kept in memory for half an hour, so the review page can show the dry run and the confirmation
/// commits exactly the file that was reviewed. Each belongs to the identity that uploaded it; at most 200 are
/// kept (the oldest go first), so uploads cannot fill the server's memory (10 MB each at most).
/// </summary>
public sealed class PendingImports(TimeProvider time)
{
    private const int Capacity = 200;
    private static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(30);
    private readonly ConcurrentDictionary<string, PendingImport> _pending = new(StringComparer.Ordinal);

    public PendingImport Add(string actorKey, string fileName, byte[] content)
    {
        var now = time.GetUtcNow();
        foreach (var old in _pending.Values.Where(p => now - p.UploadedAt > Lifetime).Concat(_pending.Values.OrderBy(p => p.UploadedAt).Take(Math.Max(0, _pending.Count - Capacity + 1))))
        {
            _pending.TryRemove(old.Id, out _);
        }

        var pending = new PendingImport(Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12)), actorKey, fileName, content, now);
        _pending[pending.Id] = pending;
        return pending;
    }

    /// <summary>The upload, if it exists, is still fresh and belongs to the caller.</summary>
    public PendingImport? Find(string id, string actorKey) =>
        _pending.TryGetValue(id, out var pending) && pending.ActorKey == actorKey && time.GetUtcNow() - pending.UploadedAt <= Lifetime ? pending : null;

    public void Update(PendingImport pending) => _pending[pending.Id] = pending;
}
