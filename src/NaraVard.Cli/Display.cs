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

    /// <summary>Three or four letters for a matrix cell: genomförande and genomförd must not look alike.</summary>
    public static string Short(Phase phase) => phase switch
    {
        Phase.Planering => "pla",
        Phase.Strategi => "str",
        Phase.Genomforande => "gen",
        Phase.Genomford => "klar",
        Phase.Pausad => "pau",
        Phase.Stoppad => "sto",
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

    public static string Name(this InitiativeHealth health) => health switch
    {
        InitiativeHealth.OnTrack => "on-track",
        InitiativeHealth.AtRisk => "at-risk",
        InitiativeHealth.BehindPlan => "behind-plan",
        InitiativeHealth.Paused => "paused",
        InitiativeHealth.Stale => "stale",
        InitiativeHealth.Blocked => "blocked",
        InitiativeHealth.Done => "done",
        InitiativeHealth.Stopped => "stopped",
        _ => "–",
    };

    /// <summary>The health as the server judged it (one rule, in the domain): green only when nothing known stands against it.</summary>
    public static string Coloured(this InitiativeHealth health) => health switch
    {
        InitiativeHealth.OnTrack => "[green]on-track[/]",
        InitiativeHealth.AtRisk => "[yellow]at-risk[/]",
        InitiativeHealth.BehindPlan => "[red]behind-plan[/]",
        InitiativeHealth.Blocked => "[bold red]blocked[/]",
        InitiativeHealth.Stale => "[magenta]stale[/]",
        InitiativeHealth.Done => "[blue]done[/]",
        _ => $"[grey]{health.Name()}[/]",
    };

    public static string Colour(this InitiativeHealth health) => health switch
    {
        InitiativeHealth.OnTrack => "green",
        InitiativeHealth.AtRisk => "yellow",
        InitiativeHealth.BehindPlan or InitiativeHealth.Blocked => "red",
        InitiativeHealth.Stale => "magenta",
        InitiativeHealth.Done => "blue",
        _ => "grey",
    };

    public static int Count(this Spread spread, InitiativeHealth health) => spread.ByHealth.FirstOrDefault(p => p.Health == health)?.Count ?? 0;

    public static string Name(this Severity severity) => severity.ToString().ToLowerInvariant();

    public static string Name(this ObstacleStatus status) => status.ToString().ToLowerInvariant();

    public static string Status(InitiativeStatus status, bool stale) =>
        $"[{status.Colour()}]{Markup.Escape(status.Name())}[/]{(stale ? " [grey](stale)[/]" : "")}";

    public static int Count(this Spread spread, Phase phase) => spread.ByPhase.FirstOrDefault(p => p.Phase == phase)?.Count ?? 0;

    public static int Count(this Spread spread, InitiativeStatus status) => spread.ByStatus.FirstOrDefault(p => p.Status == status)?.Count ?? 0;
}
