using System.Text.Encodings.Web;
using System.Text.Unicode;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using NaraVard.Web.Access;
using NaraVard.Web.Components;
using NaraVard.Web.Exchange;
using NaraVard.Web.Live;

namespace NaraVard.Web;

/// <summary>
/// The dashboard: Razor components rendered on the server (static rendering, no circuit per screen), plain
/// HTML forms with antiforgery for the writes, and a server-sent event stream that tells open pages to re-read.
/// </summary>
public static class DashboardExtensions
{
    /// <summary>Registers the pages, the cookie session and antiforgery. The host provides <see cref="IDashboardTokens"/> and <see cref="ILiveChanges"/>.</summary>
    public static IServiceCollection AddNaraVardDashboard(this IServiceCollection services, AuthenticationBuilder authentication)
    {
        // Swedish text as text (å, ä, ö are not escaped: a third smaller page); markup characters still are.
        services.AddSingleton(HtmlEncoder.Create(UnicodeRanges.All));
        services.AddRazorComponents();
        services.AddCascadingAuthenticationState();
        services.AddAntiforgery(antiforgery =>
        {
            antiforgery.Cookie.Name = "naravard-antiforgery";
            antiforgery.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            antiforgery.Cookie.SameSite = SameSiteMode.Strict;
        });
        authentication.AddDashboardCookie();
        services.AddAuthorizationBuilder().AddPolicy(DashboardAccess.PolicyName, DashboardAccess.Policy);
        services.AddSingleton<Exchange.PendingImports>();
        return services;
    }

    /// <summary>
    /// Maps the pages, sign-out, the live stream and the assets; everything but sign-in needs a session. The host
    /// has called <c>UseAuthentication</c> before (it authenticates every request once, for its own needs too).
    /// </summary>
    /// <param name="isApiCall">Requests routed to the host's API: they pass by the browser's middlewares (authorization policies, antiforgery, security headers), which together cost an API read a tenth of its time.</param>
    public static WebApplication MapNaraVardDashboard(this WebApplication app, Func<HttpContext, bool> isApiCall)
    {
        app.UseBypassable(isApiCall, browser =>
        {
            browser.UseAuthorization();
            browser.UseAntiforgery();
            browser.Use(SecurityHeaders);
        });
        app.MapRazorComponents<App>().RequireAuthorization(DashboardAccess.PolicyName);
        app.MapLive().RequireAuthorization(DashboardAccess.PolicyName);
        app.MapSpreadsheets();
        app.MapPost(DashboardAccess.SignOutPath, SignOutAsync).RequireAuthorization(DashboardAccess.PolicyName);
        app.MapGet("/assets/{name}", Asset);
        app.MapGet(DashboardAccess.SignInPath + "/extern", ChallengeExternal);
        return app;
    }

    private static async Task<IResult> SignOutAsync(HttpContext context, IAntiforgery antiforgery, EndedSessions ended)
    {
        if (!await antiforgery.IsRequestValidAsync(context))
        {
            return Results.BadRequest("Formuläret saknar giltig antiforgery-token.");
        }

        await DashboardAccess.EndSessionAsync(context.User, ended, context.RequestAborted);
        await context.SignOutAsync(DashboardAccess.Scheme);
        return Results.Redirect(DashboardAccess.SignInPath);
    }

    /// <summary>To the identity provider; back to the page the user came from (a path on this site only).</summary>
    private static IResult ChallengeExternal(ExternalSignIn external, string? tillbaka) =>
        external.Scheme is { } scheme
            ? Results.Challenge(new AuthenticationProperties { RedirectUri = LocalPath(tillbaka) }, [scheme])
            : Results.NotFound();

    /// <summary>Only a path on this site: a return address may not send the user elsewhere.</summary>
    public static string LocalPath(string? path) =>
        path is { Length: > 1 } && path[0] == '/' && path[1] is not '/' and not '\\' ? path : "/";

    private static IResult Asset(string name)
    {
        var stream = typeof(DashboardExtensions).Assembly.GetManifestResourceStream("assets/" + name);
        if (stream is null)
        {
            return Results.NotFound();
        }

        var type = Path.GetExtension(name) switch
        {
            ".css" => "text/css; charset=utf-8",
            ".js" => "text/javascript; charset=utf-8",
            ".svg" => "image/svg+xml",
            _ => "application/octet-stream",
        };
        return Results.Stream(stream, type);
    }

    /// <summary>No framing by other sites, no inline script, no sniffing: the page's own script and style only.</summary>
    private static Task SecurityHeaders(HttpContext context, RequestDelegate next)
    {
        var headers = context.Response.Headers;
        headers.ContentSecurityPolicy = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; frame-ancestors 'none'; form-action 'self'; base-uri 'self'";
        headers.XContentTypeOptions = "nosniff";
        headers["Referrer-Policy"] = "same-origin";
        return next(context);
    }
}
