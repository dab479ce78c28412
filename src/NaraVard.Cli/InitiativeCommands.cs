using System.CommandLine;
using NaraVard.Api.V1;
using Spectre.Console;

namespace NaraVard.Cli;

/// <summary>What municipalities and the region do: create and report on their initiatives.</summary>
internal static class InitiativeCommands
{
    public static IEnumerable<Command> Build() => [Create(), Report(), Advance(), Milestone(), Indicator(), Participants(), Accept(), Leave(), ReviseCommand.Build(), Close()];

    private static int Print(Session s, ParseResult result, Initiative x, string done)
    {
        if (result.GetValue(Cli.JsonOption))
        {
            Session.PrintJson(x);
        }
        else
        {
            s.Console.MarkupLineInterpolated($"{done}: [bold]{x.Id}[/] {x.Title} — {x.Phase.Name()}, {x.Status.Name()}, {x.ProgressPercent} % (version {x.Version})");
        }

        return ExitCodes.Ok;
    }

    private static Argument<string> Id() => new("initiative") { Description = "Initiative id" };

    private static Command Create()
    {
        var title = new Option<string>("--title") { Description = "Short name (at most 200 characters)", Required = true };
        var org = new Option<string>("--org") { Description = "Owning organisation (code or name)", Required = true };
        var item = new Option<string>("--item") { Description = "Roadmap item (code or name)", Required = true };
        var scope = new Option<string?>("--scope") { Description = "regional, municipal or joint (default: regional for the region, municipal otherwise; joint with --participant)" };
        var participants = new Option<string[]>("--participant") { Description = "A participating organisation of a joint initiative (repeat)", AllowMultipleArgumentsPerToken = true };
        var areas = new Option<string[]>("--area") { Description = "Target-picture area (repeat)" };
        var responsible = new Option<string?>("--responsible") { Description = "Named responsible" };
        var description = new Option<string?>("--description") { Description = "What it does" };
        var start = new Option<string?>("--start") { Description = "Start date, YYYY-MM-DD" };
        var target = new Option<string?>("--target") { Description = "Target date, YYYY-MM-DD" };
        var command = Cli.Command("create", "Create an initiative (starts in planering)", "naravard create --org linköping --item K01 --title \"Kommunal primärvård\"");
        var priority = new Option<string?>("--priority") { Description = "Priority in the action plan: high, medium or low" };
        foreach (var option in new Option[] { title, org, item, scope, participants, areas, responsible, description, start, target, priority })
        {
            command.Options.Add(option);
        }

        Cli.Handle(command, async (result, s) =>
        {
            var names = await s.NamesAsync();
            var owner = names.Organization(result.GetValue(org)!);
            var others = (result.GetValue(participants) ?? []).Select(names.Organization).ToList();
            var scopeValue = result.GetValue(scope) is { } sc
                ? Names.Fold(sc) switch
                {
                    "regional" => Scope.Regional,
                    "municipal" or "kommunal" => Scope.Municipal,
                    "joint" or "gemensam" => Scope.Joint,
                    _ => throw new UsageException($"unknown scope '{sc}'; use regional, municipal or joint"),
                }
                : others.Count > 0 ? Scope.Joint : owner == names.Roadmap.CountyCode ? Scope.Regional : Scope.Municipal;
            var x = await s.ChangeAsync(s.Initiatives.CreateInitiativeAsync, requestId => new CreateInitiativeRequest
            {
                Title = result.GetValue(title)!,
                OwnerCode = owner,
                RoadmapItem = names.Item(result.GetValue(item)!),
                Scope = scopeValue,
                Participants = { others },
                GoalAreas = { (result.GetValue(areas) ?? []).Select(names.GoalArea) },
                Responsible = result.GetValue(responsible) ?? "",
                Priority = result.GetValue(priority) is { } p ? Names.Priority(p) : Priority.Unspecified,
                Description = result.GetValue(description) ?? "",
                StartDate = result.GetValue(start) ?? "",
                TargetDate = result.GetValue(target) ?? "",
                RequestId = requestId,
            });
            return Print(s, result, x, "Created");
        });
        return command;
    }

    private static Command Report()
    {
        var id = Id();
        var progress = new Option<int>("--progress") { Description = "Progress, 0–100", Required = true };
        var status = new Option<string?>("--status") { Description = "on-track, at-risk or off-track (default: the status it has now)" };
        var comment = new Option<string?>("--comment") { Description = "What happened (at most 2,000 characters)" };
        var expected = new Option<long?>("--expected-version") { Description = "Refuse if someone changed it since this version" };
        var command = Cli.Command("report", "Report progress and status", "naravard report i-abc123 --progress 40 --status at-risk --comment \"Rekrytering pågår\"");
        command.Arguments.Add(id);
        command.Options.Add(progress);
        command.Options.Add(status);
        command.Options.Add(comment);
        command.Options.Add(expected);
        Cli.Handle(command, async (result, s) =>
        {
            // Progress alone keeps the status the initiative has.
            var newStatus = result.GetValue(status) is { } given
                ? Names.Status(given)
                : (await s.ReadAsync(o => s.Roadmap.GetInitiativeAsync(new GetInitiativeRequest { Id = result.GetValue(id)! }, o))).Status;
            var x = await s.ChangeAsync(s.Initiatives.ReportProgressAsync, requestId => new ReportProgressRequest
            {
                InitiativeId = result.GetValue(id)!,
                ProgressPercent = result.GetValue(progress),
                Status = newStatus,
                Comment = result.GetValue(comment) ?? "",
                ExpectedVersion = result.GetValue(expected),
                RequestId = requestId,
            });
            return Print(s, result, x, "Reported");
        });
        return command;
    }

