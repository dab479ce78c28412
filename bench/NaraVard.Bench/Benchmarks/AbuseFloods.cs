using System.Net;
using System.Net.Sockets;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using Grpc.Core;
using Grpc.Health.V1;
using Grpc.Net.Client;
using NaraVard.Api.V1;
using NaraVard.Testing;

namespace NaraVard.Bench.Benchmarks;

/// <summary>
/// Issue 31's floods, each run beside the bystander by <see cref="AbuseBenchmark"/>: writes through the method
/// path in other case, dry runs of a crafted XLSX whose merged ranges would expand to 60 million cells, a viewer
/// asking for 40 PDFs at once, round after round, and 10,000 idle connections from one address. Each returns
/// what the server did with it, in words for the report.
/// </summary>
internal static class AbuseFloods
{
    /// <summary>ReportProgress on "/Naravard.v1.InitiativeService/ReportProgress": the server routes it, the write quota must count it.</summary>
    public static async Task<string> MisCasedWritesAsync(Uri address, string token, IReadOnlyList<string> ids, CancellationToken stop)
    {
        using var channel = GrpcChannel.ForAddress(address);
        var method = new Method<ReportProgressRequest, Initiative>(MethodType.Unary, "Naravard.v1.InitiativeService", "ReportProgress",
            Marshallers.Create<ReportProgressRequest>(m => Google.Protobuf.MessageExtensions.ToByteArray(m), ReportProgressRequest.Parser.ParseFrom),
            Marshallers.Create<Initiative>(m => Google.Protobuf.MessageExtensions.ToByteArray(m), Initiative.Parser.ParseFrom));
        var options = new CallOptions(new Grpc.Core.Metadata { { "authorization", $"Bearer {token}" } });
        int accepted = 0, refused = 0;
        await Task.WhenAll(Enumerable.Range(0, 32).Select(async worker =>
        {
            for (var n = 0; !stop.IsCancellationRequested; n++)
            {
                try
                {
                    await channel.CreateCallInvoker().AsyncUnaryCall(method, null, options, new ReportProgressRequest { InitiativeId = ids[worker % ids.Count], ProgressPercent = n % 100, Status = InitiativeStatus.OnTrack });
                    Interlocked.Increment(ref accepted);
                }
                catch (RpcException e) when (e.StatusCode == StatusCode.ResourceExhausted)
                {
                    Interlocked.Increment(ref refused);
                }
            }
        }));
        return $"{accepted:N0} writes accepted, {refused:N0} refused RESOURCE_EXHAUSTED";
    }

    /// <summary>Dry runs of a 60-range merged-cell XLSX by one viewer, four at once.</summary>
    public static async Task<string> MergedRangeDryRunsAsync(ApiClient viewer, CancellationToken stop)
    {
        var file = MergedRanges(60);
        int refused = 0, limited = 0, read = 0, dropped = 0;
        await Task.WhenAll(Enumerable.Range(0, 4).Select(async _ =>
        {
            while (!stop.IsCancellationRequested)
            {
                try
                {
                    await viewer.ImportAsync(file, "plan.xlsx", dryRun: true);
                    Interlocked.Increment(ref read);
                }
                catch (RpcException e) when (e.StatusCode == StatusCode.InvalidArgument)
                {
                    Interlocked.Increment(ref refused);
                }
                catch (RpcException e) when (e.StatusCode == StatusCode.ResourceExhausted)
                {
                    Interlocked.Increment(ref limited);
                }
                catch (Exception e) when (e is RpcException or HttpRequestException or IOException)
                {
                    // Kestrel ends a connection whose streams are refused faster than it likes (ENHANCE_YOUR_CALM);
                    // the flooder goes on, as a script would, and the report counts it.
                    Interlocked.Increment(ref dropped);
                }
            }
        }));
        return $"a {file.Length / 1024.0:0.0} KB file; {refused:N0} dry runs refused INVALID_ARGUMENT (merged cells over the limit), {limited:N0} RESOURCE_EXHAUSTED, {read:N0} read, {dropped:N0} lost with a connection the server closed";
    }

