using System.Buffers.Binary;
using Google.Protobuf;

namespace NaraVard.Bench.Tools;

/// <summary>gRPC's length-prefixed message: one flag byte (0: not compressed), four bytes of length, the message.</summary>
public static class Framing
{
    public static byte[] Frame(IMessage message)
    {
        var body = message.ToByteArray();
        var framed = new byte[5 + body.Length];
        BinaryPrimitives.WriteUInt32BigEndian(framed.AsSpan(1), (uint)body.Length);
        body.CopyTo(framed.AsSpan(5));
        return framed;
    }

    public static async Task<string> WriteAsync(IMessage message, string path)
    {
        await File.WriteAllBytesAsync(path, Frame(message));
        return path;
    }
}
