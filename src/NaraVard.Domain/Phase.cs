namespace NaraVard.Domain;

/// <summary>Where an initiative stands on the road to the 2030 target picture.</summary>
public enum Phase
{
    Planering = 1,
    Strategi = 2,
    Genomforande = 3,
    Genomford = 4,
    Pausad = 5,
    Stoppad = 6,
}

public enum InitiativeStatus
{
    OnTrack = 1,
    AtRisk = 2,
    OffTrack = 3,
}

public enum InitiativeScope
{
    Regional = 1,
    Municipal = 2,
    Joint = 3,
}

/// <summary>An initiative's priority in its organisation's action plan (handlingsplan), as the seeds' plans rank their activities.</summary>
public enum Priority
{
    High = 1,
    Medium = 2,
    Low = 3,
}

public enum EffectLevel
{
    Individual = 1,
    Organization = 2,
    Society = 3,
}

public static class PhaseRules
{
    /// <summary>The three phases of the road itself, in order.</summary>
    public static bool IsActive(this Phase phase) => phase is Phase.Planering or Phase.Strategi or Phase.Genomforande;

    public static bool IsTerminal(this Phase phase) => phase is Phase.Genomford or Phase.Stoppad;

    /// <summary>Implementation or done: the phases that count as "reached" in population-weighted coverage.</summary>
    public static bool HasReachedImplementation(this Phase phase) => phase is Phase.Genomforande or Phase.Genomford;

    public static string Code(this Phase phase) => phase.ToString().ToLowerInvariant();

    /// <summary>high, medium, low: the priority as links, the CLI and the API's words say it.</summary>
    public static string Code(this Priority priority) => priority.ToString().ToLowerInvariant();

    public static string Code(this InitiativeStatus status) => status switch
    {
        InitiativeStatus.OnTrack => "on-track",
        InitiativeStatus.AtRisk => "at-risk",
        InitiativeStatus.OffTrack => "off-track",
        _ => throw new ArgumentOutOfRangeException(nameof(status)),
    };
}
