using System.Security.Cryptography;
using System.Text;
using NaraVard.Domain;
using NaraVard.Domain.Access;
using NaraVard.Grains.Storage;
using NaraVard.Persistence;

namespace NaraVard.Server.Access;

/// <summary>A token as the registry knows it (never with its secret).</summary>
public sealed record TokenRecord(string Id, string Name, string OrganizationCode, Role Role, byte[] SecretHash, DateTimeOffset IssuedAt, DateTimeOffset? RevokedAt)
{
    public Actor Actor => new(Name, OrganizationCode, Role.Code(), Actor.ForToken(Id));
}

/// <summary>
/// Tokens look like <c>nv_{id}_{secret}</c>: the id finds the record, the secret is checked against its
/// SHA-256 in constant time. Issuing and revoking are events in the store, so every node learns of them
/// from the log.
/// </summary>
public static class Tokens
{
    public const string StreamPrefix = "token-";

    public static async Task<(string Token, TokenRecord Record)> IssueAsync(IEventStore store, string name, string organizationCode, Role role, Actor by, DateTimeOffset now)
    {
        var id = RandomText(10);
        var secret = RandomText(32);
        var issued = new TokenIssued
        {
            TokenId = id,
            By = by,
            At = now,
            Name = Limits.Line(name, "name", Limits.Name, required: true),
            OrganizationCode = organizationCode,
            Role = role,
            SecretHash = Convert.ToBase64String(Hash(secret)),
        };
        await store.AppendAsync(StreamPrefix + id, 0, [EventCodec.Encode<TokenEvent>(issued)]);
        return ($"nv_{id}_{secret}", new TokenRecord(id, issued.Name, organizationCode, role, Hash(secret), now, null));
    }

    public static async Task<bool> RevokeAsync(IEventStore store, string id, Actor by, DateTimeOffset now)
    {
        var stream = await store.ReadStreamAsync(StreamPrefix + id);
        if (stream.Count == 0 || stream.Count > 1)
        {
            return false; // unknown, or revoked already
        }

        await store.AppendAsync(StreamPrefix + id, stream.Count, [EventCodec.Encode<TokenEvent>(new TokenRevoked { TokenId = id, By = by, At = now })]);
        return true;
    }

    public static (string Id, string Secret)? Parse(string token)
    {
        var parts = token.Split('_');
        return parts is ["nv", { Length: > 0 } id, { Length: > 0 } secret] ? (id, secret) : null;
    }

    public static byte[] Hash(string secret) => SHA256.HashData(Encoding.UTF8.GetBytes(secret));

    private static string RandomText(int length)
    {
        const string Alphabet = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
        return RandomNumberGenerator.GetString(Alphabet, length);
    }
}
