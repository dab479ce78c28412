using System.Buffers.Binary;
using System.Net;
using System.Net.Http.Headers;
using Google.Protobuf;
using NaraVard.Api.V1;
using NaraVard.Server.Tests.Gateway;
using Xunit.Abstractions;

namespace NaraVard.Server.Tests.Faults;

/// <summary>
/// Tens of thousands of malformed requests against a running server: each gets a gRPC status or an HTTP
/// error, valid calls keep working throughout, the process stays up and its memory does not grow.
/// </summary>
[Collection(GatewayCollection.Name)]
public sealed class FuzzTests(ServerFixture fixture, ITestOutputHelper output)
{
    // 20,000 in the suite; bench/soak raises it for long runs (NARAVARD_FUZZ_REQUESTS).
    private static readonly int Requests = int.TryParse(Environment.GetEnvironmentVariable("NARAVARD_FUZZ_REQUESTS"), out var requests) && requests > 0 ? requests : 20_000;
    private static readonly string[] Paths =
    [
        "/naravard.v1.InitiativeService/ReportProgress", "/naravard.v1.InitiativeService/CreateInitiative", "/naravard.v1.RoadmapService/GetInitiative",
        "/naravard.v1.ObstacleService/FlagObstacle", "/naravard.v1.Nope/Nothing", "/grpc.health.v1.Health/Check",
    ];

    [Fact]
    public async Task MalformedRequests_AreAnsweredWithErrors_WhileValidCallsKeepWorking()
    {
        using var http = new HttpClient(new SocketsHttpHandler()) { Timeout = TimeSpan.FromSeconds(30) };
        await SendBatchAsync(http, 0, 1_000); // warm-up
        var before = Rss();
        var linesBefore = fixture.Server.Output.Split('\n').Length;

        var answered = 0;
        var validCalls = 0;
        await Parallel.ForEachAsync(Enumerable.Range(0, Requests / 500), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (chunk, _) =>
        {
            Interlocked.Add(ref answered, await SendBatchAsync(http, 10_000 + (chunk * 500), 500));
            var overview = await fixture.Channel.Roadmap.GetOverviewAsync(new GetOverviewRequest()).ResponseAsync;
            Assert.Equal("ostergotland-2030", overview.RoadmapId);
            Interlocked.Increment(ref validCalls);
        });

        var growth = Rss() - before;
        output.WriteLine($"{Requests} malformed requests, {answered} answered, {validCalls} valid calls in between, RSS growth {growth / 1024 / 1024} MiB");
        Assert.False(fixture.Server.HasExited);
        Assert.Equal(Requests, answered);
        Assert.True(growth < 96L * 1024 * 1024, $"memory grew by {growth / 1024 / 1024} MiB");

        // Malformed requests write no log line each: a flood cannot fill the disk or bury a real error.
        var written = fixture.Server.Output.Split('\n').Skip(linesBefore).ToList();
        Assert.True(written.Count < 100, $"{Requests} malformed requests wrote {written.Count} log lines, such as:\n{string.Join('\n', written.Take(5))}");
    }

    [Theory]
    [InlineData("99999999H")]
    [InlineData("99999999S")]
    [InlineData("1n")]
    public async Task GrpcTimeout_AtTheEdgesOfItsRange_IsAnsweredWithAStatus(string timeout)
    {
        using var http = new HttpClient(new SocketsHttpHandler()) { Timeout = TimeSpan.FromSeconds(30) };
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(fixture.Server.Address, "/naravard.v1.RoadmapService/GetOverview"))
        {
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Content = new ByteArrayContent(Frame(new GetOverviewRequest().ToByteArray())),
        };
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse("application/grpc");
        request.Headers.TryAddWithoutValidation("authorization", $"Bearer {fixture.AdminToken}");
        request.Headers.TryAddWithoutValidation("te", "trailers");
        request.Headers.TryAddWithoutValidation("grpc-timeout", timeout);

        using var response = await http.SendAsync(request);
        await response.Content.ReadAsByteArrayAsync();

