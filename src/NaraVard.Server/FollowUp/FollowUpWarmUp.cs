namespace NaraVard.Server.FollowUp;

/// <summary>
/// Folds the log's as-of checkpoints and the road's year (<see cref="PhaseTrend"/>) in the background once the
/// county is served, so that leadership's first visit after a start does not pay for them: at national scale the
/// first fold takes about half a second, and the road and the meeting pack both start from it. It begins after the
/// host has reported started (a restart is not made longer) and its work is shared with a visit that comes first.
/// </summary>
internal sealed partial class FollowUpWarmUp(PhaseTrend trend, ILogger<FollowUpWarmUp> logger) : IHostedLifecycleService
{
    public Task StartedAsync(CancellationToken cancellationToken)
    {
        _ = Task.Run(WarmAsync, CancellationToken.None);
        return Task.CompletedTask;
    }

    private async Task WarmAsync()
    {
        try
        {
            await trend.MonthEndsAsync(Timeout.InfiniteTimeSpan, CancellationToken.None);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // A visit folds again what this could not: nothing is lost but the head start.
            NotWarmed(e.Message);
        }
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Warning, Message = "The follow-up's checkpoints were not folded ahead of the first visit: {Reason}")]
    private partial void NotWarmed(string reason);
}
