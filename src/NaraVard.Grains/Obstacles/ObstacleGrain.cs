using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using NaraVard.Domain;
using NaraVard.Domain.Obstacles;
using NaraVard.Domain.Roadmap;
using NaraVard.Domain.Rollups;
using NaraVard.Grains.Organizations;
using NaraVard.Grains.Roadmaps;
using NaraVard.Grains.Storage;
using NaraVard.Persistence;

namespace NaraVard.Grains.Obstacles;

/// <summary>One obstacle: decides its lifecycle and tells the county and the organisations it blocks.</summary>
public sealed class ObstacleGrain(IEventStore store, [FromKeyedServices(Clock.Key)] TimeProvider time, IOptions<RoadmapOptions> options) : Grain, IObstacleGrain
{
    private GrainStream<ObstacleState, ObstacleEvent> _stream = null!;
    private RoadmapDefinition _roadmap = null!;
    private IReadOnlyList<string> _affected = [];

    private string Id => this.GetPrimaryKeyString();

    private ObstacleState State => _stream.State;

    private IRoadmapGrain County => GrainFactory.GetGrain<IRoadmapGrain>(options.Value.RoadmapId);

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _stream = new(store, Streams.Obstacle(Id), ObstacleState.Initial, (s, e) => s.Apply(e), s => s.Version, e => new RequestKey(e.By, e.RequestId, e.RequestHash), (e, hash) => e with { RequestHash = hash });
        _roadmap = await County.GetDefinitionAsync();
        await _stream.CatchUpAsync(cancellationToken);
        _affected = await AffectedAsync(State);
    }

    private async Task<IReadOnlyList<string>> AffectedAsync(ObstacleState state) => state.Exists ? await County.AffectedOrganizationsAsync(state) : [];

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

        (long Version, bool Repeated) result;
        try
        {
            result = await _stream.ExecuteAsync(
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

        var (_, repeated) = result;
        if (repeated)
        {
            // A retry of a request already carried out: the obstacle as it is (obstacle answers are small and current).
            return View();
        }

        if (command is FlagObstacle)
        {
            _affected = await AffectedAsync(State);
        }

        var summary = ObstacleSummary.From(State, _affected);
        await County.ObstacleChangedAsync(summary, _stream.Position);
        foreach (var code in _affected)
        {
            await GrainFactory.GetGrain<IOrganizationGrain>(code).ObstacleChangedAsync(summary);
        }

        return View();
    }

    public Task<ObstacleView> GetAsync() =>
        State.Exists ? Task.FromResult(View()) : throw Missing();

    public async Task<IReadOnlyList<HistoryEntry<ObstacleEvent>>> GetHistoryAsync(long afterVersion, int max)
    {
        var history = await _stream.HistoryAsync(afterVersion, max);
        return history.Count == 0 && afterVersion == 0 ? throw Missing() : history;
    }

    private ObstacleView View() => new(State, _affected, State.OpenFor(time.GetUtcNow()), _stream.Position);

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
