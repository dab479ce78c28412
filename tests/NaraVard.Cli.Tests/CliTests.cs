using System.Diagnostics;
using System.Text.Json;
using NaraVard.Testing;

namespace NaraVard.Cli.Tests;

[Collection(CliCollection.Name)]
public sealed class CliTests(CliFixture fixture)
{
    private static JsonElement Json(CliResult result)
    {
        Assert.True(result.ExitCode == 0, result.Error + result.Output);
        return JsonDocument.Parse(result.Output).RootElement;
    }

    private async Task<string> CreateAsync(string org = "linköping", string item = "K01", string? token = null) =>
        Json(await fixture.RunAsync(["create", "--org", org, "--item", item, "--title", "Kommunal primärvård", "--json"], token)).GetProperty("id").GetString()!;

    [Fact]
    public async Task Indicators_FindLinkAndSync_LinksAPointToAKoladaKpiAndRecordsItsYears()
    {
        var year = DateTime.UtcNow.Year;
        fixture.Kolada.Answer("kpi?title=helhetssyn", """{"count":1,"values":[{"id":"U21468","title":"Brukarbedömning hemtjänst äldreomsorg - helhetssyn, andel (%)","municipality_type":"K"}]}""");
        var id = await CreateAsync("kinda", "K03");
        foreach (var (back, value) in new[] { (2, 88m), (1, 89m) })
        {
            fixture.Kolada.Publish("U21468", "0513", year - back, value);
        }

        var found = await fixture.RunAsync(["indicators", "find", "helhetssyn"]);
        var added = await fixture.RunAsync(["indicator", "add", id, "--name", "Helhetssyn", "--unit", "%", "--level", "individual", "--baseline", "86", "--baseline-date", $"{year - 3}-12-31", "--target", "92", "--target-date", $"{year + 2}-12-31", "--kolada", "u21468"]);
        var synced = await fixture.RunAsync(["indicators", "sync"]);
        var wrong = await fixture.RunAsync(["indicator", "add", id, "--name", "Fel", "--unit", "%", "--level", "individual", "--baseline", "1", "--target", "2", "--target-date", $"{year + 2}-12-31", "--kolada", "71000"]);

        Assert.Equal((0, 0, 0), (found.ExitCode, added.ExitCode, synced.ExitCode));
        Assert.Contains("U21468", found.Output, StringComparison.Ordinal);
        Assert.Contains("Kolada: 2 values recorded (0 of them revisions)", synced.Output, StringComparison.Ordinal);
        Assert.Equal(1, wrong.ExitCode);
        Assert.Contains("--kolada: '71000' is not a Kolada KPI id", wrong.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Initiatives_SortedByPriority_ListTheActionPlanInItsOrder_AndReviseReranks()
    {
        async Task<string> CreateRankedAsync(string title, string priority, string target) =>
            Json(await fixture.RunAsync(["create", "--org", "vadstena", "--item", "K09", "--title", title, "--priority", priority, "--target", target, "--json"])).GetProperty("id").GetString()!;
        var low = await CreateRankedAsync("Låg insats", "low", "2027-01-31");
        var high = await CreateRankedAsync("Hög insats", "hög", "2028-01-31");

        var before = Json(await fixture.RunAsync(["initiatives", "--org", "vadstena", "--item", "K09", "--sort", "priority", "--json"]));
        var revised = await fixture.RunAsync(["revise", low, "--priority", "high", "--reason", "Omprioriterad"]);
        var after = Json(await fixture.RunAsync(["initiatives", "--org", "vadstena", "--item", "K09", "--sort", "target-date", "--priority", "high", "--json"]));

        Assert.Equal([high, low], before.GetProperty("initiatives").EnumerateArray().Select(i => i.GetProperty("id").GetString()));
        Assert.Equal(0, revised.ExitCode);
        Assert.Equal([low, high], after.GetProperty("initiatives").EnumerateArray().Select(i => i.GetProperty("id").GetString()));
    }

    [Fact]
    public async Task MistypedCommandOrOption_SaysOneLineWithTheNearestName()
    {
        var command = await fixture.RunAsync(["overveiw"]);
        var wordsAfter = await fixture.RunAsync(["reprot", "i-x", "--progress", "4", "--status", "x"]);
        var option = await fixture.RunAsync(["report", "i-x", "--progres", "4"]);

        Assert.Equal((2, 2, 2), (command.ExitCode, wordsAfter.ExitCode, option.ExitCode));
        Assert.Contains("unknown command 'overveiw'; did you mean 'overview'?", command.Error, StringComparison.Ordinal);
        Assert.Single(wordsAfter.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries), l => l.StartsWith("error:", StringComparison.Ordinal));
        Assert.Contains("did you mean 'report'?", wordsAfter.Error, StringComparison.Ordinal);
        Assert.Contains("unknown option '--progres' for 'report'; did you mean '--progress'?", option.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Report_ProgressAloneOrOutOfRange_KeepsTheStatusOrNamesTheOption()
    {
        var id = await CreateAsync("ydre", "K02");

        var alone = Json(await fixture.RunAsync(["report", id, "--progress", "30", "--json"]));
        var wrong = await fixture.RunAsync(["report", id, "--progress", "140"]);

        Assert.Equal((30, "on-track", "planering"), (alone.GetProperty("progressPercent").GetInt32(), alone.GetProperty("status").GetString(), alone.GetProperty("phase").GetString()));
        Assert.Equal(1, wrong.ExitCode);
        Assert.Contains("--progress: must be between 0 and 100", wrong.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Overview_WithoutLogin_UsesTheLocalServersAdminToken()
    {
        var result = await fixture.RunAsync(["overview"]);

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("Nära vård Östergötland 2030", result.Output, StringComparison.Ordinal);
        Assert.Contains("Linköping", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CreateReportShowHistory_Json_ParsesBack()
    {
        var id = await CreateAsync();

        var reported = Json(await fixture.RunAsync(["report", id, "--progress", "40", "--status", "at-risk", "--comment", "Rekrytering pågår", "--json"]));
        var shown = Json(await fixture.RunAsync(["show", id, "--json"]));
        var history = Json(await fixture.RunAsync(["history", id, "--json"]));

        Assert.Equal(40, reported.GetProperty("progressPercent").GetInt32());
        Assert.Equal("at-risk", shown.GetProperty("status").GetString());
        Assert.Equal("0580", shown.GetProperty("ownerCode").GetString());
        var events = history.GetProperty("events").EnumerateArray().ToList();
        Assert.Equal(2, events.Count);
        Assert.False(string.IsNullOrEmpty(events[1].GetProperty("requestId").GetString()), "every change carries a request id");
    }

    [Fact]
    public async Task Report_OnAnotherOrganisationsInitiative_PrintsOneLineReasonAndExitsWithPermission()
    {
        var id = await CreateAsync();
        var motala = await fixture.TokenAsync("0583", "editor", "Motala vård och omsorg");
        await WaitForTokenAsync(motala);

        var result = await fixture.RunAsync(["report", id, "--progress", "10", "--status", "on-track"], motala);

        Assert.Equal(4, result.ExitCode);
        Assert.Equal($"Motala may not change Linköping's initiative {id}.", result.Error.Trim());
        Assert.DoesNotContain("   at ", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AcceptAndLeave_ByTheInvitedOrganisation_MoveItFromInvitedToParticipantAndOut()
    {
        var created = Json(await fixture.RunAsync(["create", "--org", "05", "--item", "G05", "--scope", "joint", "--participant", "motala", "--title", "Gemensam rehabilitering", "--json"]));
        var id = created.GetProperty("id").GetString()!;
        var motala = await fixture.TokenAsync("0583", "editor", "Motala rehab");
        await WaitForTokenAsync(motala);

        var shown = await fixture.RunAsync(["show", id], motala);
        var accepted = Json(await fixture.RunAsync(["accept", id, "--json"], motala));
        var again = await fixture.RunAsync(["accept", id], motala);
        var left = Json(await fixture.RunAsync(["leave", id, "--json"], motala));

        Assert.Equal(["0583"], created.GetProperty("invited").EnumerateArray().Select(e => e.GetString()));
        Assert.Contains("Invited", shown.Output, StringComparison.Ordinal);
        Assert.Equal(["0583"], accepted.GetProperty("participants").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(1, again.ExitCode);
        Assert.Contains("0583 already takes part", again.Error, StringComparison.Ordinal);
        Assert.Empty(left.GetProperty("participants").EnumerateArray());
    }

    [Fact]
    public async Task MeetingThenChanges_SinceTheMeeting_ShowTheNewInitiativeUnderItsOrganisation()
    {
        var yesterday = NaraVard.Domain.FollowUp.SwedishTime.Today(DateTimeOffset.UtcNow).AddDays(-1).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        var recorded = Json(await fixture.RunAsync(["meeting", "record", "--body", "svo", "--date", yesterday, "SVO", "--json"]));
        var id = await CreateAsync("0586", "K07");

        var listed = await fixture.RunAsync(["meetings", "--body", "SVO"]);
        var changes = await fixture.RunAsync(["changes", "--since-meeting", "svo"]);
        var json = Json(await fixture.RunAsync(["changes", "--since-meeting", "svo", "--json"]));

        Assert.Contains(recorded.GetProperty("id").GetString()!, listed.Output, StringComparison.Ordinal);
        Assert.Contains("Mjölby", changes.Output, StringComparison.Ordinal);
        Assert.Contains("new, planering", changes.Output, StringComparison.Ordinal);
        Assert.Contains(json.GetProperty("initiatives").EnumerateArray(), c => c.GetProperty("id").GetString() == id && c.GetProperty("new").GetBoolean());
        Assert.Equal(2, (await fixture.RunAsync(["changes", "--since-meeting", "kommunfullmäktige"])).ExitCode);
    }

    [Fact]
    public async Task IndicatorAddAndRecord_ShowTheSeriesAndWhetherItIsOnTrack()
    {
        var id = await CreateAsync("finspång", "K03");
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        string Iso(DateOnly day) => day.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

        var added = await fixture.RunAsync(["indicator", "add", id, "--name", "Väntetid till hembesök", "--unit", "dagar", "--level", "individ", "--baseline", "20", "--baseline-date", Iso(today.AddDays(-10)), "--target", "10", "--target-date", Iso(today.AddDays(355))]);
        var recorded = await fixture.RunAsync(["indicator", "record", id, "k1", "--value", "19.5", "--comment", "November"]);
        var shown = await fixture.RunAsync(["show", id]);
        var wrong = await fixture.RunAsync(["indicator", "add", id, "--name", "X", "--unit", "st", "--level", "society", "--baseline", "1", "--target", "2", "--target-date", "2020-01-01"]);

        Assert.Equal((0, 0), (added.ExitCode, recorded.ExitCode));
        Assert.Contains("Väntetid till hembesök: 20 → 10 dagar", shown.Output, StringComparison.Ordinal);
        Assert.Contains("latest 19.5", shown.Output, StringComparison.Ordinal);
        Assert.Contains("on track", shown.Output, StringComparison.Ordinal);
        Assert.Equal(1, wrong.ExitCode);
        Assert.Contains("--target-date", wrong.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task IndicatorRecordedTwiceOnOneDay_ShowAndChanges_BothSayTheOneRecordedLast()
    {
        var id = await CreateAsync("motala", "K03");
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        string Iso(DateOnly day) => day.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        await fixture.RunAsync(["indicator", "add", id, "--name", "Väntetid", "--unit", "dagar", "--level", "individ", "--baseline", "20", "--baseline-date", Iso(today.AddDays(-10)), "--target", "10", "--target-date", Iso(today.AddDays(355))]);
        await fixture.RunAsync(["indicator", "record", id, "k1", "--value", "17"]);
        await fixture.RunAsync(["indicator", "record", id, "k1", "--value", "16"]);

        var shown = await fixture.RunAsync(["show", id]);
        var changes = Json(await fixture.RunAsync(["changes", "--from", Iso(today.AddDays(-1)), "--json"]));

        Assert.Contains("latest 16", shown.Output, StringComparison.Ordinal);
        var initiative = changes.GetProperty("initiatives").EnumerateArray().Single(c => c.GetProperty("id").GetString() == id);
        Assert.Equal(16, initiative.GetProperty("indicatorMoves")[0].GetProperty("to").GetDouble());
    }

    [Theory]
    [InlineData("0580")]
    [InlineData("Linköping")]
    [InlineData("linkoping")]
    [InlineData("LINKÖPING")]
    public async Task Organisations_ByCodeOrNameIgnoringCaseAndDiacritics_AreTheSame(string org)
    {
        var result = Json(await fixture.RunAsync(["org", org, "--json"]));

        Assert.Equal("0580", result.GetProperty("progress").GetProperty("organization").GetProperty("code").GetString());
    }

    [Fact]
    public async Task AmbiguousName_ListsTheCandidates()
    {
        var result = await fixture.RunAsync(["org", "köping"]);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("0580 (Linköping)", result.Error, StringComparison.Ordinal);
        Assert.Contains("0581 (Norrköping)", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ExitCodes_TellUsageNotFoundRejectedAndUnreachableApart()
    {
        Assert.Equal(2, (await fixture.RunAsync(["report"])).ExitCode);
        Assert.Equal(2, (await fixture.RunAsync(["report", "i-x", "--progress", "5", "--status", "purple"])).ExitCode);
        Assert.Equal(3, (await fixture.RunAsync(["show", "i-does-not-exist"])).ExitCode);
        var id = await CreateAsync();
        var rejected = await fixture.RunAsync(["advance", id, "--to", "genomforande"]);
        Assert.Equal(1, rejected.ExitCode);
        Assert.Contains("next phase is strategi", rejected.Error, StringComparison.Ordinal);
        var unreachable = await fixture.RunAsync(["overview"], server: "127.0.0.1:9");
        Assert.Equal(5, unreachable.ExitCode);
        Assert.Contains("cannot be reached", unreachable.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Planner_FlagsAnObstacle_AndItShowsInObstaclesAndTheOverview()
    {
        var id = await CreateAsync("norrkoping", "K02");
        var planner = await fixture.TokenAsync("05", "planner", "Utvecklare Region Östergötland");
        await WaitForTokenAsync(planner);

        var flagged = Json(await fixture.RunAsync(["obstacle", "flag", "--category", "Brist på tillit", "--severity", "high", "--initiative", id, "Oklart betalningsansvar", "--json"], planner));
        var acknowledged = Json(await fixture.RunAsync(["obstacle", "ack", flagged.GetProperty("id").GetString()!, "--note", "LGVO tar upp frågan", "--json"], planner));
        var planned = Json(await fixture.RunAsync(["obstacle", "next-step", flagged.GetProperty("id").GetString()!, "Förslag om betalningsansvar", "--owner", "Ekonomicheferna", "--due", "2099-01-31", "--json"], planner));
        var listed = Json(await fixture.RunAsync(["obstacles", "--org", "norrköping", "--open", "--json"]));
        var table = await fixture.RunAsync(["obstacles", "--org", "norrköping", "--open"]);
        var overview = Json(await fixture.RunAsync(["overview", "--json"]));

        Assert.Equal("tillit", flagged.GetProperty("category").GetString());
        Assert.Equal("acknowledged", acknowledged.GetProperty("status").GetString());
        Assert.Equal(("Ekonomicheferna", "2099-01-31"), (planned.GetProperty("owner").GetString(), planned.GetProperty("nextStepDue").GetString()));
        Assert.Contains("2099-01-31 (Ekonomicheferna)", table.Output, StringComparison.Ordinal);
        Assert.Contains(listed.GetProperty("obstacles").EnumerateArray(), o => o.GetProperty("id").GetString() == flagged.GetProperty("id").GetString());
        Assert.Contains(overview.GetProperty("obstacleReach").EnumerateArray(), r => r.GetProperty("category").GetProperty("code").GetString() == "tillit");

        // Reported on track, but a high obstacle blocks it: the CLI never shows it green.
        var blocked = Json(await fixture.RunAsync(["initiatives", "--health", "blocked", "--json"]));
        Assert.Contains(blocked.GetProperty("initiatives").EnumerateArray(), i => i.GetProperty("id").GetString() == id && i.GetProperty("health").GetString() == "blocked");
        var shown = await fixture.RunAsync(["show", id]);
        Assert.Matches(@"Health\s+blocked", shown.Output);
        Assert.DoesNotMatch(@"Health\s+on-track", shown.Output);
    }

    [Fact]
    public async Task Login_StoresServerAndTokenInAFileOnlyTheUserCanRead()
    {
        var config = Path.Combine(fixture.Home, "config-login");
        var viewer = await fixture.TokenAsync("05", "viewer", "SVO");
        await WaitForTokenAsync(viewer);

        var login = await fixture.RunAsync(["login", "--server", $"{fixture.Server.Address.Host}:{fixture.Server.Address.Port}", "--token", viewer], configHome: config);
        var file = Path.Combine(config, "naravard", "config.json");

        Assert.True(login.ExitCode == 0, login.Error);
        Assert.True(OperatingSystem.IsWindows() || File.GetUnixFileMode(file) == (UnixFileMode.UserRead | UnixFileMode.UserWrite));
        Assert.Contains(viewer, await File.ReadAllTextAsync(file), StringComparison.Ordinal);
        var denied = await fixture.RunAsync(["create", "--org", "05", "--item", "R01", "--title", "x"], configHome: config, server: "");
        Assert.Equal(4, denied.ExitCode);
    }

    [Fact]
    public async Task Watch_PrintsAChangeMadeByAnotherCommand()
    {
        var id = await CreateAsync("motala", "K03");
        var info = new ProcessStartInfo(fixture.Naravard) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { "watch", "--org", "motala" })
        {
            info.ArgumentList.Add(a);
        }

        info.Environment["XDG_DATA_HOME"] = Path.Combine(fixture.Home, "data");
        info.Environment["NARAVARD_SERVER"] = $"{fixture.Server.Address.Host}:{fixture.Server.Address.Port}";
        using var watch = Process.Start(info)!;
        try
        {
            var line = await watch.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(30));
            Assert.Contains("watching for changes", line, StringComparison.Ordinal);
            Assert.Equal(0, (await fixture.RunAsync(["report", id, "--progress", "55", "--status", "on-track"])).ExitCode);

            var change = await watch.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(30));
            Assert.Contains(id, change, StringComparison.Ordinal);
            Assert.Contains("Reported 55 %", change, StringComparison.Ordinal);
        }
        finally
        {
            watch.Kill();
        }
    }

    [Fact]
    public async Task Overview_WithDataDirOfAServerOnAnotherPort_FindsItsAddressAndAdminToken()
    {
        // No server named, no login, and the default data folder is empty: only --data-dir leads to the server.
        var result = await fixture.RunAsync(["overview", "--data-dir", Path.Combine(fixture.Home, "data", "naravard")], server: "", dataHome: Path.Combine(fixture.Home, "elsewhere"));

        Assert.True(result.ExitCode == 0, result.Error);
        Assert.Contains("Region Östergötland", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Matrix_Header_ShowsAbbreviatedNamesNotCodes()
    {
        var result = await fixture.RunAsync(["matrix"]);

        Assert.Equal(0, result.ExitCode);
        var header = result.Output.Split('\n').First(l => l.Contains("Item", StringComparison.Ordinal));
        Assert.Contains("Link", header, StringComparison.Ordinal);
        Assert.Contains("Norr", header, StringComparison.Ordinal);
        Assert.DoesNotContain("0580", header, StringComparison.Ordinal);
    }

    [Fact]
    public async Task History_LongerThanOnePage_IsPrintedWhole()
    {
        var id = await CreateAsync("boxholm", "K02");
        using (var api = new ApiClient(fixture.Server.Address, fixture.Server.AdminToken))
        {
            await Parallel.ForEachAsync(Enumerable.Range(1, 700), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (n, _) =>
                await api.Initiatives.ReportProgressAsync(new NaraVard.Api.V1.ReportProgressRequest { InitiativeId = id, ProgressPercent = n % 101, Status = NaraVard.Api.V1.InitiativeStatus.OnTrack, Comment = $"Rapport {n} — åäö" }).ResponseAsync);
        }

        var result = await fixture.RunAsync(["history", id, "--json"]);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(701, Json(result).GetProperty("events").GetArrayLength());
    }

    [Theory]
    [InlineData("overview")]
    [InlineData("report")]
    [InlineData("create")]
    [InlineData("watch")]
    [InlineData("initiatives")]
    public async Task Help_OfEveryCommand_HasAnExample(string command)
    {
        var result = await fixture.RunAsync([command, "--help"]);

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("Example:", result.Output, StringComparison.Ordinal);
        Assert.Contains($"naravard {command}", result.Output, StringComparison.Ordinal);
    }

    private async Task WaitForTokenAsync(string token)
    {
        var clock = Stopwatch.StartNew();
        while ((await fixture.RunAsync(["overview", "--json"], token)).ExitCode != 0)
        {
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(20), "the server did not learn of the token");
            await Task.Delay(200);
        }
    }
}
