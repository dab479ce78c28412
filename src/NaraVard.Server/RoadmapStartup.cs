using NaraVard.Domain.Roadmap;
using NaraVard.Grains.Roadmaps;
using NaraVard.Grains.Runtime;

namespace NaraVard.Server;

/// <summary>Stores the roadmap definition on first start (or when the file changed) and says what is served.</summary>
internal sealed partial class RoadmapStartup(IGrainFactory grains, RoadmapDefinition roadmap, NaraVardOptions options, ILogger<RoadmapStartup> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var county = grains.GetGrain<IRoadmapGrain>(roadmap.Id);
        var written = await county.DefineAsync(roadmap);
        var overview = await county.GetOverviewAsync();
        LogServing(roadmap.Id, roadmap.Organizations.Count, roadmap.RoadmapItems.Count, overview.County.Total, overview.OpenObstacles, written ? "loaded" : "unchanged", options.StoreDescription);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Information, Message = "Serving roadmap {RoadmapId}: {Organizations} organisations, {Items} roadmap items, {Initiatives} initiatives, {Obstacles} open obstacles (definition {Definition}); store {Store}")]
    private partial void LogServing(string roadmapId, int organizations, int items, int initiatives, int obstacles, string definition, string store);
}
