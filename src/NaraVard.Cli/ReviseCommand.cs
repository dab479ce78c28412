using System.CommandLine;
using NaraVard.Api.V1;
using Spectre.Console;

namespace NaraVard.Cli;

/// <summary>The yearly revision of an initiative's plan: what changes from now on, and why.</summary>
internal static class ReviseCommand
{
    public static Command Build()
    {
        var id = new Argument<string>("id") { Description = "Initiative id (i-…)" };
        var reason = new Option<string>("--reason") { Description = "Why the plan changes", Required = true };
        var target = new Option<string?>("--target-date") { Description = "New target date (YYYY-MM-DD)" };
        var start = new Option<string?>("--start-date") { Description = "New start date (YYYY-MM-DD)" };
        var description = new Option<string?>("--description") { Description = "New description" };
        var responsible = new Option<string?>("--responsible") { Description = "New named responsible" };
        var areas = new Option<string?>("--goal-areas") { Description = "New target-picture areas, codes or names, comma-separated" };
        var command = Cli.Command("revise", "Revise an initiative's plan (the history keeps the earlier one)", "naravard revise i-abc123 --target-date 2028-12-31 --reason \"Årlig revidering 2027\"");
        command.Arguments.Add(id);
        var priority = new Option<string?>("--priority") { Description = "New priority: high, medium or low" };
        foreach (var option in new Option[] { reason, target, start, description, responsible, areas, priority })
        {
            command.Options.Add(option);
        }

        Cli.Handle(command, async (result, s) =>
        {
            var names = await s.NamesAsync();
            var revised = await s.ChangeAsync(s.Initiatives.RevisePlanAsync, r => new RevisePlanRequest
            {
                InitiativeId = result.GetValue(id)!,
                Reason = result.GetValue(reason)!,
                TargetDate = result.GetValue(target) ?? "",
                StartDate = result.GetValue(start) ?? "",
                Description = result.GetValue(description),
                Responsible = result.GetValue(responsible),
                Priority = result.GetValue(priority) is { } p ? Names.Priority(p) : Priority.Unspecified,
                GoalAreas = result.GetValue(areas) is { } list ? new GoalAreas { Codes = { list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(names.GoalArea) } } : null,
                RequestId = r,
            });
            if (result.GetValue(Cli.JsonOption))
            {
                Session.PrintJson(revised);
            }
            else
            {
                s.Console.MarkupLineInterpolated($"Revised: [bold]{revised.Id}[/] {revised.Title}: target date {(revised.TargetDate.Length > 0 ? revised.TargetDate : "none")}, version {revised.Version}");
            }

            return ExitCodes.Ok;
        });
        return command;
    }
}
