using Grpc.Core;
using NaraVard.Domain;
using NaraVard.Server.Mapping;

namespace NaraVard.Server.Services;

/// <summary>Who is calling: the identity the authentication step found, as the audit trail records it.</summary>
internal static class Caller
{
    public static Actor Of(ServerCallContext context) =>
        CallGate.ActorOf(context) ?? throw StatusMapping.Status(StatusCode.Unauthenticated, "The call carries no identity.");

    public static string? RequestId(string requestId) =>
        requestId.Length <= 128
            ? (requestId.Length == 0 ? null : requestId)
            : throw StatusMapping.Invalid("request_id", "must be at most 128 characters");
}
