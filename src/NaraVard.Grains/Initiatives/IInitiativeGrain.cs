using NaraVard.Domain.Initiatives;
using NaraVard.Grains.Storage;
using Orleans.Concurrency;

namespace NaraVard.Grains.Initiatives;

/// <summary>One roadmap initiative, keyed by its id: the consistency boundary for everything reported on it.</summary>
public interface IInitiativeGrain : IGrainWithStringKey
{
    /// <summary>
    /// Decides the command, appends its events and returns the new state once they are committed.
    /// With <paramref name="expectedVersion"/>, a stale version is rejected with the current version.
    /// </summary>
    Task<InitiativeView> ExecuteAsync(InitiativeCommand command, long? expectedVersion = null, CancellationToken cancellationToken = default);

    /// <summary>The initiative as it is now. A read of one immutable state: it does not wait for running turns.</summary>
    [AlwaysInterleave]
    Task<InitiativeView> GetAsync();

    /// <summary>Its events after a version, at most <paramref name="max"/>, oldest first (a page of the history).</summary>
    Task<IReadOnlyList<HistoryEntry<InitiativeEvent>>> GetHistoryAsync(long afterVersion, int max);
}

/// <param name="Stale">No report for longer than the roadmap's stale period.</param>
public sealed record InitiativeView(InitiativeState State, bool Stale, long Position);
