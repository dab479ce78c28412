using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using NaraVard.Domain;
using NaraVard.Domain.Initiatives;
using NaraVard.Domain.Roadmap;
using NaraVard.Domain.Rollups;
using NaraVard.Grains.Organizations;
using NaraVard.Grains.Roadmaps;
using NaraVard.Grains.Storage;
using NaraVard.Persistence;

namespace NaraVard.Grains.Initiatives;

/// <summary>Loads its stream, decides, appends, applies, then tells the county and the organisations involved.</summary>
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
        var before = State;
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
            var (state, position) = await _stream.StateAtAsync(version, cancellationToken);
            return new InitiativeView(state, state.IsStale(time.GetUtcNow(), _roadmap.StaleAfter), position);
        }

        WriteTrace.MarkCurrent("grain.appended");
        await NotifyAsync(before);
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

    private async Task NotifyAsync(InitiativeState before)
    {
        var summary = InitiativeSummary.From(State);
        await County.InitiativeChangedAsync(summary, _stream.Position);

        // Organisations that left a joint initiative must drop it, so notify the old ones too. (Notifying them side
        // by side was measured: no faster at 1 or 32 clients on two cores; docs/performance.md.)
        foreach (var code in State.Organizations.Union(before.Exists ? before.Organizations : []))
        {
            await GrainFactory.GetGrain<IOrganizationGrain>(code).InitiativeChangedAsync(summary);
        }
    }

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
