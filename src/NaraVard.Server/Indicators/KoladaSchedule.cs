using NaraVard.Kolada;

namespace NaraVard.Server.Indicators;

/// <summary>Where Kolada is and how often NaraVard asks it (the "NaraVard:Kolada" section).</summary>
public sealed class KoladaOptions
{
    public const string Section = "NaraVard:Kolada";

    /// <summary>Kolada's API, v3.</summary>
    public Uri Address { get; set; } = new("https://api.kolada.se/v3/");

    /// <summary>How often the sync runs by itself; zero: only when asked (<c>naravard indicators sync</c>, the dashboard).</summary>
    public TimeSpan SyncEvery { get; set; } = TimeSpan.FromDays(1);

    /// <summary>How many times a call to Kolada is tried before the sync gives up (waiting 1, 2, 4 … s between).</summary>
    public int Attempts { get; set; } = 4;

    /// <summary>How long after the start the first scheduled sync runs: not while a restart is still loading the county.</summary>
    public TimeSpan FirstSyncAfter { get; set; } = TimeSpan.FromMinutes(5);
}

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
                await sync.RunAsync(stoppingToken);
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

internal static class KoladaHostExtensions
{
    /// <summary>The Kolada client, the sync and its schedule, from the "NaraVard:Kolada" section.</summary>
    public static IServiceCollection AddKoladaSync(this IServiceCollection services, IConfiguration configuration)
    {
        var options = configuration.GetSection(KoladaOptions.Section).Get<KoladaOptions>() ?? new KoladaOptions();
        services.AddSingleton(options);
        // One long-lived client whose connections are renewed, so a change of Kolada's addresses is followed.
        services.AddSingleton(sp => new KoladaClient(
            new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(15) }) { Timeout = TimeSpan.FromSeconds(60) },
            sp.GetRequiredService<TimeProvider>(),
            new KoladaClientOptions { BaseAddress = options.Address, Attempts = Math.Max(1, options.Attempts) }));
        services.AddSingleton<KoladaSync>();
        services.AddHostedService<KoladaSchedule>();
        return services;
    }
}
