using System.CommandLine;
using Grpc.Core;
using NaraVard.Api.V1;
using Spectre.Console;

namespace NaraVard.Cli;

/// <summary>Spreadsheets in and out: import an action plan, fetch the template, export a view.</summary>
internal static class ExchangeCommands
{
    public static IEnumerable<Command> Build() => [Import(), Template(), Export(), Print()];

    private static Command Import()
    {
        var file = new Argument<FileInfo>("file") { Description = "The plan: .xlsx or .csv (the template's columns)" };
        var dryRun = new Option<bool>("--dry-run") { Description = "Check the plan and list what would change; write nothing" };
        var command = Cli.Command("import", "Import an action plan from Excel or CSV (all rows or none)", "naravard import handlingsplan.xlsx --dry-run");
        command.Arguments.Add(file);
        command.Options.Add(dryRun);
        Cli.Handle(command, async (result, s) =>
        {
            var path = result.GetValue(file)!;
            if (!path.Exists)
            {
                throw new UsageException($"no such file: {path.FullName}");
            }

            var bytes = await File.ReadAllBytesAsync(path.FullName);
            var answer = await s.Exchange.ImportPlanAsync(bytes, path.Name, result.GetValue(dryRun), new CallOptions(deadline: DateTime.UtcNow.AddMinutes(10)));
            if (result.GetValue(Cli.JsonOption))
            {
                Session.PrintJson(answer);
            }
            else
            {
                Print(s.Console, answer, result.GetValue(dryRun));
            }

            return answer.Problems.Count > 0 ? ExitCodes.Rejected : ExitCodes.Ok;
        });
        return command;
    }

    private static void Print(IAnsiConsole console, ImportPlanResult answer, bool dryRun)
    {
        var rows = new Table().AddColumns("Row", "Initiative", "Action", "Changes");
        foreach (var row in answer.RowPlans.Where(r => r.Action is ImportAction.Create or ImportAction.Update))
        {
            rows.AddRow(
                row.Row.ToString(System.Globalization.CultureInfo.InvariantCulture),
                Markup.Escape(row.InitiativeId.Length > 0 ? $"{row.Title} ({row.InitiativeId})" : row.Title),
                row.Action == ImportAction.Create ? "create" : "update",
                Markup.Escape(string.Join("; ", row.Changes.Concat(row.Warnings.Select(w => "note: " + w)))));
        }

        if (rows.Rows.Count > 0)
        {
            console.Write(rows);
        }

        foreach (var problem in answer.Problems)
        {
            console.MarkupLineInterpolated($"[red]row {problem.Row}[/]{(problem.Column.Length > 0 ? ", " + problem.Column : "")}: {problem.Rule}");
        }

        if (answer.IgnoredColumns.Count > 0)
        {
            console.MarkupLineInterpolated($"Columns not read: {string.Join(", ", answer.IgnoredColumns)}");
        }

        var counts = $"{answer.Rows} rows ({answer.Format}): {answer.Created} to create, {answer.Updated} to update, {answer.Unchanged} unchanged";
        console.MarkupLineInterpolated($"{(answer.Committed ? "Imported" : dryRun ? "Dry run, nothing written" : "Nothing written")}: {counts}{(answer.Problems.Count > 0 ? $", {answer.Problems.Count} problems" : "")}");
    }

    private static Command Template()
    {
        var output = new Option<FileInfo?>("--output", "-o") { Description = "Where to write it (default: the server's file name, here)" };
        var command = Cli.Command("template", "Download the action-plan template (.xlsx with drop-down lists)", "naravard template -o handlingsplan.xlsx");
        command.Options.Add(output);
        Cli.Handle(command, async (result, s) =>
            await SaveAsync(s, s.Exchange.GetPlanTemplate(new GetPlanTemplateRequest(), Deadline()), result.GetValue(output)));
        return command;
    }

