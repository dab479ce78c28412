using Microsoft.Extensions.Diagnostics.HealthChecks;
using NaraVard.Persistence;

namespace NaraVard.Server;

/// <summary>
/// grpc.health.v1 for the overall entry and each naravard.v1 service: SERVING once the store is open and the
/// county is loaded (the host has started), NOT_SERVING while the store does not answer and while stopping.
/// </summary>
internal sealed class Readiness(IEventStore store, IHostApplicationLifetime lifetime) : IHealthCheck
{
    public static readonly string[] Services = ["", "naravard.v1.RoadmapService", "naravard.v1.InitiativeService", "naravard.v1.ObstacleService", "naravard.v1.FollowUpService"];

    private static readonly TimeSpan StoreTimeout = TimeSpan.FromSeconds(2);

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (!lifetime.ApplicationStarted.IsCancellationRequested)
        {
            return HealthCheckResult.Unhealthy("starting");
        }

        if (lifetime.ApplicationStopping.IsCancellationRequested)
        {
            return HealthCheckResult.Unhealthy("stopping");
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(StoreTimeout);
        try
        {
            await store.ReadHeadPositionAsync(timeout.Token);
            return HealthCheckResult.Healthy();
        }
        catch (Exception e) when (e is StoreUnavailableException or OperationCanceledException or System.Data.Common.DbException)
        {
            return HealthCheckResult.Unhealthy("the event store does not answer");
        }
    }
}
