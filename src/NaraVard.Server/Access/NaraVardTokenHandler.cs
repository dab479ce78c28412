using System.Runtime.CompilerServices;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using NaraVard.Persistence;

namespace NaraVard.Server.Access;

/// <summary>NaraVard's own tokens (<c>nv_{id}_{secret}</c>) as an ASP.NET Core authentication scheme.</summary>
internal sealed class NaraVardTokenHandler(TokenRegistry tokens, IEventStore store, IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    private const string Bearer = "Bearer ";

    // A token's identity is built once per token record, not per call: a record is immutable (revoking one
    // replaces it in the registry), so its ticket stays right for as long as the record is the current one.
    private static readonly ConditionalWeakTable<TokenRecord, AuthenticationTicket> Tickets = [];

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers.Authorization.ToString();
        if (header.Length == 0)
        {
            return AuthenticateResult.NoResult();
        }

        // Tokens issued or revoked before this node started are known once they are loaded at start-up.
        await tokens.Loaded.WaitAsync(Context.RequestAborted);
        var presented = header.StartsWith(Bearer, StringComparison.OrdinalIgnoreCase) ? header[Bearer.Length..].Trim() : "";
        return await tokens.AuthenticateFreshAsync(presented, store, Context.RequestAborted) is { } record
            ? AuthenticateResult.Success(Tickets.GetValue(record, r => new AuthenticationTicket(Authentication.Principal(r.Actor, Authentication.TokenScheme), Authentication.TokenScheme)))
            : AuthenticateResult.Fail("Unknown or revoked token.");
    }
}
