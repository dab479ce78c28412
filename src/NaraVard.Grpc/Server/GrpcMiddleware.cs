using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using NaraVard.Grpc.Protocol;

namespace NaraVard.Grpc.Server;

/// <summary>
/// Answers every request that names a registered method or carries a gRPC content-type; passes the rest on.
/// Every failure becomes a gRPC status (or, before gRPC applies, an HTTP status): never a dropped connection.
/// </summary>
internal sealed partial class GrpcMiddleware(RequestDelegate next, GrpcServiceRegistry registry, IOptions<GrpcServerOptions> options, GrpcExceptionMapper mapper, ILogger<GrpcMiddleware> logger)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var path = context.Request.Path.Value ?? "";
        var handler = registry.Find(path);
        var isGrpc = GrpcHeaders.IsGrpcContentType(context.Request.ContentType);
        if (handler is null && !isGrpc)
        {
            await next(context);
            return;
        }

        if (!isGrpc)
        {
            context.Response.StatusCode = StatusCodes.Status415UnsupportedMediaType;
            await context.Response.WriteAsync($"Content-Type '{context.Request.ContentType}' is not supported; use {GrpcHeaders.ContentType}.");
            return;
        }

        if (!HttpMethods.IsPost(context.Request.Method))
        {
            context.Response.StatusCode = StatusCodes.Status405MethodNotAllowed;
            return;
        }

        if (!context.Request.Protocol.StartsWith("HTTP/2", StringComparison.Ordinal))
        {
            context.Response.StatusCode = StatusCodes.Status426UpgradeRequired;
            context.Response.Headers.Upgrade = "h2c";
            await context.Response.WriteAsync("gRPC needs HTTP/2.");
            return;
        }

        await HandleAsync(context, path, handler);
    }

    private async Task HandleAsync(HttpContext context, string path, CallHandler? handler)
    {
        GrpcCall call;
        try
        {
            call = new GrpcCall(context, path, options.Value);
        }
        catch (RpcException e)
        {
            await TrailersOnlyAsync(context, e);
            return;
        }

        using (call)
        {
            var (code, detail, extra) = await RunAsync(call, path, handler);
            try
            {
                await call.CompleteAsync(code, detail, extra);
            }
            catch (Exception e) when (e is IOException or OperationCanceledException or InvalidOperationException)
            {
                LogCompletionFailed(path, e);
            }
        }
    }

    private async Task<(StatusCode, string, IReadOnlyDictionary<string, string>?)> RunAsync(GrpcCall call, string path, CallHandler? handler)
    {
        try
        {
            if (handler is null)
            {
                return (StatusCode.Unimplemented, $"Method not found: {path}", null);
            }

            await registry.InterceptAsync(call.Context);
            await handler.HandleAsync(call);
            return (StatusCode.OK, "", null);
        }
        catch (Exception) when (call.DeadlineExceeded)
        {
            return (StatusCode.DeadlineExceeded, "Deadline exceeded", null);
        }
        catch (RpcException e)
        {
            return (e.StatusCode, e.Detail, e.Trailers);
        }
        catch (OperationCanceledException) when (call.Http.RequestAborted.IsCancellationRequested)
        {
            return (StatusCode.Cancelled, "The client cancelled the call", null);
        }
        catch (Exception e) when (mapper.Map(e) is { } mapped)
        {
            return (mapped.StatusCode, mapped.Detail, mapped.Trailers);
        }
        catch (Exception e)
        {
            LogUnexpected(path, e);
            return (StatusCode.Unknown, "The server failed to handle the call; it has been logged.", null);
        }
    }

    private static Task TrailersOnlyAsync(HttpContext context, RpcException e)
    {
        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = GrpcHeaders.ContentType;
        context.Response.Headers[GrpcHeaders.Status] = ((int)e.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture);
        context.Response.Headers[GrpcHeaders.Message] = GrpcHeaders.EncodeMessage(e.Detail);
        foreach (var (name, value) in e.Trailers)
        {
            context.Response.Headers[name] = value;
        }

        return Task.CompletedTask;
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "gRPC call {Method} failed unexpectedly")]
    private partial void LogUnexpected(string method, Exception error);

    [LoggerMessage(Level = LogLevel.Debug, Message = "gRPC call {Method} could not be completed")]
    private partial void LogCompletionFailed(string method, Exception error);
}

/// <summary>Turns an application's exceptions into statuses (for example a domain rule into INVALID_ARGUMENT).</summary>
public sealed class GrpcExceptionMapper
{
    private readonly List<Func<Exception, RpcException?>> _maps = [];

    public GrpcExceptionMapper Add(Func<Exception, RpcException?> map)
    {
        _maps.Add(map);
        return this;
    }

    public RpcException? Map(Exception exception)
    {
        foreach (var map in _maps)
        {
            if (map(exception) is { } mapped)
            {
                return mapped;
            }
        }

        return null;
    }
}
