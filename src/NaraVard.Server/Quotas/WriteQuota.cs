using System.Threading.RateLimiting;
using NaraVard.Domain;

namespace NaraVard.Server.Quotas;

/// <summary>
/// Each identity's writes a second, one token bucket per identity, drawn on by gRPC writes (the call limits) and
/// by the dashboard's forms alike: one quota whichever way a change comes in.
/// </summary>
internal sealed class WriteQuota(NaraVardOptions options) : Web.IWriteQuota, IDisposable
{
    private readonly PartitionedRateLimiter<string> _buckets = PartitionedRateLimiter.Create<string, string>(identity =>
        RateLimitPartition.GetTokenBucketLimiter(identity, _ => new TokenBucketRateLimiterOptions
        {
            TokenLimit = options.WriteBurstPerIdentity,
            TokensPerPeriod = options.WritesPerSecondPerIdentity,
            ReplenishmentPeriod = TimeSpan.FromSeconds(1),
            QueueLimit = 0,
        }));

    public static string LimitOf(NaraVardOptions options) => $"writes: at most {options.WritesPerSecondPerIdentity} a second per identity, bursts up to {options.WriteBurstPerIdentity} (NaraVard:WritesPerSecondPerIdentity); retry shortly";

    /// <summary>The buckets as a limiter of calls, keyed by the caller's identity (the gRPC side).</summary>
    public PartitionedRateLimiter<HttpContext> ForCalls(Func<HttpContext, string> identity) => _buckets.WithTranslatedKey(identity, leaveOpen: true);

    public string? TryTake(Actor by)
    {
        using var lease = _buckets.AttemptAcquire(by.Id);
        return lease.IsAcquired ? null : LimitOf(options);
    }

    public void Dispose() => _buckets.Dispose();
}
