using Grpc.Core;
using NaraVard.Domain;
using Orleans.Runtime;
using NaraVard.Persistence;

namespace NaraVard.Server.Mapping;

/// <summary>The one place where failures become gRPC statuses (the table in docs/grpc-status.md).</summary>
internal static class StatusMapping
{
    public static RpcException? Map(Exception exception) => exception switch
    {
        DomainException { Kind: ErrorKind.InvalidArgument } e => Status(StatusCode.InvalidArgument, e.Message),
        DomainException { Kind: ErrorKind.NotFound } e => Status(StatusCode.NotFound, e.Message),
        DomainException { Kind: ErrorKind.AlreadyExists } e => Status(StatusCode.AlreadyExists, e.Message),
        DomainException { Kind: ErrorKind.FailedPrecondition } e => Status(StatusCode.FailedPrecondition, e.Message),
        DomainException { Kind: ErrorKind.Conflict } e => Status(StatusCode.Aborted, e.Message),
        DomainException { Kind: ErrorKind.PermissionDenied } e => Status(StatusCode.PermissionDenied, e.Message),
        DomainException { Kind: ErrorKind.ResourceExhausted } e => Status(StatusCode.ResourceExhausted, e.Message),
        WrongExpectedVersionException e => Status(StatusCode.Aborted, $"expected_version: {e.Message} Read again and retry."),
        StoreUnavailableException e => Status(StatusCode.Unavailable, $"Storage is unavailable: {e.Message} The change was not saved; retry."),
        // The silo holding the grain went away, or the cluster could not reach it in time: nothing was acknowledged.
        SiloUnavailableException or OrleansMessageRejectionException or TimeoutException => Status(StatusCode.Unavailable, "The cluster could not reach the data right now; retry."),
        _ => null,
    };

    public static RpcException Status(StatusCode code, string detail) => new(new Status(code, detail));

    public static RpcException Invalid(string field, string rule) => Status(StatusCode.InvalidArgument, $"{field}: {rule}");
}
