using System.CommandLine;
using Grpc.Core;
using NaraVard.Api.V1;
using Spectre.Console;

namespace NaraVard.Cli;

/// <summary>What leadership reads: overview, matrix, organisations, initiatives, history, watch.</summary>
internal static class ReadCommands
{
    private static readonly Phase[] Road = [Phase.Planering, Phase.Strategi, Phase.Genomforande, Phase.Genomford];

    public static IEnumerable<Command> Build() => [Overview(), Matrix(), Org(), Initiatives(), Show(), History(), Watch()];

    private static Command Overview()
    {
        var command = Cli.Command("overview", "The county at a glance: phases, organisations, coverage, open obstacles", "naravard overview");
        Cli.Handle(command, async (result, s) =>
        {
            var overview = await s.ReadAsync(o => s.Roadmap.GetOverviewAsync(new GetOverviewRequest(), o));
            if (result.GetValue(Cli.JsonOption))
            {
                Session.PrintJson(overview);
                return ExitCodes.Ok;
            }

            var names = await s.NamesAsync();
            s.Console.MarkupLineInterpolated($"[bold]{names.Roadmap.Name}[/] — {overview.County.Total} initiatives, {overview.County.Stale} stale, {overview.OpenObstacles} open obstacles, population coverage {overview.PopulationCoverage:P0}");
            var table = new Table().AddColumns(["Organisation", "Initiatives", .. Road.Select(p => p.Name()), "blocked", "stale", "behind-plan", "at-risk", "obstacles", "progress"]);
            foreach (var o in overview.Organizations)
            {
                table.AddRow([o.Organization.Name, $"{o.Spread.Total}", .. Road.Select(p => $"{o.Spread.Count(p)}"), $"{o.Spread.Count(InitiativeHealth.Blocked)}", $"{o.Spread.Count(InitiativeHealth.Stale)}", $"{o.Spread.Count(InitiativeHealth.BehindPlan)}", $"{o.Spread.Count(InitiativeHealth.AtRisk)}", $"{o.OpenObstacles}", $"{o.AverageProgress} %"]);
            }

            s.Console.Write(table);
            if (overview.ObstacleReach.Count > 0)
            {
                var obstacles = new Table().AddColumns("Open obstacles", "count", "municipalities blocked");
                foreach (var r in overview.ObstacleReach)
                {
                    obstacles.AddRow(Markup.Escape(r.Category.Name), $"{r.Open}", $"{r.MunicipalitiesBlocked}");
                }

                s.Console.Write(obstacles);
            }

            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Matrix()
    {
        var command = Cli.Command("matrix", "Roadmap items × the organisations: each cell the furthest phase and worst status", "naravard matrix");
        Cli.Handle(command, async (result, s) =>
        {
            var overview = await s.ReadAsync(o => s.Roadmap.GetOverviewAsync(new GetOverviewRequest(), o));
            if (result.GetValue(Cli.JsonOption))
            {
                Session.PrintJson(new Overview { RoadmapId = overview.RoadmapId, Matrix = { overview.Matrix } });
                return ExitCodes.Ok;
            }

            var names = await s.NamesAsync();
            var orgs = names.Roadmap.Organizations;
            var table = new Table().AddColumn("Item");
            foreach (var header in Abbreviations(orgs))
            {
                table.AddColumn(new TableColumn(Markup.Escape(header)).Centered());
            }

            foreach (var item in names.Roadmap.RoadmapItems)
            {
                var cells = orgs.Select(o => overview.Matrix.First(c => c.RoadmapItem == item.Code && c.OrganizationCode == o.Code))
                    .Select(c => c.Initiatives == 0 ? "[grey]·[/]" : $"[{c.Health.Colour()}]{Display.Short(c.Phase)}[/]{(c.Stale ? "*" : "")}");
                table.AddRow([$"{item.Code} {Markup.Escape(Short(item.Name))}", .. cells]);
            }

            s.Console.Write(table);
            s.Console.MarkupLine("[grey]pla/str/gen/klar/pau/sto = phase; colour = most urgent health (red: blocked or behind plan, magenta: stale, yellow: at risk, green: on track); * = stale; · = no initiative[/]");
            return ExitCodes.Ok;
        });
        return command;
    }

    /// <summary>Column headers: the first four letters of each name ("Link", "Norr"), the codes if two would look alike.</summary>
    private static IReadOnlyList<string> Abbreviations(IReadOnlyList<Organization> orgs)
    {
        var names = orgs.Select(o => o.Name.StartsWith("Region ", StringComparison.Ordinal) ? "Reg." : o.Name[..Math.Min(4, o.Name.Length)]).ToList();
        return names.Distinct(StringComparer.OrdinalIgnoreCase).Count() == names.Count ? names : [.. orgs.Select(o => o.Code)];
    }

    private static string Short(string text) => text.Length <= 28 ? text : text[..27] + "…";

    private static Command Org()
    {
        var org = new Argument<string>("organisation") { Description = "SCB code or name (0580, Linköping, linkoping)" };
        var command = Cli.Command("org", "One organisation: its spread and where it stands on every roadmap item", "naravard org linköping");
        command.Arguments.Add(org);
        Cli.Handle(command, async (result, s) =>
        {
            var code = (await s.NamesAsync()).Organization(result.GetValue(org)!);
            var detail = await s.ReadAsync(o => s.Roadmap.GetOrganizationAsync(new GetOrganizationRequest { Code = code }, o));
            if (result.GetValue(Cli.JsonOption))
            {
                Session.PrintJson(detail);
                return ExitCodes.Ok;
            }

            var p = detail.Progress;
            s.Console.MarkupLineInterpolated($"[bold]{p.Organization.Name}[/] ({p.Organization.Code}, {p.Organization.Population:N0} inhabitants): {p.Spread.Total} initiatives, {p.Spread.Stale} stale, {p.OpenObstacles} open obstacles");
            var table = new Table().AddColumns("Item", "Initiatives", "Phase", "Health", "Progress");
            foreach (var cell in detail.Row.Where(c => c.Initiatives > 0))
            {
                table.AddRow(cell.RoadmapItem, $"{cell.Initiatives}", cell.Phase.Name(), cell.Initiatives == 0 ? "–" : cell.Health.Coloured(), $"{cell.AverageProgress} %");
            }

            s.Console.Write(table);
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Initiatives()
    {
        var org = new Option<string?>("--org") { Description = "Owner or participant (code or name)" };
        var phase = new Option<string?>("--phase") { Description = "planering, strategi, genomforande, genomford, pausad, stoppad" };
        var status = new Option<string?>("--status") { Description = "Reported status: on-track, at-risk, off-track" };
        var health = new Option<string?>("--health") { Description = "blocked, stale, behind-plan, at-risk, paused, on-track, done, stopped" };
        var item = new Option<string?>("--item") { Description = "Roadmap item (code or name)" };
        var area = new Option<string?>("--area") { Description = "Target-picture area (code or name)" };
        var priority = new Option<string?>("--priority") { Description = "high, medium or low" };
        var sort = new Option<string?>("--sort") { Description = "priority (high first, then target date) or target-date (soonest first)" };
        var command = Cli.Command("initiatives", "List initiatives, filtered", "naravard initiatives --org motala --status at-risk --sort priority");
        command.Options.Add(priority);
        command.Options.Add(sort);
        command.Options.Add(org);
        command.Options.Add(phase);
        command.Options.Add(status);
        command.Options.Add(health);
        command.Options.Add(item);
        command.Options.Add(area);
        Cli.Handle(command, async (result, s) =>
        {
            var names = await s.NamesAsync();
            var request = new ListInitiativesRequest { PageSize = 500 };
            if (result.GetValue(org) is { } o)
            {
                request.OrganizationCode = names.Organization(o);
            }

            if (result.GetValue(phase) is { } p)
            {
                request.Phase = Names.Phase(p);
            }

            if (result.GetValue(status) is { } st)
            {
                request.Status = Names.Status(st);
            }

            if (result.GetValue(health) is { } h)
            {
                request.Health = Names.Health(h);
            }

            if (result.GetValue(item) is { } i)
            {
                request.RoadmapItem = names.Item(i);
            }

            if (result.GetValue(area) is { } a)
            {
                request.GoalArea = names.GoalArea(a);
            }

            if (result.GetValue(priority) is { } pr)
            {
                request.Priority = Names.Priority(pr);
            }

            if (result.GetValue(sort) is { } so)
            {
                request.Order = Names.Order(so);
            }

            var all = new ListInitiativesResponse();
            do
            {
                var page = await s.ReadAsync(o => s.Roadmap.ListInitiativesAsync(request, o));
                all.Initiatives.AddRange(page.Initiatives);
                all.TotalSize = page.TotalSize;
                request.PageToken = page.NextPageToken;
            }
            while (request.PageToken.Length > 0);

            if (result.GetValue(Cli.JsonOption))
            {
                Session.PrintJson(all);
                return ExitCodes.Ok;
            }

            var table = new Table().AddColumns("Id", "Title", "Owner", "Item", "Priority", "Phase", "Health", "Progress", "Target", "Last report");
            foreach (var x in all.Initiatives)
            {
                table.AddRow(x.Id, Markup.Escape(x.Title), Markup.Escape(names.OrganizationName(x.OwnerCode)), x.RoadmapItem, x.Priority == Priority.Unspecified ? "–" : x.Priority.ToString().ToLowerInvariant(), x.Phase.Name(), x.Health.Coloured(), $"{x.ProgressPercent} %", x.TargetDate.Length == 0 ? "–" : x.TargetDate, Times.Format(x.LastReportAt, "yyyy-MM-dd"));
            }

            s.Console.Write(table);
            s.Console.MarkupLineInterpolated($"[grey]{all.TotalSize} initiatives[/]");
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Show()
    {
        var id = new Argument<string>("initiative") { Description = "Initiative id" };
        var command = Cli.Command("show", "One initiative with everything reported on it", "naravard show i-abc123");
        command.Arguments.Add(id);
        Cli.Handle(command, async (result, s) =>
        {
            var x = await s.ReadAsync(o => s.Roadmap.GetInitiativeAsync(new GetInitiativeRequest { Id = result.GetValue(id)! }, o));
            if (result.GetValue(Cli.JsonOption))
            {
                Session.PrintJson(x);
                return ExitCodes.Ok;
            }

            var names = await s.NamesAsync();
            var grid = new Grid().AddColumn().AddColumn();
            grid.AddRow("[bold]Initiative[/]", $"{Markup.Escape(x.Title)} ({x.Id}, version {x.Version})");
            grid.AddRow("Owner", Markup.Escape(names.OrganizationName(x.OwnerCode)) + (x.Participants.Count > 0 ? $" with {Markup.Escape(string.Join(", ", x.Participants.Select(names.OrganizationName)))}" : ""));
            if (x.Invited.Count > 0)
            {
                grid.AddRow("Invited", Markup.Escape(string.Join(", ", x.Invited.Select(names.OrganizationName))) + " [grey](not counted until they accept)[/]");
            }
            grid.AddRow("Roadmap item", x.RoadmapItem);
            grid.AddRow("Phase", x.Phase.Name());
            grid.AddRow("Health", x.Health.Coloured());
            grid.AddRow("Status", $"{Display.Status(x.Status, x.Stale)} as reported, {x.ProgressPercent} %");
            grid.AddRow("Last report", $"{Times.Format(x.LastReportAt, "yyyy-MM-dd HH:mm")} ({Times.Label}) {Markup.Escape(x.LastComment)}");
            foreach (var m in x.Milestones)
            {
                grid.AddRow($"Milestone {m.Id}", $"{Markup.Escape(m.Title)} {(m.CompletedAt is null ? "(open)" : "(done)")}");
            }

            foreach (var k in x.Indicators)
            {
                var latest = k.Latest is null ? "not measured yet" : $"latest {k.Latest.Value:0.##} ({k.Latest.MeasuredOn}), {(k.OnTrack == OnTrack.Yes ? "on track" : "[yellow]behind[/]")}";
                grid.AddRow($"Indicator {k.Id}", $"{Markup.Escape(k.Name)}: {k.Baseline:0.##} → {k.Target:0.##} {Markup.Escape(k.Unit)} by {k.TargetDate}; {latest}");
            }

            s.Console.Write(grid);
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command History()
    {
        var id = new Argument<string>("initiative") { Description = "Initiative id" };
        var command = Cli.Command("history", "Every event of an initiative: who, when, what", "naravard history i-abc123");
        command.Arguments.Add(id);
        Cli.Handle(command, async (result, s) =>
        {
            // Page through the whole history: the server bounds each page by count and bytes.
            var history = new GetInitiativeHistoryResponse();
            var request = new GetInitiativeHistoryRequest { Id = result.GetValue(id)!, PageSize = 500 };
            do
            {
                var page = await s.ReadAsync(o => s.Roadmap.GetInitiativeHistoryAsync(request, o));
                history.Events.AddRange(page.Events);
                request.PageToken = page.NextPageToken;
            }
            while (request.PageToken.Length > 0);

            if (result.GetValue(Cli.JsonOption))
            {
                Session.PrintJson(history);
                return ExitCodes.Ok;
            }

            var table = new Table().AddColumns("#", $"When ({Times.Label})", "Who", "What");
            foreach (var e in history.Events)
            {
                table.AddRow($"{e.Version}", Times.Format(e.At, "yyyy-MM-dd HH:mm:ss"), Markup.Escape($"{e.By.Name} ({e.By.OrganizationCode}, {e.By.Role})"), Markup.Escape(e.Description));
            }

            s.Console.Write(table);
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Watch()
    {
        var org = new Option<string?>("--org") { Description = "Only changes that involve this organisation" };
        var from = new Option<long?>("--from") { Description = "Resume after this log position (printed with every change)" };
        var command = Cli.Command("watch", "Live changes to initiatives and obstacles until Ctrl-C", "naravard watch --org norrköping");
        command.Options.Add(org);
        command.Options.Add(from);
        Cli.Handle(command, async (result, s) =>
        {
            var names = await s.NamesAsync();
            var request = new WatchRoadmapRequest();
            if (result.GetValue(org) is { } o)
            {
                request.OrganizationCode = names.Organization(o);
            }

            request.ResumeAfter = result.GetValue(from);
            var json = result.GetValue(Cli.JsonOption);
            using var stop = new CancellationTokenSource();
            Console.CancelKeyPress += (_, e) =>
            {
                e.Cancel = true;
                stop.Cancel();
            };
            var snapshot = request.ResumeAfter is null ? 0 : -1;
            var last = request.ResumeAfter ?? 0;
            try
            {
                using var call = s.Roadmap.WatchRoadmap(request, cancellationToken: stop.Token);
                await foreach (var change in call.ResponseStream.ReadAllAsync(stop.Token))
                {
                    last = change.Position;
                    if (json)
                    {
                        Session.PrintJson(change);
                    }
                    else if (change.SnapshotComplete is not null)
                    {
                        s.Console.MarkupLineInterpolated($"[grey]{snapshot} current initiatives and obstacles; watching for changes (Ctrl-C to stop) …[/]");
                        snapshot = -1;
                    }
                    else if (change.Event is null)
                    {
                        snapshot++;
                    }
                    else
                    {
                        var subject = change.Initiative is { } i ? $"{i.Id} {i.Title}" : $"{change.Obstacle.Id} {change.Obstacle.Title}";
                        s.Console.MarkupLineInterpolated($"[grey]{Times.Format(change.Event.At, "HH:mm:ss")} #{change.Position}[/] {subject} — {change.Event.Description} [grey]({change.Event.By.Name}, {names.OrganizationName(change.Event.By.OrganizationCode)})[/]");
                    }
                }
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
            }
            catch (Exception e) when (!stop.IsCancellationRequested && e is OperationCanceledException or RpcException { StatusCode: StatusCode.Unavailable or StatusCode.Internal or StatusCode.Unknown or StatusCode.Cancelled })
            {
                // The server stopped (or went away) under the watch: one line, and how to go on.
                System.Console.Error.WriteLine($"The server at {s.Config.Server} stopped; run 'naravard watch --from {last}' to go on from there.");
                return ExitCodes.Unavailable;
            }

            return ExitCodes.Ok;
        });
        return command;
    }
}
