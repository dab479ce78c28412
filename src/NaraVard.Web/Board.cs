using NaraVard.Domain;
using NaraVard.Domain.Roadmap;
using NaraVard.Grains;
using NaraVard.Grains.Initiatives;
using NaraVard.Grains.Obstacles;
using NaraVard.Grains.Organizations;
using NaraVard.Grains.Roadmaps;

namespace NaraVard.Web;

/// <summary>What every page reads through: the grains (as the gRPC services do) and the roadmap's names.</summary>
public sealed class Board(IGrainFactory grains, RoadmapDefinition roadmap, TimeProvider time, ResidentGrains residents, IWriteQuota quota)
{
    public RoadmapDefinition Roadmap => roadmap;

    public IRoadmapGrain County => grains.GetGrain<IRoadmapGrain>(roadmap.Id);

    public DateTimeOffset Now => time.GetUtcNow();

    public IInitiativeGrain Initiative(string id) => grains.GetGrain<IInitiativeGrain>(id);

    /// <summary>An initiative's health (<see cref="Domain.Initiatives.HealthRule"/>): its view, and whether the county knows an obstacle that blocks it.</summary>
    public async Task<Domain.Initiatives.Health> HealthOfAsync(InitiativeView view) =>
        view.State.HealthWith(await residents.IsBlockedAsync(grains, roadmap.Id, view.State.Id), view.Stale);

    /// <summary>The titles of initiatives named by id (an obstacle's, a meeting's), each asked of its grain; an id that names none keeps the id.</summary>
    public async Task<IReadOnlyDictionary<string, string>> InitiativeTitlesAsync(IEnumerable<string> ids)
    {
        var titles = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var id in ids.Distinct(StringComparer.Ordinal))
        {
            titles[id] = await County.InitiativeExistsAsync(id) ? (await Initiative(id).GetAsync()).State.Title : id;
        }

        return titles;
    }

    public IObstacleGrain Obstacle(string id) => grains.GetGrain<IObstacleGrain>(id);

    /// <summary>A change from a form: it takes from the caller's write quota (the one gRPC writes take from), then goes to the grain as a call would.</summary>
    public Task<InitiativeView> ExecuteAsync(string initiativeId, Domain.Initiatives.InitiativeCommand command, CancellationToken cancellationToken)
    {
        TakeWrite(command.By);
        return Initiative(initiativeId).ExecuteAsync(command, null, cancellationToken);
    }

    /// <inheritdoc cref="ExecuteAsync(string, Domain.Initiatives.InitiativeCommand, CancellationToken)"/>
    public Task<ObstacleView> ExecuteAsync(string obstacleId, Domain.Obstacles.ObstacleCommand command, CancellationToken cancellationToken)
    {
        TakeWrite(command.By);
        return Obstacle(obstacleId).ExecuteAsync(command, null, cancellationToken);
    }

    /// <summary>One write from the caller's quota, or a refusal naming the limit (as gRPC's RESOURCE_EXHAUSTED does).</summary>
    public void TakeWrite(Actor by)
    {
        if (quota.TryTake(by) is { } limit)
        {
            throw new DomainException(ErrorKind.ResourceExhausted, null, limit);
        }
    }

    public IOrganizationGrain Organization(string code) => grains.GetGrain<IOrganizationGrain>(code);

    public string OrganizationName(string code) => roadmap.OrganizationsByCode.TryGetValue(code, out var org) ? org.Name : code;

    public string ItemName(string code) => roadmap.ItemsByCode.TryGetValue(code, out var item) ? item.Name : code;

    public string AreaName(string code) => roadmap.GoalAreas.FirstOrDefault(a => a.Code == code)?.Name ?? code;

    public string CategoryName(string code) => roadmap.ObstacleCategories.FirstOrDefault(c => c.Code == code)?.Name ?? code;

    /// <summary>A short id or code from a query string, or null when it is absent or not one (ids are ASCII letters, digits and dashes).</summary>
    public static string? Code(string? value) =>
        value is { Length: > 0 and <= 64 } && value.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_') ? value : null;
}
