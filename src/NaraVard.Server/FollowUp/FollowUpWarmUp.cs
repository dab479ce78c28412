namespace NaraVard.Server.FollowUp;

/// <summary>
/// Folds the log's as-of checkpoints and the road's year (<see cref="PhaseTrend"/>) in the background once the
/// host has started (the county served, a demo county written, whose events are dated in the past), so that
/// leadership's first visit after a start does not pay for them: at national scale the first fold takes about half
/// a second, and the road and the meeting pack both start from it. A restart is not made longer, and the work is
/// shared with a visit that comes first.
/// </summary>
internal sealed partial class FollowUpWarmUp(PhaseTrend trend, IHostApplicationLifetime lifetime, ILogger<FollowUpWarmUp> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        lifetime.ApplicationStarted.Register(() => _ = Task.Run(WarmAsync, CancellationToken.None));
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private async Task WarmAsync()
    {
        try
        {
            await trend.MonthEndsAsync(Timeout.InfiniteTimeSpan, lifetime.ApplicationStopping);
        }
        catch (OperationCanceledException)
        {
            // Stopping before it was done.
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // A visit folds again what this could not: nothing is lost but the head start.
            NotWarmed(e.Message);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The follow-up's checkpoints were not folded ahead of the first visit: {Reason}")]
    private partial void NotWarmed(string reason);
}
