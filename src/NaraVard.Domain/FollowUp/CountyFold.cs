using NaraVard.Domain.Initiatives;
using NaraVard.Domain.Obstacles;

namespace NaraVard.Domain.FollowUp;

/// <summary>
/// Every initiative and obstacle state after the events it was given, in log order: what <see cref="AsOf"/> reads
/// and what a checkpoint keeps. States are immutable records, so a copy shares them and costs one entry each.
/// </summary>
public sealed class CountyFold
{
    private readonly Dictionary<string, InitiativeState> _initiatives;
    private readonly Dictionary<string, ObstacleState> _obstacles;

    public CountyFold()
        : this(new(StringComparer.Ordinal), new(StringComparer.Ordinal), 0)
    {
    }

    private CountyFold(Dictionary<string, InitiativeState> initiatives, Dictionary<string, ObstacleState> obstacles, long position)
    {
        _initiatives = initiatives;
        _obstacles = obstacles;
        Position = position;
    }

    /// <summary>The log position of the last event applied (0 when none was).</summary>
    public long Position { get; private set; }

    public IReadOnlyDictionary<string, InitiativeState> Initiatives => _initiatives;

    public IReadOnlyDictionary<string, ObstacleState> Obstacles => _obstacles;

    /// <summary>Applies the event if it happened at or before <paramref name="until"/>; its time when it did, null when not.</summary>
    public DateTimeOffset? Apply(long position, object e, DateTimeOffset until)
    {
        DateTimeOffset at;
        switch (e)
        {
            case InitiativeEvent i when i.At <= until:
                _initiatives[i.InitiativeId] = _initiatives.GetValueOrDefault(i.InitiativeId, InitiativeState.Initial).Apply(i);
                at = i.At;
                break;
            case ObstacleEvent o when o.At <= until:
                _obstacles[o.ObstacleId] = _obstacles.GetValueOrDefault(o.ObstacleId, ObstacleState.Initial).Apply(o);
                at = o.At;
                break;
            case OtherLogEvent other when other.At <= until:
                at = other.At;
                break;
            default:
                return null;
        }

        Position = position;
        return at;
    }

    /// <summary>Takes a state folded elsewhere from the same log (the node's follower), as the state after the event at <paramref name="position"/>.</summary>
    public void Set(long position, InitiativeState state)
    {
        _initiatives[state.Id] = state;
        Position = position;
    }

    /// <inheritdoc cref="Set(long, InitiativeState)"/>
    public void Set(long position, ObstacleState state)
    {
        _obstacles[state.Id] = state;
        Position = position;
    }

    public CountyFold Copy() =>
        new(new(_initiatives, StringComparer.Ordinal), new(_obstacles, StringComparer.Ordinal), Position);
}

/// <summary>
/// An event of any other stream (the roadmap's definition, a token, a meeting): it changes no initiative or
/// obstacle, but the answer as of a moment reflects the log through it once it was committed (<paramref name="At"/>).
/// </summary>
public sealed record OtherLogEvent(DateTimeOffset At);
