using System.Buffers;
using System.Buffers.Binary;
using System.IO.Compression;
using System.IO.Pipelines;

namespace NaraVard.Grpc.Protocol;

/// <summary>
/// Length-prefixed messages: a compressed flag byte, a 4-byte big-endian length, then the message. Sizes are
/// checked before anything is buffered, and decompression stops at the same limit, so no input can make the
/// process allocate more than the configured maximum per message.
/// </summary>
public static class MessageFraming
{
    public const int HeaderSize = 5;

    /// <summary>Reads the next message; null at a clean end of stream (between messages).</summary>
    public static async ValueTask<byte[]?> ReadMessageAsync(PipeReader reader, int maxMessageSize, bool gzip, CancellationToken cancellationToken)
    {
        while (true)
        {
            var result = await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
            var buffer = result.Buffer;
            if (buffer.Length >= HeaderSize)
            {
                var (compressed, length) = ParseHeader(buffer.Slice(0, HeaderSize));
                if (length > maxMessageSize)
                {
                    reader.AdvanceTo(buffer.Start);
                    throw new RpcException(StatusCode.ResourceExhausted, $"Received message larger than max ({length} vs. {maxMessageSize})");
                }

                if (buffer.Length >= HeaderSize + length)
                {
                    var payload = buffer.Slice(HeaderSize, length).ToArray();
                    reader.AdvanceTo(buffer.GetPosition(HeaderSize + length));
                    return compressed ? Decompress(payload, gzip, maxMessageSize) : payload;
                }
            }

            if (result.IsCompleted)
            {
                var leftover = buffer.Length;
                reader.AdvanceTo(buffer.End);
                return leftover == 0 ? null : throw new RpcException(StatusCode.Internal, $"Incomplete message: the stream ended inside a message ({leftover} bytes)");
            }

            reader.AdvanceTo(buffer.Start, buffer.End);
        }
    }

    private static (bool Compressed, long Length) ParseHeader(ReadOnlySequence<byte> header)
    {
        Span<byte> bytes = stackalloc byte[HeaderSize];
        header.CopyTo(bytes);
        return bytes[0] switch
        {
            0 => (false, BinaryPrimitives.ReadUInt32BigEndian(bytes[1..])),
            1 => (true, BinaryPrimitives.ReadUInt32BigEndian(bytes[1..])),
            _ => throw new RpcException(StatusCode.Internal, $"Invalid compressed-flag byte {bytes[0]} in message header"),
        };
    }

    private static byte[] Decompress(byte[] payload, bool gzip, int maxMessageSize)
    {
        if (!gzip)
        {
            throw new RpcException(StatusCode.Internal, "A message is marked compressed but no grpc-encoding was given");
        }

        try
        {
            using var input = new GZipStream(new MemoryStream(payload), CompressionMode.Decompress);
            using var output = new MemoryStream();
            var chunk = new byte[16 * 1024];
            int read;
            while ((read = input.Read(chunk)) > 0)
            {
                if (output.Length + read > maxMessageSize)
                {
                    throw new RpcException(StatusCode.ResourceExhausted, $"Decompressed message larger than max ({maxMessageSize})");
                }

                output.Write(chunk, 0, read);
            }

            return output.ToArray();
        }
        catch (InvalidDataException e)
        {
            throw new RpcException(StatusCode.Internal, $"Could not decompress the message: {e.Message}");
        }
    }

    /// <summary>Frames a serialised message, compressing it with gzip when asked.</summary>
    public static byte[] Frame(ReadOnlySpan<byte> message, bool gzip)
    {
        byte[] payload;
        if (gzip)
        {
            using var output = new MemoryStream();
            using (var zip = new GZipStream(output, CompressionLevel.Fastest, leaveOpen: true))
            {
                zip.Write(message);
            }

            payload = output.ToArray();
        }
        else
        {
            payload = message.ToArray();
        }

        var framed = new byte[HeaderSize + payload.Length];
        framed[0] = gzip ? (byte)1 : (byte)0;
        BinaryPrimitives.WriteUInt32BigEndian(framed.AsSpan(1), (uint)payload.Length);
        payload.CopyTo(framed.AsSpan(HeaderSize));
        return framed;
    }
}
