using NaraVard.Domain;
using NaraVard.Domain.Access;
using NaraVard.Domain.Roadmap;
using NaraVard.Grains.Roadmaps;
using Orleans;
using NaraVard.Persistence;
using NaraVard.Server.Access;

namespace NaraVard.Server;

/// <summary>
/// Stores the roadmap definition on first start (or when the file changed), creates the first admin token
/// when the store has none, and says what is served.
/// </summary>
internal sealed partial class RoadmapStartup(IGrainFactory grains, IEventStore store, RoadmapDefinition roadmap, TokenRegistry tokens, NaraVardOptions options, TimeProvider time, ILogger<RoadmapStartup> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var county = grains.GetGrain<IRoadmapGrain>(roadmap.Id);
        var written = await county.DefineAsync(roadmap);
        var overview = await county.GetOverviewAsync();
        LogServing(roadmap.Id, roadmap.Organizations.Count, roadmap.RoadmapItems.Count, overview.County.Total, overview.OpenObstacles, written ? "loaded" : "unchanged", options.StoreDescription);

        await tokens.LoadAsync(store, cancellationToken);
        if (written && tokens.Count == 0)
        {
            var (token, _) = await Tokens.IssueAsync(store, "Första administratören", roadmap.CountyCode, Role.Admin, Actor.System, time.GetUtcNow());
            var path = AdminTokenFile.Write(options.DataDirectory, token);
            LogAdminToken(path);
            await tokens.LoadAsync(store, cancellationToken);
        }

        tokens.MarkLoaded();
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Information, Message = "Serving roadmap {RoadmapId}: {Organizations} organisations, {Items} roadmap items, {Initiatives} initiatives, {Obstacles} open obstacles (definition {Definition}); store {Store}")]
    private partial void LogServing(string roadmapId, int organizations, int items, int initiatives, int obstacles, string definition, string store);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Created the first admin token; it is in {Path} (readable only by this user). Create named tokens with 'naravard-server token create' and keep this one safe.")]
    private partial void LogAdminToken(string path);
}

/// <summary>The file the first admin token is written to, readable only by the server's user.</summary>
public static class AdminTokenFile
{
    public const string Name = "admin-token";

    public static string Write(string dataDirectory, string token)
    {
        Directory.CreateDirectory(dataDirectory);
        var path = Path.Combine(dataDirectory, Name);
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using (var stream = new FileStream(path, options))
        using (var writer = new StreamWriter(stream))
        {
            writer.WriteLine(token);
        }

        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        return path;
    }
}
