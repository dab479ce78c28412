using NaraVard.Domain.FollowUp;

namespace NaraVard.Web.FollowUp;

/// <summary>The meetings and the change report as the host computes them (the same ones FollowUpService serves).</summary>
public interface IFollowUp
{
    /// <summary>The overview as it stood at a moment, folded from the log.</summary>
    Task<NaraVard.Domain.Rollups.CountyOverview> OverviewAsOfAsync(DateTimeOffset moment, CancellationToken cancellationToken);

    /// <summary>The last meeting of <paramref name="body"/> that has ended; null when it has never met.</summary>
    Task<MeetingRecorded?> LastMeetingAsync(Body body, CancellationToken cancellationToken);

    /// <summary>What moved since the end of the last meeting of <paramref name="body"/>, up to now; null when it has never met.</summary>
    Task<(ChangeReport Report, MeetingRecorded Since)?> SinceLastMeetingAsync(Body body, CancellationToken cancellationToken);
}
