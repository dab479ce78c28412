namespace NaraVard.Server.Services;

/// <summary>
/// A request body that does not decode as the method's message is answered INTERNAL, as the gRPC status table
/// says a server's "error parsing request proto" is, and as docs/grpc-status.md promises; grpc-dotnet answers it
/// UNKNOWN "Exception was thrown by handler.", the status NaraVard keeps for its own bugs (issue 31). The body is
/// decoded before any interceptor runs, so the answer is mended on its way out: every failure of NaraVard's own
/// code is answered by <see cref="CallGate"/> with its own words, so that message with UNKNOWN can only come from
/// the framework, before the call reached the service.
/// </summary>
internal static class UndecodableRequests
{
    private const string FrameworkMessage = "Exception was thrown by handler.";

    public static IApplicationBuilder UseUndecodableRequestsAsInternal(this IApplicationBuilder app, Func<HttpContext, bool> isApiCall) =>
        app.Use((context, next) =>
        {
            if (isApiCall(context))
            {
                context.Response.OnStarting(Mend, context);
            }

            return next(context);
        });

    private static Task Mend(object state)
    {
        var headers = ((HttpContext)state).Response.Headers;
        if (headers["grpc-status"] == "2" && headers["grpc-message"] == FrameworkMessage)
        {
            headers["grpc-status"] = "13";
            headers["grpc-message"] = "The request body does not decode as this method's request message.";
        }

        return Task.CompletedTask;
    }
}
