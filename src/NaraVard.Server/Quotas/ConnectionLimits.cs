using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;

namespace NaraVard.Server.Quotas;

/// <summary>
/// Limits that hold before a caller is known: Kestrel's cap on connections and on streams per HTTP/2 connection,
/// and for gRPC calls that carry no identity (no token, or the health and reflection services, which need none)
/// ASP.NET Core's rate limiter per connection (calls at once, calls per second) and for all such calls together.
/// What a caller with a token may do is bounded per identity by <see cref="CallerLimits"/>. Over a limit the call
/// ends with RESOURCE_EXHAUSTED naming the limit and its setting; nobody else is affected.
/// </summary>
public static class ConnectionLimits
{
    private const string Anonymous = "anonymous";

    public static WebApplicationBuilder AddNaraVardConnectionLimits(this WebApplicationBuilder builder, NaraVardOptions options)
    {
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Limits.MaxConcurrentConnections = options.MaxConnections;
            kestrel.Limits.Http2.MaxStreamsPerConnection = options.StreamsPerConnection;
        });
        builder.Services.AddRateLimiter(limiter =>
        {
            limiter.GlobalLimiter = PartitionedRateLimiter.CreateChained(
                PerAnonymousCall(context => RateLimitPartition.GetConcurrencyLimiter(context.Connection.Id, _ => new ConcurrencyLimiterOptions { PermitLimit = options.AnonymousCallsPerConnection, QueueLimit = 0 })),
                PerAnonymousCall(context => RateLimitPartition.GetTokenBucketLimiter(context.Connection.Id, _ => new TokenBucketRateLimiterOptions
                {
                    TokenLimit = options.AnonymousCallsPerSecondPerConnection,
                    TokensPerPeriod = options.AnonymousCallsPerSecondPerConnection,
                    ReplenishmentPeriod = TimeSpan.FromSeconds(1),
                    QueueLimit = 0,
                })),
                PerAnonymousCall(_ => RateLimitPartition.GetConcurrencyLimiter(Anonymous, _ => new ConcurrencyLimiterOptions { PermitLimit = options.AnonymousCallsInTotal, QueueLimit = 0 })));
            limiter.OnRejected = (rejected, _) => Refuse(rejected, options);
        });
        return builder;
    }

    /// <summary>A gRPC call that names nobody: no authorization header, or a service that needs no identity.</summary>
    public static bool IsAnonymousCall(HttpContext context) =>
        context.Request.ContentType?.StartsWith("application/grpc", StringComparison.OrdinalIgnoreCase) == true
        && (context.Request.Headers.Authorization.Count == 0
            || context.Request.Path.StartsWithSegments("/grpc.health.v1.Health", StringComparison.Ordinal)
            || context.Request.Path.StartsWithSegments("/grpc.reflection", StringComparison.Ordinal));

    private static PartitionedRateLimiter<HttpContext> PerAnonymousCall(Func<HttpContext, RateLimitPartition<string>> partition) =>
        PartitionedRateLimiter.Create<HttpContext, string>(context => IsAnonymousCall(context) ? partition(context) : RateLimitPartition.GetNoLimiter(""));

    /// <summary>A gRPC answer without a body (trailers only): status 8 and the limit, which every gRPC client reads.</summary>
    private static ValueTask Refuse(OnRejectedContext rejected, NaraVardOptions options)
    {
        var response = rejected.HttpContext.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "application/grpc";
        response.Headers["grpc-status"] = "8";
        response.Headers["grpc-message"] =
            $"calls without a token: at most {options.AnonymousCallsPerConnection} at once and {options.AnonymousCallsPerSecondPerConnection} a second per connection "
            + $"(NaraVard:AnonymousCallsPerConnection, NaraVard:AnonymousCallsPerSecondPerConnection), {options.AnonymousCallsInTotal} at once in all (NaraVard:AnonymousCallsInTotal)";
        return ValueTask.CompletedTask;
    }
}
