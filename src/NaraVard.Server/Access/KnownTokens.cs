using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http.Features.Authentication;
using NaraVard.Web;

namespace NaraVard.Server.Access;

/// <summary>
/// A gRPC call with a NaraVard token found good before is let in here, and passes by ASP.NET Core's
/// authentication middleware: for every request, that looks up the schemes, resolves the authentication
/// service and the handler from the request's scope and copies the ticket, a tenth of an API read's time
/// (docs/performance.md). Everything else takes the middleware: a token not seen before or revoked since, a
/// JWT, a call without a token, every browser request. Tokens are checked in one place,
/// <see cref="TokenRegistry"/>, which this only asks whether it found the token good before.
/// </summary>
internal static class KnownTokens
{
    /// <param name="isApiCall">Requests routed to the API, the only ones let in here.</param>
    public static IApplicationBuilder UseNaraVardAuthentication(this IApplicationBuilder app, Func<HttpContext, bool> isApiCall)
    {
        var tokens = app.ApplicationServices.GetRequiredService<TokenRegistry>();
        return app.UseBypassable(context => isApiCall(context) && LetIn(context, tokens), authentication => authentication.UseAuthentication());
    }

    /// <summary>True, with the caller set as the middleware would set it, when the call's token is known good.</summary>
    private static bool LetIn(HttpContext context, TokenRegistry tokens)
    {
        if (tokens.Verified(NaraVardTokenHandler.Presented(context.Request.Headers.Authorization.ToString())) is not { } record)
        {
            return false;
        }

        var features = new Authenticated(NaraVardTokenHandler.Succeeded(record));
        context.Features.Set<IAuthenticateResultFeature>(features);
        context.Features.Set<IHttpAuthenticationFeature>(features);
        return true;
    }

    /// <summary>As the middleware's own: setting the user (as a later scheme may) drops the result it replaces.</summary>
    private sealed class Authenticated(AuthenticateResult result) : IAuthenticateResultFeature, IHttpAuthenticationFeature
    {
        private AuthenticateResult? _result = result;
        private ClaimsPrincipal? _user = result.Principal;

        public AuthenticateResult? AuthenticateResult
        {
            get => _result;
            set
            {
                _result = value;
                _user = value?.Principal;
            }
        }

        public ClaimsPrincipal? User
        {
            get => _user;
            set
            {
                _user = value;
                _result = null;
            }
        }
    }
}
