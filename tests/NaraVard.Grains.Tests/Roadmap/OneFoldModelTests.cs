using CsCheck;
using NaraVard.Domain;
using NaraVard.Domain.FollowUp;
using NaraVard.Domain.Initiatives;
using NaraVard.Domain.Obstacles;
using NaraVard.Grains.Initiatives;
using NaraVard.Grains.Obstacles;
using NaraVard.Grains.Organizations;
using NaraVard.Grains.Roadmaps;
using NaraVard.Testing;
using static NaraVard.Grains.Tests.Roadmap.Scenario;

namespace NaraVard.Grains.Tests.Roadmap;

/// <summary>
/// Model-based: random sequences of what municipalities and planners do, over a few organisations, through the
/// two-silo cluster, sometimes with grains deactivated or a silo restarted in between. After each sequence every
/// read — the overview, each organisation, the initiative and obstacle lists filtered by organisation, each
/// obstacle, the matrix, the county as of now — must equal <see cref="ReferenceFold"/> of the whole log. A failing
/// case shrinks to a short sequence, printed step by step.
/// </summary>
public sealed class OneFoldModelTests(RoadmapHostFixture fixture) : IClassFixture<RoadmapHostFixture>
{
    private static readonly string[] Orgs = ["05", "0580", "0581", "0583", "0562"];
    private static readonly string[] Items = ["K01", "K02", "G03", "R01"];
    private Testing.GrainCluster Host => fixture.Host;
    private int _restarts;

    /// <summary>One thing a user (or the platform) does; the numbers pick whom and what, modulo what exists.</summary>
    public sealed record Step(Act Act, int A, int B, int C)
    {
        public override string ToString() => $"{Act}({A},{B},{C})";
    }

    public enum Act { Create, Invite, Accept, Leave, Report, Advance, Pause, Resume, Close, Revise, Flag, Escalate, ChangeStatus, Deactivate, RestartSilo, Wait }

    private static readonly Gen<Act> Acts = Gen.Frequency(
        (6, Gen.Const(Act.Create)), (3, Gen.Const(Act.Invite)), (4, Gen.Const(Act.Accept)), (2, Gen.Const(Act.Leave)),
        (3, Gen.Const(Act.Report)), (2, Gen.Const(Act.Advance)), (1, Gen.Const(Act.Pause)), (1, Gen.Const(Act.Resume)),
        (1, Gen.Const(Act.Close)), (1, Gen.Const(Act.Revise)), (4, Gen.Const(Act.Flag)), (2, Gen.Const(Act.Escalate)),
        (3, Gen.Const(Act.ChangeStatus)), (2, Gen.Const(Act.Deactivate)), (1, Gen.Const(Act.RestartSilo)), (1, Gen.Const(Act.Wait)));

    private static readonly Gen<Step[]> Sequences = Gen.Select(Acts, Gen.Int[0, 15], Gen.Int[0, 15], Gen.Int[0, 15], (act, a, b, c) => new Step(act, a, b, c)).Array[1, 20];

    [Fact]
    public async Task EveryRead_AfterRandomSequences_EqualsTheReferenceFoldOfTheLog()
    {
        // 200 in every run; more by hand (NARAVARD_MODEL_SEQUENCES=2000) after a change of the domain or the grains.
        var sequences = int.TryParse(Environment.GetEnvironmentVariable("NARAVARD_MODEL_SEQUENCES"), out var n) ? n : 200;
        await Sequences.SampleAsync(RunAsync, iter: sequences, threads: 1, print: steps => string.Join(" ", steps.Select(s => s.ToString())));
    }

