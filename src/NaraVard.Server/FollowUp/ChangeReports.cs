using NaraVard.Domain;
using NaraVard.Domain.FollowUp;
using NaraVard.Domain.Roadmap;

namespace NaraVard.Server.FollowUp;

/// <summary>
/// The change report between two moments, folded from the log itself (the county at both ends from the nearest
/// checkpoints, and the events of the period): exact by construction, whatever the roll-ups hold.
/// </summary>
internal sealed class ChangeReports(LogCheckpoints checkpoints, RoadmapDefinition roadmap, MeetingBook meetings, Persistence.IEventStore store, TimeProvider time)
{
    // The meeting pack is opened again and again around a meeting; folding six weeks of a national log takes a
    // second. The last report since each body's meeting is kept while the log's head has not moved, for at most
    // a minute (so an initiative that goes stale meanwhile is shown as stale within that minute).
    private static readonly TimeSpan KeptFor = TimeSpan.FromMinutes(1);
    private readonly Dictionary<Body, (long Head, DateTimeOffset Since, DateTimeOffset At, ChangeReport Report)> _sinceMeeting = [];
    private readonly Lock _lock = new();

    public async Task<(ChangeReport Report, MeetingRecorded? Since)> BuildAsync(Body? sinceMeetingOf, DateTimeOffset? from, DateTimeOffset? to, CancellationToken cancellationToken)
    {
        var end = to ?? time.GetUtcNow();
        MeetingRecorded? since = null;
        if (sinceMeetingOf is { } body)
        {
            since = await LastMeetingAsync(body, end, cancellationToken)
                ?? throw DomainException.Precondition("since_meeting_of", $"no meeting of {body.ToString().ToUpperInvariant()} has been recorded before {end:yyyy-MM-dd}; record one, or give from");
        }

        var start = since?.EndsAt ?? from ?? throw DomainException.Invalid("from", "is required when since_meeting_of is not given");
        if (start > end)
        {
            throw DomainException.Invalid("to", $"must not be before the start of the period ({start:yyyy-MM-dd HH:mm})");
        }

        return (await PeriodAsync(start, end, cancellationToken), since);
    }

    /// <summary>What moved since the end of the last meeting of <paramref name="body"/>; null when it has never met.</summary>
    public async Task<(ChangeReport Report, MeetingRecorded Since)?> SinceLastMeetingAsync(Body body, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (await LastMeetingAsync(body, now, cancellationToken) is not { } since)
        {
            return null;
        }

        var head = await store.ReadHeadPositionAsync(cancellationToken);
        lock (_lock)
        {
            if (_sinceMeeting.TryGetValue(body, out var kept) && kept.Head == head && kept.Since == since.EndsAt && now - kept.At < KeptFor)
            {
                return (kept.Report, since);
            }
        }

        var report = await PeriodAsync(since.EndsAt, now, cancellationToken);
        lock (_lock)
        {
            _sinceMeeting[body] = (head, since.EndsAt, now, report);
        }

        return (report, since);
    }

    /// <summary>The last meeting of <paramref name="body"/> that has ended; null when it has never met.</summary>
    public Task<MeetingRecorded?> LastMeetingAsync(Body body, CancellationToken cancellationToken) => LastMeetingAsync(body, time.GetUtcNow(), cancellationToken);

    private async Task<MeetingRecorded?> LastMeetingAsync(Body body, DateTimeOffset before, CancellationToken cancellationToken) =>
        (await meetings.ListAsync(body, cancellationToken)).FirstOrDefault(m => m.EndsAt <= before);

    private async Task<ChangeReport> PeriodAsync(DateTimeOffset start, DateTimeOffset end, CancellationToken cancellationToken)
    {
        var (then, now, period) = await checkpoints.PeriodAsync(start, end, cancellationToken);
        return ChangeReport.Build(then, now, period, roadmap);
    }
}
