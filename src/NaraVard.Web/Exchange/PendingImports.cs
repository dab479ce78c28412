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
/// commits exactly the file that was reviewed. Each belongs to the identity that uploaded it. An identity keeps at
/// most <see cref="PerIdentity"/> (its own oldest go first), so one caller's uploads cannot fill the server's memory
/// (10 MB each at most) or push out anyone else's; at most 200 in all. The dry run of each is made once, on its
/// first review, and kept with it: a review page read again (or by a script, in a loop) costs no new parse.
/// </summary>
public sealed class PendingImports(TimeProvider time)
{
    public const int PerIdentity = 5;
    private const int Capacity = 200;
    private static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(30);
    private readonly ConcurrentDictionary<string, PendingImport> _pending = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Lazy<Task<ImportOutcome>>> _reviews = new(StringComparer.Ordinal);

    public PendingImport Add(string actorKey, string fileName, byte[] content)
    {
        var now = time.GetUtcNow();
        var own = _pending.Values.Where(p => p.ActorKey == actorKey).OrderBy(p => p.UploadedAt).ToList();
        foreach (var old in _pending.Values.Where(p => now - p.UploadedAt > Lifetime)
            .Concat(own.Take(Math.Max(0, own.Count - PerIdentity + 1)))
            .Concat(_pending.Values.OrderBy(p => p.UploadedAt).Take(Math.Max(0, _pending.Count - Capacity + 1))))
        {
            _pending.TryRemove(old.Id, out _);
            _reviews.TryRemove(old.Id, out _);
        }

        var pending = new PendingImport(Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12)), actorKey, fileName, content, now);
        _pending[pending.Id] = pending;
        return pending;
    }

    /// <summary>The upload, if it exists, is still fresh and belongs to the caller.</summary>
    public PendingImport? Find(string id, string actorKey) =>
        _pending.TryGetValue(id, out var pending) && pending.ActorKey == actorKey && time.GetUtcNow() - pending.UploadedAt <= Lifetime ? pending : null;

    /// <summary>Records a commit or its refusal; a refused commit's dry run is made again on the next review (the county has moved).</summary>
    public void Update(PendingImport pending)
    {
        _pending[pending.Id] = pending;
        _reviews.TryRemove(pending.Id, out _);
    }

    /// <summary>The upload's dry run: made by <paramref name="dryRun"/> once (however many ask at once), then kept with it; a refusal is kept too.</summary>
    public Task<ImportOutcome> ReviewAsync(PendingImport pending, Func<Task<ImportOutcome>> dryRun) =>
        _reviews.GetOrAdd(pending.Id, _ => new Lazy<Task<ImportOutcome>>(dryRun)).Value;
}
