using NaraVard.Domain;
using NaraVard.Domain.FollowUp;
using NaraVard.Domain.Roadmap;
using NaraVard.Domain.Rollups;
using NaraVard.Exchange.Exports;
using NaraVard.Grains.Roadmaps;
using NaraVard.Server.FollowUp;

namespace NaraVard.Server.Exchange;

/// <summary>Every view as a spreadsheet: the same reads the dashboard and the API make, written by <see cref="ExportViews"/>.</summary>
internal sealed class Exports(IGrainFactory grains, RoadmapDefinition roadmap, ChangeReports reports, TimeProvider time)
{
    private readonly ExportViews _views = new(roadmap);

    private IRoadmapGrain County => grains.GetGrain<IRoadmapGrain>(roadmap.Id);

    public async Task<ExportFile> ExportAsync(ExportKind kind, bool csv, string? organizationCode, Body? sinceMeetingOf, DateTimeOffset? from, DateTimeOffset? to, CancellationToken cancellationToken)
    {
        if (organizationCode is not null && !roadmap.IsKnownOrganization(organizationCode))
        {
            throw DomainException.Invalid("organization_code", $"unknown organisation code '{organizationCode}'");
        }

        var (name, table) = kind switch
        {
            ExportKind.Overview => ("oversikt", _views.Overview(await County.GetOverviewAsync())),
            ExportKind.Matrix => ("matrisen", _views.Matrix(await County.GetOverviewAsync())),
            ExportKind.Initiatives => await InitiativesAsync(organizationCode),
            ExportKind.Obstacles => await ObstaclesAsync(organizationCode),
            ExportKind.Changes => await ChangesAsync(sinceMeetingOf, from, to, cancellationToken),
            ExportKind.CommitteeReport => await CommitteeReportAsync(
                organizationCode ?? throw DomainException.Invalid("organization_code", "is required: whose committee the report is for"),
                from ?? SwedishTime.EndOf(SwedishTime.Today(time.GetUtcNow()).AddMonths(-3).AddDays(-1)),
                cancellationToken),
            _ => throw DomainException.Invalid("view", "must be overview, matrix, initiatives, obstacles, changes or committee_report"),
        };
        var day = SwedishTime.Today(time.GetUtcNow()).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        return csv
            ? new($"naravard-{name}-{day}.csv", ExportFile.Csv, CsvTableWriter.Write(table))
            : new($"naravard-{name}-{day}.xlsx", ExportFile.Xlsx, XlsxTableWriter.Write(table));
    }

    /// <summary>The plan template, under the name both the API and the dashboard give it.</summary>
    public ExportFile Template() => new("naravard-handlingsplan-mall.xlsx", ExportFile.Xlsx, NaraVard.Exchange.Plans.PlanTemplate.Write(roadmap));

    private async Task<(string, ExportTable)> InitiativesAsync(string? organizationCode)
    {
        var (title, table, _) = await InitiativesWithPlansAsync(organizationCode);
        return (organizationCode is null ? "initiativ" : $"initiativ-{organizationCode}", table);
    }

    /// <summary>The initiatives' sheet, and each row's whole plan (effects, budget, milestones, measurement points) from its grain.</summary>
    private async Task<(string Title, ExportTable Table, List<Domain.Initiatives.InitiativeState> Plans)> InitiativesWithPlansAsync(string? organizationCode)
    {
        var (items, stale) = await County.AllInitiativesAsync(new InitiativeQuery(OrganizationCode: organizationCode));
        var title = organizationCode is null ? "Initiativ" : $"Initiativ – {roadmap.OrganizationsByCode[organizationCode].Name}";
        var plans = await GrainReads.InitiativesAsync(grains, items.Select(i => i.Id));
        return (title, _views.Initiatives(title, items, stale, plans.GetValueOrDefault), [.. items.Select(i => plans[i.Id])]);
    }

    /// <summary>The committee report's workbook: the organisation's initiatives (importable), points, obstacles and what moved since the day after <paramref name="from"/>.</summary>
    private async Task<(string, ExportTable)> CommitteeReportAsync(string organizationCode, DateTimeOffset from, CancellationToken cancellationToken)
    {
        var (title, initiatives, plans) = await InitiativesWithPlansAsync(organizationCode);
        var (_, obstacles) = await ObstaclesAsync(organizationCode);
        var (report, _) = await reports.BuildAsync(null, from, null, cancellationToken);
        var moved = report with
        {
            Initiatives = [.. report.Initiatives.Where(c => c.Organizations.Contains(organizationCode))],
            Obstacles = [.. report.Obstacles.Where(o => o.AffectedOrganizations.Contains(organizationCode))],
            SilentOrganizations = [],
        };
        var since = SwedishTime.Today(from).AddDays(1);
        return ($"namnd-{organizationCode}", _views.CommitteeReport(initiatives with { Title = title[..Math.Min(31, title.Length)] }, plans, obstacles, moved, since));
    }

    private async Task<(string, ExportTable)> ObstaclesAsync(string? organizationCode)
    {
        var obstacles = await County.AllObstaclesAsync(new ObstacleQuery(OrganizationCode: organizationCode));
        var descriptions = await GrainReads.ReadAllAsync(obstacles.Select(o => o.Id), async id => (await grains.GetGrain<Grains.Obstacles.IObstacleGrain>(id).GetAsync()).State.Description);
        return ("hinder", _views.Obstacles(obstacles, id => descriptions.GetValueOrDefault(id, "")));
    }

    private async Task<(string, ExportTable)> ChangesAsync(Body? sinceMeetingOf, DateTimeOffset? from, DateTimeOffset? to, CancellationToken cancellationToken)
    {
        var (report, since) = await reports.BuildAsync(sinceMeetingOf, from, to, cancellationToken);
        return ("forandringar", _views.Changes(report, since?.Body.ToString().ToUpperInvariant()));
    }
}
