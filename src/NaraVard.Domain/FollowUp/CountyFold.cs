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

    /// <summary>When an event happened (null for what is none of the three kinds the fold takes).</summary>
    public static DateTimeOffset? TimeOf(object e) => e switch
    {
        InitiativeEvent i => i.At,
        ObstacleEvent o => o.At,
        OtherLogEvent other => other.At,
        _ => null,
    };

    /// <summary>Applies the event if it happened at or before <paramref name="until"/>; true when it did.</summary>
    public bool Apply(long position, object e, DateTimeOffset until)
    {
        switch (e)
        {
            case InitiativeEvent i when i.At <= until:
                _initiatives[i.InitiativeId] = _initiatives.GetValueOrDefault(i.InitiativeId, InitiativeState.Initial).Apply(i);
                break;
            case ObstacleEvent o when o.At <= until:
                _obstacles[o.ObstacleId] = _obstacles.GetValueOrDefault(o.ObstacleId, ObstacleState.Initial).Apply(o);
                break;
            case OtherLogEvent other when other.At <= until:
                break;
            default:
                return false;
        }

        Position = position;
        return true;
    }

    public CountyFold Copy() =>
        new(new(_initiatives, StringComparer.Ordinal), new(_obstacles, StringComparer.Ordinal), Position);
}

/// <summary>
/// An event of any other stream (the roadmap's definition, a token, a meeting): it changes no initiative or
/// obstacle, but the answer as of a moment reflects the log through it once it was committed (<paramref name="At"/>).
/// </summary>
public sealed record OtherLogEvent(DateTimeOffset At);
