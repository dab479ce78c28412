using NaraVard.Kolada;

namespace NaraVard.Server.Indicators;

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
