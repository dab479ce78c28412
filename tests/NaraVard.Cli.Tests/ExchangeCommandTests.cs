using NaraVard.Exchange.Plans;
using NaraVard.Testing;

namespace NaraVard.Cli.Tests;

/// <summary>A municipality's planner loads the plan from the command line, and exports what it sees.</summary>
[Collection(CliCollection.Name)]
public sealed class ExchangeCommandTests(CliFixture fixture)
{
    [Fact]
    public async Task Import_DryRunThenCommitThenAgain_WritesOnceAndSaysWhatItDid()
    {
        var tag = TestRoadmap.NewKey("cli");
        var plan = Path.Combine(fixture.Home, $"{tag}.csv");
        await File.WriteAllBytesAsync(plan, SamplePlan.Csv(SamplePlan.Rows(tag, count: 5)));

        var dry = await fixture.RunAsync(["import", plan, "--dry-run"]);
        var committed = await fixture.RunAsync(["import", plan]);
        var again = await fixture.RunAsync(["import", plan]);

        Assert.Equal((0, 0, 0), (dry.ExitCode, committed.ExitCode, again.ExitCode));
        Assert.Contains("Dry run, nothing written: 5 rows (csv): 5 to create, 0 to update, 0 unchanged", dry.Output, StringComparison.Ordinal);
        Assert.Contains("Imported: 5 rows (csv): 5 to create", committed.Output, StringComparison.Ordinal);
        Assert.Contains("0 to create, 0 to update, 5 unchanged", again.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EveryCommand_ServerStopped_ExitsFiveWithinSecondsSayingSo()
    {
        var plan = Path.Combine(fixture.Home, "tom.csv");
        await File.WriteAllTextAsync(plan, "Titel\n");
        var stopped = $"127.0.0.1:{Loopback.FreePort()}";
        string[][] commands =
        [
            ["overview"], ["print", "road", "-o", Path.Combine(fixture.Home, "x.pdf")], ["export", "initiatives", "-o", Path.Combine(fixture.Home, "x.xlsx")],
            ["template", "-o", Path.Combine(fixture.Home, "t.xlsx")], ["import", plan, "--dry-run"], ["report", "i-x", "--progress", "40", "--status", "on-track"],
        ];

        foreach (var command in commands)
        {
            var clock = System.Diagnostics.Stopwatch.StartNew();
            var result = await fixture.RunAsync(command, token: "nv_x", server: stopped);

            Assert.True(result.ExitCode == 5, $"{string.Join(' ', command)}: exit {result.ExitCode}, {result.Error}");
            Assert.Contains("cannot be reached: is it running?", result.Error, StringComparison.Ordinal);
            Assert.DoesNotContain("subchannel", result.Error, StringComparison.Ordinal);
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(15), $"{command[0]} took {clock.Elapsed}");
        }
    }

    [Fact]
    public async Task Watch_ServerStoppedWithSigterm_ServerExitsWithinSecondsAndWatchSaysSoInOneLine()
    {
        using var data = new TempDirectory("naravard-stop");
        await using var server = await ServerProcess.StartAsync(data.Path);
        var watching = fixture.RunAsync(["watch"], token: server.AdminToken, server: $"{server.Address.Host}:{server.Address.Port}");
        await Task.Delay(TimeSpan.FromSeconds(3)); // the watch has its snapshot and waits for changes

        var stopped = await server.TerminateAsync(TimeSpan.FromSeconds(30));

        var watch = await watching;
        Assert.True(stopped < TimeSpan.FromSeconds(10), $"the server took {stopped} to stop with a watch open");
        Assert.Equal(5, watch.ExitCode);
        var line = Assert.Single(watch.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("stopped; run 'naravard watch --from", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Import_BadRow_ExitsOneNamingRowColumnAndRule()
    {
        var tag = TestRoadmap.NewKey("cli");
        var rows = SamplePlan.Rows(tag, count: 2);
        rows[1][(int)PlanColumn.Owner] = "Atlantis";
        var plan = Path.Combine(fixture.Home, $"{tag}.csv");
        await File.WriteAllBytesAsync(plan, SamplePlan.Csv(rows));

        var result = await fixture.RunAsync(["import", plan]);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("row 3, Ägare: okänd organisation 'Atlantis'", result.Output, StringComparison.Ordinal);
        Assert.Contains("Nothing written", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TemplateAndExport_WriteTheFilesTheyName()
    {
        var template = Path.Combine(fixture.Home, "mall.xlsx");
        var export = Path.Combine(fixture.Home, "hinder.csv");

        var fetched = await fixture.RunAsync(["template", "-o", template]);
        var exported = await fixture.RunAsync(["export", "obstacles", "--format", "csv", "-o", export]);
        var wrong = await fixture.RunAsync(["export", "everything"]);

        Assert.Equal((0, 0, 2), (fetched.ExitCode, exported.ExitCode, wrong.ExitCode));
        Assert.Equal("PK"u8.ToArray(), (await File.ReadAllBytesAsync(template))[..2]);
        var csv = await File.ReadAllBytesAsync(export);
        Assert.Equal([0xEF, 0xBB, 0xBF], csv[..3]);
        Assert.StartsWith("Id;Hinder;Kategori;Allvar;Status", System.Text.Encoding.UTF8.GetString(csv[3..]), StringComparison.Ordinal);
        Assert.Contains("unknown view 'everything'", wrong.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Print_TheRoad_WritesAnA4Pdf()
    {
        var pdf = Path.Combine(fixture.Home, "vagen.pdf");

        var printed = await fixture.RunAsync(["print", "road", "-o", pdf]);
        var withoutBody = await fixture.RunAsync(["print", "since-meeting"]);

        Assert.Equal((0, 2), (printed.ExitCode, withoutBody.ExitCode));
        var text = await PdfText.ReadAsync(await File.ReadAllBytesAsync(pdf));
        Assert.True(text.IsA4Landscape, $"{text.WidthPoints} x {text.HeightPoints} pts");
        Assert.Contains("Vägen mot Nära vård 2030", text.PageTexts[0], StringComparison.Ordinal);
        Assert.Contains("since-meeting needs --body", withoutBody.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Revise_NewTargetDate_IsInForceAndRefusedWithoutAReason()
    {
        var created = await fixture.RunAsync(["create", "--org", "kinda", "--item", "K06", "--title", "Mobil hemsjukvård", "--json"]);
        var id = System.Text.Json.JsonDocument.Parse(created.Output).RootElement.GetProperty("id").GetString()!;

        var revised = await fixture.RunAsync(["revise", id, "--target-date", "2029-06-30", "--goal-areas", "Teambaserad vård", "--reason", "Årlig revidering 2027"]);
        var withoutReason = await fixture.RunAsync(["revise", id, "--target-date", "2030-01-01"]);

        Assert.Equal((0, 2), (revised.ExitCode, withoutReason.ExitCode));
        Assert.Contains("target date 2029-06-30", revised.Output, StringComparison.Ordinal);
    }
}
