using Grpc.Health.V1;
using NaraVard.Grpc.Protocol;
using NaraVard.Grpc.Server;
using ServingStatus = Grpc.Health.V1.HealthCheckResponse.Types.ServingStatus;

namespace NaraVard.Grpc.Health;

/// <summary>
/// grpc.health.v1.Health: the overall status ("") and one per service. The host sets NOT_SERVING while it
/// cannot serve (starting, store down, stopping); Watch streams every change.
/// </summary>
public sealed class HealthService
{
    public static readonly Method<HealthCheckRequest, HealthCheckResponse> Check = new("grpc.health.v1.Health", "Check", MethodType.Unary);
    public static readonly Method<HealthCheckRequest, HealthCheckResponse> Watch = new("grpc.health.v1.Health", "Watch", MethodType.ServerStreaming);

    private readonly Lock _gate = new();
    private readonly Dictionary<string, ServingStatus> _statuses = new(StringComparer.Ordinal);
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public void SetStatus(string service, ServingStatus status)
    {
        lock (_gate)
        {
            if (_statuses.TryGetValue(service, out var current) && current == status)
            {
                return;
            }

            _statuses[service] = status;
            _changed.TrySetResult();
            _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);
        }
    }

    /// <summary>Sets the same status on the overall entry and on every service.</summary>
    public void SetAll(ServingStatus status)
    {
        foreach (var service in Snapshot().Keys.Append(""))
        {
            SetStatus(service, status);
        }
    }

    private Dictionary<string, ServingStatus> Snapshot()
    {
        lock (_gate)
        {
            return new(_statuses);
        }
    }

    private (ServingStatus? Status, Task Changed) Read(string service)
    {
        lock (_gate)
        {
            return (_statuses.TryGetValue(service, out var s) ? s : null, _changed.Task);
        }
    }

    public void Register(GrpcServiceRegistry registry)
    {
        registry.AddFile(HealthReflection.Descriptor);
        registry.AddUnary(Check, (request, _) =>
            Read(request.Service).Status is { } status
                ? Task.FromResult(new HealthCheckResponse { Status = status })
                : throw new RpcException(StatusCode.NotFound, $"Unknown service '{request.Service}'"));
        registry.AddServerStreaming(Watch, WatchAsync);
    }

    private async Task WatchAsync(HealthCheckRequest request, IServerStreamWriter<HealthCheckResponse> responses, ServerCallContext context)
    {
        ServingStatus? last = null;
        while (!context.CancellationToken.IsCancellationRequested)
        {
            var (status, changed) = Read(request.Service);
            var current = status ?? ServingStatus.ServiceUnknown;
            if (current != last)
            {
                await responses.WriteAsync(new HealthCheckResponse { Status = current }, context.CancellationToken);
                last = current;
            }

            await changed.WaitAsync(context.CancellationToken);
        }
    }
}
