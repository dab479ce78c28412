using NaraVard.Domain.Obstacles;

namespace NaraVard.Domain;

/// <summary>
/// The roadmap's own Swedish words for phases, statuses and levels, in one place: the dashboard shows them, the
/// spreadsheets write them and the import reads them back.
/// </summary>
public static class SwedishNames
{
    /// <summary>The Swedish genitive of a name: "Motalas", but a name ending in s, x or z takes no s ("Hans").</summary>
    public static string Genitive(string name) => name.EndsWith('s') || name.EndsWith('x') || name.EndsWith('z') ? name : name + "s";

    public static string Name(this Phase phase) => phase switch
    {
        Phase.Planering => "Planering",
        Phase.Strategi => "Strategi",
        Phase.Genomforande => "Genomförande",
        Phase.Genomford => "Genomförd",
        Phase.Pausad => "Pausad",
        Phase.Stoppad => "Stoppad",
        _ => phase.ToString(),
    };

    public static string Name(this Priority priority) => priority switch
    {
        Priority.High => "Hög",
        Priority.Medium => "Medel",
        Priority.Low => "Låg",
        _ => priority.ToString(),
    };

    public static string Name(this InitiativeStatus status) => status switch
    {
        InitiativeStatus.OnTrack => "Enligt plan",
        InitiativeStatus.AtRisk => "Risk för försening",
        InitiativeStatus.OffTrack => "Försenad",
        _ => status.ToString(),
    };

    public static string Name(this Initiatives.Health health) => health switch
    {
        Initiatives.Health.OnTrack => "Enligt plan",
        Initiatives.Health.AtRisk => "Risk för försening",
        Initiatives.Health.BehindPlan => "Efter plan",
        Initiatives.Health.Paused => "Pausad",
        Initiatives.Health.Stale => "Ingen aktuell rapport",
        Initiatives.Health.Blocked => "Blockerad",
        Initiatives.Health.Done => "Genomförd",
        Initiatives.Health.Stopped => "Stoppad",
        _ => health.ToString(),
    };

    /// <summary>What a health means, for legends: the rule of <see cref="Initiatives.HealthRule"/> in the county's words.</summary>
    public static string Meaning(this Initiatives.Health health, int staleAfterDays) => health switch
    {
        Initiatives.Health.OnTrack => "rapporterad enligt plan, inget känt problem",
        Initiatives.Health.AtRisk => "rapporterad med risk för försening, eller i genomförande med mätpunkter som inte närmat sig målet på ett år",
        Initiatives.Health.BehindPlan => "rapporterad försenad, eller en mätpunkt under linjen mot sitt mål",
        Initiatives.Health.Paused => "pausad genom beslut",
        Initiatives.Health.Stale => $"ingen rapport på mer än {staleAfterDays} dagar",
        Initiatives.Health.Blocked => "ett öppet hinder med hög eller kritisk allvarlighetsgrad, eller eskalerat till LGVO eller SVO",
        Initiatives.Health.Done => "genomförd och avslutad",
        Initiatives.Health.Stopped => "stoppad genom beslut",
        _ => "",
    };

    public static string Name(this Severity severity) => severity switch
    {
        Severity.Low => "Låg",
        Severity.Medium => "Medel",
        Severity.High => "Hög",
        Severity.Critical => "Kritisk",
        _ => severity.ToString(),
    };

    public static string Name(this ObstacleStatus status) => status switch
    {
        ObstacleStatus.Open => "Öppet",
        ObstacleStatus.Acknowledged => "Bekräftat",
        ObstacleStatus.Mitigating => "Åtgärdas",
        ObstacleStatus.Accepted => "Accepterat",
        ObstacleStatus.Resolved => "Löst",
        _ => status.ToString(),
    };

    public static string Name(this EscalationLevel level) => level switch
    {
        EscalationLevel.Organization => "Organisation",
        EscalationLevel.Lgvo => "LGVO",
        EscalationLevel.Svo => "SVO",
        _ => level.ToString(),
    };

    public static string Name(this InitiativeScope scope) => scope switch
    {
        InitiativeScope.Regional => "Regional",
        InitiativeScope.Municipal => "Kommunal",
        InitiativeScope.Joint => "Gemensam",
        _ => scope.ToString(),
    };

    public static string Name(this EffectLevel level) => level switch
    {
        EffectLevel.Individual => "Individ",
        EffectLevel.Organization => "Organisation",
        EffectLevel.Society => "Samhälle",
        _ => level.ToString(),
    };

    /// <summary>What one note of an obstacle records, as the meeting pack and its export say it: "Eskalerat till SVO", "Status: bekräftat", "Nästa steg planerat".</summary>
    public static string Name(this FollowUp.ObstacleNote note) =>
        note.EscalatedTo is { } to ? $"Eskalerat till {to.Name()}"
        : note.StatusTo is { } status ? $"Status: {status.Name().ToLowerInvariant()}"
        : "Nästa steg planerat";
}
