using NaraVard.Domain;
using NaraVard.Domain.Initiatives;

namespace NaraVard.Exchange.Plans;

/// <summary>One row of an action plan, read and typed. Null means the cell is empty (or the column absent): "no change".</summary>
public sealed record PlanRow(int Number)
{
    public string? Id { get; init; }

    public string? RoadmapItem { get; init; }

    public string? Title { get; init; }

    public string? OwnerCode { get; init; }

    public IReadOnlyList<string>? Participants { get; init; }

    public Phase? Phase { get; init; }

    public InitiativeStatus? Status { get; init; }

    public Priority? Priority { get; init; }

    public int? Progress { get; init; }

    public string? Comment { get; init; }

    public IReadOnlyList<string>? GoalAreas { get; init; }

    public IReadOnlyList<Effect>? Effects { get; init; }

    public string? Responsible { get; init; }

    public string? Description { get; init; }

    public DateOnly? StartDate { get; init; }

    public DateOnly? TargetDate { get; init; }

    public decimal? OwnCost { get; init; }

    public decimal? CoFinancing { get; init; }

    public string? CoFinancedBy { get; init; }

    public IReadOnlyList<PlannedMilestone>? Milestones { get; init; }

    public IReadOnlyList<PlannedIndicator>? Indicators { get; init; }

    /// <summary>Owner, roadmap item and title: what finds the row's initiative again when the file has no id.</summary>
    public string? Key => OwnerCode is null || RoadmapItem is null || Title is null ? null : KeyOf(OwnerCode, RoadmapItem, Title);

    public static string KeyOf(string owner, string item, string title) =>
        $"{owner}|{item}|{string.Join(' ', title.Split(' ', StringSplitOptions.RemoveEmptyEntries)).ToLowerInvariant()}";
}

public sealed record PlannedMilestone(string Title, DateOnly? Due, bool Done);

public sealed record PlannedIndicator(string Name, string Unit, EffectLevel Level, decimal Baseline, decimal Target, DateOnly TargetDate)
{
    /// <summary>The Kolada KPI its values come from, and whose (null: the owner's); null for a point measured locally.</summary>
    public (string Kpi, string? Municipality)? Kolada { get; init; }
}

/// <summary>What is wrong with one cell (or, with no column, one row), named by the column's header as in the file.</summary>
public sealed record PlanProblem(int Row, string Column, string Rule);
