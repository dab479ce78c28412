using NaraVard.Domain;
using NaraVard.Domain.Access;
using NaraVard.Persistence.Sqlite;
using NaraVard.Server.Access;
using NaraVard.Testing;

namespace NaraVard.Server.Tests.Access;

/// <summary>A token the registry has accepted before is remembered, never past its revocation or for another secret.</summary>
public sealed class TokenRegistryTests : IAsyncLifetime
{
    private static readonly Actor Admin = new("Admin", "05", "admin", "admin");
    private readonly TempDirectory _folder = new("naravard-tokens");
    private readonly ManualTimeProvider _time = new();
    private SqliteEventStore _store = null!;

    public async Task InitializeAsync()
    {
        _store = new SqliteEventStore(_folder.File("naravard.db"), _time);
        await _store.InitializeAsync();
    }

    public async Task DisposeAsync()
    {
        await _store.DisposeAsync();
        _folder.Dispose();
    }

    [Fact]
    public async Task Authenticate_TokenUsedThenRevoked_IsRefused()
    {
        var (token, record) = await Tokens.IssueAsync(_store, "Motala", "0583", Role.Editor, Admin, _time.GetUtcNow());
        var registry = await new TokenRegistry().LoadAsync(_store);
        Assert.Equal(record.Id, registry.Authenticate(token)?.Id);
        Assert.Equal(record.Id, registry.Authenticate(token)?.Id);

        await Tokens.RevokeAsync(_store, record.Id, Admin, _time.GetUtcNow());
        await registry.LoadAsync(_store);

        Assert.Null(registry.Authenticate(token));
    }

    [Fact]
    public async Task Authenticate_KnownIdWithAnotherSecret_IsRefusedAfterTheRightOneWasAccepted()
    {
        var (token, _) = await Tokens.IssueAsync(_store, "Linköping", "0580", Role.Editor, Admin, _time.GetUtcNow());
        var registry = await new TokenRegistry().LoadAsync(_store);
        Assert.NotNull(registry.Authenticate(token));

        var forged = token[..^4] + (token.EndsWith("aaaa", StringComparison.Ordinal) ? "bbbb" : "aaaa");

        Assert.Null(registry.Authenticate(forged));
        Assert.NotNull(registry.Authenticate(token));
    }

    [Fact]
    public async Task AuthenticateFresh_ManyFirstCallsOfANewTokenAtOnce_AreAllAccepted()
    {
        // The first calls of a script with a token made a moment ago arrive together; each may find the token
        // unknown, and one of them learns it while the others are between their first look and the store's.
        for (var round = 0; round < 20; round++)
        {
            var (token, record) = await Tokens.IssueAsync(_store, $"Skript {round}", "0586", Role.Viewer, Admin, _time.GetUtcNow());
            var registry = new TokenRegistry();

            var accepted = await Task.WhenAll(Enumerable.Range(0, 40).Select(_ => Task.Run(() => registry.AuthenticateFreshAsync(token, _store, CancellationToken.None))));

            Assert.All(accepted, found => Assert.Equal(record.Id, found?.Id));
        }
    }
}
