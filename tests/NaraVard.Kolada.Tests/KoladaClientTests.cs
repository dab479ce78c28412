using System.Globalization;
using NaraVard.Testing;

namespace NaraVard.Kolada.Tests;

/// <summary>The Kolada client against a local server answering in Kolada's documented format; no test reaches the internet.</summary>
public sealed class KoladaClientTests : IAsyncLifetime
{
    private readonly ManualTimeProvider _clock = new();
    private LocalKolada _kolada = null!;

    public async Task InitializeAsync() => _kolada = await LocalKolada.StartAsync();

    public async Task DisposeAsync() => await _kolada.DisposeAsync();

    private KoladaClient Client(int attempts = 3) =>
        new(new HttpClient { Timeout = TimeSpan.FromSeconds(10) }, _clock, new KoladaClientOptions { BaseAddress = _kolada.BaseAddress, Attempts = attempts, FirstBackOff = TimeSpan.Zero });

    private static string Data(string kpi, string municipality, int period, string value, string? nextPage = null) =>
        $$"""{"count":1,"values":[{"kpi":"{{kpi}}","municipality":"{{municipality}}","period":{{period}},"values":[{"gender":"T","count":1,"status":"","value":{{value}}},{"gender":"K","count":1,"status":"","value":null}]}]{{(nextPage is null ? "" : $",\"next_page\":\"{nextPage}\"")}}}""";

    [Fact]
    public async Task GetValues_OverSeveralPages_FollowsNextPageAndKeepsEveryValueWithWhenItWasFetched()
    {
        var path = "data/kpi/N00945/municipality/0580,0005/year/2023,2024";
        _kolada.Answer(path, Data("N00945", "0580", 2023, "12.5", nextPage: new Uri(_kolada.BaseAddress, path + "?page=2").ToString()));
        _kolada.Answer(path + "?page=2", Data("N00945", "0005", 2024, "\"7,25\"".Replace(",", ".", StringComparison.Ordinal)));

        var values = await Client().GetValuesAsync(["N00945"], ["0580", "0005"], [2024, 2023]);

        Assert.Equal(
            ["N00945 0580 2023 T 12.5", "N00945 0580 2023 K -", "N00945 0005 2024 T 7.25", "N00945 0005 2024 K -"],
            values.Select(v => $"{v.Kpi} {v.Municipality} {v.Period} {v.Gender} {v.Value?.ToString(CultureInfo.InvariantCulture) ?? "-"}"));
        Assert.All(values, v => Assert.Equal(_clock.GetUtcNow(), v.FetchedAt));
        Assert.Equal([path, path + "?page=2"], _kolada.Requests);
    }

    [Fact]
    public async Task GetValues_ManyYears_AreAskedForTenAtATime()
    {
        var years = Enumerable.Range(2010, 12).ToList();
        _kolada.Answer($"data/kpi/U21468/municipality/0580/year/{string.Join(',', years.Take(10))}", Data("U21468", "0580", 2010, "1"));
        _kolada.Answer($"data/kpi/U21468/municipality/0580/year/{string.Join(',', years.Skip(10))}", Data("U21468", "0580", 2021, "2"));

        var values = await Client().GetValuesAsync(["U21468"], ["0580"], years);

        Assert.Equal(2, _kolada.Requests.Count);
        Assert.Equal([2010, 2021], values.Where(v => v.Gender == "T").Select(v => v.Period));
    }

    [Fact]
    public async Task GetValues_ARevisedValue_ComesBackAsTheNewValueWithItsOwnFetchTime()
    {
        var path = "data/kpi/N00945/municipality/0580/year/2024";
        _kolada.Answer(path, Data("N00945", "0580", 2024, "12.5"));
        var first = Assert.Single(await Client().GetValuesAsync(["N00945"], ["0580"], [2024]), v => v.Gender == "T");

        _kolada.Answer(path, Data("N00945", "0580", 2024, "13.1"));
        _clock.Advance(TimeSpan.FromDays(30));
        var revised = Assert.Single(await Client().GetValuesAsync(["N00945"], ["0580"], [2024]), v => v.Gender == "T");

        Assert.Equal((12.5m, 13.1m), (first.Value, revised.Value));
        Assert.Equal(TimeSpan.FromDays(30), revised.FetchedAt - first.FetchedAt);
    }

    [Fact]
    public async Task GetValues_KoladaFailingTwice_IsRetriedAndSucceeds()
    {
        var path = "data/kpi/N00945/municipality/0580/year/2024";
        _kolada.Answer(path, Data("N00945", "0580", 2024, "12.5"));
        _kolada.FailNext(2);

        var values = await Client(attempts: 3).GetValuesAsync(["N00945"], ["0580"], [2024]);

        Assert.Equal(3, _kolada.Requests.Count);
        Assert.Contains(values, v => v.Value == 12.5m);
    }

    [Fact]
    public async Task GetValues_KoladaOffline_SaysSoClearlyAndReturnsNothing()
    {
        await _kolada.StopAsync();

        var error = await Assert.ThrowsAsync<KoladaUnavailableException>(() => Client(attempts: 2).GetValuesAsync(["N00945"], ["0580"], [2024]));

        Assert.Contains("could not be reached after 2 attempts", error.Message, StringComparison.Ordinal);
        Assert.Contains("Nothing was fetched", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetValues_AnUnknownKpi_IsRefusedAtOnceWithoutRetrying()
    {
        var error = await Assert.ThrowsAsync<KoladaUnavailableException>(() => Client(attempts: 3).GetValuesAsync(["X99999"], ["0580"], [2024]));

        Assert.Contains("404", error.Message, StringComparison.Ordinal);
        Assert.Single(_kolada.Requests);
    }

    [Fact]
    public async Task GetKpis_ReadsTitleAndDescription()
    {
        _kolada.Answer("kpi/N00945", """{"count":1,"values":[{"id":"N00945","title":"Invånare totalt, antal","description":"Antal invånare totalt","municipality_type":"K","is_divided_by_gender":1}]}""");

        var kpi = Assert.Single(await Client().GetKpisAsync(["N00945"]));

        Assert.Equal(("N00945", "Invånare totalt, antal", "K"), (kpi.Id, kpi.Title, kpi.MunicipalityType));
    }

    [Fact]
    public async Task FindKpis_ByWordsOfTheTitle_AsksKoladasSearchAndFollowsItsPages()
    {
        _kolada.Answer("kpi?title=helhetssyn hemtjänst", $$"""{"count":2,"values":[{"id":"U21468","title":"Brukarbedömning hemtjänst äldreomsorg - helhetssyn, andel (%)","municipality_type":"K"}],"next_page":"{{_kolada.BaseAddress}}kpi?title=helhetssyn%20hemtj%C3%A4nst&page=2"}""");
        _kolada.Answer("kpi?title=helhetssyn hemtjänst&page=2", """{"count":2,"values":[{"id":"U21469","title":"Helhetssyn hemtjänst, annan","municipality_type":"K"}]}""");

        var found = await Client().FindKpisAsync(" helhetssyn hemtjänst ");

        Assert.Equal(["U21468", "U21469"], found.Select(k => k.Id));
    }
}
