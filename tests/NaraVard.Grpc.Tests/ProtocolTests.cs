using System.IO.Compression;
using System.Net;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using NaraVard.Grpc.Client;
using NaraVard.Grpc.Protocol;

namespace NaraVard.Grpc.Tests;

/// <summary>The protocol points of PROTOCOL-HTTP2.md, each against a real Kestrel server, followed by a valid call.</summary>
[Collection(ServerCollection.Name)]
public sealed class ProtocolTests(TestServer server) : IDisposable
{
    private readonly GrpcChannel _channel = new(server.Address);

    private static byte[] Echo(string text) => RawCall.Frame(new StringValue { Value = text }.ToByteArray());

    private async Task StillServesAsync()
    {
        var answer = await _channel.UnaryAsync(TestServer.Echo, new StringValue { Value = "still here" });
        Assert.Equal("still here", answer.Value);
    }

    [Fact]
    public async Task Unary_ValidCall_AnswersMessageThenOkTrailers()
    {
        var response = await RawCall.SendAsync(server.Address, "/test.Echo/Echo", Echo("hej"));

        Assert.Equal(HttpStatusCode.OK, response.Http);
        Assert.Equal("application/grpc", response.ContentType);
        Assert.Null(response.HeaderStatus);
        Assert.Equal("0", response.TrailerStatus);
        Assert.Equal("hej", StringValue.Parser.ParseFrom(response.Body.AsSpan(5).ToArray()).Value);
    }

    [Fact]
    public async Task ContentType_GrpcPlusProto_IsAcceptedAndEchoed()
    {
        var response = await RawCall.SendAsync(server.Address, "/test.Echo/Echo", Echo("proto"), "application/grpc+proto");

        Assert.Equal("0", response.Status);
        Assert.Equal("application/grpc+proto", response.ContentType);
    }

