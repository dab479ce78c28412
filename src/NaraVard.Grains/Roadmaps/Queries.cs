using NaraVard.Domain;
using NaraVard.Domain.Obstacles;
using NaraVard.Domain.Rollups;

namespace NaraVard.Grains.Roadmaps;

public sealed record InitiativeQuery(
    string? OrganizationCode = null,
    Phase? Phase = null,
    InitiativeStatus? Status = null,
    string? GoalArea = null,
    string? RoadmapItem = null,
    bool? Stale = null,
    int PageSize = 50,
    string? PageToken = null)
{
    public const int MaxPageSize = 500;
}

public sealed record InitiativePage(IReadOnlyList<InitiativeSummary> Items, string? NextPageToken, int TotalMatches, System.Collections.Immutable.ImmutableHashSet<string> StaleIds);

public sealed record ObstacleQuery(
    string? OrganizationCode = null,
    string? Category = null,
    Severity? MinSeverity = null,
    ObstacleStatus? Status = null,
    bool OpenOnly = false,
    string? InitiativeId = null,
    int PageSize = 50,
    string? PageToken = null);

public sealed record ObstaclePage(IReadOnlyList<ObstacleSummary> Items, string? NextPageToken, int TotalMatches);
