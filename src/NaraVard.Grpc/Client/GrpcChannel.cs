using System.IO.Pipelines;
using System.Net;
using System.Net.Http.Headers;
using System.Runtime.CompilerServices;
using Google.Protobuf;
using NaraVard.Grpc.Protocol;

namespace NaraVard.Grpc.Client;

/// <summary>
/// A gRPC client over HttpClient: HTTP/2 with prior knowledge for http:// (h2c), ALPN for https://.
/// Unary and server-streaming calls; statuses arrive as <see cref="RpcException"/>.
/// </summary>
public sealed class GrpcChannel : IDisposable
{
    private readonly HttpClient _http;
    private readonly bool _ownsClient;

    public GrpcChannel(Uri address, HttpMessageHandler? handler = null, int maxReceiveMessageSize = 4 * 1024 * 1024, IReadOnlyDictionary<string, string>? defaultHeaders = null)
    {
        Address = address;
        DefaultHeaders = defaultHeaders ?? new Dictionary<string, string>();
        MaxReceiveMessageSize = maxReceiveMessageSize;
        _http = new HttpClient(handler ?? new SocketsHttpHandler
        {
            EnableMultipleHttp2Connections = true,
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5),
            KeepAlivePingDelay = TimeSpan.FromSeconds(60),
            KeepAlivePingTimeout = TimeSpan.FromSeconds(30),
        })
        {
            BaseAddress = address,
            DefaultRequestVersion = HttpVersion.Version20,
            DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Timeout = Timeout.InfiniteTimeSpan,
        };
        _ownsClient = true;
    }

    public Uri Address { get; }

    public int MaxReceiveMessageSize { get; }

    /// <summary>Metadata sent with every call (authorization, say); per-call headers add to it.</summary>
    public IReadOnlyDictionary<string, string> DefaultHeaders { get; }

    public async Task<TResponse> UnaryAsync<TRequest, TResponse>(Method<TRequest, TResponse> method, TRequest request, CallOptions? options = null)
        where TRequest : IMessage<TRequest>, new()
        where TResponse : IMessage<TResponse>, new()
    {
        options ??= new CallOptions();
        using var call = await StartAsync(method.Path, request, options);
        var response = await call.ReadAsync(Method<TRequest, TResponse>.ResponseParser)
            ?? throw call.StatusOrDefault(new RpcException(StatusCode.Internal, "The server ended a unary call without a response"));
        if (await call.ReadAsync(Method<TRequest, TResponse>.ResponseParser) is not null)
        {
            throw new RpcException(StatusCode.Internal, "The server sent more than one response to a unary call");
        }

        call.ThrowIfNotOk();
        return response;
    }

    public async IAsyncEnumerable<TResponse> ServerStreamingAsync<TRequest, TResponse>(Method<TRequest, TResponse> method, TRequest request, CallOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
        where TRequest : IMessage<TRequest>, new()
        where TResponse : IMessage<TResponse>, new()
    {
        options ??= new CallOptions();
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(options.CancellationToken, cancellationToken);
        using var call = await StartAsync(method.Path, request, options with { CancellationToken = linked.Token });
        while (await call.ReadAsync(Method<TRequest, TResponse>.ResponseParser) is { } response)
        {
            yield return response;
        }

        call.ThrowIfNotOk();
    }

    private async Task<ActiveCall> StartAsync(string path, IMessage request, CallOptions options)
    {
        var message = new HttpRequestMessage(HttpMethod.Post, path)
        {
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Content = new ByteArrayContent(MessageFraming.Frame(request.ToByteArray(), options.Compress)),
        };
        message.Content.Headers.ContentType = new MediaTypeHeaderValue(GrpcHeaders.ContentType);
        message.Headers.TryAddWithoutValidation("te", "trailers");
        message.Headers.TryAddWithoutValidation(GrpcHeaders.AcceptEncoding, GrpcHeaders.SupportedEncodings);
        if (options.Compress)
        {
            message.Headers.TryAddWithoutValidation(GrpcHeaders.Encoding, "gzip");
        }

        CancellationTokenSource? deadline = null;
        if (options.Deadline is { } at)
        {
            var timeout = at - DateTimeOffset.UtcNow;
            if (timeout <= TimeSpan.Zero)
            {
                throw new RpcException(StatusCode.DeadlineExceeded, "Deadline exceeded before the call started");
            }

            message.Headers.TryAddWithoutValidation(GrpcHeaders.Timeout, GrpcHeaders.FormatTimeout(timeout));
            deadline = new CancellationTokenSource(timeout + TimeSpan.FromMilliseconds(500));
        }

        foreach (var (name, value) in DefaultHeaders.Concat(options.Headers ?? new Dictionary<string, string>()))
        {
            message.Headers.TryAddWithoutValidation(name, value);
        }

        var cancellation = deadline is null
            ? CancellationTokenSource.CreateLinkedTokenSource(options.CancellationToken)
            : CancellationTokenSource.CreateLinkedTokenSource(options.CancellationToken, deadline.Token);
        try
        {
            var response = await _http.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, cancellation.Token);
            return await ActiveCall.StartAsync(response, cancellation, deadline, MaxReceiveMessageSize);
        }
        catch (HttpRequestException e)
        {
            cancellation.Dispose();
            deadline?.Dispose();
            throw new RpcException(StatusCode.Unavailable, $"Cannot reach {Address}: {e.Message}");
        }
        catch (OperationCanceledException) when (deadline?.IsCancellationRequested == true)
        {
            cancellation.Dispose();
            deadline.Dispose();
            throw new RpcException(StatusCode.DeadlineExceeded, "Deadline exceeded");
        }
    }

    public void Dispose()
    {
        if (_ownsClient)
        {
            _http.Dispose();
        }
    }

    private sealed class ActiveCall : IDisposable
    {
        private readonly HttpResponseMessage _response;
        private readonly CancellationTokenSource _cancellation;
        private readonly CancellationTokenSource? _deadline;
        private readonly PipeReader _body;
        private readonly bool _gzip;
        private readonly int _maxSize;
        private RpcException? _status;

        private ActiveCall(HttpResponseMessage response, CancellationTokenSource cancellation, CancellationTokenSource? deadline, Stream body, int maxSize)
        {
            _response = response;
            _cancellation = cancellation;
            _deadline = deadline;
            _body = PipeReader.Create(body);
            _gzip = Header(response.Headers, GrpcHeaders.Encoding) == "gzip";
            _maxSize = maxSize;
        }

        public static async Task<ActiveCall> StartAsync(HttpResponseMessage response, CancellationTokenSource cancellation, CancellationTokenSource? deadline, int maxSize)
        {
            if (response.StatusCode != HttpStatusCode.OK)
            {
                var code = FromHttp(response.StatusCode);
                response.Dispose();
                throw new RpcException(code, $"HTTP {(int)response.StatusCode} {response.ReasonPhrase}");
            }

            var body = await response.Content.ReadAsStreamAsync(cancellation.Token);
            var call = new ActiveCall(response, cancellation, deadline, body, maxSize);

            // Trailers-only: the status is in the headers.
            if (Header(response.Headers, GrpcHeaders.Status) is not null)
            {
                call._status = StatusFrom(response.Headers);
            }

            return call;
        }

        public async Task<T?> ReadAsync<T>(MessageParser<T> parser)
            where T : IMessage<T>
        {
            if (_status is not null)
            {
                return default;
            }

            try
            {
                var bytes = await MessageFraming.ReadMessageAsync(_body, _maxSize, _gzip, _cancellation.Token);
                if (bytes is null)
                {
                    _status = Header(_response.TrailingHeaders, GrpcHeaders.Status) is null
                        ? new RpcException(StatusCode.Internal, "The server ended the call without a status")
                        : StatusFrom(_response.TrailingHeaders);
                    return default;
                }

                return parser.ParseFrom(bytes);
            }
            catch (OperationCanceledException) when (_deadline?.IsCancellationRequested == true)
            {
                throw new RpcException(StatusCode.DeadlineExceeded, "Deadline exceeded");
            }
            catch (IOException e)
            {
                throw new RpcException(StatusCode.Unavailable, $"The connection broke: {e.Message}");
            }
            catch (HttpRequestException e)
            {
                throw new RpcException(StatusCode.Unavailable, $"The connection broke: {e.Message}");
            }
        }

        public RpcException StatusOrDefault(RpcException fallback) => _status is { StatusCode: not StatusCode.OK } status ? status : fallback;

        public void ThrowIfNotOk()
        {
            if (_status is { StatusCode: not StatusCode.OK } status)
            {
                throw status;
            }
        }

        private static RpcException StatusFrom(HttpHeaders headers)
        {
            var raw = Header(headers, GrpcHeaders.Status);
            var code = int.TryParse(raw, out var value) ? (StatusCode)value : StatusCode.Unknown;
            var trailers = headers.ToDictionary(h => h.Key, h => string.Join(",", h.Value), StringComparer.OrdinalIgnoreCase);
            return new RpcException(code, GrpcHeaders.DecodeMessage(Header(headers, GrpcHeaders.Message)), trailers);
        }

        private static string? Header(HttpHeaders headers, string name) =>
            headers.TryGetValues(name, out var values) ? values.FirstOrDefault() : null;

        // The HTTP-to-gRPC mapping of grpc/grpc doc/http-grpc-status-mapping.md.
        private static StatusCode FromHttp(HttpStatusCode status) => status switch
        {
            HttpStatusCode.BadRequest => StatusCode.Internal,
            HttpStatusCode.Unauthorized => StatusCode.Unauthenticated,
            HttpStatusCode.Forbidden => StatusCode.PermissionDenied,
            HttpStatusCode.NotFound => StatusCode.Unimplemented,
            HttpStatusCode.TooManyRequests or HttpStatusCode.BadGateway or HttpStatusCode.ServiceUnavailable or HttpStatusCode.GatewayTimeout => StatusCode.Unavailable,
            _ => StatusCode.Unknown,
        };

        public void Dispose()
        {
            _body.Complete();
            _response.Dispose();
            _cancellation.Dispose();
            _deadline?.Dispose();
        }
    }
}