    /// <remarks>
    /// The sequences share one county, so what a sequence adds is compared first (its own initiatives and obstacles
    /// by id, and the change of each count): a failure there shrinks to a sequence that fails on its own. The whole
    /// county against the whole log comes last.
    /// </remarks>
    private async Task RunAsync(Step[] steps)
    {
        var before = (await ReferenceFold.ReadAsync(Host.Store), await Host.County.GetOverviewAsync());
        var initiatives = new List<string>();
        var obstacles = new List<string>();
        foreach (var step in steps)
        {
            try
            {
                await DoAsync(step, initiatives, obstacles);
            }
            catch (DomainException)
            {
                // Refused by a rule: nothing was written, which the reads must show as well.
            }
        }

        try
        {
            await AssertEveryReadAgreesAsync(before, initiatives, obstacles);
        }
        catch
        {
            // Start the next (shrunk) sequence from the log, not from figures this one left wrong.
            await Host.DeactivateAsync(Host.County);
            foreach (var org in Orgs)
            {
                await Host.DeactivateAsync(Host.Grains.GetGrain<IOrganizationGrain>(org));
            }

            throw;
        }
    }

    private async Task DoAsync(Step s, List<string> initiatives, List<string> obstacles)
    {
        string Initiative() => initiatives[s.A % initiatives.Count];
        IInitiativeGrain Grain() => Host.Grains.GetGrain<IInitiativeGrain>(Initiative());
        Task Execute(InitiativeCommand command) => Grain().ExecuteAsync(command);
        Task Change(ObstacleCommand command) => Host.Grains.GetGrain<IObstacleGrain>(obstacles[s.A % obstacles.Count]).ExecuteAsync(command);
        string[] OrgsOf(int mask) => [.. Orgs.Where((_, i) => (mask & (1 << i)) != 0)];

        if (s.Act is not (Act.Create or Act.Flag or Act.Deactivate or Act.RestartSilo or Act.Wait) && initiatives.Count == 0
            || s.Act is Act.Escalate or Act.ChangeStatus && obstacles.Count == 0)
        {
            return;
        }

        switch (s.Act)
        {
            case Act.Create:
                // Mostly joint initiatives, where participants come and go; otherwise the item the owner's scope allows.
                var owner = Orgs[s.A % Orgs.Length];
                var item = s.C % 3 != 0 ? "G03" : owner == "05" ? "R01" : Items[s.C % 2];
                var id = TestRoadmap.NewKey("i");
                await Host.Grains.GetGrain<IInitiativeGrain>(id).ExecuteAsync(new CreateInitiative
                {
                    By = Actor.System,
                    Title = $"{item} i {owner}",
                    OwnerCode = owner,
                    Scope = item[0] switch { 'G' => InitiativeScope.Joint, 'R' => InitiativeScope.Regional, _ => InitiativeScope.Municipal },
                    RoadmapItem = item,
                    Participants = item[0] == 'G' ? OrgsOf(s.B).Where(o => o != owner).ToArray() : [],
                });
                initiatives.Add(id);
                break;
            case Act.Invite:
                var invited = (await Grain().GetAsync()).State;
                await Execute(new SetParticipants { By = Actor.System, Participants = [.. invited.Participants.Concat(invited.Invited).Concat(OrgsOf(s.B)).Where(o => o != invited.OwnerCode).Distinct()] });
                break;
            case Act.Accept or Act.Leave:
                var state = (await Grain().GetAsync()).State;
                var candidates = s.Act == Act.Accept ? state.Invited : state.Participants.AddRange(state.Invited);
                if (candidates.Length > 0)
                {
                    var org = candidates[s.B % candidates.Length];
                    await Execute(s.Act == Act.Accept
                        ? new AcceptParticipation { By = Editor(org), OrganizationCode = org }
                        : new LeaveInitiative { By = Editor(org), OrganizationCode = org });
                }

                break;
            case Act.Report:
                await Execute(new ReportProgress { By = Actor.System, ProgressPercent = s.B * 6, Status = (InitiativeStatus)(s.C % 3 + 1) });
                break;
            case Act.Advance:
                var phase = (await Grain().GetAsync()).State.Phase;
                await Execute(new AdvancePhase { By = Actor.System, To = phase == Phase.Planering ? Phase.Strategi : Phase.Genomforande });
                break;
            case Act.Pause:
                await Execute(new PauseInitiative { By = Actor.System, Reason = "Paus" });
                break;
            case Act.Resume:
                await Execute(new ResumeInitiative { By = Actor.System });
                break;
            case Act.Close:
                await Execute(new CloseInitiative { By = Actor.System, Outcome = s.B % 2 == 0 ? Phase.Genomford : Phase.Stoppad, Reason = "Klar" });
                break;
            case Act.Revise:
                await Execute(new RevisePlan { By = Actor.System, Reason = "Årlig revidering", Responsible = $"Ansvarig {s.B}" });
                break;
            case Act.Flag:
                var obstacle = TestRoadmap.NewKey("o");
                await Host.Grains.GetGrain<IObstacleGrain>(obstacle).ExecuteAsync(new FlagObstacle
                {
                    By = Planner,
                    Category = s.C % 2 == 0 ? "tillit" : "styrning",
                    Severity = (Severity)(s.C % 4 + 1),
                    Title = "Hinder",
                    BlockedInitiatives = initiatives.Count == 0 ? [] : [.. initiatives.Where((_, i) => (s.A & (1 << (i % 4))) != 0 && i >= initiatives.Count - 4)],
                    BlockedOrganizations = OrgsOf(s.B & 0b11),
                });
                obstacles.Add(obstacle);
                break;
            case Act.Escalate:
                await Change(new EscalateObstacle { By = Planner, Note = "Till SVO" });
                break;
            case Act.ChangeStatus:
                await Change(new ChangeObstacleStatus { By = Planner, To = (ObstacleStatus)(s.B % 4 + 2) });
                break;
            case Act.Deactivate:
                await Host.DeactivateAsync((s.B % 3, initiatives.Count, obstacles.Count) switch
                {
                    (1, > 0, _) => (IAddressable)Grain(),
                    (2, _, > 0) => Host.Grains.GetGrain<IObstacleGrain>(obstacles[s.A % obstacles.Count]),
                    _ => Host.County,
                });
                break;
            case Act.Wait:
                // Weeks pass without a report: initiatives go stale (45 days) and their health with them.
                Host.Time.Advance(TimeSpan.FromDays(10 + s.B));
                break;
            case Act.RestartSilo when s.B == 0 && _restarts < 4:
                _restarts++;
                await Host.RestartLastSiloAsync();
                break;
        }
    }

