using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using NaraVard.Domain.FollowUp;
using NaraVard.Exchange.Exports;
using NaraVard.Exchange.Sheets;
using NaraVard.Web.Access;

namespace NaraVard.Web.Exchange;

/// <summary>
/// The dashboard's files: every view as Excel or CSV (/export/…), the plan template, and the import's two
/// posts (upload for review, then confirm). The pages that show them are Import.razor and ImportReview.razor.
/// </summary>
public static class SpreadsheetEndpoints
{
    public const string ImportPath = "/importera";

    public static IEndpointRouteBuilder MapSpreadsheets(this IEndpointRouteBuilder app)
    {
        app.MapGet("/export/{view}", ExportAsync).RequireAuthorization(DashboardAccess.PolicyName);
        app.MapGet("/utskrift/sedan-motet", PrintSinceMeetingAsync).RequireAuthorization(DashboardAccess.PolicyName);
        app.MapGet("/utskrift/vagen", PrintRoadAsync).RequireAuthorization(DashboardAccess.PolicyName);
        app.MapGet("/utskrift/organisation/{code}", PrintCommitteeReportAsync).RequireAuthorization(DashboardAccess.PolicyName);
        app.MapGet(ImportPath + "/mall", (ISpreadsheets sheets) => File(sheets.Template())).RequireAuthorization(DashboardAccess.PolicyName);
        // Up to 64 MB is received (and buffered to disk by the form reader) so that a file over the import's own
        // limit gets the page's clear answer instead of Kestrel's bare 413.
        app.MapPost(ImportPath + "/uppladdning", UploadAsync).RequireAuthorization(DashboardAccess.PolicyName).DisableAntiforgery()
            .WithMetadata(new Microsoft.AspNetCore.Mvc.RequestSizeLimitAttribute(64L * 1024 * 1024));
        app.MapPost(ImportPath + "/{id}/spara", CommitAsync).RequireAuthorization(DashboardAccess.PolicyName).DisableAntiforgery();
        return app;
    }

    /// <summary>The link to a view's file, as the pages write it.</summary>
    public static string Link(string view, bool csv, string? organizationCode = null, string? body = null) =>
        $"/export/{view}?format={(csv ? "csv" : "xlsx")}{(organizationCode is null ? "" : "&org=" + organizationCode)}{(body is null ? "" : "&organ=" + body)}";

    private static async Task<IResult> ExportAsync(string view, string? format, string? org, string? organ, string? sedan, ISpreadsheets sheets, TimeProvider time, HttpContext context)
    {
        ExportKind? kind = view switch
        {
            "oversikt" => ExportKind.Overview,
            "matris" => ExportKind.Matrix,
            "initiativ" => ExportKind.Initiatives,
            "hinder" => ExportKind.Obstacles,
            "sedan-motet" => ExportKind.Changes,
            "namnd" => ExportKind.CommitteeReport,
            _ => null,
        };
        var body = Printable.BodyOf(organ);
        if (kind is null || (kind == ExportKind.Changes && body is null) || (kind == ExportKind.CommitteeReport && Board.Code(org) is null))
        {
            return Results.NotFound();
        }

        DateTimeOffset? from = kind == ExportKind.CommitteeReport ? SwedishTime.EndOf(Printable.CommitteeReportSince(sedan, SwedishTime.Today(time.GetUtcNow())).AddDays(-1)) : null;
        return File(await sheets.ExportAsync(kind.Value, format == "csv", Board.Code(org), body, from, context.RequestAborted));
    }

    private static Task<IResult> PrintSinceMeetingAsync(string? organ, string? vy, IPrints prints, TimeProvider time, HttpContext context)
    {
        var (path, name) = Printable.SinceMeeting(Printable.BodyOf(organ) ?? Body.Svo, vy == "punkt", SwedishTime.Today(time.GetUtcNow()));
        return PrintAsync(prints, path, name, context);
    }

    private static Task<IResult> PrintRoadAsync(string? per, IPrints prints, TimeProvider time, HttpContext context)
    {
        DateOnly? day = DateOnly.TryParseExact(per, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out var d) ? d : null;
        var (path, name) = Printable.Road(day, SwedishTime.Today(time.GetUtcNow()));
        return PrintAsync(prints, path, name, context);
    }

