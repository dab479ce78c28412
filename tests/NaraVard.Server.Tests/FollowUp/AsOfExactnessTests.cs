using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using NaraVard.Domain;
using NaraVard.Domain.Initiatives;
using NaraVard.Domain.Obstacles;
using NaraVard.Grains.Initiatives;
using NaraVard.Grains.Obstacles;
using NaraVard.Grains.Organizations;
using NaraVard.Grains.Roadmaps;
using NaraVard.Grains.Storage;
using NaraVard.Persistence;
using NaraVard.Persistence.Postgres;
using NaraVard.Server.FollowUp;
using NaraVard.Testing;

namespace NaraVard.Server.Tests.FollowUp;

/// <summary>
/// Issue 14's exactness test: a county lives through a scripted year; its answers as of several moments equal,
/// field by field, what a fresh county answers in the present when it was fed only what happened up to that
/// moment, through the grains, with its clock at the moment. On SQLite and on PostgreSQL.
/// </summary>
public sealed class AsOfExactnessTests
{
    /// <summary>Days after the clusters' start: before anything was reported, and through the year.</summary>
    private static readonly double[] Moments = [0.5, 50.5, 110.5, 170.5, 260.5, 365];

    [Fact]
    public Task AsOf_AScriptedYearOnSqlite_EqualsAFreshCountyFedUpToEachMoment() => CompareAsync(null);

    [Fact]
    public async Task AsOf_AScriptedYearOnPostgres_EqualsAFreshCountyFedUpToEachMoment()
    {
        await using var postgres = await PostgresServer.StartAsync();
        var databases = new Queue<string>();
        for (var i = 0; i <= Moments.Length; i++)
        {
            databases.Enqueue(await postgres.CreateDatabaseAsync());
        }

        await CompareAsync(time => new PostgresEventStore(databases.Dequeue(), time, NullLogger<PostgresEventStore>.Instance));
    }

    private static async Task CompareAsync(Func<TimeProvider, IEventStore>? store)
    {
        var year = ScriptedYear.Steps;
        await using var lived = await GrainCluster.StartAsync(silos: 1, store);
        var start = lived.Time.GetUtcNow();
        await ScriptedYear.PlayAsync(lived, year, TimeSpan.FromDays(366));

        // Small spacing and pages: the moments start from different checkpoints, end in different pages, and the checkpoints are thinned on the way.
        var asOf = new AsOfReads(new LogCheckpoints(lived.Store, spacing: 8, pageSize: 3), lived.Roadmap, lived.Time);
        foreach (var day in Moments)
        {
            var moment = start.AddDays(day);
            await using var fresh = await GrainCluster.StartAsync(silos: 1, store);
            await ScriptedYear.PlayAsync(fresh, year, TimeSpan.FromDays(day));
            Assert.Equal(moment, fresh.Time.GetUtcNow());
            await AssertSameAsync(asOf, fresh, moment, $"day {day}");
        }
    }

    private static async Task AssertSameAsync(AsOfReads then, GrainCluster fresh, DateTimeOffset moment, string when)
    {
        var none = CancellationToken.None;
        Same(await fresh.County.GetOverviewAsync(), await then.OverviewAsync(moment, none), $"{when}: overview");

        foreach (var code in fresh.Roadmap.Organizations.Select(o => o.Code))
        {
            Same(await fresh.Grains.GetGrain<IOrganizationGrain>(code).GetAsync(), await then.OrganizationAsync(code, moment, none), $"{when}: organisation {code}");
        }

        var query = new InitiativeQuery(PageSize: 100);
        var list = await fresh.County.ListInitiativesAsync(query);
        Same(list, await then.ListInitiativesAsync(query, moment, none), $"{when}: initiative list");
        foreach (var id in ScriptedYear.InitiativeIds)
        {
            if (list.Items.Any(s => s.Id == id))
            {
                // Position is left out: the grain's is its stream's, the past's the log's.
                var present = await fresh.Grains.GetGrain<IInitiativeGrain>(id).GetAsync();
                var blocked = (await fresh.County.GetBlockedInitiativesAsync()).Contains(id);
                Same((present.State, present.Stale, blocked), await then.InitiativeAsync(id, moment, none), $"{when}: initiative {id}");
            }
            else
            {
                var missing = await Assert.ThrowsAsync<DomainException>(() => then.InitiativeAsync(id, moment, none));
                Assert.Equal(ErrorKind.NotFound, missing.Kind);
            }
        }

        var register = new ObstacleQuery(PageSize: 100);
        var (page, _, total) = await then.ListObstaclesAsync(register, moment, none);
        var presentRegister = await fresh.County.ListObstaclesAsync(register);
        Assert.Equal(presentRegister.TotalMatches, total);
        foreach (var (summary, past) in presentRegister.Items.Zip(page))
        {
            var present = await fresh.Grains.GetGrain<IObstacleGrain>(summary.Id).GetAsync();
            Same((present.State, present.AffectedOrganizations, present.OpenFor), (past.State, past.AffectedOrganizations, past.OpenFor), $"{when}: obstacle {summary.Id}");
        }
    }

    /// <summary>Equal as JSON, every field; a difference is shown where it starts.</summary>
    private static void Same<T>(T present, T past, string what)
    {
        var (a, b) = (Json(present), Json(past));
        var at = Enumerable.Range(0, Math.Min(a.Length, b.Length)).FirstOrDefault(i => a[i] != b[i], Math.Min(a.Length, b.Length));
        string Near(string s) => s[Math.Max(0, at - 160)..Math.Min(s.Length, at + 80)];
        Assert.True(a == b, $"{what} as of then differs from the fresh county's present at character {at}:\n  present: …{Near(a)}…\n  as of:   …{Near(b)}…");
    }

    private static string Json<T>(T value) => JsonSerializer.Serialize(value, new JsonSerializerOptions(EventCodec.Options) { IncludeFields = true });
}
