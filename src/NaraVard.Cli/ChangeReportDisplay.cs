using NaraVard.Api.V1;
using Spectre.Console;

namespace NaraVard.Cli;

/// <summary>The change report as leadership reads it: one block per organisation, then the obstacles and who was silent.</summary>
internal static class ChangeReportDisplay
{
    public static void Write(IAnsiConsole console, ChangeReport report, Names names)
    {
        var since = report.SinceMeeting is { } m ? $" (since {m.Body.ToString().ToUpperInvariant()} {m.Date}, {m.Title})" : "";
        console.MarkupLineInterpolated($"[bold]Changes {Times.Format(report.From, "yyyy-MM-dd HH:mm")} – {Times.Format(report.To, "yyyy-MM-dd HH:mm")} ({Times.Label})[/]{since}");
        foreach (var org in names.Roadmap.Organizations)
        {
            var changes = report.Initiatives.Where(c => c.OrganizationCodes.Contains(org.Code)).ToList();
            if (changes.Count == 0)
            {
                continue;
            }

            var table = new Table().Title(Markup.Escape(org.Name)).AddColumns("Initiative", "Item", "Phase", "Progress", "Status", "");
            foreach (var c in changes)
            {
                table.AddRow(
                    Markup.Escape(c.Title),
                    c.RoadmapItem,
                    c.New ? $"new, {c.PhaseTo.Name()}" : c.PhaseFrom == c.PhaseTo ? c.PhaseTo.Name() : $"{c.PhaseFrom.Name()} → {c.PhaseTo.Name()}",
                    c.ProgressFrom == c.ProgressTo ? $"{c.ProgressTo} %" : $"{c.ProgressFrom} → {c.ProgressTo} %",
                    c.StatusFrom == c.StatusTo || c.New ? c.StatusTo.Name() : $"{c.StatusFrom.Name()} → {c.StatusTo.Name()}",
                    string.Join(", ", new[] { c.Closed ? "closed" : "", c.Paused ? "paused" : "", c.WentStale ? "[yellow]went stale[/]" : "", $"{c.Reports} reports" }.Where(x => x.Length > 0)
                        .Concat(c.IndicatorMoves.Select(m => Markup.Escape($"{m.Name}: {(m.HasFrom ? $"{m.From:0.##} → " : "")}{m.To:0.##} {m.Unit}")))));
            }

            console.Write(table);
        }

        foreach (var o in report.Obstacles)
        {
            var what = string.Join(", ", new[] { o.Flagged ? "flagged" : "", o.EscalatedTo != EscalationLevel.Unspecified ? $"escalated to {o.EscalatedTo.ToString().ToUpperInvariant()}" : "", o.Resolved ? "resolved" : "" }.Where(x => x.Length > 0));
            console.MarkupLineInterpolated($"Obstacle [bold]{o.Title}[/] ({o.Category}, {o.Severity.Name()}): {(what.Length == 0 ? "changed" : what)} — blocks {string.Join(", ", o.AffectedOrganizations.Select(names.OrganizationName))}");
        }

        console.MarkupLineInterpolated($"Did not report: {(report.SilentOrganizations.Count == 0 ? "none" : string.Join(", ", report.SilentOrganizations.Select(names.OrganizationName)))}");
    }
}
