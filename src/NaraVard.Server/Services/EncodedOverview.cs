using System.Runtime.CompilerServices;
using Google.Protobuf;
using Grpc.AspNetCore.Server;
using Grpc.AspNetCore.Server.Model;
using Grpc.Core;
using NaraVard.Api.V1;

namespace NaraVard.Server.Services;

/// <summary>
/// GetOverview answered with bytes encoded once per change of the figures. Leadership dashboards poll the
/// overview (8 KB for the county, much more at national scale); encoding it anew for every caller cost three
/// quarters of the throughput. The same method is bound a second time with a marshaller that writes the
/// remembered bytes, and <see cref="PreferEncoded"/> gives that endpoint precedence over the generated one.
/// </summary>
internal sealed class EncodedOverview : IServiceMethodProvider<RoadmapGrpcService>
{
    private static readonly ConditionalWeakTable<Overview, byte[]> Encoded = [];

    private static readonly Method<GetOverviewRequest, Overview> Method = new(
        MethodType.Unary,
        RoadmapService.Descriptor.FullName,
        "GetOverview",
        Marshallers.Create(r => r.ToByteArray(), GetOverviewRequest.Parser.ParseFrom),
        Marshallers.Create(o => Encoded.TryGetValue(o, out var bytes) ? bytes : o.ToByteArray(), Overview.Parser.ParseFrom));

    /// <summary>Encodes an answer that will be sent many times as it is; it must not change afterwards.</summary>
    public static Overview Remember(Overview answer)
    {
        Encoded.AddOrUpdate(answer, answer.ToByteArray());
        return answer;
    }

    public void OnServiceMethodDiscovery(ServiceMethodProviderContext<RoadmapGrpcService> context) =>
        context.AddUnaryMethod(Method, [], (service, request, call) => service.GetOverview(request, call));

    /// <summary>Routes GetOverview to the encoded binding; the generated one stays as the fallback.</summary>
    public static void PreferEncoded(EndpointBuilder endpoint)
    {
        if (endpoint is RouteEndpointBuilder route && endpoint.Metadata.OfType<GrpcMethodMetadata>().FirstOrDefault() is { } grpc
            && grpc.Method.FullName == Method.FullName && !ReferenceEquals(grpc.Method, Method))
        {
            route.Order = 1;
        }
    }
}