    [Theory]
    [InlineData("text/plain")]
    [InlineData("application/json")]
    [InlineData("application/grpc-web")]
    public async Task ContentType_NotGrpc_AnswersHttp415(string contentType)
    {
        var response = await RawCall.SendAsync(server.Address, "/test.Echo/Echo", Echo("x"), contentType);

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.Http);
        await StillServesAsync();
    }

    [Theory]
    [InlineData("/test.Echo/Nope")]
    [InlineData("/no.Such/Service")]
    [InlineData("/")]
    public async Task UnknownMethodOrService_AnswersUnimplementedTrailersOnly(string path)
    {
        var response = await RawCall.SendAsync(server.Address, path, Echo("x"));

        Assert.Equal(HttpStatusCode.OK, response.Http);
        Assert.Equal("12", response.HeaderStatus);
        Assert.Empty(response.Body);
    }

    [Fact]
    public async Task TruncatedFrame_AnswersInternal()
    {
        var frame = RawCall.Frame([1, 2, 3], declaredLength: 100);

        var response = await RawCall.SendAsync(server.Address, "/test.Echo/Echo", frame);

        Assert.Equal("13", response.Status);
        Assert.Contains("Incomplete message", response.Message, StringComparison.Ordinal);
        await StillServesAsync();
    }

    [Fact]
    public async Task TruncatedHeader_AnswersInternal()
    {
        var response = await RawCall.SendAsync(server.Address, "/test.Echo/Echo", [0, 0, 0]);

        Assert.Equal("13", response.Status);
        await StillServesAsync();
    }

    [Fact]
    public async Task EmptyBody_AnswersInternal()
    {
        var response = await RawCall.SendAsync(server.Address, "/test.Echo/Echo", []);

        Assert.Equal("13", response.Status);
    }

    [Fact]
    public async Task InvalidProtobuf_AnswersInternal()
    {
        var response = await RawCall.SendAsync(server.Address, "/test.Echo/Echo", RawCall.Frame([0x0A, 0xFF, 0xFF, 0xFF, 0xFF, 0x0F]));

        Assert.Equal("13", response.Status);
        Assert.Contains("deserialize", response.Message, StringComparison.Ordinal);
        await StillServesAsync();
    }

    [Fact]
    public async Task TwoMessagesOnUnary_AnswersInternal()
    {
        var response = await RawCall.SendAsync(server.Address, "/test.Echo/Echo", [.. Echo("a"), .. Echo("b")]);

        Assert.Equal("13", response.Status);
    }

    [Fact]
    public async Task OversizeDeclaredLength_AnswersResourceExhaustedWithoutReadingIt()
    {
        var response = await RawCall.SendAsync(server.Address, "/test.Echo/Echo", RawCall.Frame([1], declaredLength: 5 * 1024 * 1024));

        Assert.Equal("8", response.Status);
        Assert.Contains("larger than max", response.Message, StringComparison.Ordinal);
        await StillServesAsync();
    }

    [Fact]
    public async Task OversizeResponse_AnswersResourceExhausted()
    {
        var error = await Assert.ThrowsAsync<RpcException>(() => _channel.UnaryAsync(TestServer.Repeat, new Int32Value { Value = TestServer.MaxMessageSize * 2 }));

        Assert.Equal(StatusCode.ResourceExhausted, error.StatusCode);
    }

    [Fact]
    public async Task InvalidCompressedFlag_AnswersInternal()
    {
        var response = await RawCall.SendAsync(server.Address, "/test.Echo/Echo", RawCall.Frame(new StringValue { Value = "x" }.ToByteArray(), flag: 7));

        Assert.Equal("13", response.Status);
    }

    [Fact]
    public async Task CompressedFlagWithoutEncoding_AnswersInternal()
    {
        var response = await RawCall.SendAsync(server.Address, "/test.Echo/Echo", RawCall.Frame(Gzip(new StringValue { Value = "x" }.ToByteArray()), flag: 1));

        Assert.Equal("13", response.Status);
    }

    [Fact]
    public async Task UnsupportedEncoding_AnswersUnimplementedWithAcceptedEncodings()
    {
        var response = await RawCall.SendAsync(server.Address, "/test.Echo/Echo", Echo("x"), headers: new Dictionary<string, string> { ["grpc-encoding"] = "br" });

        Assert.Equal("12", response.HeaderStatus);
        Assert.Equal("identity,gzip", response.AcceptEncoding);
    }

    [Fact]
    public async Task GzipRequest_IsDecompressed_AndTheAnswerIsGzipped()
    {
        var payload = RawCall.Frame(Gzip(new StringValue { Value = "komprimerat" }.ToByteArray()), flag: 1);

        var response = await RawCall.SendAsync(server.Address, "/test.Echo/Echo", payload, headers: new Dictionary<string, string> { ["grpc-encoding"] = "gzip", ["grpc-accept-encoding"] = "gzip" });

        Assert.Equal("0", response.Status);
        Assert.Equal("gzip", response.Encoding);
        Assert.Equal(1, response.Body[0]);
        Assert.Equal("komprimerat", StringValue.Parser.ParseFrom(Gunzip(response.Body.AsSpan(5).ToArray())).Value);
    }

    [Fact]
    public async Task GzipBomb_IsStoppedAtTheMessageLimit()
    {
        var bomb = Gzip(new StringValue { Value = new string('a', TestServer.MaxMessageSize * 16) }.ToByteArray());
        Assert.True(bomb.Length < TestServer.MaxMessageSize);

        var response = await RawCall.SendAsync(server.Address, "/test.Echo/Echo", RawCall.Frame(bomb, flag: 1), headers: new Dictionary<string, string> { ["grpc-encoding"] = "gzip" });

        Assert.Equal("8", response.Status);
        await StillServesAsync();
    }

    [Fact]
    public async Task GzipFromClient_RoundTrips()
    {
        var answer = await _channel.UnaryAsync(TestServer.Echo, new StringValue { Value = "Åtvidaberg" }, new CallOptions(Compress: true));

        Assert.Equal("Åtvidaberg", answer.Value);
    }

    [Fact]
    public async Task Deadline_HandlerIgnoringIt_StillAnswersDeadlineExceededOnTime()
    {
        var started = DateTime.UtcNow;
        var response = await RawCall.SendAsync(server.Address, "/test.Echo/SlowIgnoringToken", RawCall.Frame(new Int32Value { Value = 10_000 }.ToByteArray()), headers: new Dictionary<string, string> { ["grpc-timeout"] = "200m" });

        Assert.Equal("4", response.Status);
        Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(5), "the answer must not wait for the handler");
    }

    [Fact]
    public async Task Deadline_CancelsTheWorkBehindTheCall()
    {
        var error = await Assert.ThrowsAsync<RpcException>(() => _channel.UnaryAsync(TestServer.SlowObservingToken, new Int32Value { Value = 30_000 }, new CallOptions(Deadline: DateTimeOffset.UtcNow.AddMilliseconds(200))));

        Assert.Equal(StatusCode.DeadlineExceeded, error.StatusCode);
        await server.HandlerCancelled.Task.WaitAsync(TimeSpan.FromSeconds(10));
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("123456789S")]
    [InlineData("10x")]
    public async Task MalformedTimeout_AnswersInternal(string timeout)
    {
        var response = await RawCall.SendAsync(server.Address, "/test.Echo/Echo", Echo("x"), headers: new Dictionary<string, string> { ["grpc-timeout"] = timeout });

        Assert.Equal("13", response.Status);
    }

    [Fact]
    public async Task StatusMessage_IsPercentEncoded_AndDecodesExactly()
    {
        const string Text = "Åtvidaberg: 100% klart\nnästa rad";

        var raw = await RawCall.SendAsync(server.Address, "/test.Echo/Fail", Echo(Text));
        var error = await Assert.ThrowsAsync<RpcException>(() => _channel.UnaryAsync(TestServer.Fail, new StringValue { Value = Text }));

        Assert.Equal("9", raw.HeaderStatus);
        Assert.DoesNotContain('\n', raw.HeaderMessage!);
        Assert.Contains("%C3%85tvidaberg: 100%25 klart%0An", raw.HeaderMessage, StringComparison.Ordinal);
        Assert.Equal(StatusCode.FailedPrecondition, error.StatusCode);
        Assert.Equal(Text, error.Detail);
    }

    [Fact]
    public async Task UnexpectedHandlerException_AnswersUnknownWithoutInternals()
    {
        var error = await Assert.ThrowsAsync<RpcException>(() => _channel.UnaryAsync(TestServer.Crash, new StringValue()));

        Assert.Equal(StatusCode.Unknown, error.StatusCode);
        Assert.DoesNotContain("secret", error.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ServerStreaming_SendsEveryMessageThenOk()
    {
        var received = new List<int>();
        await foreach (var message in _channel.ServerStreamingAsync(TestServer.Count, new Int32Value { Value = 500 }))
        {
            received.Add(message.Value);
        }

        Assert.Equal(Enumerable.Range(1, 500), received);
    }

    [Fact]
    public async Task ManyConcurrentCalls_AllSucceed()
    {
        var answers = await Task.WhenAll(Enumerable.Range(0, 500).Select(i => _channel.UnaryAsync(TestServer.Echo, new StringValue { Value = $"{i}" })));

        Assert.Equal(Enumerable.Range(0, 500).Select(i => $"{i}"), answers.Select(a => a.Value));
    }

    private static byte[] Gzip(byte[] data)
    {
        using var output = new MemoryStream();
        using (var zip = new GZipStream(output, CompressionLevel.SmallestSize))
        {
            zip.Write(data);
        }

        return output.ToArray();
    }

    private static byte[] Gunzip(byte[] data)
    {
        using var input = new GZipStream(new MemoryStream(data), CompressionMode.Decompress);
        using var output = new MemoryStream();
        input.CopyTo(output);
        return output.ToArray();
    }

    public void Dispose() => _channel.Dispose();
}
