using NaraVard.Api.V1;
using Spectre.Console;

namespace NaraVard.Cli;

/// <summary>Swedish words and colours for the roadmap's values.</summary>
internal static class Display
{
    public static string Name(this Phase phase) => phase switch
    {
        Phase.Planering => "planering",
        Phase.Strategi => "strategi",
        Phase.Genomforande => "genomförande",
        Phase.Genomford => "genomförd",
        Phase.Pausad => "pausad",
        Phase.Stoppad => "stoppad",
        _ => "–",
    };

    public static string Name(this InitiativeStatus status) => status switch
    {
        InitiativeStatus.OnTrack => "on-track",
        InitiativeStatus.AtRisk => "at-risk",
        InitiativeStatus.OffTrack => "off-track",
        _ => "–",
    };

    public static string Colour(this InitiativeStatus status) => status switch
    {
        InitiativeStatus.OnTrack => "green",
        InitiativeStatus.AtRisk => "yellow",
        InitiativeStatus.OffTrack => "red",
        _ => "grey",
    };

    public static string Name(this Severity severity) => severity.ToString().ToLowerInvariant();

    public static string Name(this ObstacleStatus status) => status.ToString().ToLowerInvariant();

    public static string Status(InitiativeStatus status, bool stale) =>
        $"[{status.Colour()}]{Markup.Escape(status.Name())}[/]{(stale ? " [grey](stale)[/]" : "")}";

    public static int Count(this Spread spread, Phase phase) => spread.ByPhase.FirstOrDefault(p => p.Phase == phase)?.Count ?? 0;

    public static int Count(this Spread spread, InitiativeStatus status) => spread.ByStatus.FirstOrDefault(p => p.Status == status)?.Count ?? 0;
}
