using NaraVard.Domain;
using NaraVard.Domain.Initiatives;
using NaraVard.Domain.Obstacles;
using NaraVard.Grains.Initiatives;
using NaraVard.Grains.Obstacles;
using NaraVard.Testing;

namespace NaraVard.Server.Tests.FollowUp;

/// <summary>
/// A year of a county's follow-up, as commands at days after the start: initiatives created (one joint), weekly
/// and fortnightly reports, one that falls silent and goes stale, phases, a milestone, a pause, measurement
/// points and their values, a yearly revision, a closure; obstacles flagged, escalated and resolved.
/// </summary>
internal static class ScriptedYear
{
    public static readonly string[] InitiativeIds = ["i-lkp", "i-nkp", "i-kin", "i-joint", "i-late"];

    public static IReadOnlyList<(double Day, Func<IGrainFactory, Task> Act)> Steps { get; } = Build();

    /// <summary>Plays the steps up to <paramref name="until"/> after the cluster's start at their times, then leaves the clock there.</summary>
    public static async Task PlayAsync(GrainCluster cluster, IReadOnlyList<(double Day, Func<IGrainFactory, Task> Act)> steps, TimeSpan until)
    {
        var origin = cluster.Time.GetUtcNow();
        foreach (var (day, act) in steps.Where(s => TimeSpan.FromDays(s.Day) <= until))
        {
            cluster.Time.Advance(origin.AddDays(day) - cluster.Time.GetUtcNow());
            await act(cluster.Grains);
        }

        cluster.Time.Advance(origin + until - cluster.Time.GetUtcNow());
    }

    private static Actor Editor(string org) => new($"Redaktör {org}", org, "editor");

    private static readonly Actor Planner = new("Planerare", "05", "planner");

    private static List<(double, Func<IGrainFactory, Task>)> Build()
    {
        var steps = new List<(double Day, Func<IGrainFactory, Task> Act)>
        {
            (2, g => Create(g, "i-lkp", "0580", "K01")),
            (2.1, g => Create(g, "i-nkp", "0581", "K02")),
            (3, g => Create(g, "i-kin", "0513", "K03")),
            (4, g => Create(g, "i-joint", "05", "G01", InitiativeScope.Joint, "0580", "0581")),
            (5, g => Initiative(g, "i-joint", new AcceptParticipation { By = Editor("0580"), OrganizationCode = "0580" })),
            (6, g => Initiative(g, "i-joint", new AcceptParticipation { By = Editor("0581"), OrganizationCode = "0581" })),
            (30, g => Initiative(g, "i-lkp", new AdvancePhase { By = Actor.System, To = Phase.Strategi, Comment = "Strategi beslutad." })),
            (40, g => Initiative(g, "i-nkp", new AddMilestone { By = Actor.System, Title = "Avtal klart", Due = new DateOnly(2026, 9, 1) })),
            (45, g => Obstacle(g, "o-styr", new FlagObstacle { By = Planner, Category = "styrning", Severity = Severity.High, Title = "Otydlig styrning", BlockedInitiatives = ["i-joint"] })),
            (75, g => Obstacle(g, "o-styr", new EscalateObstacle { By = Planner, Note = "Till LGVO." })),
            (90, async g => await Initiative(g, "i-nkp", new CompleteMilestone { By = Actor.System, MilestoneId = (await g.GetGrain<IInitiativeGrain>("i-nkp").GetAsync()).State.Milestones[0].Id })),
            (100, g => Initiative(g, "i-lkp", new AddIndicator { By = Actor.System, Name = "Andel med fast vårdkontakt", Unit = "%", Level = EffectLevel.Individual, Baseline = 40, Target = 80, TargetDate = new DateOnly(2027, 6, 30) })),
            (120, g => Initiative(g, "i-lkp", new AdvancePhase { By = Actor.System, To = Phase.Genomforande })),
            (150, g => Obstacle(g, "o-styr", new ChangeObstacleStatus { By = Planner, To = ObstacleStatus.Resolved, Note = "Gemensam styrgrupp tillsatt." })),
            (160, g => Initiative(g, "i-nkp", new PauseInitiative { By = Actor.System, Reason = "Rekrytering pågår." })),
            (190, g => Initiative(g, "i-nkp", new ResumeInitiative { By = Actor.System })),
            (220, g => Initiative(g, "i-lkp", new RevisePlan { By = Actor.System, Reason = "Årlig revidering", TargetDate = new DateOnly(2030, 6, 30) })),
            (250, g => Create(g, "i-late", "0586", "K05")),
            (280, g => Initiative(g, "i-kin", new CloseInitiative { By = Actor.System, Outcome = Phase.Stoppad, Reason = "Ersatt av länsgemensamt arbete." })),
            (300, g => Obstacle(g, "o-rekr", new FlagObstacle { By = Planner, Category = "rekrytering", Severity = Severity.Medium, Title = "Svårt att rekrytera distriktssköterskor", BlockedOrganizations = ["0586", "0513"] })),
        };

        foreach (var day in new[] { 130, 200, 300 })
        {
            steps.Add((day + 0.2, async g => await Initiative(g, "i-lkp", new RecordIndicatorValue { By = Actor.System, IndicatorId = (await g.GetGrain<IInitiativeGrain>("i-lkp").GetAsync()).State.Indicators[0].Id, Value = 40 + (day / 10) })));
        }

        // Reports: Linköping weekly, Norrköping and the joint one fortnightly (not while paused), Kinda until day 60.
        for (var day = 7; day <= 350; day += 7)
        {
            var week = day / 7;
            steps.Add((day + 0.3, g => Report(g, "i-lkp", Math.Min(100, week * 2), week % 5 == 0 ? InitiativeStatus.AtRisk : InitiativeStatus.OnTrack)));
            if (week % 2 == 0 && day is < 160 or > 190)
            {
                steps.Add((day + 0.4, g => Report(g, "i-nkp", Math.Min(100, week), InitiativeStatus.OnTrack)));
                steps.Add((day + 0.5, g => Report(g, "i-joint", Math.Min(100, week + 5), week > 20 ? InitiativeStatus.OffTrack : InitiativeStatus.OnTrack)));
            }

            if (day <= 60)
            {
                steps.Add((day + 0.6, g => Report(g, "i-kin", week * 5, InitiativeStatus.AtRisk)));
            }
        }

        return [.. steps.OrderBy(s => s.Day)];
    }

    private static Task Create(IGrainFactory grains, string id, string owner, string item, InitiativeScope scope = InitiativeScope.Municipal, params string[] participants) =>
        Initiative(grains, id, new CreateInitiative
        {
            By = Editor(owner), Title = $"{item} i {owner}", OwnerCode = owner, Scope = scope, RoadmapItem = item,
            Participants = participants, GoalAreas = ["framtidens-primarvard"], TargetDate = new DateOnly(2028, 12, 31),
        });

    private static Task Report(IGrainFactory grains, string id, int progress, InitiativeStatus status) =>
        Initiative(grains, id, new ReportProgress { By = Actor.System, ProgressPercent = progress, Status = status, Comment = "Rapport." });

    private static Task Initiative(IGrainFactory grains, string id, InitiativeCommand command) =>
        grains.GetGrain<IInitiativeGrain>(id).ExecuteAsync(command);

    private static Task Obstacle(IGrainFactory grains, string id, ObstacleCommand command) =>
        grains.GetGrain<IObstacleGrain>(id).ExecuteAsync(command);
}