    private static Command Advance()
    {
        var id = Id();
        var to = new Option<string>("--to") { Description = "The next phase: strategi or genomforande", Required = true };
        var comment = new Option<string?>("--comment") { Description = "Why now" };
        var command = Cli.Command("advance", "Move an initiative to the next phase on the road", "naravard advance i-abc123 --to strategi");
        command.Arguments.Add(id);
        command.Options.Add(to);
        command.Options.Add(comment);
        Cli.Handle(command, async (result, s) =>
        {
            var x = await s.ChangeAsync(s.Initiatives.AdvancePhaseAsync, requestId => new AdvancePhaseRequest { InitiativeId = result.GetValue(id)!, To = Names.Phase(result.GetValue(to)!), Comment = result.GetValue(comment) ?? "", RequestId = requestId });
            return Print(s, result, x, "Advanced");
        });
        return command;
    }

    private static Command Milestone()
    {
        var milestone = new Command("milestone", "Add or complete milestones");
        var addId = Id();
        var title = new Option<string>("--title") { Description = "What is to be reached", Required = true };
        var due = new Option<string?>("--due") { Description = "Planned date, YYYY-MM-DD" };
        var add = Cli.Command("add", "Add a milestone", "naravard milestone add i-abc123 --title \"Avtal klart\" --due 2026-06-30");
        add.Arguments.Add(addId);
        add.Options.Add(title);
        add.Options.Add(due);
        Cli.Handle(add, async (result, s) => Print(s, result, await s.ChangeAsync(s.Initiatives.AddMilestoneAsync, r => new AddMilestoneRequest { InitiativeId = result.GetValue(addId)!, Title = result.GetValue(title)!, Due = result.GetValue(due) ?? "", RequestId = r }), "Milestone added"));

        var doneId = Id();
        var which = new Argument<string>("milestone") { Description = "Milestone id (m1, m2 …)" };
        var done = Cli.Command("done", "Mark a milestone reached", "naravard milestone done i-abc123 m1");
        done.Arguments.Add(doneId);
        done.Arguments.Add(which);
        Cli.Handle(done, async (result, s) => Print(s, result, await s.ChangeAsync(s.Initiatives.CompleteMilestoneAsync, r => new CompleteMilestoneRequest { InitiativeId = result.GetValue(doneId)!, MilestoneId = result.GetValue(which)!, RequestId = r }), "Milestone reached"));
        milestone.Subcommands.Add(add);
        milestone.Subcommands.Add(done);
        return milestone;
    }

