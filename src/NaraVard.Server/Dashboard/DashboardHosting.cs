using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using NaraVard.Persistence;
using NaraVard.Server.Access;
using NaraVard.Server.Feed;
using NaraVard.Web;
using NaraVard.Web.Access;
using NaraVard.Web.Live;

namespace NaraVard.Server.Dashboard;

/// <summary>
/// The web dashboard in the server process, on an endpoint of its own: gRPC needs HTTP/2, which browsers only
/// speak over TLS, while a cleartext endpoint cannot offer both HTTP/1.1 and h2c with prior knowledge. So
/// <c>--urls</c> stays HTTP/2 for gRPC, and <c>NaraVard:Dashboard</c> (default http://localhost:5080) speaks
/// HTTP/1.1 and HTTP/2 for browsers.
/// </summary>
internal static partial class DashboardHosting
{
    public static WebApplicationBuilder AddNaraVardDashboardEndpoint(this WebApplicationBuilder builder, NaraVardOptions options)
    {
        var dashboard = options.DashboardUri;
        var urls = (builder.WebHost.GetSetting(WebHostDefaults.ServerUrlsKey) ?? "")
            .Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .DefaultIfEmpty("http://localhost:5000");
        builder.WebHost.UseUrls([.. urls, .. dashboard is null ? [] : new[] { dashboard.ToString().TrimEnd('/') }]);

        return builder;
    }

    /// <summary>gRPC needs HTTP/2: cleartext endpoints speak h2c with prior knowledge, TLS endpoints negotiate h2 by ALPN.</summary>
    public static HttpProtocols ProtocolsOf(ListenOptions endpoint, Uri? dashboard) =>
        dashboard is null || endpoint.IPEndPoint?.Port != dashboard.Port
            ? HttpProtocols.Http2
            : dashboard.Scheme == "https" ? HttpProtocols.Http1AndHttp2 : HttpProtocols.Http1;

    public static IServiceCollection AddNaraVardDashboard(this IServiceCollection services, Microsoft.AspNetCore.Authentication.AuthenticationBuilder authentication, NaraVardOptions options, OidcOptions oidc)
    {
        services.AddNaraVardDashboard(authentication);
        if (oidc.DashboardSignIn)
        {
            authentication.AddOpenIdConnect(OidcSignInSetup.Scheme, "Regionens inloggning", _ => { });
            services.ConfigureOptions<OidcSignInSetup>();
        }

        services.AddSingleton(new ExternalSignIn(oidc.DashboardSignIn ? OidcSignInSetup.Scheme : null));
        services.AddScoped<Board>();
        services.AddSingleton<IDashboardTokens, RegistryTokens>();
        services.AddSingleton<ILiveChanges, FeedChanges>();
        services.AddSingleton<Web.FollowUp.IFollowUp, FollowUpBook>();
        services.AddSingleton<Web.FollowUp.IIndicators, Indicators.IndicatorReads>();
        services.AddSingleton<Web.Exchange.ISpreadsheets, Spreadsheets>();
        services.AddSingleton<Printing.PdfPrinter>();
        services.AddSingleton<Printing.DashboardPrints>();
        services.AddSingleton<Web.Exchange.IPrints>(sp => sp.GetRequiredService<Printing.DashboardPrints>());
        services.AddHostedService<DashboardAnnouncement>();

        // Session cookies stay readable across restarts, and on PostgreSQL on every node.
        return services.AddNaraVardDashboardKeys(options);
    }

    /// <summary>
    /// Behind the trusted proxies, the client address and scheme they forward are the request's: cookies are Secure
    /// when the user came over https, and logs and limits see the user's address. X-Forwarded-* from any other
    /// address is ignored (issue 33: it was believed from anyone).
    /// </summary>
    public static WebApplication UseDashboardProxy(this WebApplication app, NaraVardOptions options)
    {
        if (options.TrustedProxies.Length > 0)
        {
            var forwarded = new ForwardedHeadersOptions { ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto };
            forwarded.KnownProxies.Clear();
            forwarded.KnownIPNetworks.Clear();
            foreach (var network in options.TrustedProxyNetworks)
            {
                forwarded.KnownIPNetworks.Add(network);
            }

            app.UseForwardedHeaders(forwarded);
        }

        return app;
    }

