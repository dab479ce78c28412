using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Serialization;

namespace NaraVard.Kolada;

/// <summary>
/// A client for Kolada's v3 API (https://api.kolada.se/v3, configurable): KPI descriptions and data for KPIs ×
/// municipalities × years. It follows <c>next_page</c> until the end, asks for at most <see cref="YearsPerCall"/>
/// years and <see cref="IdsPerCall"/> ids a call (the API takes comma-separated lists, bounded by the URL's
/// length), and retries a failed call with back-off; when Kolada cannot be reached it says so in one clear
/// sentence and returns nothing partial.
/// </summary>
public sealed class KoladaClient(HttpClient http, TimeProvider time, KoladaClientOptions? options = null)
{
    public const int YearsPerCall = 10;
    public const int IdsPerCall = 25;

    private readonly KoladaClientOptions _options = options ?? new();

    /// <summary>Every value of the KPIs for the municipalities in the years, all pages, each stamped with the moment it was fetched.</summary>
    public async Task<IReadOnlyList<KoladaValue>> GetValuesAsync(IReadOnlyCollection<string> kpis, IReadOnlyCollection<string> municipalities, IReadOnlyCollection<int> years, CancellationToken cancellationToken = default)
    {
        var values = new List<KoladaValue>();
        foreach (var kpiBatch in kpis.Distinct().Chunk(IdsPerCall))
        {
            foreach (var municipalityBatch in municipalities.Distinct().Chunk(IdsPerCall))
            {
                foreach (var yearBatch in years.Distinct().Order().Chunk(YearsPerCall))
                {
                    var path = $"data/kpi/{Join(kpiBatch)}/municipality/{Join(municipalityBatch)}/year/{string.Join(',', yearBatch)}";
                    await foreach (var item in PagesAsync<DataItem>(path, cancellationToken))
                    {
                        var fetchedAt = time.GetUtcNow();
                        values.AddRange(item.Values.Select(v => new KoladaValue(item.Kpi, item.Municipality, item.Period, v.Gender ?? "T", v.Value, v.Count, v.Status ?? "", fetchedAt)));
                    }
                }
            }
        }

        return values;
    }

    /// <summary>The KPIs' descriptions, by id.</summary>
    public async Task<IReadOnlyList<KoladaKpi>> GetKpisAsync(IReadOnlyCollection<string> ids, CancellationToken cancellationToken = default)
    {
        var kpis = new List<KoladaKpi>();
        foreach (var batch in ids.Distinct().Chunk(IdsPerCall))
        {
            await foreach (var kpi in PagesAsync<KpiItem>($"kpi/{Join(batch)}", cancellationToken))
            {
                kpis.Add(new KoladaKpi(kpi.Id, kpi.Title, kpi.Description ?? "", kpi.MunicipalityType ?? ""));
            }
        }

        return kpis;
    }

    /// <summary>KPIs whose title contains the words (Kolada's own search, <c>kpi?title=</c>): how a KPI's id is looked up, since lists elsewhere go stale.</summary>
    public async Task<IReadOnlyList<KoladaKpi>> FindKpisAsync(string title, CancellationToken cancellationToken = default)
    {
        var kpis = new List<KoladaKpi>();
        await foreach (var kpi in PagesAsync<KpiItem>($"kpi?title={Uri.EscapeDataString(title.Trim())}", cancellationToken))
        {
            kpis.Add(new KoladaKpi(kpi.Id, kpi.Title, kpi.Description ?? "", kpi.MunicipalityType ?? ""));
        }

        return kpis;
    }

    private static string Join(IEnumerable<string> ids) => string.Join(',', ids.Select(Uri.EscapeDataString));

