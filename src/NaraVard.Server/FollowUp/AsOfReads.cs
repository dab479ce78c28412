using NaraVard.Domain;
using NaraVard.Domain.FollowUp;
using NaraVard.Domain.Initiatives;
using NaraVard.Domain.Obstacles;
using NaraVard.Domain.Roadmap;
using NaraVard.Domain.Rollups;

namespace NaraVard.Server.FollowUp;

/// <summary>Reads as of a moment: the log folded up to it (<see cref="AsOf"/>, from the nearest <see cref="LogCheckpoints"/>).</summary>
internal sealed class AsOfReads(LogCheckpoints checkpoints, RoadmapDefinition roadmap, TimeProvider time)
{
    // The road and the committee report compare today with a past moment (a meeting's end) on every visit: a
    // few such overviews are kept. A moment a minute past gets no more events (the server stamps each when it
    // writes it), so what is kept is what a fresh fold would give.
    private const int PastOverviewsKept = 8;
    private static readonly TimeSpan Settled = TimeSpan.FromMinutes(1);
    private readonly Dictionary<DateTimeOffset, Task<CountyOverview>> _past = [];
    private readonly Lock _pastLock = new();

    public Task<CountyOverview> OverviewAsync(DateTimeOffset moment, CancellationToken cancellationToken)
    {
        if (moment > time.GetUtcNow() - Settled)
        {
            return FoldOverviewAsync(moment, cancellationToken);
        }

        lock (_pastLock)
        {
            if (!_past.TryGetValue(moment, out var kept) || kept.IsFaulted || kept.IsCanceled)
            {
                if (_past.Count >= PastOverviewsKept)
                {
                    _past.Clear();
                }

                _past[moment] = kept = FoldOverviewAsync(moment, CancellationToken.None);
            }

            return kept.WaitAsync(cancellationToken);
        }
    }

    /// <summary>The county's spread at the moment, folded afresh: for callers that keep what they need themselves (<see cref="PhaseTrend"/>) and must not push the kept overviews out.</summary>
    public async Task<Spread> CountySpreadAsync(DateTimeOffset moment, CancellationToken cancellationToken) =>
        (await FoldOverviewAsync(moment, cancellationToken)).County;

    private async Task<CountyOverview> FoldOverviewAsync(DateTimeOffset moment, CancellationToken cancellationToken) =>
        (await FoldAsync(moment, cancellationToken)).Overview(roadmap);

    /// <summary>One organisation as it stood at the moment: its figures and matrix row by the county's own roll-up, and its initiatives.</summary>
    public async Task<Grains.Organizations.OrganizationView> OrganizationAsync(string code, DateTimeOffset moment, CancellationToken cancellationToken)
    {
        var then = await FoldAsync(moment, cancellationToken);
        var overview = then.Overview(roadmap);
        return new(
            roadmap.OrganizationsByCode[code],
            overview.Organizations.Single(o => o.Code == code),
            [.. overview.Matrix.Where(c => c.OrganizationCode == code)],
            [.. then.Initiatives.Where(s => s.Exists && s.Organizations.Contains(code)).Select(s => s.Id).Order(StringComparer.Ordinal)]);
    }

    /// <summary>The initiative list as it stood at the moment: the same query, matched and paged as the present's.</summary>
    public async Task<Grains.Roadmaps.InitiativePage> ListInitiativesAsync(Grains.Roadmaps.InitiativeQuery query, DateTimeOffset moment, CancellationToken cancellationToken)
    {
        var then = await FoldAsync(moment, cancellationToken);
        var summaries = then.Rollup(roadmap).Initiatives.ToDictionary(s => s.Id, StringComparer.Ordinal);
        bool Matches(InitiativeSummary s) => query.Matches(s, moment, roadmap.StaleAfter);
        var (page, next) = Grains.Roadmaps.Paging.Initiatives(query, new SortedSet<string>(summaries.Keys, StringComparer.Ordinal), summaries.GetValueOrDefault, summaries.Values, Matches);
        return new(page, next, summaries.Values.Count(Matches), [.. page.Where(s => s.IsStale(moment, roadmap.StaleAfter)).Select(s => s.Id)]);
    }

    /// <summary>The obstacle register as it stood at the moment: the same query, matched and paged; each obstacle with whom it blocked then.</summary>
    public async Task<(IReadOnlyList<Grains.Obstacles.ObstacleView> Page, string? Next, int Total)> ListObstaclesAsync(Grains.Roadmaps.ObstacleQuery query, DateTimeOffset moment, CancellationToken cancellationToken)
    {
        var then = await FoldAsync(moment, cancellationToken);
        var views = then.Obstacles.Where(o => o.Exists).ToDictionary(o => o.Id, o => View(then, o), StringComparer.Ordinal);
        var summaries = views.Values.ToDictionary(v => v.State.Id, v => ObstacleSummary.From(v.State, v.AffectedOrganizations), StringComparer.Ordinal);
        var (page, next) = Grains.Roadmaps.Paging.Page(new SortedSet<string>(summaries.Keys, StringComparer.Ordinal), summaries.GetValueOrDefault, s => s.Id, query.PageSize, query.PageToken, query.PageKey(), query.Matches);
        return ([.. page.Select(s => views[s.Id])], next, summaries.Values.Count(query.Matches));
    }

    public async Task<Grains.Obstacles.ObstacleView> ObstacleAsync(string id, DateTimeOffset moment, CancellationToken cancellationToken)
    {
        var then = await FoldAsync(moment, cancellationToken);
        return then.Obstacle(id) is { Exists: true } state
            ? View(then, state)
            : throw DomainException.NotFound($"obstacle {id} did not exist at {moment:yyyy-MM-dd HH:mm:ss} UTC");
    }

    private static Grains.Obstacles.ObstacleView View(AsOf then, ObstacleState state) =>
        new(state, then.AffectedOrganizations(state), state.OpenFor(then.Moment), then.Position);

    /// <summary>The initiative as it stood at the moment: its state, whether it was stale then and whether an obstacle blocked it then.</summary>
    public async Task<(InitiativeState State, bool Stale, bool Blocked)> InitiativeAsync(string id, DateTimeOffset moment, CancellationToken cancellationToken)
    {
        var then = await FoldAsync(moment, cancellationToken);
        var state = then.Initiative(id) is { Exists: true } s ? s : throw DomainException.NotFound($"initiative {id} did not exist at {moment:yyyy-MM-dd HH:mm:ss} UTC");
        return (state, state.IsStale(moment, roadmap.StaleAfter), then.IsBlocked(id));
    }

    /// <summary>The log folded up to the moment (from the nearest checkpoint): what every read as of a moment starts from.</summary>
    private Task<AsOf> FoldAsync(DateTimeOffset moment, CancellationToken cancellationToken) =>
        checkpoints.AtAsync(moment, cancellationToken);
}
