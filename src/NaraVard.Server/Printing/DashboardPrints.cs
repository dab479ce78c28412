using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;
using NaraVard.Domain;
using NaraVard.Exchange.Exports;
using NaraVard.Web.Access;

namespace NaraVard.Server.Printing;

/// <summary>
/// PDFs of dashboard pages, printed as the caller sees them: the printer's browser gets a session of the
/// caller's own (same identity and role, valid for five minutes, never sent anywhere but this server's
/// loopback) and opens the page on this server's dashboard endpoint. So the PDF and the page are one rendering:
/// nothing about the meeting pack is laid out twice. A print is a whole browser page on the server: each identity
/// has one under way at a time, and at most <see cref="MaxUnderWay"/> are under way or waiting in all; beyond either
/// the caller is told at once (RESOURCE_EXHAUSTED, or HTTP 429 with Retry-After), never queued without end.
/// </summary>
internal sealed class DashboardPrints(PdfPrinter printer, IServer server, NaraVardOptions options, IOptionsMonitor<CookieAuthenticationOptions> cookies, TimeProvider time) : Web.Exchange.IPrints
{
    public const int MaxUnderWay = 8;
    private static readonly TimeSpan SessionLifetime = TimeSpan.FromMinutes(5);
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, byte> _printing = new(StringComparer.Ordinal);
    private int _underWay;

    public async Task<ExportFile> PrintAsync(Actor by, string pathAndQuery, string fileName, CancellationToken cancellationToken)
    {
        if (!_printing.TryAdd(by.Key, 0))
        {
            throw DomainException.Exhausted("pdf", "one print at a time per identity; yours is still being made, wait for it");
        }

        try
        {
            if (Interlocked.Increment(ref _underWay) > MaxUnderWay)
            {
                throw DomainException.Exhausted("pdf", $"the printer is busy ({MaxUnderWay} prints under way or waiting); try again in a minute");
            }

            return await PrintNowAsync(by, pathAndQuery, fileName, cancellationToken);
        }
        finally
        {
            Interlocked.Decrement(ref _underWay);
            _printing.TryRemove(by.Key, out _);
        }
    }

    private async Task<ExportFile> PrintNowAsync(Actor by, string pathAndQuery, string fileName, CancellationToken cancellationToken)
    {
        var cookie = cookies.Get(DashboardAccess.Scheme);
        var until = time.GetUtcNow() + SessionLifetime;
        var ticket = new AuthenticationTicket(
            DashboardAccess.Principal(new DashboardIdentity(null, by, until)),
            new AuthenticationProperties { ExpiresUtc = until, IssuedUtc = time.GetUtcNow() },
            DashboardAccess.Scheme);
        var pdf = await printer.PrintAsync(new Uri(Dashboard(), pathAndQuery), cookie.Cookie.Name!, cookie.TicketDataFormat.Protect(ticket), cancellationToken);
        return new ExportFile(fileName, "application/pdf", pdf);
    }

    /// <summary>The dashboard endpoint as this process can reach it: its bound port on loopback.</summary>
    private Uri Dashboard()
    {
        var dashboard = options.DashboardUri ?? throw DomainException.Precondition("pdf", "PDF printing prints dashboard pages, and the dashboard is turned off (NaraVard:Dashboard is empty)");
        var bound = server.Features.Get<IServerAddressesFeature>()?.Addresses
            .Select(BindingAddress.Parse)
            .FirstOrDefault(a => a.Port == dashboard.Port);
        // Bound to all addresses (or a name): loopback reaches it. Bound to one address: that one.
        var host = bound?.Host is { } named && System.Net.IPAddress.TryParse(named.Trim('[', ']'), out var ip) && !ip.Equals(System.Net.IPAddress.Any) && !ip.Equals(System.Net.IPAddress.IPv6Any)
            ? named
            : "127.0.0.1";
        return new UriBuilder(dashboard.Scheme, host, bound?.Port ?? dashboard.Port).Uri;
    }
}
