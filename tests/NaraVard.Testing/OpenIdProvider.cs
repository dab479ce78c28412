using System.Security.Claims;
using Microsoft.AspNetCore;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OpenIddict.Abstractions;
using OpenIddict.Server.AspNetCore;
using static OpenIddict.Abstractions.OpenIddictConstants;
using static OpenIddict.Server.OpenIddictServerEvents;

namespace NaraVard.Testing;

/// <summary>
/// A real OpenID Connect server on loopback for the dashboard's sign-in: OpenIddict's, with the authorization code
/// flow and PKCE, refresh tokens, a userinfo endpoint and RS256 ID tokens, as a region's provider runs one. It
/// signs in <see cref="User"/> at once, without a login form: what is tested is NaraVard's side of the protocol.
/// Without a database (OpenIddict's degraded mode), so the one client, the dashboard, is checked by the handlers here.
/// </summary>
public sealed class OpenIdProvider : IAsyncDisposable
{
    public const string ClientId = "naravard-dashboard";
    public const string ClientSecret = "test-secret";
    private readonly WebApplication _app;

    private OpenIdProvider(WebApplication app, string issuer) => (_app, Issuer) = (app, issuer);

    public string Issuer { get; }

    /// <summary>The claims of whoever signs in next, in the ID token and from the userinfo endpoint; a string[] is a list.</summary>
    public IReadOnlyDictionary<string, object> User { get; set; } = new Dictionary<string, object>();

    /// <summary>Claims the userinfo endpoint adds that the ID token does not carry (a provider's assignments, say).</summary>
    public IReadOnlyDictionary<string, object> UserInfoOnly { get; set; } = new Dictionary<string, object>();

    /// <summary>How long the ID tokens it issues are valid.</summary>
    public TimeSpan TokenLifetime { get; set; } = TimeSpan.FromHours(1);

    /// <summary>How many times the userinfo endpoint answered.</summary>
    public int UserInfoReads { get; private set; }

    /// <param name="issuer">The address of a provider that was stopped: started again there with a new signing key, as a rotation.</param>
    public static async Task<OpenIdProvider> StartAsync(string? issuer = null)
    {
        issuer ??= $"http://127.0.0.1:{Loopback.FreePort()}/";
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        if (Environment.GetEnvironmentVariable("NARAVARD_IDP_LOG") is { Length: > 0 } log)
        {
            builder.Logging.AddSimpleConsole().SetMinimumLevel(LogLevel.Debug);
            Console.SetOut(new StreamWriter(log, append: true) { AutoFlush = true });
        }

        builder.WebHost.UseUrls(issuer);
        builder.Services.AddOpenIddict().AddServer(server =>
        {
            server.SetIssuer(new Uri(issuer))
                .SetAuthorizationEndpointUris("authorize")
                .SetTokenEndpointUris("token")
                .SetUserInfoEndpointUris("userinfo");
            server.AllowAuthorizationCodeFlow().AllowRefreshTokenFlow().RequireProofKeyForCodeExchange();
            server.RegisterScopes(Scopes.OpenId, Scopes.Profile, Scopes.OfflineAccess);
            server.AddEphemeralEncryptionKey().AddEphemeralSigningKey().DisableAccessTokenEncryption();
            server.EnableDegradedMode();
            server.UseAspNetCore()
                .DisableTransportSecurityRequirement()
                .EnableAuthorizationEndpointPassthrough()
                .EnableTokenEndpointPassthrough()
                .EnableUserInfoEndpointPassthrough();
            server.AddEventHandler<ValidateAuthorizationRequestContext>(handler => handler.UseInlineHandler(context =>
            {
                if (context.ClientId != ClientId)
                {
                    context.Reject(Errors.InvalidClient, "The client is not registered.");
                }
                else if (!Uri.TryCreate(context.RedirectUri, UriKind.Absolute, out var back) || !back.IsLoopback || back.AbsolutePath != "/logga-in/svar")
                {
                    context.Reject(Errors.InvalidRequest, "The redirect_uri is not the dashboard's.");
                }

                return default;
            }));
            server.AddEventHandler<ValidateTokenRequestContext>(handler => handler.UseInlineHandler(context =>
            {
                if (context.ClientId != ClientId || context.ClientSecret != ClientSecret)
                {
                    context.Reject(Errors.InvalidClient, "The client credentials are wrong.");
                }

                return default;
            }));
        });
        var provider = new OpenIdProvider(builder.Build(), issuer);
        provider.Map();
        await provider._app.StartAsync();
        return provider;
    }

    private void Map()
    {
        _app.MapMethods("/authorize", ["GET", "POST"], (HttpContext http) =>
        {
            var request = http.GetOpenIddictServerRequest()!;
            var identity = new ClaimsIdentity(OpenIddictServerAspNetCoreDefaults.AuthenticationScheme, Claims.Name, Claims.Role);
            foreach (var (type, value) in User)
            {
                foreach (var one in value is string[] many ? many : [value.ToString()!])
                {
                    identity.AddClaim(new Claim(type, one));
                }
            }

            identity.SetScopes(request.GetScopes());
            identity.SetDestinations(_ => [Destinations.IdentityToken, Destinations.AccessToken]);
            return SignIn(new ClaimsPrincipal(identity));
        });
        // Written out, not returned: an async lambda taking only the HttpContext binds as a RequestDelegate, which drops a returned result.
        _app.MapPost("/token", async (HttpContext http) =>
            await SignIn((await http.AuthenticateAsync(OpenIddictServerAspNetCoreDefaults.AuthenticationScheme)).Principal!).ExecuteAsync(http));
        _app.MapMethods("/userinfo", ["GET", "POST"], async (HttpContext http) =>
        {
            var caller = (await http.AuthenticateAsync(OpenIddictServerAspNetCoreDefaults.AuthenticationScheme)).Principal!;
            UserInfoReads++;
            var answer = new Dictionary<string, object>(User) { [Claims.Subject] = caller.GetClaim(Claims.Subject)! };
            foreach (var (type, value) in UserInfoOnly)
            {
                answer[type] = value;
            }

            await Results.Json(answer).ExecuteAsync(http);
        });
    }

    private IResult SignIn(ClaimsPrincipal principal)
    {
        principal.SetIdentityTokenLifetime(TokenLifetime);
        return Results.SignIn(principal, properties: null, OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
    }

    public ValueTask DisposeAsync() => _app.DisposeAsync();
}
