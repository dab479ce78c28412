using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using NaraVard.Domain;
using NaraVard.Domain.Initiatives;
using NaraVard.Domain.Roadmap;
using NaraVard.Grains.Roadmaps;
using NaraVard.Grains.Storage;
using NaraVard.Persistence;

namespace NaraVard.Grains.Initiatives;

/// <summary>Loads its stream, decides, appends, applies, then wakes the county with the log position it reached.</summary>
public sealed class InitiativeGrain(IEventStore store, [FromKeyedServices(Clock.Key)] TimeProvider time, IOptions<RoadmapOptions> options, ResidentGrains residents) : Grain, IInitiativeGrain
{
    private GrainStream<InitiativeState, InitiativeEvent> _stream = null!;
    private RoadmapDefinition _roadmap = null!;

    private string Id => this.GetPrimaryKeyString();

    private InitiativeState State => _stream.State;

    private IRoadmapGrain County => GrainFactory.GetGrain<IRoadmapGrain>(options.Value.RoadmapId);

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _stream = new(store, Streams.Initiative(Id), InitiativeState.Initial, (s, e) => s.Apply(e), s => s.Version, e => new RequestKey(e.By, e.RequestId, e.RequestHash), (e, hash) => e with { RequestHash = hash });
        _roadmap = await County.GetDefinitionAsync();
        await _stream.CatchUpAsync(cancellationToken);
        residents.Enter(Id, this);
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        residents.Leave(Id, this);
        return Task.CompletedTask;
    }

    public async Task<InitiativeView> ExecuteAsync(InitiativeCommand command, long? expectedVersion = null, CancellationToken cancellationToken = default)
    {
        if (WriteTrace.Enabled)
        {
            WriteTrace.Resume(RequestContext.Get(WriteTrace.ContextKey), "grain.start");
        }
        (long Version, bool Repeated) result;
        try
        {
            result = await _stream.ExecuteAsync(
                new RequestKey(command.By, command.RequestId, command.RequestId is null ? null : RequestLog.Fingerprint(command with { RequestId = null })),
                expectedVersion,
                state => InitiativeDecider.Decide(Id, state, command, _roadmap, time.GetUtcNow()),
                current => DomainException.Conflict("expected_version", $"initiative {Id} is at version {current}, not {expectedVersion}"),
                cancellationToken);
        }
        catch (DomainException) when (!State.Exists)
        {
            // Refused before it existed (unknown id, invalid create): keep no empty activation.
            DeactivateOnIdle();
            throw;
        }

        var (version, repeated) = result;
        if (repeated)
        {
            // A retry of a request carried out before (perhaps by an activation on a silo that died before it woke
            // the county): wake it with the original position, so the answer is read back as a first one would be.
            var (state, position) = await _stream.StateAtAsync(version, cancellationToken);
            await County.CatchUpAsync(position);
            return new InitiativeView(state, state.IsStale(time.GetUtcNow(), _roadmap.StaleAfter), position);
        }

        WriteTrace.MarkCurrent("grain.appended");
        await County.CatchUpAsync(_stream.Position);
        WriteTrace.MarkCurrent("grain.notified");
        return View();
    }

    public Task<InitiativeView> GetAsync() => Peek() is { } view ? Task.FromResult(view) : throw Missing();

    /// <summary>
    /// The view as it is now, null while the initiative does not exist. Safe from any thread: state and position
    /// are one immutable value, swapped whole by the grain's turns (<see cref="ResidentGrains"/> reads it).
    /// </summary>
    internal InitiativeView? Peek()
    {
        var (state, position) = _stream.Current;
        return state.Exists ? new InitiativeView(state, state.IsStale(time.GetUtcNow(), _roadmap.StaleAfter), position) : null;
    }

    public async Task<IReadOnlyList<HistoryEntry<InitiativeEvent>>> GetHistoryAsync(long afterVersion, int max)
    {
        var history = await _stream.HistoryAsync(afterVersion, max);
        return history.Count == 0 && afterVersion == 0 ? throw Missing() : history;
    }

    private InitiativeView View() => new(State, State.IsStale(time.GetUtcNow(), _roadmap.StaleAfter), _stream.Position);

    /// <summary>
    /// A lookup of an id that does not exist leaves no activation behind: a caller probing ids (or a typo
    /// repeated by a script) must not fill the silo's memory with empty grains.
    /// </summary>
    private DomainException Missing()
    {
        DeactivateOnIdle();
        return DomainException.NotFound($"initiative {Id} does not exist");
    }
}
