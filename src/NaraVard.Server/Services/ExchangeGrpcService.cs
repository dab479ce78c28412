using Google.Protobuf;
using Grpc.Core;
using NaraVard.Api.V1;
using NaraVard.Exchange.Exports;
using NaraVard.Exchange.Plans;
using NaraVard.Exchange.Sheets;
using NaraVard.Server.Exchange;
using NaraVard.Server.Mapping;

namespace NaraVard.Server.Services;

/// <summary>naravard.v1.ExchangeService: plans imported from spreadsheets, views exported to them.</summary>
internal sealed class ExchangeGrpcService(PlanImports imports, Exports exports, Printing.DashboardPrints prints, TimeProvider time) : ExchangeService.ExchangeServiceBase
{
    private const int ChunkSize = 64 * 1024;

    public override async Task<ImportPlanResult> ImportPlan(IAsyncStreamReader<ImportPlanChunk> requestStream, ServerCallContext context)
    {
        var by = Caller.Of(context);
        if (!await requestStream.MoveNext(context.CancellationToken) || requestStream.Current.Header is not { } header)
        {
            throw StatusMapping.Invalid("header", "the first chunk must be the header (file_name, dry_run)");
        }

        using var file = new MemoryStream();
        while (await requestStream.MoveNext(context.CancellationToken))
        {
            var data = requestStream.Current.Data;
            if (file.Length + data.Length > SheetLimits.Default.MaxBytes)
            {
                throw StatusMapping.Invalid("data", $"the file is larger than {SheetLimits.Default.MaxBytes / (1024 * 1024)} MB, the most an import takes");
            }

            data.WriteTo(file);
        }

        try
        {
            return (await imports.ImportAsync(file.ToArray(), header.FileName, by, header.DryRun, context.CancellationToken)).ToApi();
        }
        catch (SheetRefusedException e)
        {
            throw StatusMapping.Invalid("data", e.Message);
        }
    }

    public override Task GetPlanTemplate(GetPlanTemplateRequest request, IServerStreamWriter<FileChunk> responseStream, ServerCallContext context) =>
        SendAsync(exports.Template(), responseStream, context.CancellationToken);

    public override async Task Export(ExportRequest request, IServerStreamWriter<FileChunk> responseStream, ServerCallContext context)
    {
        var kind = request.View switch
        {
            ExportView.Overview => ExportKind.Overview,
            ExportView.Matrix => ExportKind.Matrix,
            ExportView.Initiatives => ExportKind.Initiatives,
            ExportView.Obstacles => ExportKind.Obstacles,
            ExportView.Changes => ExportKind.Changes,
            ExportView.CommitteeReport => ExportKind.CommitteeReport,
            _ => throw StatusMapping.Invalid("view", "is required: overview, matrix, initiatives, obstacles, changes or committee_report"),
        };
        var csv = request.Format switch
        {
            ExportFormat.Csv => true,
            ExportFormat.Xlsx or ExportFormat.Unspecified => false,
            _ => throw StatusMapping.Invalid("format", "must be xlsx or csv"),
        };
        var file = await exports.ExportAsync(
            kind,
            csv,
            RequestFields.NullIfEmpty(request.OrganizationCode),
            request.SinceMeetingOf.ToDomain("since_meeting_of"),
            request.From.ToDate("from") is { } from ? Domain.FollowUp.SwedishTime.EndOf(from.AddDays(-1)) : null,
            request.To.ToDate("to") is { } to ? Domain.FollowUp.SwedishTime.EndOf(to) : null,
            context.CancellationToken);
        await SendAsync(file, responseStream, context.CancellationToken);
    }

    public override async Task PrintPdf(PrintPdfRequest request, IServerStreamWriter<FileChunk> responseStream, ServerCallContext context)
    {
        var today = Domain.FollowUp.SwedishTime.Today(time.GetUtcNow());
        var (path, name) = request.View switch
        {
            PrintView.SinceMeeting => Web.Exchange.Printable.SinceMeeting(
                request.SinceMeetingOf.ToDomain("since_meeting_of") ?? throw StatusMapping.Invalid("since_meeting_of", "is required: svo or lgvo"),
                request.ByRoadmapItem,
                today),
            PrintView.Road => Web.Exchange.Printable.Road(request.AsOf.ToDate("as_of"), today),
            _ => throw StatusMapping.Invalid("view", "is required: since_meeting or road"),
        };
        await SendAsync(await prints.PrintAsync(Caller.Of(context), path, name, context.CancellationToken), responseStream, context.CancellationToken);
    }

    private static async Task SendAsync(ExportFile file, IServerStreamWriter<FileChunk> stream, CancellationToken cancellationToken)
    {
        for (var offset = 0; offset == 0 || offset < file.Content.Length; offset += ChunkSize)
        {
            var chunk = new FileChunk { Data = ByteString.CopyFrom(file.Content, offset, Math.Min(ChunkSize, file.Content.Length - offset)) };
            if (offset == 0)
            {
                (chunk.FileName, chunk.ContentType) = (file.FileName, file.ContentType);
            }

            await stream.WriteAsync(chunk, cancellationToken);
        }
    }
}
