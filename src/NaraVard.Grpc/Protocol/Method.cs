using Google.Protobuf;

namespace NaraVard.Grpc.Protocol;

public enum MethodType
{
    Unary,
    ServerStreaming,
    DuplexStreaming,
}

/// <summary>One RPC: its path (/package.Service/Method), its shape and how to parse its messages.</summary>
public sealed record Method<TRequest, TResponse>(string ServiceName, string Name, MethodType Type)
    where TRequest : IMessage<TRequest>, new()
    where TResponse : IMessage<TResponse>, new()
{
    public string Path => $"/{ServiceName}/{Name}";

    public static MessageParser<TRequest> RequestParser { get; } = new(() => new TRequest());

    public static MessageParser<TResponse> ResponseParser { get; } = new(() => new TResponse());
}