    private sealed class RegistryTokens(TokenRegistry tokens, IEventStore store) : IDashboardTokens
    {
        public async Task<DashboardIdentity?> AuthenticateAsync(string token, CancellationToken cancellationToken)
        {
            await tokens.Loaded.WaitAsync(cancellationToken);
            return await tokens.AuthenticateFreshAsync(token.Trim(), store, cancellationToken) is { } record
                ? new DashboardIdentity(record.Id, record.Actor)
                : null;
        }

        public bool IsActive(string tokenId) => tokens.IsActive(tokenId);
    }

    private sealed class FollowUpBook(FollowUp.ChangeReports reports, FollowUp.AsOfReads asOf, FollowUp.PhaseTrend trend) : Web.FollowUp.IFollowUp
    {
        // What the road waits for a trend not yet folded (a national log's first as-of read takes seconds).
        private static readonly TimeSpan TrendWait = TimeSpan.FromMilliseconds(300);

        public Task<IReadOnlyList<(DateOnly Day, Domain.Rollups.Spread Spread)>?> PhaseTrendAsync(CancellationToken cancellationToken) => trend.MonthEndsAsync(TrendWait, cancellationToken);

        public Task<Domain.Rollups.CountyOverview> OverviewAsOfAsync(DateTimeOffset moment, CancellationToken cancellationToken) => asOf.OverviewAsync(moment, cancellationToken);

        public async Task<Domain.FollowUp.ChangeReport> ChangesSinceAsync(DateTimeOffset from, CancellationToken cancellationToken) =>
            (await reports.BuildAsync(null, from, null, cancellationToken)).Report;

        public Task<Domain.FollowUp.MeetingRecorded?> LastMeetingAsync(Domain.FollowUp.Body body, CancellationToken cancellationToken) => reports.LastMeetingAsync(body, cancellationToken);

        public Task<(Domain.FollowUp.ChangeReport Report, Domain.FollowUp.MeetingRecorded Since)?> SinceLastMeetingAsync(Domain.FollowUp.Body body, CancellationToken cancellationToken) =>
            reports.SinceLastMeetingAsync(body, cancellationToken);
    }

    private sealed class Spreadsheets(Exchange.PlanImports imports, Exchange.Exports exports) : Web.Exchange.ISpreadsheets
    {
        public Task<NaraVard.Exchange.Exports.ExportFile> ExportAsync(NaraVard.Exchange.Exports.ExportKind kind, bool csv, string? organizationCode, Domain.FollowUp.Body? sinceMeetingOf, DateTimeOffset? from, CancellationToken cancellationToken) =>
            exports.ExportAsync(kind, csv, organizationCode, sinceMeetingOf, from, null, cancellationToken);

        public NaraVard.Exchange.Exports.ExportFile Template() => exports.Template();

        public Task<NaraVard.Exchange.Plans.ImportOutcome> ImportAsync(byte[] file, string fileName, Domain.Actor by, bool dryRun, CancellationToken cancellationToken) =>
            imports.ImportAsync(file, fileName, by, dryRun, cancellationToken);
    }

    private sealed class FeedChanges(EventFeed feed) : ILiveChanges
    {
        public long Head => feed.Head;

        public Task WaitAsync(long position, CancellationToken cancellationToken) => feed.WaitAsync(position, cancellationToken);
    }

    /// <summary>Says where the dashboard is, once it listens.</summary>
    private sealed partial class DashboardAnnouncement(IServer server, IHostApplicationLifetime lifetime, NaraVardOptions options, ILogger<DashboardAnnouncement> logger) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken)
        {
            lifetime.ApplicationStarted.Register(() =>
            {
                var addresses = server.Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
                if (options.DashboardUri is { } dashboard && addresses.FirstOrDefault(a => BindingAddress.Parse(a).Port == dashboard.Port) is { } address)
                {
                    LogDashboard(address, Path.Combine(options.DataDirectory, "dashboard-keys"));
                }
            });
            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        [LoggerMessage(Level = LogLevel.Information, Message = "Dashboard on {Address} (sign in with a NaraVard token); its session keys are kept unencrypted in {Keys}, readable only by this user, so keep the data folder as private as the events")]
        private partial void LogDashboard(string address, string keys);
    }
}
