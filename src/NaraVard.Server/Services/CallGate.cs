using Grpc.Core;
using Grpc.Core.Interceptors;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http.Features.Authentication;
using NaraVard.Domain;
using NaraVard.Persistence;
using NaraVard.Server.Access;
using NaraVard.Server.Mapping;

namespace NaraVard.Server.Services;

/// <summary>
/// What every naravard.v1 call passes through: authentication (a missing or refused token is UNAUTHENTICATED
/// with the reason), then the service, whose expected failures become statuses by <see cref="StatusMapping"/>.
/// An unexpected failure is logged once and answered as UNKNOWN without internals.
/// </summary>
internal sealed partial class CallGate(ILogger<CallGate> logger) : Interceptor
{
    public override async Task<TResponse> UnaryServerHandler<TRequest, TResponse>(TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        var trace = WriteTrace.Start("gateway.start");
        await AuthenticateAsync(context);

        try
        {
            if (trace is not null)
            {
                trace.Mark("gateway.authenticated");
                Orleans.Runtime.RequestContext.Set(WriteTrace.ContextKey, trace.Id);
            }

            var response = await continuation(request, context);
            trace?.Mark("gateway.answered");
            return response;
        }
        catch (Exception e) when (Translate(e, context) is { } status)
        {
            throw status;
        }
        finally
        {
            // A failed call ends its trace too (nothing is kept open); its line shows where it stopped.
            if (trace is not null)
            {
                LogTrace(context.Method, trace.Finish());
            }
        }
    }

    public override async Task ServerStreamingServerHandler<TRequest, TResponse>(TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, ServerStreamingServerMethod<TRequest, TResponse> continuation)
    {
        await AuthenticateAsync(context);
        try
        {
            await continuation(request, responseStream, context);
        }
        catch (Exception e) when (Translate(e, context) is { } status)
        {
            throw status;
        }
    }

    public override async Task<TResponse> ClientStreamingServerHandler<TRequest, TResponse>(IAsyncStreamReader<TRequest> requestStream, ServerCallContext context, ClientStreamingServerMethod<TRequest, TResponse> continuation)
    {
        await AuthenticateAsync(context);
        try
        {
            return await continuation(requestStream, context);
        }
        catch (Exception e) when (Translate(e, context) is { } status)
        {
            throw status;
        }
    }

    /// <summary>The caller the gate let in.</summary>
    public static Actor? ActorOf(ServerCallContext context) => Authentication.ActorOf(context.GetHttpContext().User);

    private static async Task AuthenticateAsync(ServerCallContext context)
    {
        // ASP.NET Core's authentication middleware has already authenticated the request with the default
        // scheme; authenticating again would do the work twice per call.
        var http = context.GetHttpContext();
        var result = http.Features.Get<IAuthenticateResultFeature>()?.AuthenticateResult ?? await http.AuthenticateAsync();
        if (result.Succeeded && Authentication.ActorOf(result.Principal) is not null)
        {
            http.User = result.Principal;
            return;
        }

        throw StatusMapping.Status(StatusCode.Unauthenticated, result.Failure switch
        {
            null => "Missing authorization: send 'authorization: Bearer <token>'.",
            { Message: "Unknown or revoked token." } => "Unknown or revoked token.",
            var failure => $"The identity token is not accepted: {OidcBearerSetup.Reason(failure)}.",
        });
    }

    // RpcExceptions and cancellations pass as they are: the framework already answers them right.
    private RpcException? Translate(Exception e, ServerCallContext context)
    {
        if (e is RpcException or OperationCanceledException)
        {
            return null;
        }

        if (StatusMapping.Map(e) is { } mapped)
        {
            return mapped;
        }

        LogUnexpected(context.Method, e);
        return StatusMapping.Status(StatusCode.Unknown, "The server failed to handle the call; it has been logged.");
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "gRPC call {Method} failed unexpectedly")]
    private partial void LogUnexpected(string method, Exception error);

    [LoggerMessage(Level = LogLevel.Information, Message = "write trace {Method} {Marks}")]
    private partial void LogTrace(string method, string marks);
}
