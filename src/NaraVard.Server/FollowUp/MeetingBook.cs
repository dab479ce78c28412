using NaraVard.Domain;
using NaraVard.Domain.FollowUp;
using NaraVard.Grains;
using NaraVard.Grains.Storage;
using NaraVard.Persistence;

namespace NaraVard.Server.FollowUp;

/// <summary>
/// Meetings of SVO and LGVO, one stream each (<c>meeting-{id}</c>), listed by a prefix read: a handful a month,
/// read when a report asks "since the last meeting". A retried record (same caller, same request id) finds the
/// stream it made and answers it again.
/// </summary>
internal sealed class MeetingBook(IEventStore store, TimeProvider time)
{
    public const string StreamPrefix = "meeting-";

    public async Task<MeetingRecorded> RecordAsync(RecordMeeting command, CancellationToken cancellationToken)
    {
        var id = Ids.ForCreate("m", command.By, command.RequestId);
        if (await ReadAsync(id, cancellationToken) is { } recorded)
        {
            return recorded;
        }

        var now = time.GetUtcNow();
        var meeting = MeetingDecider.Decide(id, command, SwedishTime.Today(now), now);
        try
        {
            await store.AppendAsync(StreamPrefix + id, 0, [EventCodec.Encode<MeetingEvent>(meeting)], cancellationToken);
            return meeting;
        }
        catch (WrongExpectedVersionException)
        {
            // The same request, retried while the first was being written: its answer is the first one.
            return await ReadAsync(id, cancellationToken) ?? throw new InvalidOperationException($"meeting stream {id} was written and is empty");
        }
    }

    /// <summary>Every meeting, newest first (by date, then by when it was recorded).</summary>
    public async Task<IReadOnlyList<MeetingRecorded>> ListAsync(Body? body, CancellationToken cancellationToken) =>
        [.. (await store.ReadPrefixAsync(StreamPrefix, cancellationToken))
            .Select(EventCodec.Decode<MeetingEvent>).OfType<MeetingRecorded>()
            .Where(m => body is null || m.Body == body)
            .OrderByDescending(m => m.Date).ThenByDescending(m => m.At)];

    private async Task<MeetingRecorded?> ReadAsync(string id, CancellationToken cancellationToken) =>
        (await store.ReadStreamAsync(StreamPrefix + id, 0, cancellationToken)).Select(EventCodec.Decode<MeetingEvent>).OfType<MeetingRecorded>().FirstOrDefault();
}
