using System.Buffers.Binary;
using System.Net;
using System.Net.Http.Headers;

namespace NaraVard.Grpc.Tests;

/// <summary>Hand-made HTTP/2 requests, to send what a well-behaved client never would.</summary>
internal static class RawCall
{
    private static readonly HttpClient Http = new(new SocketsHttpHandler())
    {
        DefaultRequestVersion = HttpVersion.Version20,
        DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact,
    };

    public static byte[] Frame(byte[] payload, byte flag = 0, int? declaredLength = null)
    {
        var framed = new byte[5 + payload.Length];
        framed[0] = flag;
        BinaryPrimitives.WriteUInt32BigEndian(framed.AsSpan(1), (uint)(declaredLength ?? payload.Length));
        payload.CopyTo(framed, 5);
        return framed;
    }

    public static async Task<RawResponse> SendAsync(Uri server, string path, byte[] body, string contentType = "application/grpc", IDictionary<string, string>? headers = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(server, path))
        {
            Content = new ByteArrayContent(body),
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
        };
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        request.Headers.TryAddWithoutValidation("te", "trailers");
        foreach (var (name, value) in headers ?? new Dictionary<string, string>())
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        using var response = await Http.SendAsync(request);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        string? Find(HttpHeaders h, string name) => h.TryGetValues(name, out var v) ? v.First() : null;
        return new RawResponse(
            response.StatusCode,
            bytes,
            Find(response.Headers, "grpc-status"),
            Find(response.Headers, "grpc-message"),
            Find(response.TrailingHeaders, "grpc-status"),
            Find(response.TrailingHeaders, "grpc-message"),
            Find(response.Headers, "grpc-encoding"),
            Find(response.Headers, "grpc-accept-encoding"),
            response.Content.Headers.ContentType?.MediaType);
    }
}

/// <param name="HeaderStatus">grpc-status in the headers: a trailers-only response.</param>
internal sealed record RawResponse(HttpStatusCode Http, byte[] Body, string? HeaderStatus, string? HeaderMessage, string? TrailerStatus, string? TrailerMessage, string? Encoding, string? AcceptEncoding, string? ContentType)
{
    public string? Status => HeaderStatus ?? TrailerStatus;

    public string? Message => HeaderMessage ?? TrailerMessage;
}
