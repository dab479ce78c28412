using NaraVard.Domain.FollowUp;

namespace NaraVard.Domain.Tests;

public sealed class MeetingDeciderTests
{
    private static readonly Actor Planner = new("Planerare", "05", "planner", "token:plan");
    private static readonly DateOnly Today = new(2026, 11, 24);
    private static readonly DateTimeOffset Now = new(2026, 11, 24, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Record_HeldMeeting_EndsAtTheEndOfItsSwedishDay()
    {
        var meeting = MeetingDecider.Decide("m-1", new RecordMeeting(Planner, Body.Svo, new DateOnly(2026, 11, 20), "SVO november", "", "r-1"), Today, Now);

        Assert.Equal((Body.Svo, "SVO november"), (meeting.Body, meeting.Title));
        Assert.Equal(new DateTimeOffset(2026, 11, 21, 0, 0, 0, TimeSpan.FromHours(1)), meeting.EndsAt);
    }

    [Fact]
    public void Record_MeetingInTheFuture_IsInvalidNamingTheDate()
    {
        var error = Assert.Throws<DomainException>(() => MeetingDecider.Decide("m-1", new RecordMeeting(Planner, Body.Lgvo, Today.AddDays(1), "LGVO", "", null), Today, Now));

        Assert.Equal((ErrorKind.InvalidArgument, "date"), (error.Kind, error.Field));
    }

    [Theory]
    [InlineData("viewer")]
    [InlineData("editor")]
    public void Record_ByViewerOrEditor_IsPermissionDenied(string role)
    {
        var error = Assert.Throws<DomainException>(() => MeetingDecider.Decide("m-1", new RecordMeeting(new("Någon", "0580", role), Body.Svo, Today, "SVO", "", null), Today, Now));

        Assert.Equal(ErrorKind.PermissionDenied, error.Kind);
        Assert.Contains("only planners and admins may record meetings", error.Message, StringComparison.Ordinal);
    }
}
