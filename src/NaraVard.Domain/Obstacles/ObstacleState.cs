using System.Collections.Immutable;

namespace NaraVard.Domain.Obstacles;

public sealed record ObstacleState
{
    public static readonly ObstacleState Initial = new();

    public string Id { get; init; } = "";

    public long Version { get; init; }

    public bool Exists => Version > 0;

    public string Category { get; init; } = "";

    public string? OtherCategory { get; init; }

    public Severity Severity { get; init; }

    public string Title { get; init; } = "";

    public string Description { get; init; } = "";

    public ImmutableArray<string> BlockedInitiatives { get; init; } = [];

    public ImmutableArray<string> BlockedOrganizations { get; init; } = [];

    public Actor RaisedBy { get; init; } = Actor.System;

    public DateTimeOffset RaisedAt { get; init; }

    public DateTimeOffset? ResolvedAt { get; init; }

    public DateTimeOffset UpdatedAt { get; init; }

    public ObstacleStatus Status { get; init; } = ObstacleStatus.Open;

    public EscalationLevel Escalation { get; init; } = EscalationLevel.Organization;

    /// <summary>Who carries it forward; empty until a planner names someone.</summary>
    public string Owner { get; init; } = "";

    public string NextStep { get; init; } = "";

    public DateOnly? NextStepDue { get; init; }

    public bool IsOpen => Status != ObstacleStatus.Resolved;

    /// <summary>How long the obstacle has been (or was) open.</summary>
    public TimeSpan OpenFor(DateTimeOffset now) => (ResolvedAt ?? now) - RaisedAt;

    public ObstacleState Apply(ObstacleEvent e)
    {
        var next = this with { Version = Version + 1, UpdatedAt = e.At };
        return e switch
        {
            ObstacleFlagged f => next with
            {
                Id = f.ObstacleId,
                Category = f.Category,
                OtherCategory = f.OtherCategory,
                Severity = f.Severity,
                Title = f.Title,
                Description = f.Description,
                BlockedInitiatives = [.. f.BlockedInitiatives],
                BlockedOrganizations = [.. f.BlockedOrganizations],
                RaisedBy = f.By,
                RaisedAt = f.At,
            },
            ObstacleStatusChanged s => next with { Status = s.To, ResolvedAt = s.To == ObstacleStatus.Resolved ? s.At : null },
            ObstacleEscalated x => next with { Escalation = x.To },
            ObstacleNextStepPlanned p => next with { Owner = p.Owner, NextStep = p.NextStep, NextStepDue = p.Due },
            _ => throw new InvalidOperationException($"Unknown obstacle event {e.GetType().Name}."),
        };
    }
}
