using Google.Protobuf;
using NaraVard.Grpc.Protocol;

namespace NaraVard.Grpc.Server;

internal abstract class CallHandler(string path)
{
    public string Path { get; } = path;

    /// <summary>Runs the call to its end and returns the status to complete it with.</summary>
    public abstract Task HandleAsync(GrpcCall call);
}

internal sealed class UnaryCallHandler<TRequest, TResponse>(Method<TRequest, TResponse> method, UnaryHandler<TRequest, TResponse> handler)
    : CallHandler(method.Path)
    where TRequest : IMessage<TRequest>, new()
    where TResponse : IMessage<TResponse>, new()
{
    public override async Task HandleAsync(GrpcCall call)
    {
        var request = await ReadSingleAsync(call);
        var work = handler(request, call.Context);

        // A handler that ignores its token still cannot hold the answer past the deadline.
        if (!work.IsCompleted && await Task.WhenAny(work, call.DeadlineReached) != work)
        {
            _ = work.ContinueWith(t => t.Exception, TaskScheduler.Default);
            throw new OperationCanceledException(call.Context.CancellationToken);
        }

        var response = await work;

        // No flush of its own: the answer leaves with its trailers, in one write to the socket.
        await call.WriteMessageAsync(response, call.Context.CancellationToken, flush: false);
    }

    internal static async Task<TRequest> ReadSingleAsync(GrpcCall call)
    {
        var request = await call.ReadMessageAsync(Method<TRequest, TResponse>.RequestParser)
            ?? throw new RpcException(StatusCode.Internal, "The request stream ended without a message");
        return await call.ReadMessageAsync(Method<TRequest, TResponse>.RequestParser) is null
            ? request
            : throw new RpcException(StatusCode.Internal, "A unary call carried more than one request message");
    }
}

internal sealed class ServerStreamingCallHandler<TRequest, TResponse>(Method<TRequest, TResponse> method, ServerStreamingHandler<TRequest, TResponse> handler)
    : CallHandler(method.Path)
    where TRequest : IMessage<TRequest>, new()
    where TResponse : IMessage<TResponse>, new()
{
    public override async Task HandleAsync(GrpcCall call)
    {
        var request = await UnaryCallHandler<TRequest, TResponse>.ReadSingleAsync(call);
        await handler(request, new StreamWriter<TResponse>(call), call.Context);
    }
}

internal sealed class DuplexCallHandler<TRequest, TResponse>(Method<TRequest, TResponse> method, DuplexStreamingHandler<TRequest, TResponse> handler)
    : CallHandler(method.Path)
    where TRequest : IMessage<TRequest>, new()
    where TResponse : IMessage<TResponse>, new()
{
    public override Task HandleAsync(GrpcCall call) => handler(ReadAllAsync(call), new StreamWriter<TResponse>(call), call.Context);

    private static async IAsyncEnumerable<TRequest> ReadAllAsync(GrpcCall call)
    {
        while (await call.ReadMessageAsync(Method<TRequest, TResponse>.RequestParser) is { } request)
        {
            yield return request;
        }
    }
}

internal sealed class StreamWriter<T>(GrpcCall call) : IServerStreamWriter<T>
    where T : IMessage<T>
{
    private readonly SemaphoreSlim _gate = new(1, 1);

    public async Task WriteAsync(T message, CancellationToken cancellationToken = default)
    {
        // Writes from several tasks must not interleave their frames.
        await _gate.WaitAsync(cancellationToken);
        try
        {
            await call.WriteMessageAsync(message, cancellationToken);
        }
        finally
        {
            _gate.Release();
        }
    }
}
