using System.Collections.Concurrent;
using System.Security.Cryptography;
using NaraVard.Domain.Access;
using NaraVard.Grains.Storage;
using NaraVard.Persistence;

namespace NaraVard.Server.Access;

/// <summary>
/// Every token of the store. Loaded at start from the token streams alone (not the whole log), then kept
/// current by the node's event feed, so a revocation on any node reaches this one. Each token's stream
/// version is remembered: the feed replaying old events after the load can never undo a later revocation.
/// </summary>
public sealed class TokenRegistry
{
    private readonly ConcurrentDictionary<string, TokenRecord> _tokens = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> _applied = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();
    private readonly TaskCompletionSource _loaded = new(TaskCreationOptions.RunContinuationsAsynchronously);

    // Tokens presented before and found good, with the record they were checked against, so a caller's every
    // call does not hash its secret again. Revoking replaces the record, which ends the match; only good
    // tokens enter, and never more than VerifiedLimit, so made-up tokens cannot grow it.
    private const int VerifiedLimit = 10_000;
    private readonly ConcurrentDictionary<string, TokenRecord> _verified = new(StringComparer.Ordinal);

    public int Count => _tokens.Count;

    public IReadOnlyCollection<TokenRecord> All => [.. _tokens.Values];

    /// <summary>Completes once every token issued or revoked before this node started is known.</summary>
    public Task Loaded => _loaded.Task;

    /// <summary>Folds one event of the log, if it is a token event not already applied.</summary>
    public void Apply(StoredEvent stored)
    {
        if (!stored.StreamId.StartsWith(Tokens.StreamPrefix, StringComparison.Ordinal))
        {
            return;
        }

        lock (_gate)
        {
            if (_applied.GetValueOrDefault(stored.StreamId) >= stored.Version)
            {
                return;
            }

            _applied[stored.StreamId] = stored.Version;
            switch (EventCodec.Decode<TokenEvent>(stored))
            {
                case TokenIssued issued:
                    _tokens[issued.TokenId] = new TokenRecord(issued.TokenId, issued.Name, issued.OrganizationCode, issued.Role, Convert.FromBase64String(issued.SecretHash), issued.At, null);
                    break;
                case TokenRevoked revoked when _tokens.TryGetValue(revoked.TokenId, out var record):
                    _tokens[revoked.TokenId] = record with { RevokedAt = revoked.At };
                    break;
            }
        }
    }

    /// <summary>The active token the presented string stands for; null when unknown, revoked or malformed.</summary>
    public TokenRecord? Authenticate(string presented)
    {
        if (Verified(presented) is { } verified)
        {
            return verified;
        }

        if (Tokens.Parse(presented) is not var (id, secret) || !_tokens.TryGetValue(id, out var record) || record.RevokedAt is not null
            || !CryptographicOperations.FixedTimeEquals(Tokens.Hash(secret), record.SecretHash))
        {
            return null;
        }

        if (_verified.Count >= VerifiedLimit)
        {
            _verified.Clear();
        }

        _verified[presented] = record;
        return record;
    }

    /// <summary>The active token the presented string stands for if it was found good before (no hashing, no allocation); null otherwise.</summary>
    public TokenRecord? Verified(ReadOnlySpan<char> presented) =>
        _verified.GetAlternateLookup<ReadOnlySpan<char>>().TryGetValue(presented, out var verified)
        && _tokens.TryGetValue(verified.Id, out var current) && ReferenceEquals(current, verified)
            ? current
            : null;

    /// <summary>False once the token is revoked (or was never issued here).</summary>
    public bool IsActive(string id) => _tokens.TryGetValue(id, out var record) && record.RevokedAt is null;

    /// <summary>Reads every token stream from the store (a prefix read: the rest of the log is not touched).</summary>
    public async Task<TokenRegistry> LoadAsync(IEventStore store, CancellationToken cancellationToken = default)
    {
        foreach (var stored in await store.ReadPrefixAsync(Tokens.StreamPrefix, cancellationToken))
        {
            Apply(stored);
        }

        return this;
    }

    /// <summary>
    /// Reads one token's stream when the token is not known here yet: a token created a moment ago (on this
    /// machine with the token command, or through another node) works at once instead of after the feed
    /// passes it. Only well-formed ids are looked up, one stream by its key.
    /// </summary>
    public async Task<TokenRecord?> AuthenticateFreshAsync(string presented, IEventStore store, CancellationToken cancellationToken)
    {
        if (Authenticate(presented) is { } known)
        {
            return known;
        }

        if (Tokens.Parse(presented) is not var (id, _) || id.Length > 32)
        {
            return null;
        }

        // Known by now means another call (or the feed) learnt it since the look above: check again, do not
        // refuse; the first calls of a script with a new token arrive together.
        if (!_tokens.ContainsKey(id))
        {
            foreach (var stored in await store.ReadStreamAsync(Tokens.StreamPrefix + id, 0, cancellationToken))
            {
                Apply(stored);
            }
        }

        return Authenticate(presented);
    }

    /// <summary>Marks the registry complete for authentication (after the start-up load).</summary>
    public void MarkLoaded() => _loaded.TrySetResult();
}
