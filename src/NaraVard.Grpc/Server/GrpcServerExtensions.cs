using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace NaraVard.Grpc.Server;

public static class GrpcServerExtensions
{
    /// <summary>Adds the gRPC protocol: a registry of methods, the exception mapper, and options.</summary>
    public static IServiceCollection AddGrpcProtocol(this IServiceCollection services, Action<GrpcServerOptions>? configure = null)
    {
        services.AddSingleton<GrpcServiceRegistry>();
        services.AddSingleton<GrpcExceptionMapper>();
        services.AddOptions<GrpcServerOptions>().Configure(o => configure?.Invoke(o));
        return services;
    }

    /// <summary>Answers gRPC requests; everything else goes on down the pipeline.</summary>
    public static IApplicationBuilder UseGrpcProtocol(this IApplicationBuilder app) => app.UseMiddleware<GrpcMiddleware>();
}
