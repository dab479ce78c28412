namespace NaraVard.Domain;

/// <summary>What kind of rule a command broke; the gateway maps each kind to one gRPC status.</summary>
public enum ErrorKind
{
    InvalidArgument,
    NotFound,
    AlreadyExists,
    FailedPrecondition,
    Conflict,
    PermissionDenied,

    /// <summary>Not a rule of the roadmap: a limit of the server (one print at a time per caller, a busy printer). Retry later.</summary>
    ResourceExhausted,
}

/// <summary>A command was rejected by a rule. <see cref="Field"/> names the offending input where there is one.</summary>
public sealed class DomainException(ErrorKind kind, string? field, string message) : Exception(message)
{
    public ErrorKind Kind { get; } = kind;

    public string? Field { get; } = field;

    public static DomainException Invalid(string field, string rule) => new(ErrorKind.InvalidArgument, field, $"{field}: {rule}");

    public static DomainException NotFound(string what) => new(ErrorKind.NotFound, null, what);

    public static DomainException Conflict(string field, string rule) => new(ErrorKind.Conflict, field, $"{field}: {rule}");

    public static DomainException Precondition(string field, string rule) => new(ErrorKind.FailedPrecondition, field, $"{field}: {rule}");

    public static DomainException Exhausted(string field, string limit) => new(ErrorKind.ResourceExhausted, field, $"{field}: {limit}");
}
