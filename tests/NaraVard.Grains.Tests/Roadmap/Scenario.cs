using NaraVard.Domain;
using NaraVard.Domain.Initiatives;
using NaraVard.Domain.Obstacles;
using NaraVard.Grains.Initiatives;
using NaraVard.Grains.Obstacles;
using NaraVard.Testing;

namespace NaraVard.Grains.Tests.Roadmap;

/// <summary>Small helpers that read like what municipalities and planners do.</summary>
internal static class Scenario
{
    public static Actor Editor(string org) => new($"Redaktör {org}", org, "editor");

    public static readonly Actor Planner = new("Planerare", "05", "planner");

    public static async Task<string> CreateAsync(GrainCluster host, string owner, string item, InitiativeScope scope = InitiativeScope.Municipal, params string[] participants)
    {
        var id = TestRoadmap.NewKey("i");
        await host.Grains.GetGrain<IInitiativeGrain>(id).ExecuteAsync(new CreateInitiative
        {
            By = Editor(owner),
            Title = $"{item} i {owner}",
            OwnerCode = owner,
            Scope = scope,
            RoadmapItem = item,
            Participants = participants,
            GoalAreas = ["framtidens-primarvard"],
        });

        // Each invited organisation accepts, as its editors would: a joint initiative counts only for those that did.
        foreach (var participant in participants)
        {
            await host.Grains.GetGrain<IInitiativeGrain>(id).ExecuteAsync(new AcceptParticipation { By = Editor(participant), OrganizationCode = participant });
        }

        return id;
    }

    public static Task<InitiativeView> ReportAsync(GrainCluster host, string id, int progress, InitiativeStatus status = InitiativeStatus.OnTrack, long? expectedVersion = null) =>
        host.Grains.GetGrain<IInitiativeGrain>(id).ExecuteAsync(new ReportProgress { By = Actor.System, ProgressPercent = progress, Status = status }, expectedVersion);

    public static async Task AdvanceToAsync(GrainCluster host, string id, Phase to)
    {
        var grain = host.Grains.GetGrain<IInitiativeGrain>(id);
        foreach (var phase in new[] { Phase.Strategi, Phase.Genomforande }.Where(p => p <= to))
        {
            await grain.ExecuteAsync(new AdvancePhase { By = Actor.System, To = phase });
        }
    }

    public static async Task<string> FlagAsync(GrainCluster host, string category, Severity severity, string[] initiatives, string[] organizations)
    {
        var id = TestRoadmap.NewKey("o");
        await host.Grains.GetGrain<IObstacleGrain>(id).ExecuteAsync(new FlagObstacle
        {
            By = Planner,
            Category = category,
            Severity = severity,
            Title = "Hinder",
            BlockedInitiatives = initiatives,
            BlockedOrganizations = organizations,
        });
        return id;
    }
}
