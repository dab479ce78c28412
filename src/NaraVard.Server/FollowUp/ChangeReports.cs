using NaraVard.Domain;
using NaraVard.Domain.FollowUp;
using NaraVard.Domain.Roadmap;
using NaraVard.Persistence;

namespace NaraVard.Server.FollowUp;

/// <summary>
/// The change report between two moments, folded from the log itself (every initiative and obstacle event in
/// log order up to the end of the period): exact by construction, whatever the roll-ups hold.
/// </summary>
internal sealed class ChangeReports(IEventStore store, RoadmapDefinition roadmap, MeetingBook meetings, TimeProvider time)
{
    public async Task<(ChangeReport Report, MeetingRecorded? Since)> BuildAsync(Body? sinceMeetingOf, DateTimeOffset? from, DateTimeOffset? to, CancellationToken cancellationToken)
    {
        var end = to ?? time.GetUtcNow();
        MeetingRecorded? since = null;
        if (sinceMeetingOf is { } body)
        {
            since = (await meetings.ListAsync(body, cancellationToken)).FirstOrDefault(m => m.EndsAt <= end)
                ?? throw DomainException.Precondition("since_meeting_of", $"no meeting of {body.ToString().ToUpperInvariant()} has been recorded before {end:yyyy-MM-dd}; record one, or give from");
        }

        var start = since?.EndsAt ?? from ?? throw DomainException.Invalid("from", "is required when since_meeting_of is not given");
        if (start > end)
        {
            throw DomainException.Invalid("to", $"must not be before the start of the period ({start:yyyy-MM-dd HH:mm})");
        }

        var log = await LogReader.ReadAsync(store, cancellationToken);
        return (ChangeReport.Build(log, start, end, roadmap), since);
    }
}
