using NaraVard.Domain.Initiatives;
using NaraVard.Domain.Obstacles;
using NaraVard.Grains.Roadmaps;
using Orleans.Storage;

namespace NaraVard.Server.Feed;

/// <summary>The event feed's fold at a log position: every initiative's and obstacle's state right after it.</summary>
public sealed record FeedSnapshot(int Format, long Position, IReadOnlyList<InitiativeState> Initiatives, IReadOnlyList<ObstacleState> Obstacles)
{
    /// <summary>
    /// What the states in a snapshot hold; a snapshot of another format is ignored and the log folded. Raise it
    /// whenever <see cref="InitiativeState"/> or <see cref="ObstacleState"/> gains, loses or changes a member
    /// (or what an event does to them), and change its snapshot formatter with it: an old snapshot would otherwise
    /// not read, or load with the new member empty.
    /// </summary>
    public const int CurrentFormat = 1;
}

/// <summary>
/// Keeps the event feed's snapshot in the grains' snapshot storage (the SQLite file, or PostgreSQL through
/// ADO.NET), so a restart folds only the log after it before watch streams are served. One per cluster: every
/// node's feed folds the same log, so any node's snapshot is a prefix of it. A gateway-only node has no storage
/// and folds the log.
/// </summary>
internal sealed partial class FeedSnapshots(IServiceProvider services, ILogger<FeedSnapshots> logger)
{
    public const string StateName = "feed";
    public static readonly GrainId Id = GrainId.Create("naravard-feed", "snapshot");
    private string? _etag;

    private IGrainStorage? Storage => services.GetKeyedService<IGrainStorage>(Snapshots.Storage);

    /// <summary>The last snapshot saved, or null when there is none of the current format (or it cannot be read: the log is the truth).</summary>
    public async Task<FeedSnapshot?> LoadAsync()
    {
        if (Storage is not { } storage)
        {
            return null;
        }

        try
        {
            var state = new GrainState<FeedSnapshot>();
            await storage.ReadStateAsync(StateName, Id, state);
            _etag = state.ETag;
            return state.RecordExists && state.State is { Format: FeedSnapshot.CurrentFormat } snapshot ? snapshot : null;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogLoadFailed(e);
            return null;
        }
    }

    /// <summary>Saves a snapshot; when another node saved one since this node last read, keeps that one.</summary>
    public async Task SaveAsync(FeedSnapshot snapshot)
    {
        if (Storage is not { } storage)
        {
            return;
        }

        try
        {
            var state = new GrainState<FeedSnapshot>(snapshot, _etag);
            await storage.WriteStateAsync(StateName, Id, state);
            _etag = state.ETag;
            LogSaved(snapshot.Position, snapshot.Initiatives.Count, snapshot.Obstacles.Count);
        }
        catch (InconsistentStateException)
        {
            var state = new GrainState<FeedSnapshot>();
            await storage.ReadStateAsync(StateName, Id, state);
            _etag = state.ETag;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogSaveFailed(e);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Saved the event feed's snapshot at log position {Position} ({Initiatives} initiatives, {Obstacles} obstacles)")]
    private partial void LogSaved(long position, int initiatives, int obstacles);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not read the event feed's snapshot; folding the whole log")]
    private partial void LogLoadFailed(Exception error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not save the event feed's snapshot; the next start folds more of the log")]
    private partial void LogSaveFailed(Exception error);
}
