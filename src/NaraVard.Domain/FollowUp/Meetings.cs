using System.Text.Json.Serialization;
using NaraVard.Domain.Access;
using NaraVard.Domain.Initiatives;

namespace NaraVard.Domain.FollowUp;

/// <summary>The joint steering groups that follow the roadmap meeting by meeting.</summary>
public enum Body
{
    /// <summary>Samråd vård och omsorg: the politicians of the region and the municipalities.</summary>
    Svo = 1,

    /// <summary>Ledningsgrupp vård och omsorg: the chief officers.</summary>
    Lgvo = 2,
}

/// <summary>A meeting of SVO or LGVO, in its own stream: what "since the last meeting" is measured from.</summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "$type")]
[JsonDerivedType(typeof(MeetingRecorded), nameof(MeetingRecorded))]
public abstract record MeetingEvent
{
    public required string MeetingId { get; init; }

    public required Actor By { get; init; }

    public required DateTimeOffset At { get; init; }

    public string? RequestId { get; init; }
}

public sealed record MeetingRecorded : MeetingEvent
{
    public required Body Body { get; init; }

    public required DateOnly Date { get; init; }

    public required string Title { get; init; }

    public string Note { get; init; } = "";

    /// <summary>
    /// Where "since this meeting" starts: the end of its day in Swedish time. A report made on the day of the
    /// meeting was (as a rule) what the meeting saw.
    /// </summary>
    public DateTimeOffset EndsAt => SwedishTime.EndOf(Date);
}

/// <summary>The roadmap's own time: dates of meetings are Swedish dates.</summary>
public static class SwedishTime
{
    public static TimeZoneInfo Zone { get; } = Find();

    public static DateOnly Today(DateTimeOffset now) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(now, Zone).DateTime);

    /// <summary>The end of a Swedish day: midnight after it, in Swedish time.</summary>
    public static DateTimeOffset EndOf(DateOnly day)
    {
        var midnight = day.AddDays(1).ToDateTime(TimeOnly.MinValue);
        return new DateTimeOffset(midnight, Zone.GetUtcOffset(midnight));
    }

    private static TimeZoneInfo Find()
    {
        try
        {
            return TimeZoneInfo.FindSystemTimeZoneById("Europe/Stockholm");
        }
        catch (TimeZoneNotFoundException)
        {
            return TimeZoneInfo.Utc; // a container without tzdata
        }
    }
}

public sealed record RecordMeeting(Actor By, Body Body, DateOnly Date, string Title, string Note, string? RequestId);

/// <summary>The rules for recording a meeting: an admin or planner, a known body, a title, a date not in the future.</summary>
public static class MeetingDecider
{
    public static MeetingRecorded Decide(string id, RecordMeeting command, DateOnly today, DateTimeOffset now)
    {
        Permissions.RequirePlanner(command.By, "record meetings");

        if (!Enum.IsDefined(command.Body))
        {
            throw DomainException.Invalid("body", "must be svo or lgvo");
        }

        if (command.Date > today)
        {
            throw DomainException.Invalid("date", $"must not be after today ({today:yyyy-MM-dd}); record a meeting once it has been held");
        }

        return new MeetingRecorded
        {
            MeetingId = id,
            By = command.By,
            At = now,
            RequestId = command.RequestId,
            Body = command.Body,
            Date = command.Date,
            Title = Limits.Line(command.Title, "title", Limits.Title, required: true),
            Note = Limits.Text(command.Note, "note", Limits.Comment),
        };
    }
}
