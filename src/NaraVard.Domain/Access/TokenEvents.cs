using System.Text.Json.Serialization;

namespace NaraVard.Domain.Access;

/// <summary>The life of one API token, in its own stream. The secret itself is never stored: only its SHA-256.</summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "$type")]
[JsonDerivedType(typeof(TokenIssued), nameof(TokenIssued))]
[JsonDerivedType(typeof(TokenRevoked), nameof(TokenRevoked))]
public abstract record TokenEvent
{
    public required string TokenId { get; init; }

    public required Actor By { get; init; }

    public required DateTimeOffset At { get; init; }
}

public sealed record TokenIssued : TokenEvent
{
    /// <summary>Who the token is for, as it appears in the audit trail ("Linköping socialförvaltning").</summary>
    public required string Name { get; init; }

    public required string OrganizationCode { get; init; }

    public required Role Role { get; init; }

    /// <summary>SHA-256 of the secret part, base64.</summary>
    public required string SecretHash { get; init; }
}

public sealed record TokenRevoked : TokenEvent;
