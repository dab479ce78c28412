using Grpc.Core;
using NaraVard.Domain;
using NaraVard.Grains.Runtime;
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
        WrongExpectedVersionException e => Status(StatusCode.Aborted, $"expected_version: {e.Message} Read again and retry."),
        StoreUnavailableException e => Status(StatusCode.Unavailable, $"Storage is unavailable: {e.Message} The change was not saved; retry."),
        GrainActivationException { InnerException: { } inner } => Map(inner) ?? Status(StatusCode.Unavailable, "The data could not be loaded; retry."),
        _ => null,
    };

    public static RpcException Status(StatusCode code, string detail) => new(new Status(code, detail));

    public static RpcException Invalid(string field, string rule) => Status(StatusCode.InvalidArgument, $"{field}: {rule}");
}
