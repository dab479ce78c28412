using System.CommandLine;
using System.Globalization;
using Timestamp = Google.Protobuf.WellKnownTypes.Timestamp;
using NaraVard.Api.V1;
using Spectre.Console;

namespace NaraVard.Cli;

/// <summary>What leadership's secretaries do between meetings: record them, and ask what has moved since.</summary>
internal static class FollowUpCommands
{
    public static IEnumerable<Command> Build() => [Meeting(), Meetings(), Changes()];

    public static Body Parse(string body) => Names.Fold(body) switch
    {
        "svo" => Body.Svo,
        "lgvo" => Body.Lgvo,
        _ => throw new UsageException($"unknown body '{body}'; use svo or lgvo"),
    };

    private static Timestamp Moment(string date, string option) =>
        DateOnly.TryParseExact(date, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day)
            ? Timestamp.FromDateTimeOffset(new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue), TimeZoneInfo.Local.GetUtcOffset(day.ToDateTime(TimeOnly.MinValue))))
            : throw new UsageException($"{option} must be a date as YYYY-MM-DD (was '{date}')");

    private static Command Meeting()
    {
        var meeting = new Command("meeting", "Record a meeting of SVO or LGVO");
        var body = new Option<string>("--body") { Description = "svo or lgvo", Required = true };
        var date = new Option<string>("--date") { Description = "The day it was held (YYYY-MM-DD)", Required = true };
        var note = new Option<string?>("--note") { Description = "Decisions or remarks" };
        var title = new Argument<string>("title") { Description = "Short name" };
        var record = Cli.Command("record", "Record a meeting once it has been held (planners and admins)", "naravard meeting record --body svo --date 2026-11-20 \"SVO november\"");
        record.Arguments.Add(title);
        foreach (var option in new Option[] { body, date, note })
        {
            record.Options.Add(option);
        }

        Cli.Handle(record, async (result, s) =>
        {
            var m = await s.ChangeAsync(s.FollowUp.RecordMeetingAsync, r => new RecordMeetingRequest
            {
                Body = Parse(result.GetValue(body)!),
                Date = result.GetValue(date)!,
                Title = result.GetValue(title)!,
                Note = result.GetValue(note) ?? "",
                RequestId = r,
            });
            if (result.GetValue(Cli.JsonOption))
            {
                Session.PrintJson(m);
            }
            else
            {
                s.Console.MarkupLineInterpolated($"Recorded: [bold]{m.Id}[/] {m.Body.ToString().ToUpperInvariant()} {m.Date} {m.Title}");
            }

            return ExitCodes.Ok;
        });
        meeting.Subcommands.Add(record);
        return meeting;
    }

    private static Command Meetings()
    {
        var body = new Option<string?>("--body") { Description = "svo or lgvo (default: both)" };
        var command = Cli.Command("meetings", "List the meetings of SVO and LGVO, newest first", "naravard meetings --body svo");
        command.Options.Add(body);
        Cli.Handle(command, async (result, s) =>
        {
            var answer = await s.ReadAsync(o => s.FollowUp.ListMeetingsAsync(new ListMeetingsRequest { Body = result.GetValue(body) is { } b ? Parse(b) : Body.Unspecified }, o));
            if (result.GetValue(Cli.JsonOption))
            {
                Session.PrintJson(answer);
                return ExitCodes.Ok;
            }

            var table = new Table().AddColumns("Date", "Body", "Title", "Id");
            foreach (var m in answer.Meetings)
            {
                table.AddRow(m.Date, m.Body.ToString().ToUpperInvariant(), Markup.Escape(m.Title), m.Id);
            }

            s.Console.Write(table);
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Changes()
    {
        var since = new Option<string?>("--since-meeting") { Description = "From the end of the last meeting of svo or lgvo" };
        var from = new Option<string?>("--from") { Description = "From this day (YYYY-MM-DD, local time), instead of a meeting" };
        var to = new Option<string?>("--to") { Description = "Up to the start of this day (default: now)" };
        var command = Cli.Command("changes", "What has moved between two moments: per organisation, initiatives and obstacles", "naravard changes --since-meeting svo");
        foreach (var option in new Option[] { since, from, to })
        {
            command.Options.Add(option);
        }

        Cli.Handle(command, async (result, s) =>
        {
            var request = new GetChangeReportRequest
            {
                SinceMeetingOf = result.GetValue(since) is { } b ? Parse(b) : Body.Unspecified,
                From = result.GetValue(from) is { } f ? Moment(f, "--from") : null,
                To = result.GetValue(to) is { } t ? Moment(t, "--to") : null,
            };
            var report = await s.ReadAsync(o => s.FollowUp.GetChangeReportAsync(request, o));
            if (result.GetValue(Cli.JsonOption))
            {
                Session.PrintJson(report);
                return ExitCodes.Ok;
            }

            ChangeReportDisplay.Write(s.Console, report, await s.NamesAsync());
            return ExitCodes.Ok;
        });
        return command;
    }
}
