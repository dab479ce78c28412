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
/// when the store has none, and says what is served. It begins when the silo has started and lets the web
/// server start beside it (on two cores the county's load and Kestrel's start overlap); the host reports started,
/// and health SERVING, only once it is done, and calls that arrive before then wait for the tokens and the county.
/// </summary>
internal sealed partial class RoadmapStartup(IGrainFactory grains, IEventStore store, RoadmapDefinition roadmap, TokenRegistry tokens, Web.Access.EndedSessions sessions, NaraVardOptions options, TimeProvider time, ILogger<RoadmapStartup> logger) : IHostedLifecycleService
{
    private Task _loading = Task.CompletedTask;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _loading = Task.Run(() => LoadAsync(cancellationToken), cancellationToken);
        return Task.CompletedTask;
    }

    /// <summary>Runs after every hosted service's start, the web server's too, and before the host reports started.</summary>
    public Task StartedAsync(CancellationToken cancellationToken) => _loading;

    private async Task LoadAsync(CancellationToken cancellationToken)
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
            LogAdminToken(path, TokenCommandAsRun);
            await tokens.LoadAsync(store, cancellationToken);
        }

        await sessions.LoadAsync(cancellationToken);
        tokens.MarkLoaded();
    }

    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Information, Message = "Serving roadmap {RoadmapId}: {Organizations} organisations, {Items} roadmap items, {Initiatives} initiatives, {Obstacles} open obstacles (definition {Definition}); store {Store}")]
    private partial void LogServing(string roadmapId, int organizations, int items, int initiatives, int obstacles, string definition, string store);

    /// <summary>The token command as this server was started: from the source tree (dotnet run) or installed.</summary>
    private static string TokenCommandAsRun =>
        AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}src{Path.DirectorySeparatorChar}NaraVard.Server{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
            ? "dotnet run --project src/NaraVard.Server -- token create"
            : "naravard-server token create";

    [LoggerMessage(Level = LogLevel.Information, Message = "Created the first admin token; it is in {Path} (readable only by this user). Create named tokens with '{Command} --org <code> --role <role> --name <name>' and keep this one safe.")]
    private partial void LogAdminToken(string path, string command);
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
