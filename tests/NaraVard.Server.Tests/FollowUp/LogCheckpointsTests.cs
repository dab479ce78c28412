using System.Text.Json;
using NaraVard.Domain;
using NaraVard.Domain.FollowUp;
using NaraVard.Domain.Initiatives;
using NaraVard.Domain.Obstacles;
using NaraVard.Grains.Storage;
using NaraVard.Persistence;
using NaraVard.Persistence.Sqlite;
using NaraVard.Server.FollowUp;
using NaraVard.Testing;

namespace NaraVard.Server.Tests.FollowUp;

/// <summary>
/// Reads as of a moment from checkpoints equal the fold of the whole log, at every moment, whatever order the
/// events' times have in the log (reports written late, imports of old times), and as the log grows.
/// </summary>
public sealed class LogCheckpointsTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Start = new(2026, 1, 5, 8, 0, 0, TimeSpan.Zero);
    private readonly TempDirectory _folder = new("naravard-checkpoints");
    private readonly List<(long Position, object Event)> _log = [];
    private SqliteEventStore _store = null!;

    public async Task InitializeAsync()
    {
        _store = new SqliteEventStore(_folder.File("naravard.db"));
        await _store.InitializeAsync();
    }

    public async Task DisposeAsync()
    {
        await _store.DisposeAsync();
        _folder.Dispose();
    }

    [Fact]
    public async Task AtAsync_TimesOutOfLogOrder_EqualsTheWholeLogFoldedAtEveryMoment()
    {
        var random = new Random(14);
        await WriteYearAsync(random, initiatives: 40, weeks: 30);
        var checkpoints = new LogCheckpoints(_store, spacing: 25, pageSize: 7);

        foreach (var moment in Moments(random, 60))
        {
            AssertSame(AsOf.Fold(_log, moment), await checkpoints.AtAsync(moment, CancellationToken.None));
        }

        Assert.InRange(checkpoints.Count, 3, LogCheckpoints.MaxCheckpoints);
    }

    [Fact]
    public async Task AtAsync_LogGrowsBetweenReads_CatchesUpAndStaysExact()
    {
        var random = new Random(16);
        var checkpoints = new LogCheckpoints(_store, spacing: 10, pageSize: 3);
        Assert.Equal(0, (await checkpoints.AtAsync(Start, CancellationToken.None)).Position);

        for (var round = 0; round < 3; round++)
        {
            await WriteYearAsync(random, initiatives: 10, weeks: 12, prefix: $"r{round}");
            foreach (var moment in Moments(random, 15))
            {
                AssertSame(AsOf.Fold(_log, moment), await checkpoints.AtAsync(moment, CancellationToken.None));
            }
        }
    }

    [Fact]
    public async Task PeriodAsync_AnyPeriod_GivesTheChangeReportOfTheWholeLog()
    {
        var random = new Random(30);
        await WriteYearAsync(random, initiatives: 30, weeks: 26);
        var checkpoints = new LogCheckpoints(_store, spacing: 20, pageSize: 5);
        var roadmap = TestRoadmap.Ostergotland;

        var moments = Moments(random, 24).Order().ToList();
        for (var i = 0; i + 1 < moments.Count; i += 2)
        {
            var (then, now, period) = await checkpoints.PeriodAsync(moments[i], moments[i + 1], CancellationToken.None);
            var expected = ChangeReport.Build(_log, moments[i], moments[i + 1], roadmap);
            Assert.Equal(Json(expected), Json(ChangeReport.Build(then, now, period, roadmap)));
        }
    }

    private static void AssertSame(AsOf expected, AsOf actual)
    {
        var roadmap = TestRoadmap.Ostergotland;
        Assert.Equal(expected.Position, actual.Position);
        Assert.Equal(Json(expected.Initiatives.OrderBy(s => s.Id, StringComparer.Ordinal)), Json(actual.Initiatives.OrderBy(s => s.Id, StringComparer.Ordinal)));
        Assert.Equal(Json(expected.Obstacles.OrderBy(s => s.Id, StringComparer.Ordinal)), Json(actual.Obstacles.OrderBy(s => s.Id, StringComparer.Ordinal)));
        Assert.Equal(Json(expected.Overview(roadmap)), Json(actual.Overview(roadmap)));
    }

    private static string Json<T>(T value) => JsonSerializer.Serialize(value, EventCodec.Options);

    /// <summary>Before the first event, after the last, and moments in between.</summary>
    private static IEnumerable<DateTimeOffset> Moments(Random random, int count) =>
        new[] { Start.AddDays(-1), Start.AddDays(400) }.Concat(Enumerable.Range(0, count).Select(_ => Start.AddHours(random.Next(0, 24 * 300))));

    /// <summary>
    /// Weekly reports on initiatives and obstacles, written mostly in time order but with one report in ten
    /// written weeks late (its time earlier than what precedes it in the log), as an import of old data would.
    /// </summary>
    private async Task WriteYearAsync(Random random, int initiatives, int weeks, string prefix = "i")
    {
        var roadmap = TestRoadmap.Ostergotland;
        var organizations = roadmap.Organizations.Select(o => o.Code).Where(c => c != "05").ToArray();
        var states = new Dictionary<string, InitiativeState>(StringComparer.Ordinal);
        var obstacles = new Dictionary<string, ObstacleState>(StringComparer.Ordinal);
        var items = roadmap.RoadmapItems.Where(i => i.Scope == InitiativeScope.Municipal).Select(i => i.Code).ToArray();
        for (var week = 0; week < weeks; week++)
        {
            for (var n = 0; n < initiatives; n++)
            {
                var id = $"{prefix}-{n:000}";
                var late = random.Next(10) == 0 ? random.Next(1, 6) : 0;
                var at = Start.AddDays((7 * week) - (7 * late)).AddMinutes(n);
                var owner = organizations[n % organizations.Length];
                var state = states.GetValueOrDefault(id, InitiativeState.Initial);
                InitiativeCommand command = !state.Exists
                    ? new CreateInitiative { By = Actor.System, Title = $"Initiativ {id}", OwnerCode = owner, Scope = InitiativeScope.Municipal, RoadmapItem = items[n % items.Length], GoalAreas = ["teambaserad"] }
                    : week == 8 && n % 3 == 0 && state.Phase == Phase.Planering ? new AdvancePhase { By = Actor.System, To = Phase.Strategi }
                    : new ReportProgress { By = Actor.System, ProgressPercent = Math.Min(100, week * 3), Status = (InitiativeStatus)(1 + random.Next(3)) };
                if ((!state.Exists && late > 0) || (n % 4 == 1 && random.Next(3) > 0 && state.Exists))
                {
                    continue; // created on time; some initiatives skip weeks (and go stale)
                }

                states[id] = await AppendAsync(Streams.Initiative(id), state, InitiativeDecider.Decide(id, state, command, roadmap, at), (s, e) => s.Apply(e));
            }

            if (week % 3 == 1)
            {
                var id = $"{prefix}-o{week:00}";
                var flag = new FlagObstacle { By = Actor.System, Category = "tillit", Severity = Severity.High, Title = "Otydligt huvudmannaskap", BlockedInitiatives = [$"{prefix}-{week % initiatives:000}"] };
                obstacles[id] = await AppendAsync(Streams.Obstacle(id), ObstacleState.Initial, ObstacleDecider.Decide(id, ObstacleState.Initial, flag, roadmap, states.ContainsKey, Start.AddDays(7 * week).AddHours(3)), (s, e) => s.Apply(e));
            }

            if (week % 5 == 4 && obstacles.Keys.FirstOrDefault(k => obstacles[k].Status == ObstacleStatus.Open) is { } open)
            {
                var resolve = new ChangeObstacleStatus { By = Actor.System, To = ObstacleStatus.Resolved, Note = "Löst." };
                obstacles[open] = await AppendAsync(Streams.Obstacle(open), obstacles[open], ObstacleDecider.Decide(open, obstacles[open], resolve, roadmap, states.ContainsKey, Start.AddDays(7 * week).AddHours(5)), (s, e) => s.Apply(e));
            }
        }
    }

    private async Task<TState> AppendAsync<TState, TEvent>(string stream, TState state, IReadOnlyList<TEvent> events, Func<TState, TEvent, TState> apply)
        where TEvent : class
    {
        var result = await _store.AppendAsync(stream, ExpectedVersion.Any, [.. events.Select(EventCodec.Encode)]);
        var first = result.LastPosition - events.Count + 1;
        for (var i = 0; i < events.Count; i++)
        {
            _log.Add((first + i, events[i]));
            state = apply(state, events[i]);
        }

        return state;
    }
}
