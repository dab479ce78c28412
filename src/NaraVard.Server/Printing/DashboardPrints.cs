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
/// nothing about the meeting pack is laid out twice.
/// </summary>
internal sealed class DashboardPrints(PdfPrinter printer, IServer server, NaraVardOptions options, IOptionsMonitor<CookieAuthenticationOptions> cookies, TimeProvider time) : Web.Exchange.IPrints
{
    private static readonly TimeSpan SessionLifetime = TimeSpan.FromMinutes(5);

    public async Task<ExportFile> PrintAsync(Actor by, string pathAndQuery, string fileName, CancellationToken cancellationToken)
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
