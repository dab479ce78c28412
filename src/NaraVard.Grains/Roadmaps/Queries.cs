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
    string? PageToken = null,
    string? InvitedOrganizationCode = null,
    Domain.Initiatives.Health? Health = null,
    bool? EffectStalled = null,
    Priority? Priority = null,
    InitiativeOrder Order = InitiativeOrder.Id)
{
    public const int MaxPageSize = 500;

    /// <summary>What a page token is checked against: the query without its page.</summary>
    public string PageKey() => (this with { PageSize = 0, PageToken = null }).ToString();

    /// <summary>Whether an initiative is one the query asks for, at a moment (stale is relative to it): the present's list and the lists as of a past moment alike.</summary>
    public bool Matches(InitiativeSummary s, DateTimeOffset now, TimeSpan staleAfter) =>
        (OrganizationCode is null || s.Organizations.Contains(OrganizationCode)) &&
        (Phase is null || s.Phase == Phase) &&
        (Status is null || s.Status == Status) &&
        (GoalArea is null || s.GoalAreas.Contains(GoalArea)) &&
        (RoadmapItem is null || s.RoadmapItem == RoadmapItem) &&
        (Stale is null || s.IsStale(now, staleAfter) == Stale) &&
        (InvitedOrganizationCode is null || s.Invited.Contains(InvitedOrganizationCode)) &&
        (Health is null || s.HealthAt(now, staleAfter) == Health) &&
        (EffectStalled is null || s.EffectStalled == EffectStalled) &&
        (Priority is null || s.Priority == Priority);

    /// <summary>
    /// Where an initiative falls in the list's order, as a key that sorts ordinally: by priority (high first, unranked
    /// last) then target date, or by target date (soonest first, none last) then priority; the id breaks ties.
    /// </summary>
    public string SortKey(InitiativeSummary s)
    {
        var rank = s.Priority is { } p ? (int)p : 9;
        var due = (s.TargetDate ?? DateOnly.MaxValue).ToString("yyyyMMdd", System.Globalization.CultureInfo.InvariantCulture);
        return Order == InitiativeOrder.TargetDate ? $"{due}|{rank}|{s.Id}" : $"{rank}|{due}|{s.Id}";
    }
}

/// <summary>The order of a list of initiatives: by id (stable, the default), by priority, or by target date.</summary>
public enum InitiativeOrder
{
    Id = 0,
    Priority = 1,
    TargetDate = 2,
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
    string? PageToken = null)
{
    /// <summary>What a page token is checked against: the query without its page.</summary>
    public string PageKey() => (this with { PageSize = 0, PageToken = null }).ToString();

    /// <summary>Whether an obstacle is one the query asks for: the present's register and the register as of a past moment alike.</summary>
    public bool Matches(ObstacleSummary s) =>
        (OrganizationCode is null || s.AffectedOrganizations.Contains(OrganizationCode)) &&
        (Category is null || s.Category == Category) &&
        (MinSeverity is null || s.Severity >= MinSeverity) &&
        (Status is null || s.Status == Status) &&
        (!OpenOnly || s.IsOpen) &&
        (InitiativeId is null || s.BlockedInitiatives.Contains(InitiativeId));
}

public sealed record ObstaclePage(IReadOnlyList<ObstacleSummary> Items, string? NextPageToken, int TotalMatches);
