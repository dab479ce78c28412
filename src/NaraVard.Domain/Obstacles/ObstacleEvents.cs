using System.Text.Json.Serialization;

namespace NaraVard.Domain.Obstacles;

public enum Severity
{
    Low = 1,
    Medium = 2,
    High = 3,
    Critical = 4,
}

/// <summary>open → acknowledged → mitigating or accepted → resolved.</summary>
public enum ObstacleStatus
{
    Open = 1,
    Acknowledged = 2,
    Mitigating = 3,
    Accepted = 4,
    Resolved = 5,
}

/// <summary>Who is dealing with the obstacle: the organisation itself, then LGVO, then SVO.</summary>
public enum EscalationLevel
{
    Organization = 1,
    Lgvo = 2,
    Svo = 3,
}

[JsonPolymorphic(TypeDiscriminatorPropertyName = "$type")]
[JsonDerivedType(typeof(ObstacleFlagged), nameof(ObstacleFlagged))]
[JsonDerivedType(typeof(ObstacleStatusChanged), nameof(ObstacleStatusChanged))]
[JsonDerivedType(typeof(ObstacleEscalated), nameof(ObstacleEscalated))]
[JsonDerivedType(typeof(ObstacleNextStepPlanned), nameof(ObstacleNextStepPlanned))]
public abstract record ObstacleEvent
{
    public required string ObstacleId { get; init; }

    public required Actor By { get; init; }

    public required DateTimeOffset At { get; init; }

    public string? RequestId { get; init; }

    /// <summary>A fingerprint of the request's content: the same request id with other content is refused.</summary>
    public string? RequestHash { get; init; }
}

public sealed record ObstacleFlagged : ObstacleEvent
{
    public required string Category { get; init; }

    /// <summary>Free text naming the obstacle when the category is "other".</summary>
    public string? OtherCategory { get; init; }

    public required Severity Severity { get; init; }

    public required string Title { get; init; }

    public string Description { get; init; } = "";

    public IReadOnlyList<string> BlockedInitiatives { get; init; } = [];

    public IReadOnlyList<string> BlockedOrganizations { get; init; } = [];
}

public sealed record ObstacleStatusChanged : ObstacleEvent
{
    public required ObstacleStatus From { get; init; }

    public required ObstacleStatus To { get; init; }

    public string Note { get; init; } = "";
}

public sealed record ObstacleEscalated : ObstacleEvent
{
    public required EscalationLevel To { get; init; }

    public string Note { get; init; } = "";
}

public sealed record ObstacleNextStepPlanned : ObstacleEvent
{
    /// <summary>The person or group who carries the obstacle forward, as the planner wrote it.</summary>
    public required string Owner { get; init; }

    public required string NextStep { get; init; }

    public DateOnly? Due { get; init; }
}
