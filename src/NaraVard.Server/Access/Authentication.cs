using NaraVard.Grpc.Protocol;
using NaraVard.Grpc.Server;

namespace NaraVard.Server.Access;

/// <summary>
/// Every call but health and reflection carries <c>authorization: Bearer &lt;token&gt;</c>. Missing or unknown
/// tokens are refused with UNAUTHENTICATED; what a known identity may do is decided by the domain rules
/// (PERMISSION_DENIED). The token itself never reaches a log or an error message.
/// </summary>
internal sealed class Authentication(TokenRegistry tokens, JwtValidator jwt)
{
    private const string IdentityKey = "naravard.identity";

    public void Register(GrpcServiceRegistry registry) => registry.Intercept(AuthenticateAsync);

    private async Task AuthenticateAsync(ServerCallContext context)
    {
        if (context.Method.StartsWith("/grpc.health.v1.", StringComparison.Ordinal) || context.Method.StartsWith("/grpc.reflection.", StringComparison.Ordinal))
        {
            return;
        }

        // Tokens issued or revoked before this node started are known once they are loaded at start-up.
        await tokens.Loaded.WaitAsync(context.CancellationToken);
        var header = context.RequestHeaders.Authorization.ToString();
        if (header.Length == 0)
        {
            throw new RpcException(StatusCode.Unauthenticated, "Missing authorization: send 'authorization: Bearer <token>'.");
        }

        var presented = header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? header["Bearer ".Length..].Trim() : "";
        if (tokens.Authenticate(presented) is { } record)
        {
            context.Items[IdentityKey] = record.Actor;
            return;
        }

        if (jwt.Enabled && Tokens.Parse(presented) is null)
        {
            var (actor, reason) = await jwt.ValidateAsync(presented, context.CancellationToken);
            context.Items[IdentityKey] = actor ?? throw new RpcException(StatusCode.Unauthenticated, $"The identity token is not accepted: {reason}.");
            return;
        }

        throw new RpcException(StatusCode.Unauthenticated, "Unknown or revoked token.");
    }

    public static Domain.Actor? IdentityOf(ServerCallContext context) => context.Items.TryGetValue(IdentityKey, out var value) ? value as Domain.Actor : null;
}
