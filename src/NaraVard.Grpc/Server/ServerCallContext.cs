using Microsoft.AspNetCore.Http;

namespace NaraVard.Grpc.Server;

/// <summary>What a handler knows about its call: headers, deadline, cancellation, and the HTTP context beneath.</summary>
public sealed class ServerCallContext(HttpContext httpContext, string method, DateTimeOffset? deadline, CancellationToken cancellationToken)
{
    public HttpContext HttpContext { get; } = httpContext;

    /// <summary>The full method path, /package.Service/Method.</summary>
    public string Method { get; } = method;

    public IHeaderDictionary RequestHeaders => HttpContext.Request.Headers;

    public DateTimeOffset? Deadline { get; } = deadline;

    /// <summary>Cancelled when the client goes away or the deadline passes.</summary>
    public CancellationToken CancellationToken { get; } = cancellationToken;

    /// <summary>Items a handler or interceptor wants to keep for the rest of the call (the caller's identity, say).</summary>
    public IDictionary<object, object?> Items => HttpContext.Items;
}

/// <summary>Writes the messages of a server stream; each write is flushed at once.</summary>
public interface IServerStreamWriter<in T>
{
    Task WriteAsync(T message, CancellationToken cancellationToken = default);
}

public delegate Task<TResponse> UnaryHandler<TRequest, TResponse>(TRequest request, ServerCallContext context);

public delegate Task ServerStreamingHandler<TRequest, TResponse>(TRequest request, IServerStreamWriter<TResponse> responses, ServerCallContext context);

public delegate Task DuplexStreamingHandler<TRequest, TResponse>(IAsyncEnumerable<TRequest> requests, IServerStreamWriter<TResponse> responses, ServerCallContext context);
