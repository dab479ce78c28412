namespace NaraVard.Grpc.Client;

/// <param name="Headers">Extra request metadata (authorization, …).</param>
/// <param name="Deadline">Sent as grpc-timeout; the call also gives up locally at that time.</param>
/// <param name="Compress">Send the request gzip-compressed (and accept a gzip answer).</param>
public sealed record CallOptions(IReadOnlyDictionary<string, string>? Headers = null, DateTimeOffset? Deadline = null, bool Compress = false, CancellationToken CancellationToken = default);
