using Google.Protobuf;
using Google.Protobuf.Reflection;
using NaraVard.Grpc.Protocol;

namespace NaraVard.Grpc.Server;

/// <summary>The methods this server answers, by path, and the proto files that describe them (for reflection).</summary>
public sealed class GrpcServiceRegistry
{
    private readonly Dictionary<string, CallHandler> _handlers = new(StringComparer.Ordinal);
    private readonly HashSet<string> _services = new(StringComparer.Ordinal);
    private readonly List<FileDescriptor> _files = [];

    public IReadOnlyCollection<string> ServiceNames => _services;

    public IReadOnlyList<FileDescriptor> Files => _files;

    private readonly List<Func<ServerCallContext, Task>> _interceptors = [];

    internal CallHandler? Find(string path) => _handlers.GetValueOrDefault(path);

    /// <summary>Runs before every handler (authentication, say); throw an <see cref="Protocol.RpcException"/> to refuse the call.</summary>
    public GrpcServiceRegistry Intercept(Func<ServerCallContext, Task> interceptor)
    {
        _interceptors.Add(interceptor);
        return this;
    }

    internal async Task InterceptAsync(ServerCallContext context)
    {
        foreach (var interceptor in _interceptors)
        {
            await interceptor(context);
        }
    }

    /// <summary>Declares a proto file whose services are served here, so reflection can describe them.</summary>
    public GrpcServiceRegistry AddFile(FileDescriptor file)
    {
        if (!_files.Contains(file))
        {
            _files.Add(file);
        }

        return this;
    }

    public GrpcServiceRegistry AddUnary<TRequest, TResponse>(Method<TRequest, TResponse> method, UnaryHandler<TRequest, TResponse> handler)
        where TRequest : IMessage<TRequest>, new()
        where TResponse : IMessage<TResponse>, new() =>
        Add(method.ServiceName, new UnaryCallHandler<TRequest, TResponse>(method, handler));

    public GrpcServiceRegistry AddServerStreaming<TRequest, TResponse>(Method<TRequest, TResponse> method, ServerStreamingHandler<TRequest, TResponse> handler)
        where TRequest : IMessage<TRequest>, new()
        where TResponse : IMessage<TResponse>, new() =>
        Add(method.ServiceName, new ServerStreamingCallHandler<TRequest, TResponse>(method, handler));

    public GrpcServiceRegistry AddDuplexStreaming<TRequest, TResponse>(Method<TRequest, TResponse> method, DuplexStreamingHandler<TRequest, TResponse> handler)
        where TRequest : IMessage<TRequest>, new()
        where TResponse : IMessage<TResponse>, new() =>
        Add(method.ServiceName, new DuplexCallHandler<TRequest, TResponse>(method, handler));

    private GrpcServiceRegistry Add(string service, CallHandler handler)
    {
        _handlers.Add(handler.Path, handler);
        _services.Add(service);
        return this;
    }
}
