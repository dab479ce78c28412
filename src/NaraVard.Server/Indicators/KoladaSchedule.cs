using NaraVard.Kolada;

namespace NaraVard.Server.Indicators;

/// <summary>Runs the sync on its schedule. Kolada publishes a few times a year and revises without notice, so daily is plenty.</summary>
internal sealed partial class KoladaSchedule(KoladaSync sync, KoladaOptions options, TimeProvider time, ILogger<KoladaSchedule> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (options.SyncEvery <= TimeSpan.Zero)
        {
            return;
        }

        await Task.Delay(options.FirstSyncAfter, time, stoppingToken);
        using var timer = new PeriodicTimer(options.SyncEvery, time);
        do
        {
            try
            {
                await sync.RunAsync(KoladaSync.By, stoppingToken);
            }
            catch (KoladaUnavailableException e)
            {
                Unreachable(e.Message);
            }
            catch (Domain.DomainException e)
            {
                Skipped(e.Message);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The scheduled sync from Kolada did not run: {Reason}")]
    private partial void Unreachable(string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "The scheduled sync from Kolada was skipped: {Reason}")]
    private partial void Skipped(string reason);
}
