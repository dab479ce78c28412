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

    public static string Name(this InitiativeStatus status) => status switch
    {
        InitiativeStatus.OnTrack => "Enligt plan",
        InitiativeStatus.AtRisk => "Risk för försening",
        InitiativeStatus.OffTrack => "Försenad",
        _ => status.ToString(),
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
}
