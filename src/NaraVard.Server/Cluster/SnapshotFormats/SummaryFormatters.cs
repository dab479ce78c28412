using System.Runtime.CompilerServices;
using MessagePack;
using NaraVard.Domain;
using NaraVard.Domain.Initiatives;
using NaraVard.Domain.Obstacles;
using NaraVard.Domain.Rollups;
using static NaraVard.Server.Cluster.SnapshotFormats.Fields;

namespace NaraVard.Server.Cluster.SnapshotFormats;

/// <summary>The county snapshot's initiatives.</summary>
internal sealed class InitiativeSummaryFormatter() : ArrayFormatter<InitiativeSummary>(18)
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
    }

    // Optimised at its first call: a restart reads 100,000 of them while start-up keeps tiering postponed.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    protected override InitiativeSummary Read(ref MessagePackReader reader, int members) =>
        new(
            Id: Text(ref reader),
            Title: Text(ref reader),
            OwnerCode: Code(ref reader),
            Participants: Codes(ref reader),
            Scope: (InitiativeScope)reader.ReadInt32(),
            RoadmapItem: Code(ref reader),
            Phase: (Phase)reader.ReadInt32(),
            Status: (InitiativeStatus)reader.ReadInt32(),
            ProgressPercent: reader.ReadInt32(),
            GoalAreas: Codes(ref reader),
            LastReportAt: Time(ref reader),
            Version: reader.ReadInt64())
        {
            Indicators = new IndicatorCounts(reader.ReadInt32(), reader.ReadInt32(), reader.ReadInt32()),
            Invited = Codes(ref reader),
            Blocked = reader.ReadBoolean(),
        };
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
