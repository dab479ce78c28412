namespace NaraVard.Grpc.Server;

public sealed class GrpcServerOptions
{
    /// <summary>Largest request message accepted (after decompression). Larger ones answer RESOURCE_EXHAUSTED.</summary>
    public int MaxReceiveMessageSize { get; set; } = 4 * 1024 * 1024;

    /// <summary>Largest response message sent. Larger ones answer RESOURCE_EXHAUSTED.</summary>
    public int MaxSendMessageSize { get; set; } = 4 * 1024 * 1024;
}
