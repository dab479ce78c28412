using NaraVard.Domain.Initiatives;
using NaraVard.Domain.Obstacles;

namespace NaraVard.Domain.Tests;

/// <summary>Valid commands to start from; each test changes the one thing it is about.</summary>
internal static class Commands
{
    public static readonly Actor Linkoping = new("Linköping socialförvaltning", "0580", "editor");
    public static readonly Actor Planner = new("Planerare Region", "05", "planner");
    public static readonly Actor Admin = new("Administratör", "05", "admin");
    public static readonly DateTimeOffset Now = new(2026, 3, 1, 8, 0, 0, TimeSpan.Zero);

    public static CreateInitiative Create() => new()
    {
        By = Linkoping,
        Title = "Kommunal primärvård i Linköping",
        OwnerCode = "0580",
        Scope = InitiativeScope.Municipal,
        RoadmapItem = "K01",
        GoalAreas = ["framtidens-primarvard"],
        Effects = [new Effect(EffectLevel.Individual, "Östgöten får vård närmare hemmet")],
        StartDate = new DateOnly(2026, 1, 1),
        TargetDate = new DateOnly(2027, 12, 31),
        Budget = new Budget(500_000, 250_000, "Region Östergötland"),
    };

    public static ReportProgress Report(int progress = 40, InitiativeStatus status = InitiativeStatus.AtRisk) =>
        new() { By = Linkoping, ProgressPercent = progress, Status = status, Comment = "Rekrytering pågår" };

    public static FlagObstacle Flag() => new()
    {
        By = Planner,
        Category = "tillit",
        Severity = Severity.High,
        Title = "Oklart vem som betalar hemsjukvården",
        BlockedOrganizations = ["0580"],
    };
}
