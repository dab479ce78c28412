using Google.Protobuf;
using Grpc.Core;
using NaraVard.Api.V1;

namespace NaraVard.Bench.Tools;

/// <summary>
/// The read methods of naravard.v1 answered by Grpc.AspNetCore with a fixed answer (the real server's, decoded
/// from the framed bytes): no authentication, no limits, no grain. What is left is the framework's own cost per
/// call (routing, a call context, the generated marshallers, encoding the answer), the floor under NaraVard's.
/// </summary>
internal sealed class FrameworkFloor(byte[] framedResponse) : RoadmapService.RoadmapServiceBase
{
    private readonly Initiative _initiative = Decode(Initiative.Parser, framedResponse);
    private readonly Overview _overview = Decode(Overview.Parser, framedResponse);

    public override Task<Initiative> GetInitiative(GetInitiativeRequest request, ServerCallContext context) => Task.FromResult(_initiative);

    public override Task<Overview> GetOverview(GetOverviewRequest request, ServerCallContext context) => Task.FromResult(_overview);

    // Only one of the two is ever asked for; the other decodes the same bytes as well as it can, and is not used.
    private static T Decode<T>(MessageParser<T> parser, byte[] framed)
        where T : IMessage<T>
    {
        try
        {
            return parser.ParseFrom(framed.AsSpan(5));
        }
        catch (InvalidProtocolBufferException)
        {
            return parser.ParseFrom([]);
        }
    }
}
