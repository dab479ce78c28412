namespace NaraVard.Domain.Obstacles;

public abstract record ObstacleCommand
{
    public required Actor By { get; init; }

    public string? RequestId { get; init; }
}

public sealed record FlagObstacle : ObstacleCommand
{
    public required string Category { get; init; }

    public string? OtherCategory { get; init; }

    public required Severity Severity { get; init; }

    public required string Title { get; init; }

    public string Description { get; init; } = "";

    public IReadOnlyList<string> BlockedInitiatives { get; init; } = [];

    public IReadOnlyList<string> BlockedOrganizations { get; init; } = [];
}

public sealed record ChangeObstacleStatus : ObstacleCommand
{
    public required ObstacleStatus To { get; init; }

    public string Note { get; init; } = "";
}

public sealed record EscalateObstacle : ObstacleCommand
{
    public string Note { get; init; } = "";
}

/// <summary>Who carries the obstacle forward, the next step and the date it is due: what a meeting follows up.</summary>
public sealed record PlanObstacleNextStep : ObstacleCommand
{
    public required string Owner { get; init; }

    public required string NextStep { get; init; }

    public DateOnly? Due { get; init; }
}
