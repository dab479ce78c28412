using NaraVard.Domain.FollowUp;

namespace NaraVard.Web.FollowUp;

/// <summary>The meetings and the change report as the host computes them (the same ones FollowUpService serves).</summary>
public interface IFollowUp
{
    /// <summary>The overview as it stood at a moment, folded from the log.</summary>
    Task<NaraVard.Domain.Rollups.CountyOverview> OverviewAsOfAsync(DateTimeOffset moment, CancellationToken cancellationToken);

    /// <summary>The county's spread over the road at the end of each month of the past year (from the first with an initiative); null while it is still being folded.</summary>
    Task<IReadOnlyList<(DateOnly Day, NaraVard.Domain.Rollups.Spread Spread)>?> PhaseTrendAsync(CancellationToken cancellationToken);

    /// <summary>What moved in the county from <paramref name="from"/> up to now, folded from the log.</summary>
    Task<ChangeReport> ChangesSinceAsync(DateTimeOffset from, CancellationToken cancellationToken);

    /// <summary>The last meeting of <paramref name="body"/> that has ended; null when it has never met.</summary>
    Task<MeetingRecorded?> LastMeetingAsync(Body body, CancellationToken cancellationToken);

    /// <summary>What moved since the end of the last meeting of <paramref name="body"/>, up to now; null when it has never met.</summary>
    Task<(ChangeReport Report, MeetingRecorded Since)?> SinceLastMeetingAsync(Body body, CancellationToken cancellationToken);
}

/// <summary>The county's measurement points by indicator, and the sync that feeds those linked to Kolada.</summary>
public interface IIndicators
{
    /// <summary>Every indicator the county's initiatives aim at, with the initiatives (<see cref="NaraVard.Domain.Rollups.IndicatorCatalogue"/>).</summary>
    Task<IReadOnlyList<NaraVard.Domain.Rollups.IndicatorGroup>> CatalogueAsync(CancellationToken cancellationToken);

    /// <summary>The last sync from Kolada since the server started: when, and what it recorded; null before the first.</summary>
    (DateTimeOffset At, int Fetched, int Recorded, int Revised)? LastSync { get; }

    /// <summary>Runs a sync now. A refusal (not a planner, one running already) is a DomainException; Kolada out of reach is <see cref="KoladaSyncOutcome.Unavailable"/>.</summary>
    Task<KoladaSyncOutcome> SyncAsync(NaraVard.Domain.Actor by, CancellationToken cancellationToken);
}

/// <summary>What a sync did, or why Kolada could not be asked (then nothing changed).</summary>
public sealed record KoladaSyncOutcome(int Fetched, int Recorded, int Revised, string? Unavailable = null);
