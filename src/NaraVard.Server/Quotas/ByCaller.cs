using System.Threading.RateLimiting;

namespace NaraVard.Server.Quotas;

/// <summary>
/// The call limits as one global limiter: a call that names nobody goes through the anonymous limiters, a write
/// through the identity's write quota (which the dashboard's forms draw on too), a call on files through their
/// limits (an import through both), any other through the identified ones. A chain of all of them asked every
/// limiter for every call, three locked partition lookups and a combined lease per read, for limits only
/// anonymous calls have.
/// </summary>
internal sealed class ByCaller(
    PartitionedRateLimiter<HttpContext> identified,
    PartitionedRateLimiter<HttpContext> anonymous,
    PartitionedRateLimiter<HttpContext> writes,
    PartitionedRateLimiter<HttpContext> files,
    Func<HttpContext, CallLimits.Kind> kindOf)
    : PartitionedRateLimiter<HttpContext>
{
    private readonly PartitionedRateLimiter<HttpContext> _import = PartitionedRateLimiter.CreateChained(files, writes);

    public override RateLimiterStatistics? GetStatistics(HttpContext resource) => For(resource).GetStatistics(resource);

    protected override RateLimitLease AttemptAcquireCore(HttpContext resource, int permitCount) => For(resource).AttemptAcquire(resource, permitCount);

    protected override ValueTask<RateLimitLease> AcquireAsyncCore(HttpContext resource, int permitCount, CancellationToken cancellationToken) =>
        For(resource).AcquireAsync(resource, permitCount, cancellationToken);

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            identified.Dispose();
            anonymous.Dispose();
            writes.Dispose();
            files.Dispose();
        }
    }

    protected override async ValueTask DisposeAsyncCore()
    {
        await identified.DisposeAsync();
        await anonymous.DisposeAsync();
        await writes.DisposeAsync();
        await files.DisposeAsync();
    }

    private PartitionedRateLimiter<HttpContext> For(HttpContext resource) => kindOf(resource) switch
    {
        CallLimits.Kind.Anonymous => anonymous,
        CallLimits.Kind.Write => writes,
        CallLimits.Kind.Files => files,
        CallLimits.Kind.Import => _import,
        _ => identified,
    };
}