    private static Command Export()
    {
        var view = new Argument<string>("view") { Description = "overview, matrix, initiatives, obstacles, changes or committee-report (--org, --from: since that day, default three months back)" };
        var format = new Option<string>("--format") { Description = "xlsx (default) or csv", DefaultValueFactory = _ => "xlsx" };
        var output = new Option<FileInfo?>("--output", "-o") { Description = "Where to write it (default: the server's file name, here)" };
        var organization = new Option<string?>("--org") { Description = "initiatives, obstacles: one organisation (code or name)" };
        var since = new Option<string?>("--since-meeting") { Description = "changes: since the last meeting of svo or lgvo" };
        var from = new Option<string?>("--from") { Description = "changes: first day (YYYY-MM-DD)" };
        var to = new Option<string?>("--to") { Description = "changes: last day (YYYY-MM-DD)" };
        var command = Cli.Command("export", "Export a view to Excel or CSV", "naravard export initiatives --org Motala --format csv");
        command.Arguments.Add(view);
        foreach (var option in new Option[] { format, output, organization, since, from, to })
        {
            command.Options.Add(option);
        }

        Cli.Handle(command, async (result, s) =>
        {
            var request = new ExportRequest
            {
                View = Names.Fold(result.GetValue(view)!) switch
                {
                    "overview" => ExportView.Overview,
                    "matrix" => ExportView.Matrix,
                    "initiatives" => ExportView.Initiatives,
                    "obstacles" => ExportView.Obstacles,
                    "changes" => ExportView.Changes,
                    "committee-report" or "namnd" => ExportView.CommitteeReport,
                    var other => throw new UsageException($"unknown view '{other}'; use overview, matrix, initiatives, obstacles, changes or committee-report"),
                },
                Format = Names.Fold(result.GetValue(format)!) switch
                {
                    "xlsx" => ExportFormat.Xlsx,
                    "csv" => ExportFormat.Csv,
                    var other => throw new UsageException($"unknown format '{other}'; use xlsx or csv"),
                },
                SinceMeetingOf = result.GetValue(since) is { } body ? FollowUpCommands.Parse(body) : Body.Unspecified,
                From = result.GetValue(from) ?? "",
                To = result.GetValue(to) ?? "",
            };
            if (result.GetValue(organization) is { } org)
            {
                request.OrganizationCode = (await s.NamesAsync()).Organization(org);
            }

            return await SaveAsync(s, s.Exchange.Export(request, Deadline()), result.GetValue(output));
        });
        return command;
    }

    private static Command Print()
    {
        var view = new Argument<string>("view") { Description = "since-meeting (the meeting pack) or road" };
        var body = new Option<string?>("--body") { Description = "since-meeting: svo or lgvo" };
        var byItem = new Option<bool>("--by-item") { Description = "since-meeting: per roadmap item instead of per organisation" };
        var asOf = new Option<string?>("--as-of") { Description = "road: as it stood at the end of a day (YYYY-MM-DD)" };
        var output = new Option<FileInfo?>("--output", "-o") { Description = "Where to write it (default: the server's file name, here)" };
        var command = Cli.Command("print", "Print the meeting pack or the road to PDF (A4), as the dashboard shows it", "naravard print since-meeting --body svo -o svo-underlag.pdf");
        command.Arguments.Add(view);
        foreach (var option in new Option[] { body, byItem, asOf, output })
        {
            command.Options.Add(option);
        }

        Cli.Handle(command, async (result, s) =>
        {
            var request = Names.Fold(result.GetValue(view)!) switch
            {
                "since-meeting" => new PrintPdfRequest { View = PrintView.SinceMeeting, SinceMeetingOf = FollowUpCommands.Parse(result.GetValue(body) ?? throw new UsageException("since-meeting needs --body svo or --body lgvo")), ByRoadmapItem = result.GetValue(byItem) },
                "road" => new PrintPdfRequest { View = PrintView.Road, AsOf = result.GetValue(asOf) ?? "" },
                var other => throw new UsageException($"unknown view '{other}'; use since-meeting or road"),
            };
            return await SaveAsync(s, s.Exchange.PrintPdf(request, Deadline()), result.GetValue(output));
        });
        return command;
    }

    private static CallOptions Deadline() => new(deadline: DateTime.UtcNow.AddMinutes(2));

    private static async Task<int> SaveAsync(Session s, AsyncServerStreamingCall<FileChunk> call, FileInfo? output)
    {
        var (name, content) = await call.ReadFileAsync();
        var path = output?.FullName ?? Path.GetFullPath(Path.GetFileName(name));
        await File.WriteAllBytesAsync(path, content);
        s.Console.MarkupLineInterpolated($"Wrote {path} ({content.Length:N0} bytes)");
        return ExitCodes.Ok;
    }
}
