using NaraVard.Domain;
using NaraVard.Grains.Runtime;
using NaraVard.Grpc.Protocol;
using NaraVard.Grpc.Server;
using NaraVard.Persistence;

namespace NaraVard.Server.Mapping;

/// <summary>The one place where failures become gRPC statuses (the table in docs/grpc-status.md).</summary>
internal static class StatusMapping
{
    public static GrpcExceptionMapper AddNaraVardStatuses(this GrpcExceptionMapper mapper) => mapper.Add(Map);

    public static RpcException? Map(Exception exception) => exception switch
    {
        DomainException { Kind: ErrorKind.InvalidArgument } e => new RpcException(StatusCode.InvalidArgument, e.Message),
        DomainException { Kind: ErrorKind.NotFound } e => new RpcException(StatusCode.NotFound, e.Message),
        DomainException { Kind: ErrorKind.AlreadyExists } e => new RpcException(StatusCode.AlreadyExists, e.Message),
        DomainException { Kind: ErrorKind.FailedPrecondition } e => new RpcException(StatusCode.FailedPrecondition, e.Message),
        DomainException { Kind: ErrorKind.Conflict } e => new RpcException(StatusCode.Aborted, e.Message),
        DomainException { Kind: ErrorKind.PermissionDenied } e => new RpcException(StatusCode.PermissionDenied, e.Message),
        WrongExpectedVersionException e => new RpcException(StatusCode.Aborted, $"Concurrent change: {e.Message} Read again and retry."),
        StoreUnavailableException e => new RpcException(StatusCode.Unavailable, $"Storage is unavailable: {e.Message} The change was not saved; retry."),
        GrainActivationException { InnerException: { } inner } => Map(inner) ?? new RpcException(StatusCode.Unavailable, "The data could not be loaded; retry."),
        _ => null,
    };
}