    private static Task<IResult> PrintCommitteeReportAsync(string code, string? sedan, IPrints prints, TimeProvider time, HttpContext context)
    {
        if (Board.Code(code) is not { } organization)
        {
            return Task.FromResult(Results.NotFound());
        }

        var today = SwedishTime.Today(time.GetUtcNow());
        var (path, name) = Printable.CommitteeReport(organization, Printable.CommitteeReportSince(sedan, today), today);
        return PrintAsync(prints, path, name, context);
    }

    /// <summary>The PDF, or (no Chromium on the server) a page that says so in words, with status 503.</summary>
    private static async Task<IResult> PrintAsync(IPrints prints, string path, string name, HttpContext context)
    {
        try
        {
            return File(await prints.PrintAsync(DashboardAccess.ActorOf(context.User)!, path, name, context.RequestAborted));
        }
        catch (Domain.DomainException e) when (e.Kind == Domain.ErrorKind.ResourceExhausted)
        {
            context.Response.Headers.RetryAfter = "10";
            return Results.Text($"Utskriften kan inte göras just nu: {e.Message}.", "text/plain; charset=utf-8", statusCode: StatusCodes.Status429TooManyRequests);
        }
        catch (Domain.DomainException e) when (e.Field == "pdf")
        {
            return Results.Text($"PDF kan inte skapas på den här servern: {e.Message}. Sidan kan skrivas ut från webbläsaren i stället (Skriv ut → Spara som PDF).", "text/plain; charset=utf-8", statusCode: StatusCodes.Status503ServiceUnavailable);
        }
    }

    private static async Task<IResult> UploadAsync(HttpContext context, IAntiforgery antiforgery, PendingImports pending)
    {
        if (!await antiforgery.IsRequestValidAsync(context))
        {
            return Results.BadRequest("Formuläret saknar giltig antiforgery-token.");
        }

        var actor = DashboardAccess.ActorOf(context.User)!;
        var form = await context.Request.ReadFormAsync(context.RequestAborted);
        if (form.Files.GetFile("fil") is not { Length: > 0 } file)
        {
            return Results.Redirect(ImportPath + "?fel=ingen-fil", permanent: false);
        }

        if (file.Length > SheetLimits.Default.MaxBytes)
        {
            return Results.Redirect(ImportPath + "?fel=for-stor", permanent: false);
        }

        using var content = new MemoryStream();
        await file.CopyToAsync(content, context.RequestAborted);
        var upload = pending.Add(actor.Key, Path.GetFileName(file.FileName), content.ToArray());
        return Results.Redirect($"{ImportPath}/{upload.Id}", permanent: false);
    }

    private static async Task<IResult> CommitAsync(string id, HttpContext context, IAntiforgery antiforgery, PendingImports pending, ISpreadsheets sheets, IWriteQuota quota)
    {
        if (!await antiforgery.IsRequestValidAsync(context))
        {
            return Results.BadRequest("Formuläret saknar giltig antiforgery-token.");
        }

        var actor = DashboardAccess.ActorOf(context.User)!;
        if (pending.Find(id, actor.Key) is not { } upload)
        {
            return Results.NotFound();
        }

        if (upload.Committed is null && quota.TryTake(actor) is not null)
        {
            // One write from the quota, as ImportPlan over gRPC takes one call.
            pending.Update(upload with { Refusal = "Importen sparades inte: du har nått gränsen för hur mycket du kan ändra på kort tid. Försök igen om en stund." });
        }
        else if (upload.Committed is null)
        {
            // A plan with problems is not written (the service checks again); the review page then shows them.
            var outcome = await sheets.ImportAsync(upload.Content, upload.FileName, actor, dryRun: false, context.RequestAborted);
            pending.Update(outcome.Committed ? upload with { Committed = outcome } : upload with { Refusal = "Importen sparades inte: filen har problem nu (se nedan). Rätta filen och ladda upp den igen." });
        }

        return Results.Redirect($"{ImportPath}/{id}", permanent: false);
    }

    private static IResult File(ExportFile file) => Results.File(file.Content, file.ContentType, file.FileName);
}
