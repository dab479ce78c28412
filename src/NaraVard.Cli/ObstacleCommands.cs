using System.CommandLine;
using NaraVard.Api.V1;
using Spectre.Console;

namespace NaraVard.Cli;

/// <summary>What planners do: flag obstacles and follow them.</summary>
internal static class ObstacleCommands
{
    public static IEnumerable<Command> Build() => [Obstacle(), Obstacles()];

    private static int Print(Session s, ParseResult result, Obstacle o, string done)
    {
        if (result.GetValue(Cli.JsonOption))
        {
            Session.PrintJson(o);
        }
        else
        {
            s.Console.MarkupLineInterpolated($"{done}: [bold]{o.Id}[/] {o.Title} — {o.Category}, {o.Severity.Name()}, {o.Status.Name()}, escalated to {o.Escalation.ToString().ToLowerInvariant()}");
        }

        return ExitCodes.Ok;
    }

    private static Command Obstacle()
    {
        var obstacle = new Command("obstacle", "Flag an obstacle or move it along its lifecycle");
        var title = new Argument<string>("title") { Description = "Short name of the obstacle" };
        var category = new Option<string>("--category") { Description = "Category (code or name: tillit, rekrytering, styrning …)", Required = true };
        var severity = new Option<string>("--severity") { Description = "low, medium, high or critical", Required = true };
        var initiatives = new Option<string[]>("--initiative") { Description = "An initiative it blocks (repeat)" };
        var orgs = new Option<string[]>("--org") { Description = "An organisation it blocks (repeat)" };
        var description = new Option<string?>("--description") { Description = "Details" };
        var other = new Option<string?>("--other") { Description = "What the obstacle is, when the category is other" };
        var flag = Cli.Command("flag", "Flag an obstacle", "naravard obstacle flag --category tillit --severity high --initiative i-abc123 \"Oklart betalningsansvar\"");
        flag.Arguments.Add(title);
        foreach (var option in new Option[] { category, severity, initiatives, orgs, description, other })
        {
            flag.Options.Add(option);
        }

        Cli.Handle(flag, async (result, s) =>
        {
            var names = await s.NamesAsync();
            var o = await s.ChangeAsync(s.Obstacles.FlagObstacleAsync, r => new FlagObstacleRequest
            {
                Title = result.GetValue(title)!,
                Category = names.Category(result.GetValue(category)!),
                Severity = Names.Severity(result.GetValue(severity)!),
                BlockedInitiatives = { result.GetValue(initiatives) ?? [] },
                BlockedOrganizations = { (result.GetValue(orgs) ?? []).Select(names.Organization) },
                Description = result.GetValue(description) ?? "",
                OtherCategory = result.GetValue(other) ?? "",
                RequestId = r,
            });
            return Print(s, result, o, "Flagged");
        });
        obstacle.Subcommands.Add(flag);

        foreach (var (verb, status, help) in new[]
        {
            ("ack", ObstacleStatus.Acknowledged, "Acknowledge: someone owns it"),
            ("mitigate", ObstacleStatus.Mitigating, "Mark it as being worked around or removed"),
            ("accept", ObstacleStatus.Accepted, "Accept it as a condition to live with"),
            ("resolve", ObstacleStatus.Resolved, "Mark it resolved"),
            ("escalate", ObstacleStatus.Unspecified, "Escalate one level: organisation → LGVO → SVO"),
        })
        {
            var id = new Argument<string>("obstacle") { Description = "Obstacle id" };
            var note = new Option<string?>("--note") { Description = "Note for the history" };
            var command = Cli.Command(verb, help, $"naravard obstacle {verb} o-abc123 --note \"…\"");
            command.Arguments.Add(id);
            command.Options.Add(note);
            Cli.Handle(command, async (result, s) => Print(s, result, await s.ChangeAsync(s.Obstacles.UpdateObstacleAsync, r => new UpdateObstacleRequest
            {
                ObstacleId = result.GetValue(id)!,
                Status = status,
                Escalate = status == ObstacleStatus.Unspecified,
                Note = result.GetValue(note) ?? "",
                RequestId = r,
            }), "Updated"));
            obstacle.Subcommands.Add(command);
        }

        obstacle.Subcommands.Add(NextStep());
        return obstacle;
    }

    private static Command NextStep()
    {
        var id = new Argument<string>("obstacle") { Description = "Obstacle id" };
        var step = new Argument<string>("step") { Description = "What happens next" };
        var owner = new Option<string>("--owner") { Description = "Who carries it forward (a person or group)", Required = true };
        var due = new Option<string?>("--due") { Description = "When the step is due, YYYY-MM-DD" };
        var command = Cli.Command("next-step", "Name who carries the obstacle forward and its next step", "naravard obstacle next-step o-abc123 --owner \"LGVO:s ordförande\" --due 2027-02-15 \"Förslag om gemensam ägare\"");
        command.Arguments.Add(id);
        command.Arguments.Add(step);
        command.Options.Add(owner);
        command.Options.Add(due);
        Cli.Handle(command, async (result, s) => Print(s, result, await s.ChangeAsync(s.Obstacles.PlanObstacleNextStepAsync, r => new PlanObstacleNextStepRequest
        {
            ObstacleId = result.GetValue(id)!,
            NextStep = result.GetValue(step)!,
            Owner = result.GetValue(owner)!,
            Due = result.GetValue(due) ?? "",
            RequestId = r,
        }), "Planned"));
        return command;
    }

    private static Command Obstacles()
    {
        var org = new Option<string?>("--org") { Description = "Obstacles affecting this organisation" };
        var category = new Option<string?>("--category") { Description = "Category (code or name)" };
        var open = new Option<bool>("--open") { Description = "Only those not resolved" };
        var command = Cli.Command("obstacles", "List obstacles, filtered", "naravard obstacles --org linköping --open");
        command.Options.Add(org);
        command.Options.Add(category);
        command.Options.Add(open);
        Cli.Handle(command, async (result, s) =>
        {
            var names = await s.NamesAsync();
            var request = new ListObstaclesRequest { PageSize = 500, OpenOnly = result.GetValue(open) };
            if (result.GetValue(org) is { } o)
            {
                request.OrganizationCode = names.Organization(o);
            }

            if (result.GetValue(category) is { } c)
            {
                request.Category = names.Category(c);
            }

            var list = await s.ReadAsync(o => s.Obstacles.ListObstaclesAsync(request, o));
            if (result.GetValue(Cli.JsonOption))
            {
                Session.PrintJson(list);
                return ExitCodes.Ok;
            }

            var table = new Table().AddColumns("Id", "Title", "Category", "Severity", "Status", "Level", "Affects", "Open days", "Next step due");
            foreach (var x in list.Obstacles)
            {
                table.AddRow(x.Id, Markup.Escape(x.Title), x.Category, x.Severity.Name(), x.Status.Name(), x.Escalation.ToString().ToLowerInvariant(), Markup.Escape(string.Join(", ", x.AffectedOrganizations.Select(names.OrganizationName))), $"{x.OpenSeconds / 86400}", x.NextStepDue is { Length: > 0 } d ? $"{d} ({Markup.Escape(x.Owner)})" : "–");
            }

            s.Console.Write(table);
            return ExitCodes.Ok;
        });
        return command;
    }
}
