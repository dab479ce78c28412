using System.Threading.RateLimiting;
using Grpc.Core;
using NaraVard.Domain;
using NaraVard.Server.Mapping;

namespace NaraVard.Server.Quotas;

/// <summary>
/// What one identity may hold of the server at once (ASP.NET Core's rate limiting primitives): open watch
/// streams, and writes per second with a burst for legitimate bulk work such as loading a plan. Over a limit the
/// caller gets RESOURCE_EXHAUSTED naming it; other identities are not affected.
/// </summary>
public sealed class CallerLimits : IDisposable
{
    private readonly NaraVardOptions _options;
    private readonly PartitionedRateLimiter<string> _watches;
    private readonly PartitionedRateLimiter<string> _writes;

    public CallerLimits(NaraVardOptions options)
    {
        _options = options;
        _watches = PartitionedRateLimiter.Create<string, string>(identity => RateLimitPartition.GetConcurrencyLimiter(identity, _ =>
            new ConcurrencyLimiterOptions { PermitLimit = options.WatchStreamsPerIdentity, QueueLimit = 0 }));
        _writes = PartitionedRateLimiter.Create<string, string>(identity => RateLimitPartition.GetTokenBucketLimiter(identity, _ =>
            new TokenBucketRateLimiterOptions
            {
                TokenLimit = options.WriteBurstPerIdentity,
                TokensPerPeriod = options.WritesPerSecondPerIdentity,
                ReplenishmentPeriod = TimeSpan.FromSeconds(1),
                QueueLimit = 0,
            }));
    }

    /// <summary>A watch stream slot, held until the stream ends.</summary>
    public RateLimitLease EnterWatch(Actor caller)
    {
        var lease = _watches.AttemptAcquire(Identity(caller));
        return lease.IsAcquired
            ? lease
            : throw Exhausted(lease, $"watch streams: at most {_options.WatchStreamsPerIdentity} open at once per identity (NaraVard:WatchStreamsPerIdentity); close one first");
    }

    public void Write(Actor caller)
    {
        using var lease = _writes.AttemptAcquire(Identity(caller));
        if (!lease.IsAcquired)
        {
            throw Exhausted(lease, $"writes: at most {_options.WritesPerSecondPerIdentity} a second per identity, bursts up to {_options.WriteBurstPerIdentity} (NaraVard:WritesPerSecondPerIdentity); retry shortly");
        }
    }

    private static RpcException Exhausted(RateLimitLease lease, string limit)
    {
        lease.Dispose();
        return StatusMapping.Status(StatusCode.ResourceExhausted, limit);
    }

    private static string Identity(Actor actor) => actor.Key;

    public void Dispose()
    {
        _watches.Dispose();
        _writes.Dispose();
    }
}
