namespace NaraVard.Domain.Access;

/// <summary>
/// A dashboard session was ended on the server (its user signed out): every node refuses its cookie from then on,
/// also a copy of it. In a stream of its own per session, beside the tokens' streams.
/// </summary>
public sealed record SessionEnded
{
    public required string SessionId { get; init; }

    public required Actor By { get; init; }

    public required DateTimeOffset At { get; init; }
}
