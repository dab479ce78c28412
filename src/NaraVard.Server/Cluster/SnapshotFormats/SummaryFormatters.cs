using System.Runtime.CompilerServices;
using MessagePack;
using NaraVard.Domain;
using NaraVard.Domain.Initiatives;
using NaraVard.Domain.Obstacles;
using NaraVard.Domain.Rollups;
using static NaraVard.Server.Cluster.SnapshotFormats.Fields;

namespace NaraVard.Server.Cluster.SnapshotFormats;

/// <summary>The county snapshot's initiatives.</summary>
internal sealed class InitiativeSummaryFormatter() : ArrayFormatter<InitiativeSummary>(23, oldest: 18)
{
    protected override void Write(ref MessagePackWriter writer, InitiativeSummary value)
    {
        writer.Write(value.Id);
        writer.Write(value.Title);
        Code(ref writer, value.OwnerCode);
        Codes(ref writer, value.Participants);
        writer.Write((int)value.Scope);
        Code(ref writer, value.RoadmapItem);
        writer.Write((int)value.Phase);
        writer.Write((int)value.Status);
        writer.Write(value.ProgressPercent);
        Codes(ref writer, value.GoalAreas);
        Time(ref writer, value.LastReportAt);
        writer.Write(value.Version);
        writer.Write(value.Indicators.Total);
        writer.Write(value.Indicators.Measured);
        writer.Write(value.Indicators.OnTrack);
        Codes(ref writer, value.Invited);

        // Derived by the roll-up again as it restores (from the obstacles it holds); kept so a snapshot is whole.
        writer.Write(value.Blocked);
        writer.Write(value.Indicators.Judged);
        writer.Write(value.Indicators.Moving);
        writer.Write(value.Priority is { } priority ? (int)priority : 0);
        writer.Write(value.Responsible);
        DateOrNull(ref writer, value.TargetDate);
    }

    // Optimised at its first call: a restart reads 100,000 of them while start-up keeps tiering postponed.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    protected override InitiativeSummary Read(ref MessagePackReader reader, int members)
    {
        var (id, title, owner, participants) = (Text(ref reader), Text(ref reader), Code(ref reader), Codes(ref reader));
        var (scope, item, phase, status) = ((InitiativeScope)reader.ReadInt32(), Code(ref reader), (Phase)reader.ReadInt32(), (InitiativeStatus)reader.ReadInt32());
        var (progress, areas, lastReportAt, version) = (reader.ReadInt32(), Codes(ref reader), Time(ref reader), reader.ReadInt64());
        var (total, measured, onTrack) = (reader.ReadInt32(), reader.ReadInt32(), reader.ReadInt32());
        var (invited, blocked) = (Codes(ref reader), reader.ReadBoolean());

        // Written with 18 members before effects were judged, with 20 since.
        var (judged, moving) = members > 18 ? (reader.ReadInt32(), reader.ReadInt32()) : (0, 0);

        // With 23 since the action plan's priority, responsible and target date are listed.
        var (priority, responsible, targetDate) = members > 20 ? (reader.ReadInt32(), Text(ref reader), DateOrNull(ref reader)) : (0, "", null);
        return new(id, title, owner, participants, scope, item, phase, status, progress, areas, lastReportAt, version)
        {
            Indicators = new IndicatorCounts(total, measured, onTrack) { Judged = judged, Moving = moving },
            Invited = invited,
            Blocked = blocked,
            Priority = priority == 0 ? null : (Priority)priority,
            Responsible = responsible,
            TargetDate = targetDate,
        };
    }
}

/// <summary>The county snapshot's obstacles.</summary>
internal sealed class ObstacleSummaryFormatter() : ArrayFormatter<ObstacleSummary>(15, oldest: 12)
{
    protected override void Write(ref MessagePackWriter writer, ObstacleSummary value)
    {
        writer.Write(value.Id);
        writer.Write(value.Title);
        Code(ref writer, value.Category);
        writer.Write((int)value.Severity);
        writer.Write((int)value.Status);
        writer.Write((int)value.Escalation);
        Codes(ref writer, value.BlockedInitiatives);
        Codes(ref writer, value.AffectedOrganizations);
        Time(ref writer, value.RaisedAt);
        writer.Write(value.Version);
        Codes(ref writer, value.NamedOrganizations);
        writer.Write(value.Owner);
        writer.Write(value.NextStep);
        DateOrNull(ref writer, value.NextStepDue);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    protected override ObstacleSummary Read(ref MessagePackReader reader, int members) =>
        new(
            Id: Text(ref reader),
            Title: Text(ref reader),
            Category: Code(ref reader),
            Severity: (Severity)reader.ReadInt32(),
            Status: (ObstacleStatus)reader.ReadInt32(),
            Escalation: (EscalationLevel)reader.ReadInt32(),
            BlockedInitiatives: Array(ref reader, Text),
            AffectedOrganizations: Codes(ref reader),
            RaisedAt: Time(ref reader),
            Version: reader.ReadInt64())
        {
            NamedOrganizations = Codes(ref reader),
            Owner = members > 12 ? Text(ref reader) : "",
            NextStep = members > 12 ? Text(ref reader) : "",
            NextStepDue = members > 12 ? DateOrNull(ref reader) : null,
        };
}
