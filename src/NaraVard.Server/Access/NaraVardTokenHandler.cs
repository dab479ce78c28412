using System.Runtime.CompilerServices;
using Microsoft.AspNetCore.Authentication;
using NaraVard.Persistence;

namespace NaraVard.Server.Access;

/// <summary>
/// NaraVard's own tokens (<c>nv_{id}_{secret}</c>) as an ASP.NET Core authentication scheme. A handler of its
/// own rather than an <c>AuthenticationHandler</c>: that base class creates a logger and reads its options for
/// every request, a few per cent of a read's cost (docs/performance.md); this one is built from the request's
/// services with two singletons.
/// </summary>
internal sealed class NaraVardTokenHandler(TokenRegistry tokens, IEventStore store) : IAuthenticationHandler
{
    private const string Bearer = "Bearer ";

    // A token's identity is built once per token record, not per call: a record is immutable (revoking one
    // replaces it in the registry), so its result stays right for as long as the record is the current one.
    private static readonly ConditionalWeakTable<TokenRecord, AuthenticateResult> Results = [];

    private HttpContext _context = null!;

    public Task InitializeAsync(AuthenticationScheme scheme, HttpContext context)
    {
        _context = context;
        return Task.CompletedTask;
    }

    public async Task<AuthenticateResult> AuthenticateAsync()
    {
        var header = _context.Request.Headers.Authorization.ToString();
        if (header.Length == 0)
        {
            return AuthenticateResult.NoResult();
        }

        // Tokens issued or revoked before this node started are known once they are loaded at start-up.
        await tokens.Loaded.WaitAsync(_context.RequestAborted);
        return await tokens.AuthenticateFreshAsync(Presented(header).ToString(), store, _context.RequestAborted) is { } record
            ? Succeeded(record)
            : AuthenticateResult.Fail("Unknown or revoked token.");
    }

    /// <summary>The token in an authorization header; empty when it is not a bearer token.</summary>
    public static ReadOnlySpan<char> Presented(string header) =>
        header.StartsWith(Bearer, StringComparison.OrdinalIgnoreCase) ? header.AsSpan(Bearer.Length).Trim() : default;

    /// <summary>The success for a token found good: the same result object for every call with the same record.</summary>
    public static AuthenticateResult Succeeded(TokenRecord record) =>
        Results.GetValue(record, r => AuthenticateResult.Success(new AuthenticationTicket(Authentication.Principal(r.Actor, Authentication.TokenScheme), Authentication.TokenScheme)));

    // gRPC answers a missing or refused token itself (CallGate); anything else gets the plain status codes.
    public Task ChallengeAsync(AuthenticationProperties? properties)
    {
        _context.Response.StatusCode = StatusCodes.Status401Unauthorized;
        return Task.CompletedTask;
    }

    public Task ForbidAsync(AuthenticationProperties? properties)
    {
        _context.Response.StatusCode = StatusCodes.Status403Forbidden;
        return Task.CompletedTask;
    }
}
