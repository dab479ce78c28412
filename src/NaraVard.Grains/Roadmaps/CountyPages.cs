using NaraVard.Domain.Rollups;

namespace NaraVard.Grains.Roadmaps;

/// <summary>Every page of a county list, for those who need the whole of it (exports, an import's matching).</summary>
public static class CountyPages
{
    public static async Task<(List<InitiativeSummary> Items, HashSet<string> Stale)> AllInitiativesAsync(this IRoadmapGrain county, InitiativeQuery query)
    {
        var (items, stale) = (new List<InitiativeSummary>(), new HashSet<string>(StringComparer.Ordinal));
        for (var q = query with { PageSize = InitiativeQuery.MaxPageSize, PageToken = null }; ;)
        {
            var page = await county.ListInitiativesAsync(q);
            items.AddRange(page.Items);
            stale.UnionWith(page.StaleIds);
            if (page.NextPageToken is not { } next)
            {
                return (items, stale);
            }

            q = q with { PageToken = next };
        }
    }

    public static async Task<List<ObstacleSummary>> AllObstaclesAsync(this IRoadmapGrain county, ObstacleQuery query)
    {
        var items = new List<ObstacleSummary>();
        for (var q = query with { PageSize = InitiativeQuery.MaxPageSize, PageToken = null }; ;)
        {
            var page = await county.ListObstaclesAsync(q);
            items.AddRange(page.Items);
            if (page.NextPageToken is not { } next)
            {
                return items;
            }

            q = q with { PageToken = next };
        }
    }
}