    private static Command Indicator()
    {
        var indicator = new Command("indicator", "Add measurement points (mätpunkter) and record their values");
        var addId = Id();
        var name = new Option<string>("--name") { Description = "What is measured", Required = true };
        var unit = new Option<string>("--unit") { Description = "Unit (%, dagar, antal …)", Required = true };
        var level = new Option<string>("--level") { Description = "individual, organization or society", Required = true };
        var baseline = new Option<double>("--baseline") { Description = "Value at the baseline date", Required = true };
        var baselineDate = new Option<string?>("--baseline-date") { Description = "YYYY-MM-DD (default: today)" };
        var target = new Option<double>("--target") { Description = "Value to reach", Required = true };
        var targetDate = new Option<string>("--target-date") { Description = "YYYY-MM-DD", Required = true };
        var kolada = new Option<string?>("--kolada") { Description = "A Kolada KPI id (N71000) whose yearly values the sync records" };
        var koladaFor = new Option<string?>("--kolada-municipality") { Description = "Kolada's code for whose values (0580, 0005 the region); default: the owner's" };
        var add = Cli.Command("add", "Add a measurement point", "naravard indicator add i-abc123 --name \"Väntetid\" --unit dagar --level individual --baseline 20 --target 10 --target-date 2027-12-31");
        add.Arguments.Add(addId);
        foreach (var option in new Option[] { name, unit, level, baseline, baselineDate, target, targetDate, kolada, koladaFor })
        {
            add.Options.Add(option);
        }

        Cli.Handle(add, async (result, s) => Print(s, result, await s.ChangeAsync(s.Initiatives.AddIndicatorAsync, r => new AddIndicatorRequest
        {
            InitiativeId = result.GetValue(addId)!,
            Name = result.GetValue(name)!,
            Unit = result.GetValue(unit)!,
            Level = Names.Fold(result.GetValue(level)!) switch
            {
                "individual" or "individ" => EffectLevel.Individual,
                "organization" or "organisation" => EffectLevel.Organization,
                "society" or "samhalle" => EffectLevel.Society,
                var other => throw new UsageException($"unknown level '{other}'; use individual, organization or society"),
            },
            Baseline = result.GetValue(baseline),
            BaselineDate = result.GetValue(baselineDate) ?? "",
            Target = result.GetValue(target),
            TargetDate = result.GetValue(targetDate)!,
            KoladaKpi = result.GetValue(kolada) ?? "",
            KoladaMunicipality = result.GetValue(koladaFor) ?? "",
            RequestId = r,
        }), "Indicator added"));

        var recordId = Id();
        var which = new Argument<string>("indicator") { Description = "Indicator id (k1, k2 …)" };
        var value = new Option<double>("--value") { Description = "The measured value", Required = true };
        var on = new Option<string?>("--on") { Description = "Day measured, YYYY-MM-DD (default: today)" };
        var comment = new Option<string?>("--comment") { Description = "Comment" };
        var record = Cli.Command("record", "Record a measured value", "naravard indicator record i-abc123 k1 --value 17 --on 2026-11-01");
        record.Arguments.Add(recordId);
        record.Arguments.Add(which);
        foreach (var option in new Option[] { value, on, comment })
        {
            record.Options.Add(option);
        }

        Cli.Handle(record, async (result, s) => Print(s, result, await s.ChangeAsync(s.Initiatives.RecordIndicatorValueAsync, r => new RecordIndicatorValueRequest
        {
            InitiativeId = result.GetValue(recordId)!,
            IndicatorId = result.GetValue(which)!,
            Value = result.GetValue(value),
            MeasuredOn = result.GetValue(on) ?? "",
            Comment = result.GetValue(comment) ?? "",
            RequestId = r,
        }), "Value recorded"));
        indicator.Subcommands.Add(add);
        indicator.Subcommands.Add(record);
        return indicator;
    }

    private static Command Participants()
    {
        var id = Id();
        var orgs = new Argument<string[]>("organisations") { Description = "All participating organisations (codes or names)", Arity = ArgumentArity.OneOrMore };
        var command = Cli.Command("participants", "Set the participants of a joint initiative; new ones are invited and count once they accept", "naravard participants i-abc123 motala mjölby");
        command.Arguments.Add(id);
        command.Arguments.Add(orgs);
        Cli.Handle(command, async (result, s) =>
        {
            var names = await s.NamesAsync();
            var codes = result.GetValue(orgs)!.Select(names.Organization).ToList();
            return Print(s, result, await s.ChangeAsync(s.Initiatives.SetParticipantsAsync, r => new SetParticipantsRequest { InitiativeId = result.GetValue(id)!, Participants = { codes }, RequestId = r }), "Participants set");
        });
        return command;
    }

    private static Command Accept()
    {
        var id = Id();
        var command = Cli.Command("accept", "Accept your organisation's invitation to a joint initiative", "naravard accept i-abc123");
        command.Arguments.Add(id);
        Cli.Handle(command, async (result, s) => Print(s, result, await s.ChangeAsync(s.Initiatives.AcceptParticipationAsync, r => new AcceptParticipationRequest { InitiativeId = result.GetValue(id)!, RequestId = r }), "Invitation accepted"));
        return command;
    }

    private static Command Leave()
    {
        var id = Id();
        var command = Cli.Command("leave", "Leave a joint initiative, or decline the invitation to it, for your organisation", "naravard leave i-abc123");
        command.Arguments.Add(id);
        Cli.Handle(command, async (result, s) => Print(s, result, await s.ChangeAsync(s.Initiatives.LeaveInitiativeAsync, r => new LeaveInitiativeRequest { InitiativeId = result.GetValue(id)!, RequestId = r }), "Left the initiative"));
        return command;
    }

    private static Command Close()
    {
        var id = Id();
        var outcome = new Option<string>("--outcome") { Description = "done (from genomförande) or stopped", Required = true };
        var reason = new Option<string>("--reason") { Description = "Why", Required = true };
        var command = Cli.Command("close", "Close an initiative as done or stopped", "naravard close i-abc123 --outcome done --reason \"Införd i alla enheter\"");
        command.Arguments.Add(id);
        command.Options.Add(outcome);
        command.Options.Add(reason);
        Cli.Handle(command, async (result, s) =>
        {
            var phase = Names.Fold(result.GetValue(outcome)!) switch
            {
                "done" or "genomford" => Phase.Genomford,
                "stopped" or "stoppad" => Phase.Stoppad,
                var other => throw new UsageException($"unknown outcome '{other}'; use done or stopped"),
            };
            return Print(s, result, await s.ChangeAsync(s.Initiatives.CloseInitiativeAsync, r => new CloseInitiativeRequest { InitiativeId = result.GetValue(id)!, Outcome = phase, Reason = result.GetValue(reason)!, RequestId = r }), "Closed");
        });
        return command;
    }
}
