using NaraVard.Domain;
using NaraVard.Domain.Obstacles;
using NaraVard.Domain.Roadmap;
using NaraVard.Domain.Rollups;
using NaraVard.Grains.Organizations;
using NaraVard.Grains.Roadmaps;
using NaraVard.Grains.Runtime;
using NaraVard.Grains.Storage;
using NaraVard.Persistence;
using Microsoft.Extensions.Options;

namespace NaraVard.Grains.Obstacles;

public sealed class ObstacleGrain(IEventStore store, TimeProvider time, IOptions<RoadmapOptions> options) : Grain, IObstacleGrain
{
    private const int ConflictRetries = 30;
    private ObstacleState _state = ObstacleState.Initial;
    private RoadmapDefinition _roadmap = null!;
    private IReadOnlyList<string> _affected = [];
    private long _position;
    private readonly RequestLog _requests = new();

    private string Id => this.GetPrimaryKeyString();

    private IRoadmapGrain County => GrainFactory.GetGrain<IRoadmapGrain>(options.Value.RoadmapId);

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _roadmap = await County.GetDefinitionAsync();
        await CatchUpAsync(cancellationToken);
    }

    private async Task CatchUpAsync(CancellationToken cancellationToken)
    {
        foreach (var stored in await store.ReadStreamAsync(Streams.Obstacle(Id), _state.Version, cancellationToken))
        {
            var e = EventCodec.Decode<ObstacleEvent>(stored);
            _state = _state.Apply(e);
            _position = stored.Position;
            _requests.Record(e.By, e.RequestId, stored.Version);
        }

        _affected = await AffectedAsync(_state);
    }

    private async Task<IReadOnlyList<string>> AffectedAsync(ObstacleState state) =>
        !state.Exists
            ? []
            : [.. state.BlockedOrganizations.Union(await County.OrganizationsOfInitiativesAsync(state.BlockedInitiatives)).Distinct().Order(StringComparer.Ordinal)];

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

        for (var attempt = 1; ; attempt++)
        {
            if (_requests.Find(command.By, command.RequestId) is not null)
            {
                // A retry of a request already carried out: the obstacle as it is (obstacle answers are small and current).
                return View();
            }

            if (expectedVersion is { } expected && expected != _state.Version)
            {
                throw new DomainException(ErrorKind.Conflict, "expected_version", $"obstacle {Id} is at version {_state.Version}, not {expected}");
            }

            var events = ObstacleDecider.Decide(Id, _state, command, _roadmap, known.Contains, time.GetUtcNow());
            try
            {
                var result = await store.AppendAsync(Streams.Obstacle(Id), _state.Version, [.. events.Select(EventCodec.Encode<ObstacleEvent>)], cancellationToken);
                _state = events.Aggregate(_state, (s, e) => s.Apply(e));
                _position = result.LastPosition;
                _requests.Record(command.By, command.RequestId, _state.Version);
            }
            catch (WrongExpectedVersionException) when (attempt < ConflictRetries)
            {
                // A short random pause, growing with each loss, so two nodes racing on one stream stop colliding.
                await Task.Delay(Random.Shared.Next(1, 5 * Math.Min(attempt, 10)), cancellationToken);
                await CatchUpAsync(cancellationToken);
                continue;
            }

            if (events.Any(e => e is ObstacleFlagged))
            {
                _affected = await AffectedAsync(_state);
            }

            var summary = ObstacleSummary.From(_state, _affected);
            await County.ObstacleChangedAsync(summary);
            foreach (var code in _affected)
            {
                await GrainFactory.GetGrain<IOrganizationGrain>(code).ObstacleChangedAsync(summary);
            }

            return View();
        }
    }

    public async Task RefreshAsync(long version)
    {
        if (version > _state.Version)
        {
            await CatchUpAsync(CancellationToken.None);
        }
    }

    public Task<ObstacleView> GetAsync() =>
        _state.Exists ? Task.FromResult(View()) : throw DomainException.NotFound($"obstacle {Id} does not exist");

    public async Task<IReadOnlyList<HistoryEntry<ObstacleEvent>>> GetHistoryAsync()
    {
        var stored = await store.ReadStreamAsync(Streams.Obstacle(Id));
        return stored.Count == 0
            ? throw DomainException.NotFound($"obstacle {Id} does not exist")
            : [.. stored.Select(e => new HistoryEntry<ObstacleEvent>(e.Version, e.Position, EventCodec.Decode<ObstacleEvent>(e)))];
    }

    private ObstacleView View() => new(_state, _affected, _state.OpenFor(time.GetUtcNow()), _position);
}
