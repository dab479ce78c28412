namespace NaraVard.Grpc.Protocol;

/// <summary>The gRPC status codes (grpc/grpc doc/statuscodes.md).</summary>
public enum StatusCode
{
    OK = 0,
    Cancelled = 1,
    Unknown = 2,
    InvalidArgument = 3,
    DeadlineExceeded = 4,
    NotFound = 5,
    AlreadyExists = 6,
    PermissionDenied = 7,
    ResourceExhausted = 8,
    FailedPrecondition = 9,
    Aborted = 10,
    OutOfRange = 11,
    Unimplemented = 12,
    Internal = 13,
    Unavailable = 14,
    DataLoss = 15,
    Unauthenticated = 16,
}

/// <summary>A call ended with a non-OK status. Thrown by handlers to answer with that status, and by the client.</summary>
public sealed class RpcException(StatusCode code, string detail, IReadOnlyDictionary<string, string>? trailers = null)
    : Exception($"Status({code}, \"{detail}\")")
{
    public StatusCode StatusCode { get; } = code;

    public string Detail { get; } = detail;

    /// <summary>Extra trailers to send (server) or that were received (client).</summary>
    public IReadOnlyDictionary<string, string> Trailers { get; } = trailers ?? new Dictionary<string, string>();
}