    /// <summary>The items of every page, following <c>next_page</c> (only within Kolada's own address).</summary>
    private async IAsyncEnumerable<T> PagesAsync<T>(string path, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        Uri? next = new(_options.BaseAddress, path);
        for (var page = 0; next is not null; page++)
        {
            if (page >= _options.MaxPages)
            {
                throw new KoladaUnavailableException($"Kolada answered more than {_options.MaxPages} pages for {path}; the request is too wide to fetch in one go.");
            }

            var answer = await GetAsync<Page<T>>(next, cancellationToken);
            foreach (var item in answer.Values ?? [])
            {
                yield return item;
            }

            next = answer.NextPage is { Length: > 0 } link && Uri.TryCreate(link, UriKind.Absolute, out var uri) && _options.BaseAddress.IsBaseOf(uri) ? uri : null;
        }
    }

    private async Task<TAnswer> GetAsync<TAnswer>(Uri address, CancellationToken cancellationToken)
    {
        Exception? last = null;
        for (var attempt = 1; attempt <= _options.Attempts; attempt++)
        {
            try
            {
                using var response = await http.GetAsync(address, cancellationToken);
                if (response.IsSuccessStatusCode)
                {
                    return await response.Content.ReadFromJsonAsync<TAnswer>(cancellationToken)
                        ?? throw new KoladaUnavailableException($"Kolada answered {address} with an empty body.");
                }

                // 4xx other than 429 will not get better by asking again.
                if ((int)response.StatusCode is >= 400 and < 500 && response.StatusCode != HttpStatusCode.TooManyRequests)
                {
                    throw new KoladaUnavailableException($"Kolada refused {address}: {(int)response.StatusCode} {response.ReasonPhrase}.");
                }

                last = new HttpRequestException($"{(int)response.StatusCode} {response.ReasonPhrase}");
            }
            catch (HttpRequestException e)
            {
                last = e;
            }
            catch (System.Text.Json.JsonException e)
            {
                throw new KoladaUnavailableException($"Kolada's answer to {address} is not the JSON its API documents: {e.Message}", e);
            }
            catch (TaskCanceledException e) when (!cancellationToken.IsCancellationRequested)
            {
                last = e;
            }

            if (attempt < _options.Attempts)
            {
                await Task.Delay(_options.FirstBackOff * Math.Pow(2, attempt - 1), time, cancellationToken);
            }
        }

        throw new KoladaUnavailableException(
            $"Kolada ({_options.BaseAddress.Host}) could not be reached after {_options.Attempts} attempts: {last?.Message}. Nothing was fetched; the values already kept are unchanged. Try again later, or check the server's connection to the internet.",
            last);
    }

    private sealed record Page<T>(
        [property: JsonPropertyName("values")] List<T>? Values,
        [property: JsonPropertyName("next_page")] string? NextPage);

    private sealed record DataItem(
        [property: JsonPropertyName("kpi")] string Kpi,
        [property: JsonPropertyName("municipality")] string Municipality,
        [property: JsonPropertyName("period"), JsonNumberHandling(JsonNumberHandling.AllowReadingFromString)] int Period,
        [property: JsonPropertyName("values")] List<DataValue> Values);

    private sealed record DataValue(
        [property: JsonPropertyName("gender")] string? Gender,
        [property: JsonPropertyName("value"), JsonNumberHandling(JsonNumberHandling.AllowReadingFromString)] decimal? Value,
        [property: JsonPropertyName("count")] int Count,
        [property: JsonPropertyName("status")] string? Status);

    private sealed record KpiItem(
        [property: JsonPropertyName("id")] string Id,
        [property: JsonPropertyName("title")] string Title,
        [property: JsonPropertyName("description")] string? Description,
        [property: JsonPropertyName("municipality_type")] string? MunicipalityType);
}

/// <summary>Where Kolada is and how patiently it is asked.</summary>
public sealed record KoladaClientOptions
{
    public Uri BaseAddress { get; init; } = new("https://api.kolada.se/v3/");

    public int Attempts { get; init; } = 4;

    public TimeSpan FirstBackOff { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>A bound on one request's pages (5,000 values each): a mistake in a request cannot fetch for ever.</summary>
    public int MaxPages { get; init; } = 200;
}
