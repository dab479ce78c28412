using Grpc.Core;
using NaraVard.Api.V1;
using NaraVard.Server.FollowUp;
using NaraVard.Server.Mapping;
using FollowUpDomain = NaraVard.Domain.FollowUp;

namespace NaraVard.Server.Services;

/// <summary>naravard.v1.FollowUpService: meetings and the change report, translated to and from the domain.</summary>
internal sealed class FollowUpGrpcService(MeetingBook meetings, ChangeReports reports, AsOfReads asOf, Domain.Roadmap.RoadmapDefinition roadmap) : FollowUpService.FollowUpServiceBase
{
    public override async Task<Meeting> RecordMeeting(RecordMeetingRequest r, ServerCallContext context) =>
        (await meetings.RecordAsync(
            new FollowUpDomain.RecordMeeting(Caller.Of(context), r.Body.ToDomain("body") ?? throw StatusMapping.Invalid("body", "is required: svo or lgvo"), r.Date.ToDate("date") ?? throw StatusMapping.Invalid("date", "is required (YYYY-MM-DD)"), r.Title, r.Note, Caller.RequestId(r.RequestId)),
            context.CancellationToken)).ToApi();

    public override async Task<ListMeetingsResponse> ListMeetings(ListMeetingsRequest r, ServerCallContext context)
    {
        var response = new ListMeetingsResponse();
        response.Meetings.AddRange((await meetings.ListAsync(r.Body.ToDomain("body"), context.CancellationToken)).Select(m => m.ToApi()));
        return response;
    }

    public override async Task<Overview> GetOverviewAsOf(AsOfRequest r, ServerCallContext context) =>
        (await asOf.OverviewAsync(Moment(r.AsOf), context.CancellationToken)).ToApi(roadmap);

    public override async Task<Initiative> GetInitiativeAsOf(InitiativeAsOfRequest r, ServerCallContext context)
    {
        var (state, stale, blocked) = await asOf.InitiativeAsync(RequestFields.RequiredId(r.Id, "id"), Moment(r.AsOf), context.CancellationToken);
        return state.ToApi(stale, blocked);
    }

    private static DateTimeOffset Moment(Google.Protobuf.WellKnownTypes.Timestamp? at) =>
        at?.ToDateTimeOffset() ?? throw StatusMapping.Invalid("as_of", "is required");

    public override async Task<ChangeReport> GetChangeReport(GetChangeReportRequest r, ServerCallContext context)
    {
        var (report, since) = await reports.BuildAsync(r.SinceMeetingOf.ToDomain("since_meeting_of"), r.From?.ToDateTimeOffset(), r.To?.ToDateTimeOffset(), context.CancellationToken);
        return report.ToApi(since);
    }
}
