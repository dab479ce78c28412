using NaraVard.Domain.Obstacles;
using NaraVard.Grains.Storage;

namespace NaraVard.Grains.Obstacles;

/// <summary>One obstacle (hinder) flagged by a planner, keyed by its id.</summary>
public interface IObstacleGrain : IGrainWithStringKey
{
    Task<ObstacleView> ExecuteAsync(ObstacleCommand command, long? expectedVersion = null, CancellationToken cancellationToken = default);

    Task<ObstacleView> GetAsync();

    /// <summary>Its events after a version, at most <paramref name="max"/>, oldest first (a page of the history).</summary>
    Task<IReadOnlyList<HistoryEntry<ObstacleEvent>>> GetHistoryAsync(long afterVersion, int max);
}

/// <param name="AffectedOrganizations">Organisations it blocks, named directly or through a blocked initiative.</param>
public sealed record ObstacleView(ObstacleState State, IReadOnlyList<string> AffectedOrganizations, TimeSpan OpenFor, long Position);
