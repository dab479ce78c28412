using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using Google.Protobuf;

namespace NaraVard.Grpc.Protocol;

/// <summary>
/// Framed encodings of response objects that a service hands out many times unchanged (a cached overview, say):
/// encoded once, written as they are afterwards. Keyed by the object itself, so an entry lives as long as the
/// service keeps the object and a new object is never confused with an old one. Messages remembered here must
/// not be changed afterwards.
/// </summary>
public static class EncodedMessages
{
    private static readonly ConditionalWeakTable<IMessage, byte[]> Encoded = new();

    /// <summary>Encodes the message now (uncompressed, framed) and returns it, for services that return it repeatedly.</summary>
    public static T Remember<T>(T message)
        where T : IMessage
    {
        Encoded.AddOrUpdate(message, Frame(message));
        return message;
    }

    public static bool TryGet(IMessage message, out byte[] framed) => Encoded.TryGetValue(message, out framed!);

    /// <summary>The uncompressed gRPC frame of a message, encoded straight into its buffer (no intermediate copy).</summary>
    public static byte[] Frame(IMessage message) => Frame(message, message.CalculateSize());

    /// <summary>The same, for a caller that already computed the message's size.</summary>
    public static byte[] Frame(IMessage message, int size)
    {
        var framed = new byte[MessageFraming.HeaderSize + size];
        BinaryPrimitives.WriteUInt32BigEndian(framed.AsSpan(1), (uint)size);
        message.WriteTo(framed.AsSpan(MessageFraming.HeaderSize));
        return framed;
    }
}
