using System.Buffers;
using Google.Protobuf;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using NaraVard.Grpc.Protocol;

namespace NaraVard.Grpc.Server;

/// <summary>The protocol state of one call: encodings, deadline, whether headers went out, and the final status.</summary>
internal sealed class GrpcCall : IDisposable
{
    private readonly CancellationTokenSource _cancellation;
    private readonly TaskCompletionSource _deadlineReached = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly CancellationTokenRegistration _deadlineRegistration;
    private readonly CancellationTokenSource? _deadline;

    public GrpcCall(HttpContext http, string path, GrpcServerOptions options)
    {
        Http = http;
        Options = options;
        RequestGzip = ParseEncoding(http.Request.Headers[GrpcHeaders.Encoding].ToString());

        // Answer compressed when the client compresses and says it accepts gzip back.
        ResponseGzip = RequestGzip && http.Request.Headers[GrpcHeaders.AcceptEncoding].ToString().Contains("gzip", StringComparison.OrdinalIgnoreCase);

        _cancellation = CancellationTokenSource.CreateLinkedTokenSource(http.RequestAborted);
        DateTimeOffset? deadline = null;
        var timeoutHeader = http.Request.Headers[GrpcHeaders.Timeout].ToString();
        if (timeoutHeader.Length > 0)
        {
            if (!GrpcHeaders.TryParseTimeout(timeoutHeader, out var timeout))
            {
                throw new RpcException(StatusCode.Internal, $"Malformed grpc-timeout header '{timeoutHeader}'");
            }

            deadline = DateTimeOffset.UtcNow + timeout;
            _deadline = new CancellationTokenSource(timeout);
            _deadlineRegistration = _deadline.Token.Register(() =>
            {
                _deadlineReached.TrySetResult();
                _cancellation.Cancel();
            });
        }

        Context = new ServerCallContext(http, path, deadline, _cancellation.Token);
    }

    public HttpContext Http { get; }

    public GrpcServerOptions Options { get; }

    public ServerCallContext Context { get; }

    public bool RequestGzip { get; }

    public bool ResponseGzip { get; }

    public bool HeadersSent { get; private set; }

    public bool DeadlineExceeded => _deadline?.IsCancellationRequested == true;

    /// <summary>Completes when the deadline passes; never when there is none.</summary>
    public Task DeadlineReached => _deadlineReached.Task;

    private static bool ParseEncoding(string encoding) => encoding switch
    {
        "" or "identity" => false,
        "gzip" => true,
        _ => throw new RpcException(
            StatusCode.Unimplemented,
            $"Unsupported grpc-encoding '{encoding}'; supported: {GrpcHeaders.SupportedEncodings}",
            new Dictionary<string, string> { [GrpcHeaders.AcceptEncoding] = GrpcHeaders.SupportedEncodings }),
    };

    public async ValueTask<TMessage?> ReadMessageAsync<TMessage>(MessageParser<TMessage> parser)
        where TMessage : IMessage<TMessage>
    {
        var bytes = await MessageFraming.ReadMessageAsync(Http.Request.BodyReader, Options.MaxReceiveMessageSize, RequestGzip, Context.CancellationToken);
        if (bytes is null)
        {
            return default;
        }

        try
        {
            return parser.ParseFrom(bytes);
        }
        catch (InvalidProtocolBufferException e)
        {
            throw new RpcException(StatusCode.Internal, $"Failed to deserialize the request message: {e.Message}");
        }
    }

    /// <summary>Writes one message; <paramref name="flush"/> sends it at once (streams), otherwise it goes with what follows.</summary>
    public async Task WriteMessageAsync(IMessage message, CancellationToken cancellationToken, bool flush = true)
    {
        Context.CancellationToken.ThrowIfCancellationRequested();
        byte[]? encoded = null;
        var cached = !ResponseGzip && EncodedMessages.TryGet(message, out encoded);
        var size = cached ? encoded!.Length - MessageFraming.HeaderSize : message.CalculateSize();
        if (size > Options.MaxSendMessageSize)
        {
            throw new RpcException(StatusCode.ResourceExhausted, $"Sending message larger than max ({size} vs. {Options.MaxSendMessageSize})");
        }

        var framed = cached ? encoded! : ResponseGzip ? MessageFraming.Frame(message.ToByteArray(), gzip: true) : EncodedMessages.Frame(message, size);
        SendHeaders();
        if (flush)
        {
            await Http.Response.BodyWriter.WriteAsync(framed, cancellationToken);
        }
        else
        {
            Http.Response.BodyWriter.Write(framed);
        }
    }

    private void SendHeaders()
    {
        if (HeadersSent)
        {
            return;
        }

        HeadersSent = true;
        SetResponseHeaders();
        if (ResponseGzip)
        {
            Http.Response.Headers[GrpcHeaders.Encoding] = "gzip";
        }
    }

    private void SetResponseHeaders()
    {
        Http.Response.StatusCode = StatusCodes.Status200OK;
        Http.Response.ContentType = Http.Request.ContentType?.StartsWith(GrpcHeaders.ContentTypeProto, StringComparison.OrdinalIgnoreCase) == true
            ? GrpcHeaders.ContentTypeProto
            : GrpcHeaders.ContentType;
        Http.Response.Headers[GrpcHeaders.AcceptEncoding] = GrpcHeaders.SupportedEncodings;
    }

    /// <summary>Ends the call with a status: in trailers after messages, or as a trailers-only response.</summary>
    public async Task CompleteAsync(StatusCode code, string detail, IReadOnlyDictionary<string, string>? extra = null)
    {
        if (Http.RequestAborted.IsCancellationRequested)
        {
            return; // Nobody is listening; the stream is reset already.
        }

        if (!HeadersSent && !Http.Response.HasStarted)
        {
            // Trailers-only: one HEADERS frame with the status and END_STREAM.
            HeadersSent = true;
            SetResponseHeaders();
            Write(Http.Response.Headers, code, detail, extra);
            return;
        }

        var trailers = Http.Features.Get<IHttpResponseTrailersFeature>()?.Trailers
            ?? throw new InvalidOperationException("The server does not support response trailers (HTTP/2 is required).");
        Write(trailers, code, detail, extra);
        await Http.Response.CompleteAsync();
    }

    private static void Write(IHeaderDictionary headers, StatusCode code, string detail, IReadOnlyDictionary<string, string>? extra)
    {
        headers[GrpcHeaders.Status] = ((int)code).ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (detail.Length > 0)
        {
            headers[GrpcHeaders.Message] = GrpcHeaders.EncodeMessage(detail);
        }

        foreach (var (name, value) in extra ?? new Dictionary<string, string>())
        {
            headers[name] = value;
        }
    }

    public void Dispose()
    {
        _deadlineRegistration.Dispose();
        _deadline?.Dispose();
        _cancellation.Dispose();
    }
}
