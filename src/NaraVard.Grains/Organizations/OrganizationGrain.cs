using Microsoft.Extensions.DependencyInjection;
using NaraVard.Domain;
using NaraVard.Domain.Roadmap;
using NaraVard.Domain.Rollups;
using NaraVard.Grains.Roadmaps;
using Microsoft.Extensions.Options;

namespace NaraVard.Grains.Organizations;

/// <summary>
/// Keeps the roll-up of one organisation's initiatives. Seeded from the county on activation, then kept
/// current by the initiative grains that involve it.
/// </summary>
public sealed class OrganizationGrain([FromKeyedServices(Clock.Key)] TimeProvider time, IOptions<RoadmapOptions> options) : Grain, IOrganizationGrain
{
    private Organization _organization = null!;
    private Rollup _rollup = null!;

    private string Code => this.GetPrimaryKeyString();

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        var county = GrainFactory.GetGrain<IRoadmapGrain>(options.Value.RoadmapId);
        var roadmap = await county.GetDefinitionAsync();
        _organization = roadmap.OrganizationsByCode.GetValueOrDefault(Code)
            ?? throw DomainException.NotFound($"organisation {Code} is not part of roadmap {roadmap.Id}");
        _rollup = new Rollup(roadmap);
        string? token = null;
        do
        {
            var page = await county.ListInitiativesAsync(new InitiativeQuery(OrganizationCode: Code, PageSize: InitiativeQuery.MaxPageSize, PageToken: token));
            foreach (var summary in page.Items)
            {
                _rollup.Apply(summary);
            }

            token = page.NextPageToken;
        }
        while (token is not null);

        do
        {
            var page = await county.ListObstaclesAsync(new ObstacleQuery(OrganizationCode: Code, PageSize: InitiativeQuery.MaxPageSize, PageToken: token));
            foreach (var summary in page.Items)
            {
                _rollup.Apply(summary);
            }

            token = page.NextPageToken;
        }
        while (token is not null);
    }

    public Task ObstacleChangedAsync(ObstacleSummary summary)
    {
        _rollup.Apply(summary);
        return Task.CompletedTask;
    }

    public Task<OrganizationView> GetAsync()
    {
        var now = time.GetUtcNow();
        var row = _rollup.RowOf(Code, now);
        var ids = _rollup.Initiatives.Select(s => s.Id).Order(StringComparer.Ordinal).ToList();
        return Task.FromResult(new OrganizationView(_organization, _rollup.ProgressOf(_organization, now), row, ids));
    }

    public Task InitiativeChangedAsync(InitiativeSummary summary)
    {
        if (summary.Organizations.Contains(Code))
        {
            _rollup.Apply(summary);
        }
        else
        {
            _rollup.Remove(summary.Id);
        }

        return Task.CompletedTask;
    }
}