    private async Task AssertEveryReadAgreesAsync((ReferenceFold Fold, Domain.Rollups.CountyOverview Overview) before, List<string> initiatives, List<string> obstacles)
    {
        var reference = await ReferenceFold.ReadAsync(Host.Store);
        var overview = await Host.County.GetOverviewAsync();
        Assert.Equal(reference.Position, overview.Position);
        List<string> Ours(IEnumerable<string> ids) => [.. ids.Where(id => initiatives.Contains(id) || obstacles.Contains(id)).Order(StringComparer.Ordinal)];

        foreach (var id in obstacles)
        {
            var state = reference.Obstacles.Single(o => o.Id == id);
            Assert.Equal(reference.Reach(state), (await Host.Grains.GetGrain<IObstacleGrain>(id).GetAsync()).AffectedOrganizations);
        }

        foreach (var org in Orgs)
        {
            var view = await Host.Grains.GetGrain<IOrganizationGrain>(org).GetAsync();
            Assert.Equal(Ours(reference.InitiativesOf(org)), Ours(view.InitiativeIds));
            Assert.Equal(Ours(reference.InitiativesOf(org)), Ours(await AllInitiativesAsync(org)));
            Assert.Equal(Ours(reference.ObstaclesOf(org)), Ours(await AllObstaclesAsync(org)));

            var (now, then) = (overview.Organizations.Single(o => o.Code == org), before.Overview.Organizations.Single(o => o.Code == org));
            Assert.Equal(reference.InitiativesOf(org).Count - before.Fold.InitiativesOf(org).Count, now.Spread.Total - then.Spread.Total);
            Assert.True(
                reference.OpenObstaclesOf(org) - before.Fold.OpenObstaclesOf(org) == now.OpenObstacles - then.OpenObstacles,
                $"overview: {org} gained {now.OpenObstacles - then.OpenObstacles} open obstacles, the log {reference.OpenObstaclesOf(org) - before.Fold.OpenObstaclesOf(org)}");
        }

        Assert.Equal(reference.OpenObstacles - before.Fold.OpenObstacles, overview.OpenObstacles - before.Overview.OpenObstacles);

        // The whole county against the whole log, and every view of one figure against the others.
        Assert.Equal(reference.Initiatives.Count(), overview.County.Total);
        Assert.Equal(reference.OpenObstacles, overview.OpenObstacles);
        foreach (var org in Orgs)
        {
            var progress = overview.Organizations.Single(o => o.Code == org);
            Assert.True(reference.OpenObstaclesOf(org) == progress.OpenObstacles, $"overview: {org} has {progress.OpenObstacles} open obstacles, the log says {reference.OpenObstaclesOf(org)}");
            var view = await Host.Grains.GetGrain<IOrganizationGrain>(org).GetAsync();
            Assert.Equivalent(progress, view.Progress, strict: true);
            Assert.Equal(reference.InitiativesOf(org), view.InitiativeIds);
            foreach (var item in Items)
            {
                var cell = overview.Matrix.Single(c => c.RoadmapItem == item && c.OrganizationCode == org);
                Assert.Equal(reference.InitiativesIn(item, org), cell.Initiatives);
                Assert.Equal(cell, view.Row.Single(c => c.RoadmapItem == item));
            }
        }

        // Health: every initiative's, counted per organisation, for the county and in every matrix cell, against the log.
        var (at, staleAfter) = (overview.AsOf, Host.Roadmap.StaleAfter);
        Assert.Equal(reference.HealthCounts(null, at, staleAfter), overview.County.ByHealth);
        foreach (var org in Orgs)
        {
            Assert.Equal(reference.HealthCounts(org, at, staleAfter), overview.Organizations.Single(o => o.Code == org).Spread.ByHealth);
            foreach (var item in Items)
            {
                var expected = reference.HealthCounts(org, at, staleAfter, item).Where(kv => kv.Value > 0).Select(kv => (Health?)kv.Key).MaxBy(h => h!.Value.Urgency());
                Assert.Equal(expected, overview.Matrix.Single(c => c.RoadmapItem == item && c.OrganizationCode == org).Health);
            }
        }

        string? token = null;
        do
        {
            var page = await Host.County.ListInitiativesAsync(new InitiativeQuery(PageSize: InitiativeQuery.MaxPageSize, PageToken: token));
            foreach (var summary in page.Items.Where(s => initiatives.Contains(s.Id)))
            {
                Assert.Equal(reference.HealthOf(reference.Initiatives.Single(s => s.Id == summary.Id), at, staleAfter), summary.HealthAt(at, staleAfter));
            }

            token = page.NextPageToken;
        }
        while (token is not null);

        var asOfNow = AsOf.Fold(reference.Log, Host.Time.GetUtcNow()).Overview(Host.Roadmap);
        Assert.Equivalent(overview with { AsOf = asOfNow.AsOf }, asOfNow, strict: true);
    }

    private async Task<List<string>> AllInitiativesAsync(string org) =>
        await AllPagesAsync(async token => await Host.County.ListInitiativesAsync(new InitiativeQuery(OrganizationCode: org, PageSize: InitiativeQuery.MaxPageSize, PageToken: token)) is var page
            ? (page.Items.Select(s => s.Id), page.NextPageToken) : default);

    private async Task<List<string>> AllObstaclesAsync(string org) =>
        await AllPagesAsync(async token => await Host.County.ListObstaclesAsync(new ObstacleQuery(OrganizationCode: org, PageSize: InitiativeQuery.MaxPageSize, PageToken: token)) is var page
            ? (page.Items.Select(s => s.Id), page.NextPageToken) : default);

    private static async Task<List<string>> AllPagesAsync(Func<string?, Task<(IEnumerable<string> Ids, string? Next)>> read)
    {
        var ids = new List<string>();
        string? token = null;
        do
        {
            (var page, token) = await read(token);
            ids.AddRange(page);
        }
        while (token is not null);
        return ids;
    }
}
