using System.Threading.RateLimiting;
using NaraVard.Server.Access;

namespace NaraVard.Server.Quotas;

/// <summary>
/// How much of the server one caller may take, so that no caller can exhaust it for the others. Kestrel caps
/// connections and streams per HTTP/2 connection; ASP.NET Core's rate limiter, after authentication, bounds
/// each gRPC call by who makes it: per identity open watch streams, writes per second and reads per second
/// (each with a burst for legitimate bulk work such as loading a plan or an export), and for calls that name
/// nobody (no valid token, or the health and reflection services, which need none) calls at once and per second
/// per connection and calls at once in all; a health check, which a load balancer sends, only per second per
/// connection, apart from that pool. A call over a limit is answered RESOURCE_EXHAUSTED, naming the limit
/// and its setting, before any service code runs: refusing costs no exception and no grain call.
/// </summary>
public static class CallLimits
{
    internal enum Kind
    {
        Unlimited,
        Anonymous,
        Probe,
        Files,
        Import,
        Watch,
        Write,
        Read,
    }

    public static WebApplicationBuilder AddNaraVardCallLimits(this WebApplicationBuilder builder, NaraVardOptions options)
    {
        var writes = new WriteQuota(options);
        builder.Services.AddSingleton(writes);
        builder.Services.AddSingleton<Web.IWriteQuota>(writes);
        var perPeer = new ConnectionsPerPeer(options.ConnectionsPerPeer, options.TrustedProxyNetworks, options.IdleConnectionTimeout);
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Limits.MaxConcurrentConnections = options.MaxConnections;
            kestrel.Limits.Http2.MaxStreamsPerConnection = options.StreamsPerConnection;
            kestrel.Limits.KeepAliveTimeout = options.IdleConnectionTimeout;

            // One place sets every endpoint's defaults (a second ConfigureEndpointDefaults would replace the first).
            kestrel.ConfigureEndpointDefaults(endpoint =>
            {
                endpoint.Protocols = Dashboard.DashboardHosting.ProtocolsOf(endpoint, options.DashboardUri);
                endpoint.Use(perPeer.Limit);
            });
        });
        builder.Services.AddRateLimiter(limiter =>
        {
            // One partitioned limiter for a caller with an identity (the common case, and the fast one); a call
            // without one passes three: its connection's calls at once and per second, and the calls at once in all.
            limiter.GlobalLimiter = new ByCaller(
                PartitionedRateLimiter.Create<HttpContext, (Kind, string)>(context => KindOf(context) switch
                {
                    Kind.Watch => RateLimitPartition.Get((Kind.Watch, Identity(context)), _ => Concurrency(options.WatchStreamsPerIdentity)),
                    Kind.Read => RateLimitPartition.Get((Kind.Read, Identity(context)), _ => Bucket(options.ReadsPerSecondPerIdentity, options.ReadBurstPerIdentity)),
                    Kind.Probe => RateLimitPartition.Get((Kind.Probe, context.Connection.Id), _ => Bucket(options.AnonymousCallsPerSecondPerConnection, options.AnonymousCallsPerSecondPerConnection)),
                    _ => RateLimitPartition.GetNoLimiter((Kind.Unlimited, "")),
                }),
                PartitionedRateLimiter.CreateChained(
                    PartitionedRateLimiter.Create<HttpContext, string>(context => RateLimitPartition.Get(context.Connection.Id, _ => Concurrency(options.AnonymousCallsPerConnection))),
                    PartitionedRateLimiter.Create<HttpContext, string>(context => RateLimitPartition.Get(context.Connection.Id, _ => Bucket(options.AnonymousCallsPerSecondPerConnection, options.AnonymousCallsPerSecondPerConnection))),
                    PartitionedRateLimiter.Create<HttpContext, string>(_ => RateLimitPartition.Get("all", _ => Concurrency(options.AnonymousCallsInTotal)))),
                writes.ForCalls(Identity),
                Files(options),
                KindOf);
            limiter.OnRejected = (rejected, _) => RefuseAsync(rejected.HttpContext, Limit(KindOf(rejected.HttpContext), options));
        });
        return builder;
    }

    /// <summary>
    /// What kind of call this is, by the gRPC method the request was routed to (endpoint metadata), never by the path
    /// string the client sent: routing ignores case, so "/naravard.v1.roadmapservice/watchroadmap" reaches the same
    /// method as the canonical path and must count against the same limit (issue 31: 250 watch streams on a limit of
    /// 100, and writes past their quota, through a path in other case).
    /// </summary>
    private static Kind KindOf(HttpContext context)
    {
        if (context.Request.ContentType?.StartsWith("application/grpc", StringComparison.OrdinalIgnoreCase) != true)
        {
            return Kind.Unlimited; // the dashboard: browsers, with a session each
        }

        var method = context.GetEndpoint()?.Metadata.GetMetadata<Grpc.AspNetCore.Server.GrpcMethodMetadata>()?.Method;
        if (method is { ServiceName: "grpc.health.v1.Health", Name: "Check" })
        {
            // A load balancer's probe is answered at once from what the node knows: it must not queue behind anonymous
            // watch streams, or a thousand of them take the node out of the balancer (issue 31). Limited per connection.
            return Kind.Probe;
        }

        if (context.User.Identity?.IsAuthenticated != true || method is null || !method.ServiceName.StartsWith("naravard.", StringComparison.Ordinal))
        {
            return Kind.Anonymous;
        }

        return (method.ServiceName, method.Name) switch
        {
            ("naravard.v1.RoadmapService", "WatchRoadmap") => Kind.Watch,
            ("naravard.v1.ExchangeService", "ImportPlan") => Kind.Import,
            ("naravard.v1.ExchangeService", _) or ("naravard.v1.InitiativeService", "SyncKolada" or "FindKoladaKpis") => Kind.Files,
            ("naravard.v1.ObstacleService", "FlagObstacle" or "UpdateObstacle" or "PlanObstacleNextStep") or ("naravard.v1.FollowUpService", "RecordMeeting") => Kind.Write,
            ("naravard.v1.InitiativeService", _) => Kind.Write,
            _ => Kind.Read,
        };
    }

    private static string Identity(HttpContext context) => Authentication.KeyOf(context.User);

    private static string Limit(Kind kind, NaraVardOptions o) => kind switch
    {
        Kind.Watch => $"watch streams: at most {o.WatchStreamsPerIdentity} open at once per identity (NaraVard:WatchStreamsPerIdentity); close one first",
        Kind.Write => WriteQuota.LimitOf(o),
        Kind.Files or Kind.Import => $"files (imports, exports, templates, prints, Kolada syncs): at most {o.FileCallsPerIdentity} at once and {o.FileCallsPerSecondPerIdentity} a second per identity "
            + $"(NaraVard:FileCallsPerIdentity, NaraVard:FileCallsPerSecondPerIdentity), {o.FileCallsInTotal} at once in all (NaraVard:FileCallsInTotal)"
            + (kind == Kind.Import ? $"; an import is also one of the identity's {WriteQuota.LimitOf(o)}" : "; retry shortly"),
        Kind.Probe => $"health checks: at most {o.AnonymousCallsPerSecondPerConnection} a second per connection (NaraVard:AnonymousCallsPerSecondPerConnection); retry shortly",
        Kind.Read => $"reads: at most {o.ReadsPerSecondPerIdentity} a second per identity, bursts up to {o.ReadBurstPerIdentity} (NaraVard:ReadsPerSecondPerIdentity); retry shortly",
        _ => $"calls without a token: at most {o.AnonymousCallsPerConnection} at once and {o.AnonymousCallsPerSecondPerConnection} a second per connection "
            + $"(NaraVard:AnonymousCallsPerConnection, NaraVard:AnonymousCallsPerSecondPerConnection), {o.AnonymousCallsInTotal} at once in all (NaraVard:AnonymousCallsInTotal)",
    };

    /// <summary>
    /// Calls that read or make a whole file (an import's parse and dry run, an export, a print) cost far more than a
    /// read: a viewer's dry runs of a crafted spreadsheet, four at once, took the server from the others (issue 31).
    /// So few at once and per second per identity, and few at once in all; more are refused at once, never queued.
    /// </summary>
    private static PartitionedRateLimiter<HttpContext> Files(NaraVardOptions options) => PartitionedRateLimiter.CreateChained(
        PartitionedRateLimiter.Create<HttpContext, string>(context => RateLimitPartition.Get(Identity(context), _ => Concurrency(options.FileCallsPerIdentity))),
        PartitionedRateLimiter.Create<HttpContext, string>(context => RateLimitPartition.Get(Identity(context), _ => Bucket(options.FileCallsPerSecondPerIdentity, options.FileCallsPerSecondPerIdentity * 4))),
        PartitionedRateLimiter.Create<HttpContext, string>(_ => RateLimitPartition.Get("all", _ => Concurrency(options.FileCallsInTotal))));

    private static ConcurrencyLimiter Concurrency(int permits) => new(new ConcurrencyLimiterOptions { PermitLimit = permits, QueueLimit = 0 });

    private static TokenBucketRateLimiter Bucket(int perSecond, int burst) => new(new TokenBucketRateLimiterOptions
    {
        TokenLimit = burst,
        TokensPerPeriod = perSecond,
        ReplenishmentPeriod = TimeSpan.FromSeconds(1),
        QueueLimit = 0,
    });

    /// <summary>A gRPC answer without a body (trailers only): status 8 and the limit, which every gRPC client reads.</summary>
    private static ValueTask RefuseAsync(HttpContext context, string limit)
    {
        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = context.Request.ContentType ?? "application/grpc";
        context.Response.Headers["grpc-status"] = "8";
        context.Response.Headers["grpc-message"] = limit;
        return ValueTask.CompletedTask;
    }
}
