using NaraVard.Domain;
using NaraVard.Domain.Initiatives;
using NaraVard.Domain.Roadmap;
using NaraVard.Domain.Rollups;
using NaraVard.Grains.Organizations;
using NaraVard.Grains.Roadmaps;
using NaraVard.Grains.Runtime;
using NaraVard.Grains.Storage;
using NaraVard.Persistence;
using Microsoft.Extensions.Options;

namespace NaraVard.Grains.Initiatives;

/// <summary>Loads its stream, decides, appends, applies, then tells the county and the organisations involved.</summary>
public sealed class InitiativeGrain(IEventStore store, TimeProvider time, IOptions<RoadmapOptions> options) : Grain, IInitiativeGrain
{
    private const int ConflictRetries = 30;
    private InitiativeState _state = InitiativeState.Initial;
    private RoadmapDefinition _roadmap = null!;
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
        foreach (var stored in await store.ReadStreamAsync(Streams.Initiative(Id), _state.Version, cancellationToken))
        {
            var e = EventCodec.Decode<InitiativeEvent>(stored);
            _state = _state.Apply(e);
            _position = stored.Position;
            _requests.Record(e.By, e.RequestId, stored.Version);
        }
    }

    public async Task<InitiativeView> ExecuteAsync(InitiativeCommand command, long? expectedVersion = null, CancellationToken cancellationToken = default)
    {
        for (var attempt = 1; ; attempt++)
        {
            if (_requests.Find(command.By, command.RequestId) is { } answered)
            {
                return await ViewAtAsync(answered, cancellationToken);
            }

            if (expectedVersion is { } expected && expected != _state.Version)
            {
                throw new DomainException(ErrorKind.Conflict, "expected_version", $"initiative {Id} is at version {_state.Version}, not {expected}");
            }

            var before = _state;
            var events = InitiativeDecider.Decide(Id, _state, command, _roadmap, time.GetUtcNow());
            try
            {
                var result = await store.AppendAsync(Streams.Initiative(Id), _state.Version, [.. events.Select(EventCodec.Encode<InitiativeEvent>)], cancellationToken);
                _state = events.Aggregate(_state, (s, e) => s.Apply(e));
                _position = result.LastPosition;
                _requests.Record(command.By, command.RequestId, _state.Version);
            }
            catch (WrongExpectedVersionException) when (attempt < ConflictRetries)
            {
                // A short random pause, growing with each loss, so two nodes racing on one stream stop colliding.
                await Task.Delay(Random.Shared.Next(1, 5 * Math.Min(attempt, 10)), cancellationToken);
                // Another node appended first: load what it wrote and decide again on the new state.
                await CatchUpAsync(cancellationToken);
                continue;
            }

            await NotifyAsync(before);
            return View();
        }
    }

    public async Task RefreshAsync(long version)
    {
        if (version <= _state.Version)
        {
            return;
        }

        var before = _state;
        await CatchUpAsync(CancellationToken.None);
        await NotifyAsync(before);
    }

    public Task<InitiativeView> GetAsync() =>
        _state.Exists ? Task.FromResult(View()) : throw DomainException.NotFound($"initiative {Id} does not exist");

    public async Task<IReadOnlyList<HistoryEntry<InitiativeEvent>>> GetHistoryAsync()
    {
        var stored = await store.ReadStreamAsync(Streams.Initiative(Id));
        return stored.Count == 0
            ? throw DomainException.NotFound($"initiative {Id} does not exist")
            : [.. stored.Select(e => new HistoryEntry<InitiativeEvent>(e.Version, e.Position, EventCodec.Decode<InitiativeEvent>(e)))];
    }

    /// <summary>The answer a request got when it was first made: the state right after its events.</summary>
    private async Task<InitiativeView> ViewAtAsync(long version, CancellationToken cancellationToken)
    {
        if (version == _state.Version)
        {
            return View();
        }

        var stored = await store.ReadStreamAsync(Streams.Initiative(Id), 0, cancellationToken);
        var state = InitiativeState.Fold(stored.TakeWhile(e => e.Version <= version).Select(EventCodec.Decode<InitiativeEvent>));
        return new InitiativeView(state, state.IsStale(time.GetUtcNow(), _roadmap.StaleAfter), stored.First(e => e.Version == version).Position);
    }

    private InitiativeView View() => new(_state, _state.IsStale(time.GetUtcNow(), _roadmap.StaleAfter), _position);

    private async Task NotifyAsync(InitiativeState before)
    {
        var summary = InitiativeSummary.From(_state);
        await County.InitiativeChangedAsync(summary);

        // Organisations that left a joint initiative must drop it, so notify the old ones too.
        foreach (var code in _state.Organizations.Union(before.Exists ? before.Organizations : []))
        {
            await GrainFactory.GetGrain<IOrganizationGrain>(code).InitiativeChangedAsync(summary);
        }
    }
}
