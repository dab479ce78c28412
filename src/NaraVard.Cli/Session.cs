using System.Text.RegularExpressions;
using Google.Protobuf;
using Grpc.Core;
using Grpc.Core.Interceptors;
using Grpc.Net.Client;
using NaraVard.Api.V1;
using Spectre.Console;

namespace NaraVard.Cli;

/// <summary>One run of the CLI: the connection, the roadmap's names, and how results and failures are shown.</summary>
internal sealed partial class Session : IDisposable
{
    private Names? _names;
    private bool _reading;

    public Session(CliConfig config, IAnsiConsole console)
    {
        Config = config;
        Console = console;
        Channel = Connect(config);
        var calls = Channel.Intercept(Authorize(config.Token));
        Roadmap = new RoadmapService.RoadmapServiceClient(calls);
        Initiatives = new InitiativeService.InitiativeServiceClient(calls);
        Obstacles = new ObstacleService.ObstacleServiceClient(calls);
        FollowUp = new FollowUpService.FollowUpServiceClient(calls);
        Exchange = new ExchangeService.ExchangeServiceClient(calls);
    }

    public CliConfig Config { get; }

    public IAnsiConsole Console { get; }

    public GrpcChannel Channel { get; }

    public RoadmapService.RoadmapServiceClient Roadmap { get; }

    public InitiativeService.InitiativeServiceClient Initiatives { get; }

    public ObstacleService.ObstacleServiceClient Obstacles { get; }

    public FollowUpService.FollowUpServiceClient FollowUp { get; }

    public ExchangeService.ExchangeServiceClient Exchange { get; }

    public static GrpcChannel Connect(CliConfig config) =>
        GrpcChannel.ForAddress(config.Server, new GrpcChannelOptions { ThrowOperationCanceledOnCancellation = true });

    /// <summary>Adds the bearer token to every call (the channel may be cleartext on a local server, so not call credentials).</summary>
    public static Func<Metadata, Metadata> Authorize(string? token) => metadata =>
    {
        if (token is not null)
        {
            metadata.Add("authorization", $"Bearer {token}");
        }

        return metadata;
    };

    public async Task<Names> NamesAsync() => _names ??= new Names(await ReadAsync(o => Roadmap.GetRoadmapAsync(new GetRoadmapRequest(), o)));

    /// <summary>A read with the CLI's deadline.</summary>
    public async Task<TResponse> ReadAsync<TResponse>(Func<CallOptions, AsyncUnaryCall<TResponse>> call)
    {
        _reading = true;
        using var pending = call(Deadline());
        return await pending;
    }

    private static CallOptions Deadline() => new(deadline: DateTime.UtcNow.AddSeconds(30));