        // A huge timeout is no deadline to speak of (OK); a nanosecond one may pass before the answer (DEADLINE_EXCEEDED) or not: never an HTTP 500.
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var status = response.TrailingHeaders.TryGetValues("grpc-status", out var t) ? t.First() : response.Headers.GetValues("grpc-status").First();
        Assert.Contains(status, (string[])(timeout == "1n" ? ["0", "4"] : ["0"]));
    }

    /// <summary>
    /// Sends malformed requests seeded by their index; returns how many got an answer (an HTTP error, or a gRPC
    /// status: random bytes now and then decode into a valid message, and then an OK or a rule's error is right).
    /// No streaming method is fuzzed: a request that happened to decode would rightly stream until cancelled.
    /// </summary>
    private async Task<int> SendBatchAsync(HttpClient http, int first, int count)
    {
        var answered = 0;
        for (var i = first; i < first + count; i++)
        {
            var random = new Random(i);
            var (body, contentType, headers) = Malformed(random);
            using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(fixture.Server.Address, Paths[random.Next(Paths.Length)]))
            {
                Version = HttpVersion.Version20,
                VersionPolicy = HttpVersionPolicy.RequestVersionExact,
                Content = new ByteArrayContent(body),
            };
            request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
            request.Headers.TryAddWithoutValidation("authorization", $"Bearer {fixture.AdminToken}");
            request.Headers.TryAddWithoutValidation("grpc-timeout", "5S");
            foreach (var (name, value) in headers)
            {
                request.Headers.TryAddWithoutValidation(name, value);
            }

            try
            {
                using var response = await http.SendAsync(request);
                await response.Content.ReadAsByteArrayAsync();
                var status = response.Headers.TryGetValues("grpc-status", out var h) ? h.First() : response.TrailingHeaders.TryGetValues("grpc-status", out var t) ? t.First() : null;
                if (response.StatusCode != HttpStatusCode.OK || status is not null)
                {
                    answered++;
                }
            }
            catch (HttpRequestException)
            {
                // Oversized metadata is refused by HTTP/2 itself (stream reset): also an HTTP-level error.
                answered++;
            }
        }

        return answered;
    }

    private static (byte[] Body, string ContentType, Dictionary<string, string> Headers) Malformed(Random random)
    {
        var valid = new ReportProgressRequest { InitiativeId = "i-fuzz", ProgressPercent = 10, Status = InitiativeStatus.OnTrack }.ToByteArray();
        var headers = new Dictionary<string, string>();
        var contentType = "application/grpc";
        byte[] body;
        switch (random.Next(8))
        {
            case 0: // truncated frame
                body = Frame(valid, declared: valid.Length + 1 + random.Next(100))[..(5 + random.Next(valid.Length))];
                break;
            case 1: // declared length far beyond the limit
                body = Frame([1, 2, 3], declared: 5_000_000 + random.Next(int.MaxValue - 5_000_000));
                break;
            case 2: // random bytes as protobuf
                body = Frame(Bytes(random, random.Next(1, 200)));
                break;
            case 3: // a string field with invalid UTF-8, and an out-of-range progress
                body = Frame([0x0A, 0x04, 0xC3, 0x28, 0xFF, 0xFE, 0x10, 0xE8, 0x07]);
                break;
            case 4: // wrong content type
                body = Frame(valid);
                contentType = random.Next(2) == 0 ? "text/plain" : "application/json";
                break;
            case 5: // huge metadata
                body = Frame(valid);
                headers["x-filler"] = new string('a', random.Next(2) == 0 ? 8_000 : 70_000);
                break;
            case 6: // bad compression
                body = Frame(Bytes(random, 50), flag: 1);
                headers["grpc-encoding"] = "gzip";
                break;
            default: // two messages, bad flag byte, or garbage framing
                body = random.Next(2) == 0 ? [.. Frame(valid), .. Frame(valid)] : Bytes(random, random.Next(1, 40));
                if (body.Length > 0 && random.Next(2) == 0)
                {
                    body[0] = (byte)random.Next(2, 256);
                }

                break;
        }

        return (body, contentType, headers);
    }

    private static byte[] Frame(byte[] payload, int? declared = null, byte flag = 0)
    {
        var framed = new byte[5 + payload.Length];
        framed[0] = flag;
        BinaryPrimitives.WriteUInt32BigEndian(framed.AsSpan(1), (uint)(declared ?? payload.Length));
        payload.CopyTo(framed, 5);
        return framed;
    }

    private static byte[] Bytes(Random random, int length)
    {
        var bytes = new byte[length];
        random.NextBytes(bytes);
        return bytes;
    }

    private long Rss()
    {
        var line = File.ReadLines($"/proc/{fixture.Server.ProcessId}/status").First(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
        return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], System.Globalization.CultureInfo.InvariantCulture) * 1024;
    }
}