    /// <summary>One viewer asking for the meeting pack as PDF, 40 at once, again and again.</summary>
    public static async Task<string> PrintsAsync(ApiClient viewer, CancellationToken stop)
    {
        int printed = 0, refused = 0, failed = 0;
        await Task.WhenAll(Enumerable.Range(0, 40).Select(async _ =>
        {
            while (!stop.IsCancellationRequested)
            {
                try
                {
                    await ApiClient.DownloadAsync(viewer.Exchange.PrintPdf(new PrintPdfRequest { View = PrintView.SinceMeeting, SinceMeetingOf = Body.Svo }));
                    Interlocked.Increment(ref printed);
                }
                catch (RpcException e) when (e.StatusCode == StatusCode.ResourceExhausted)
                {
                    Interlocked.Increment(ref refused);
                    await Task.Delay(100, CancellationToken.None);
                }
                catch (Exception e) when (e is RpcException or HttpRequestException or IOException)
                {
                    Interlocked.Increment(ref failed);
                    await Task.Delay(100, CancellationToken.None);
                }
            }
        }));
        return $"{printed:N0} printed, {refused:N0} refused RESOURCE_EXHAUSTED, {failed:N0} failed otherwise";
    }

    /// <summary>10,000 idle connections from 127.0.0.1 held for the window; meanwhile new clients from 127.0.0.2 ask for a health check.</summary>
    public static async Task<string> IdleConnectionsAsync(Uri address, CancellationToken stop)
    {
        var sockets = new List<Socket>();
        int held = 0, served = 0, unserved = 0;
        try
        {
            for (var i = 0; i < 10_000 && !stop.IsCancellationRequested; i++)
            {
                var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                sockets.Add(socket);
                try
                {
                    await socket.ConnectAsync(IPAddress.Loopback, address.Port);
                }
                catch (SocketException)
                {
                }
            }

            while (!stop.IsCancellationRequested)
            {
                using var fresh = GrpcChannel.ForAddress(address, new GrpcChannelOptions { HttpHandler = Loopback.From("127.0.0.2") });
                try
                {
                    await new Health.HealthClient(fresh).CheckAsync(new HealthCheckRequest(), deadline: DateTime.UtcNow.AddSeconds(5));
                    served++;
                }
                catch (RpcException)
                {
                    unserved++;
                }

                await Task.Delay(200, CancellationToken.None);
            }

            held = sockets.Count(s => s.Connected && !(s.Poll(0, SelectMode.SelectRead) && s.Available == 0));
        }
        finally
        {
            sockets.ForEach(s => s.Dispose());
        }

        return $"{sockets.Count:N0} connections opened, {held:N0} still held at the end; new clients from another address: {served:N0} served, {unserved:N0} not";
    }

    /// <summary>A header row and <paramref name="ranges"/> merged ranges of a million cells each: a few KB on disk.</summary>
    private static byte[] MergedRanges(int ranges)
    {
        using var buffer = new MemoryStream();
        using (var document = SpreadsheetDocument.Create(buffer, SpreadsheetDocumentType.Workbook))
        {
            var workbook = document.AddWorkbookPart();
            workbook.Workbook = new Workbook(new Sheets());
            var part = workbook.AddNewPart<WorksheetPart>();
            var header = new Row(new[] { "Ägare", "Färdplanspunkt", "Rubrik" }.Select((text, i) => new Cell { CellReference = $"{(char)('A' + i)}1", DataType = CellValues.InlineString, InlineString = new InlineString(new Text(text)) })) { RowIndex = 1 };
            var worksheet = new Worksheet(new SheetData(header));
            worksheet.Append(new MergeCells(Enumerable.Range(0, ranges).Select(i => new MergeCell { Reference = $"{(char)('A' + (i % 3))}{2 + (i * 10)}:{(char)('A' + (i % 3))}{1_000_001 + (i * 10)}" })));
            part.Worksheet = worksheet;
            workbook.Workbook.Sheets!.Append(new Sheet { Id = workbook.GetIdOfPart(part), SheetId = 1, Name = "Plan" });
            workbook.Workbook.Save();
        }

        return buffer.ToArray();
    }
}