    /// <summary>
    /// Sends a change with a fresh request id, retrying with the same id while the server is unreachable:
    /// the server applies it once, however many attempts reach it.
    /// </summary>
    public async Task<TResponse> ChangeAsync<TRequest, TResponse>(Func<TRequest, CallOptions, AsyncUnaryCall<TResponse>> call, Func<string, TRequest> request)
    {
        _reading = false;
        var message = request(Guid.NewGuid().ToString("N"));
        var delay = TimeSpan.FromMilliseconds(200);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                using var pending = call(message, Deadline());
                return await pending;
            }
            catch (RpcException e) when (e.StatusCode is StatusCode.Unavailable or StatusCode.DeadlineExceeded && attempt < 3)
            {
                Console.MarkupLineInterpolated($"[grey]The server did not answer ({e.StatusCode}); retrying in {delay.TotalSeconds:0.#} s …[/]");
                await Task.Delay(delay);
                delay *= 2;
            }
        }
    }

    public static void PrintJson(IMessage message) => System.Console.Out.WriteLine(JsonWords.Format(message));

    /// <summary>A failed call as one plain sentence on stderr, and the exit code that says what kind of failure it was.</summary>
    public async Task<int> FailAsync(RpcException e)
    {
        if (e.StatusCode == StatusCode.PermissionDenied)
        {
            try
            {
                await NamesAsync(); // to say "Motala" rather than "0583"
            }
            catch (RpcException)
            {
            }
        }

        return Fail(e);
    }

    private int Fail(RpcException e)
    {
        var detail = e.Status.Detail.Length > 0 ? e.Status.Detail : e.StatusCode.ToString();
        var (code, sentence) = e.StatusCode switch
        {
            StatusCode.NotFound => (ExitCodes.NotFound, $"Not found: {detail}"),
            StatusCode.PermissionDenied => (ExitCodes.Permission, WithNames(Reason(detail))),
            StatusCode.Unauthenticated => (ExitCodes.Permission, $"Not logged in to {Config.Server}: {detail} Use 'naravard login --server <address> --token <token>'."),
            StatusCode.InvalidArgument or StatusCode.FailedPrecondition or StatusCode.AlreadyExists or StatusCode.OutOfRange => (ExitCodes.Rejected, $"Rejected: {AsTyped(detail)}"),
            StatusCode.Aborted => (ExitCodes.Rejected, $"Someone changed it first: {detail}"),
            StatusCode.Unavailable when NotReached(e) => (ExitCodes.Unavailable, NotReachedSentence),
            StatusCode.Unavailable when _reading => (ExitCodes.Unavailable, $"The server at {Config.Server} cannot read right now: {detail}"),
            StatusCode.Unavailable => (ExitCodes.Unavailable, $"The server at {Config.Server} cannot save right now: {detail}"),
            StatusCode.DeadlineExceeded => (ExitCodes.Unavailable, $"The server at {Config.Server} did not answer in time."),
            _ => (ExitCodes.Unavailable, $"The server failed ({e.StatusCode}): {detail}"),
        };
        System.Console.Error.WriteLine(sentence);
        return code;
    }

    /// <summary>The options of the command being run, so a refusal names the field as the user typed it.</summary>
    public IReadOnlyCollection<string> Options { get; set; } = [];

    // The API's field names that the CLI's options spell otherwise.
    private static readonly Dictionary<string, string[]> OptionsOfField = new(StringComparer.Ordinal)
    {
        ["progress_percent"] = ["--progress"],
        ["owner_code"] = ["--org"],
        ["organization_code"] = ["--org"],
        ["roadmap_item"] = ["--item"],
        ["goal_areas"] = ["--area", "--goal-areas"],
        ["participants"] = ["--participant"],
        ["target_date"] = ["--target-date", "--target"],
        ["start_date"] = ["--start-date", "--start"],
        ["blocked_initiatives"] = ["--initiative"],
        ["blocked_organizations"] = ["--org"],
        ["measured_on"] = ["--on"],
        ["kolada_kpi"] = ["--kolada"],
    };

    /// <summary>"progress_percent: must be …" → "--progress: must be …" when the command has that option.</summary>
    private string AsTyped(string detail)
    {
        var colon = detail.IndexOf(": ", StringComparison.Ordinal);
        if (colon <= 0 || detail[..colon].Any(c => !(char.IsAsciiLetterLower(c) || c == '_')))
        {
            return detail;
        }

        var field = detail[..colon];
        var option = OptionsOfField.GetValueOrDefault(field, []).Prepend("--" + field.Replace('_', '-')).FirstOrDefault(Options.Contains);
        return option is null ? detail : option + detail[colon..];
    }

    /// <summary>The server could not be reached at all, or stopped answering a streamed answer: one sentence, exit 5.</summary>
    public int Unreachable()
    {
        System.Console.Error.WriteLine(NotReachedSentence);
        return ExitCodes.Unavailable;
    }

    private string NotReachedSentence =>
        $"The server at {Config.Server} cannot be reached: is it running? (start it with 'dotnet run --project src/NaraVard.Server', or name another with --data-dir or NARAVARD_SERVER)";

    // A connection that was refused or dropped (Grpc.Net.Client keeps the cause as the status's debug exception),
    // not an UNAVAILABLE the server itself answered.
    private static bool NotReached(RpcException e)
    {
        for (var cause = e.Status.DebugException ?? e.InnerException; cause is not null; cause = cause.InnerException)
        {
            if (cause is HttpRequestException or System.Net.Sockets.SocketException or IOException)
            {
                return true;
            }
        }

        return false;
    }

    // "editor 0581 (0581, editor): 0581 may not change 0580's initiative i-x" → the rule after the identity.
    private static string Reason(string detail) => detail.Contains("): ", StringComparison.Ordinal) ? detail[(detail.IndexOf("): ", StringComparison.Ordinal) + 3)..] : detail;

    private string WithNames(string text)
    {
        if (_names is null)
        {
            return Capitalize(text);
        }

        var named = OrgCode().Replace(text, m => _names.Roadmap.Organizations.FirstOrDefault(o => o.Code == m.Value)?.Name ?? m.Value);
        return Capitalize(named);
    }

    private static string Capitalize(string text) => text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text[1..] + (text.EndsWith('.') ? "" : ".");

    [GeneratedRegex(@"\b0[5-9]\d{0,2}\b")]
    private static partial Regex OrgCode();

    public void Dispose() => Channel.Dispose();
}
