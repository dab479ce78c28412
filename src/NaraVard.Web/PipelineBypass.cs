using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace NaraVard.Web;

/// <summary>
/// Middlewares that some requests pass by. The host's API calls need none of the browser's middlewares
/// (authorization policies, antiforgery, security headers), and each is a few per cent of an API read.
/// </summary>
public static class PipelineBypass
{
    /// <summary>
    /// Adds the middlewares <paramref name="configure"/> adds; a request for which <paramref name="bypass"/> is
    /// true goes straight to what follows them. Unlike <c>UseWhen</c>, they are added to the application's own
    /// pipeline, not to a copy: WebApplication sees that authentication, authorization and antiforgery are in
    /// place and does not add them a second time in front of everything.
    /// </summary>
    public static IApplicationBuilder UseBypassable(this IApplicationBuilder app, Func<HttpContext, bool> bypass, Action<IApplicationBuilder> configure)
    {
        // The pipeline is built from its end: the last component below runs first and keeps what follows the
        // bypassable ones, before the first component below is built and reads it.
        RequestDelegate? following = null;
        app.Use(next => context => bypass(context) ? following!(context) : next(context));
        configure(app);
        app.Use(next => following = next);
        return app;
    }
}
