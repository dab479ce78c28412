using System.Collections.Concurrent;
using System.Security.Cryptography;
using NaraVard.Domain.Access;
using NaraVard.Grains.Storage;
using NaraVard.Persistence;

namespace NaraVard.Server.Access;

/// <summary>Every token of the store, kept current from the global log (so a revocation on any node reaches this one).</summary>
public sealed class TokenRegistry
{
    private readonly ConcurrentDictionary<string, TokenRecord> _tokens = new(StringComparer.Ordinal);

    public int Count => _tokens.Count;

    public IReadOnlyCollection<TokenRecord> All => [.. _tokens.Values];

    /// <summary>Folds one event of the log, if it is a token event.</summary>
    public void Apply(StoredEvent stored)
    {
        if (!stored.StreamId.StartsWith(Tokens.StreamPrefix, StringComparison.Ordinal))
        {
            return;
        }

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

    /// <summary>The active token the presented string stands for; null when unknown, revoked or malformed.</summary>
    public TokenRecord? Authenticate(string presented)
    {
        if (Tokens.Parse(presented) is not var (id, secret) || !_tokens.TryGetValue(id, out var record) || record.RevokedAt is not null)
        {
            return null;
        }

        return CryptographicOperations.FixedTimeEquals(Tokens.Hash(secret), record.SecretHash) ? record : null;
    }

    /// <summary>Reads every token from the store (the log has them all).</summary>
    public static async Task<TokenRegistry> LoadAsync(IEventStore store, CancellationToken cancellationToken = default)
    {
        var registry = new TokenRegistry();
        long position = 0;
        while (true)
        {
            var batch = await store.ReadAllAsync(position, 5_000, cancellationToken);
            foreach (var stored in batch)
            {
                registry.Apply(stored);
            }

            if (batch.Count == 0)
            {
                return registry;
            }

            position = batch[^1].Position;
        }
    }
}
