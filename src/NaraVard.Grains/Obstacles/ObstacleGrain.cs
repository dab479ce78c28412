using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using NaraVard.Domain;
using NaraVard.Domain.Obstacles;
using NaraVard.Domain.Roadmap;
using NaraVard.Grains.Roadmaps;
using NaraVard.Grains.Storage;
using NaraVard.Persistence;

namespace NaraVard.Grains.Obstacles;

/// <summary>
/// One obstacle: decides its lifecycle, appends, then wakes the county with the log position it reached. Whom it
/// reaches is the county's to derive (the roll-ups hold the initiatives it blocks as they are now), so the answer
/// asks the county rather than keeping a copy that a participant's later acceptance would leave behind.
/// </summary>
public sealed class ObstacleGrain(IEventStore store, [FromKeyedServices(Clock.Key)] TimeProvider time, IOptions<RoadmapOptions> options) : Grain, IObstacleGrain
{
    private GrainStream<ObstacleState, ObstacleEvent> _stream = null!;
    private RoadmapDefinition _roadmap = null!;

    private string Id => this.GetPrimaryKeyString();

    private ObstacleState State => _stream.State;

    private IRoadmapGrain County => GrainFactory.GetGrain<IRoadmapGrain>(options.Value.RoadmapId);

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _stream = new(store, Streams.Obstacle(Id), ObstacleState.Initial, (s, e) => s.Apply(e), s => s.Version, e => new RequestKey(e.By, e.RequestId, e.RequestHash), (e, hash) => e with { RequestHash = hash });
        _roadmap = await County.GetDefinitionAsync();
        await _stream.CatchUpAsync(cancellationToken);
    }

    public async Task<ObstacleView> ExecuteAsync(ObstacleCommand command, long? expectedVersion = null, CancellationToken cancellationToken = default)
    {
        var known = new HashSet<string>(StringComparer.Ordinal);
        if (command is FlagObstacle flag)
        {
            foreach (var initiative in flag.BlockedInitiatives.Distinct())
            {
                if (await County.InitiativeExistsAsync(initiative))
                {
                    known.Add(initiative);
                }
            }
        }

        try
        {
            await _stream.ExecuteAsync(
                new RequestKey(command.By, command.RequestId, command.RequestId is null ? null : RequestLog.Fingerprint(command with { RequestId = null })),
                expectedVersion,
                state => ObstacleDecider.Decide(Id, state, command, _roadmap, known.Contains, time.GetUtcNow()),
                current => DomainException.Conflict("expected_version", $"obstacle {Id} is at version {current}, not {expectedVersion}"),
                cancellationToken);
        }
        catch (DomainException) when (!State.Exists)
        {
            // Refused before it existed (unknown id, invalid create): keep no empty activation.
            DeactivateOnIdle();
            throw;
        }

        // A retry of a request already carried out answers with the obstacle as it is (obstacle answers are small and
        // current), after the same wake-up: the first answer's activation may have died before it woke the county.
        await County.CatchUpAsync(_stream.Position);
        return await ViewAsync();
    }

    public Task<ObstacleView> GetAsync() =>
        State.Exists ? ViewAsync() : throw Missing();

    public async Task<IReadOnlyList<HistoryEntry<ObstacleEvent>>> GetHistoryAsync(long afterVersion, int max)
    {
        var history = await _stream.HistoryAsync(afterVersion, max);
        return history.Count == 0 && afterVersion == 0 ? throw Missing() : history;
    }

    private async Task<ObstacleView> ViewAsync()
    {
        var (state, position) = _stream.Current;
        return new(state, await County.AffectedOrganizationsAsync(Id), state.OpenFor(time.GetUtcNow()), position);
    }

    /// <summary>
    /// A lookup of an id that does not exist leaves no activation behind: a caller probing ids (or a typo
    /// repeated by a script) must not fill the silo's memory with empty grains.
    /// </summary>
    private DomainException Missing()
    {
        DeactivateOnIdle();
        return DomainException.NotFound($"obstacle {Id} does not exist");
    }
}
