using NaraVard.Domain.Access;

namespace NaraVard.Domain.Tests;

public sealed class RoleTests
{
    [Theory]
    [InlineData("viewer", Role.Viewer)]
    [InlineData("Editor", Role.Editor)]
    [InlineData("PLANNER", Role.Planner)]
    [InlineData("admin", Role.Admin)]
    public void TryParse_OneOfTheFourNamesInAnyCase_IsThatRole(string text, Role expected)
    {
        Assert.True(Roles.TryParse(text, out var role));
        Assert.Equal(expected, role);
    }

    [Theory]
    [InlineData("viewer,editor")] // would be Viewer | Editor = 3 = planner as an enum parse
    [InlineData("4")]
    [InlineData(" Admin")]
    [InlineData("admin ")]
    [InlineData("superuser")]
    [InlineData("")]
    public void TryParse_AnythingElse_IsRefused(string text)
    {
        Assert.False(Roles.TryParse(text, out _));
    }
}
