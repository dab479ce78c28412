using Microsoft.Playwright;
using NaraVard.Domain;

namespace NaraVard.Server.Printing;

/// <summary>
/// Prints web pages to PDF with the host's headless Chromium, driven by Playwright: A4, the page's title and
/// the day in the header, "Sida n av m" in the footer. One browser for the server's life, started at the first
/// print; two prints at a time (each is a whole browser page on a small server). A host without Chromium gets
/// a clear refusal naming what to install, not a stack trace.
/// </summary>
internal sealed partial class PdfPrinter(NaraVardOptions options, TimeProvider time, ILogger<PdfPrinter> logger) : IAsyncDisposable
{
    private static readonly string[] Candidates = ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"];
    private readonly SemaphoreSlim _prints = new(2);
    private readonly SemaphoreSlim _start = new(1);
    private IPlaywright? _playwright;
    private IBrowser? _browser;

    public string? Executable => options.Chromium.Length > 0
        ? (File.Exists(options.Chromium) ? options.Chromium : null)
        : Candidates.FirstOrDefault(File.Exists);

    /// <summary>The page at <paramref name="address"/>, reached with the cookie given, as PDF bytes.</summary>
    public async Task<byte[]> PrintAsync(Uri address, string cookieName, string cookieValue, CancellationToken cancellationToken)
    {
        var browser = await BrowserAsync();
        await _prints.WaitAsync(cancellationToken);
        try
        {
            await using var context = await browser.NewContextAsync(new() { IgnoreHTTPSErrors = true, Locale = "sv-SE", TimezoneId = "Europe/Stockholm", JavaScriptEnabled = false });
            await context.AddCookiesAsync([new Cookie { Name = cookieName, Value = cookieValue, Url = address.GetLeftPart(UriPartial.Authority) }]);
            var page = await context.NewPageAsync();
            var response = await page.GotoAsync(address.ToString(), new() { WaitUntil = WaitUntilState.Load, Timeout = 60_000 });
            if (response is not { Ok: true } || new Uri(page.Url).AbsolutePath != address.AbsolutePath)
            {
                throw new InvalidOperationException($"the page {address.PathAndQuery} answered {response?.Status} at {page.Url}");
            }

            await page.EmulateMediaAsync(new() { Media = Media.Print });

            // Paper has no use for links, and these lead to the printer's own loopback address: the PDF keeps the words only.
            // The page's own scripts are off (a live page would swap its regions back in, links and all, while printing).
            await page.EvaluateAsync("() => document.querySelectorAll('a[href]').forEach(a => a.removeAttribute('href'))");
            var day = Domain.FollowUp.SwedishTime.Today(time.GetUtcNow()).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
            return await page.PdfAsync(new()
            {
                Format = "A4",
                PreferCSSPageSize = true, // a wide view asks for landscape itself (@page in its print style)
                PrintBackground = true,
                DisplayHeaderFooter = true,
                HeaderTemplate = $"<div style=\"font: 9px sans-serif; color: #333; width: 100%; margin: 0 14mm; display: flex; justify-content: space-between\"><span class=\"title\"></span><span>Utskriven {day}</span></div>",
                FooterTemplate = "<div style=\"font: 9px sans-serif; color: #333; width: 100%; text-align: center\">Sida <span class=\"pageNumber\"></span> av <span class=\"totalPages\"></span></div>",
                Margin = new() { Top = "18mm", Bottom = "16mm", Left = "12mm", Right = "12mm" },
            });
        }
        finally
        {
            _prints.Release();
        }
    }

    private async Task<IBrowser> BrowserAsync()
    {
        if (_browser is { IsConnected: true } running)
        {
            return running;
        }

        var executable = Executable ?? throw DomainException.Precondition(
            "pdf",
            options.Chromium.Length > 0
                ? $"PDF printing needs Chromium, and NaraVard:Chromium names '{options.Chromium}', which does not exist"
                : "PDF printing needs Chromium on the server, and none was found (install it: apt-get install chromium; or set NaraVard:Chromium to its path)");
        await _start.WaitAsync();
        try
        {
            if (_browser is not { IsConnected: true })
            {
                // The driver, and so Chromium and its renderers, below the server's priority.
                _playwright ??= await LowPriority.StartAsync(Playwright.CreateAsync);
                _browser = await _playwright.Chromium.LaunchAsync(new() { ExecutablePath = executable, Headless = true });
                LogStarted(executable);
            }

            return _browser;
        }
        finally
        {
            _start.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.DisposeAsync();
        }

        _playwright?.Dispose();
        _prints.Dispose();
        _start.Dispose();
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Printing PDFs with {Executable}")]
    private partial void LogStarted(string executable);
}
