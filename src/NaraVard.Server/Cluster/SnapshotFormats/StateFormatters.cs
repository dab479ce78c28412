using System.Runtime.CompilerServices;
using MessagePack;
using NaraVard.Domain;
using NaraVard.Domain.Initiatives;
using NaraVard.Domain.Obstacles;
using static NaraVard.Server.Cluster.SnapshotFormats.Fields;

namespace NaraVard.Server.Cluster.SnapshotFormats;

/// <summary>The event feed snapshot's initiatives, with what they hold (effects, budget, milestones, indicators).</summary>
internal sealed class InitiativeStateFormatter() : ArrayFormatter<InitiativeState>(30, oldest: 29)
{
    protected override void Write(ref MessagePackWriter writer, InitiativeState value)
    {
        writer.Write(value.Id);
        writer.Write(value.Version);
        writer.Write(value.Title);
        writer.Write(value.Description);
        Code(ref writer, value.OwnerCode);
        writer.Write((int)value.Scope);
        Codes(ref writer, value.Participants);
        Codes(ref writer, value.Invited);
        Code(ref writer, value.RoadmapItem);
        Codes(ref writer, value.GoalAreas);
        Array(ref writer, value.Effects, WriteEffect);
        writer.Write(value.Responsible);
        DateOrNull(ref writer, value.StartDate);
        DateOrNull(ref writer, value.TargetDate);
        WriteBudget(ref writer, value.Budget);
        writer.Write((int)value.Phase);
        if (value.PhaseBeforePause is { } before)
        {
            writer.Write((int)before);
        }
        else
        {
            writer.WriteNil();
        }

        writer.Write(value.ProgressPercent);
        writer.Write((int)value.Status);
        writer.Write(value.LastComment);
        Array(ref writer, value.Milestones, WriteMilestone);
        Array(ref writer, value.Indicators, WriteIndicator);
        Time(ref writer, value.CreatedAt);
        Time(ref writer, value.LastReportAt);
        Time(ref writer, value.UpdatedAt);
        writer.Write(value.ClosedReason);
        writer.Write(value.Priority is { } priority ? (int)priority : 0);
    }

    // Optimised at its first call: a restart reads 100,000 of them while start-up keeps tiering postponed.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    protected override InitiativeState Read(ref MessagePackReader reader, int members) => new()
    {
        Id = Text(ref reader),
        Version = reader.ReadInt64(),
        Title = Text(ref reader),
        Description = Text(ref reader),
        OwnerCode = Code(ref reader),
        Scope = (InitiativeScope)reader.ReadInt32(),
        Participants = Codes(ref reader),
        Invited = Codes(ref reader),
        RoadmapItem = Code(ref reader),
        GoalAreas = Codes(ref reader),
        Effects = Array(ref reader, ReadEffect),
        Responsible = Text(ref reader),
        StartDate = DateOrNull(ref reader),
        TargetDate = DateOrNull(ref reader),
        Budget = ReadBudget(ref reader),
        Phase = (Phase)reader.ReadInt32(),
        PhaseBeforePause = reader.TryReadNil() ? null : (Phase)reader.ReadInt32(),
        ProgressPercent = reader.ReadInt32(),
        Status = (InitiativeStatus)reader.ReadInt32(),
        LastComment = Text(ref reader),
        Milestones = Array(ref reader, ReadMilestone),
        Indicators = Array(ref reader, ReadIndicator),
        CreatedAt = Time(ref reader),
        LastReportAt = Time(ref reader),
        UpdatedAt = Time(ref reader),
        ClosedReason = TextOrNull(ref reader),

        // Written with 29 members before the action plan's priority, with 30 since.
        Priority = members > 29 && reader.ReadInt32() is > 0 and var priority ? (Priority)priority : null,
    };

    private static void WriteEffect(ref MessagePackWriter writer, Effect value)
    {
        writer.WriteArrayHeader(2);
        writer.Write((int)value.Level);
        writer.Write(value.Description);
    }

    private static Effect ReadEffect(ref MessagePackReader reader)
    {
        reader.ReadArrayHeader();
        return new Effect((EffectLevel)reader.ReadInt32(), Text(ref reader));
    }

    private static void WriteBudget(ref MessagePackWriter writer, Budget? value)
    {
        if (value is null)
        {
            writer.WriteNil();
            return;
        }

        writer.WriteArrayHeader(9);
        Amount(ref writer, value.OwnCost);
        Amount(ref writer, value.CoFinancing);
        writer.Write(value.CoFinancedBy);
    }

    private static Budget? ReadBudget(ref MessagePackReader reader)
    {
        if (reader.TryReadNil())
        {
            return null;
        }

        reader.ReadArrayHeader();
        return new Budget(Amount(ref reader), Amount(ref reader), TextOrNull(ref reader));
    }

    private static void WriteMilestone(ref MessagePackWriter writer, Milestone value)
    {
        writer.WriteArrayHeader(4);
        writer.Write(value.Id);
        writer.Write(value.Title);
        DateOrNull(ref writer, value.Due);
        TimeOrNull(ref writer, value.CompletedAt);
    }

    private static Milestone ReadMilestone(ref MessagePackReader reader)
    {
        reader.ReadArrayHeader();
        return new Milestone(Text(ref reader), Text(ref reader), DateOrNull(ref reader), TimeOrNull(ref reader));
    }

    private static void WriteIndicator(ref MessagePackWriter writer, Indicator value)
    {
        writer.WriteArrayHeader(17);
        writer.Write(value.Id);
        writer.Write(value.Name);
        writer.Write(value.Unit);
        writer.Write((int)value.Level);
        Amount(ref writer, value.Baseline);
        Date(ref writer, value.BaselineDate);
        Amount(ref writer, value.Target);
        Date(ref writer, value.TargetDate);
        Array(ref writer, value.Values, WriteMeasurement);
        writer.Write(value.Kolada?.Kpi ?? "");
        writer.Write(value.Kolada?.Municipality ?? "");
    }

    // Written with 15 members before indicators could come from Kolada, with 17 since.
    private static Indicator ReadIndicator(ref MessagePackReader reader)
    {
        var members = reader.ReadArrayHeader();
        return new Indicator(
            Id: Text(ref reader),
            Name: Text(ref reader),
            Unit: Text(ref reader),
            Level: (EffectLevel)reader.ReadInt32(),
            Baseline: Amount(ref reader),
            BaselineDate: Date(ref reader),
            Target: Amount(ref reader),
            TargetDate: Date(ref reader),
            Values: Array(ref reader, ReadMeasurement))
        {
            Kolada = members > 15 ? KoladaSourceOf(Text(ref reader), Text(ref reader)) : null,
        };
    }

    private static KoladaSource? KoladaSourceOf(string kpi, string municipality) => kpi.Length > 0 ? new KoladaSource(kpi, municipality) : null;

    private static void WriteMeasurement(ref MessagePackWriter writer, Measurement value)
    {
        writer.WriteArrayHeader(value.FromKolada ? 14 : 8);
        Date(ref writer, value.MeasuredOn);
        Amount(ref writer, value.Value);
        writer.Write(value.Comment);
        Time(ref writer, value.RecordedAt);
        if (value.FromKolada)
        {
            // Only Kolada's values carry more: a county's typed-in values stay as small as before.
            writer.Write(true);
            writer.Write(value.Revises is not null);
            Amount(ref writer, value.Revises ?? 0);
        }
    }

    private static Measurement ReadMeasurement(ref MessagePackReader reader)
    {
        var members = reader.ReadArrayHeader();
        var measurement = new Measurement(Date(ref reader), Amount(ref reader), Text(ref reader), Time(ref reader));
        if (members <= 8)
        {
            return measurement;
        }

        var fromKolada = reader.ReadBoolean();
        var revised = reader.ReadBoolean();
        var revises = Amount(ref reader);
        return measurement with { FromKolada = fromKolada, Revises = revised ? revises : null };
    }
}

/// <summary>The event feed snapshot's obstacles.</summary>
internal sealed class ObstacleStateFormatter() : ArrayFormatter<ObstacleState>(23, oldest: 20)
{
    protected override void Write(ref MessagePackWriter writer, ObstacleState value)
    {
        writer.Write(value.Id);
        writer.Write(value.Version);
        Code(ref writer, value.Category);
        writer.Write(value.OtherCategory);
        writer.Write((int)value.Severity);
        writer.Write(value.Title);
        writer.Write(value.Description);
        Array(ref writer, value.BlockedInitiatives, Code);
        Codes(ref writer, value.BlockedOrganizations);
        writer.Write(value.RaisedBy.Name);
        Code(ref writer, value.RaisedBy.OrganizationCode);
        Code(ref writer, value.RaisedBy.Role);
        writer.Write(value.RaisedBy.Id);
        Time(ref writer, value.RaisedAt);
        TimeOrNull(ref writer, value.ResolvedAt);
        Time(ref writer, value.UpdatedAt);
        writer.Write((int)value.Status);
        writer.Write((int)value.Escalation);
        writer.Write(value.Owner);
        writer.Write(value.NextStep);
        DateOrNull(ref writer, value.NextStepDue);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    protected override ObstacleState Read(ref MessagePackReader reader, int members) => new()
    {
        Id = Text(ref reader),
        Version = reader.ReadInt64(),
        Category = Code(ref reader),
        OtherCategory = TextOrNull(ref reader),
        Severity = (Severity)reader.ReadInt32(),
        Title = Text(ref reader),
        Description = Text(ref reader),
        BlockedInitiatives = Array(ref reader, Text),
        BlockedOrganizations = Codes(ref reader),
        RaisedBy = new Actor(Text(ref reader), Code(ref reader), Code(ref reader), Text(ref reader)),
        RaisedAt = Time(ref reader),
        ResolvedAt = TimeOrNull(ref reader),
        UpdatedAt = Time(ref reader),
        Status = (ObstacleStatus)reader.ReadInt32(),
        Escalation = (EscalationLevel)reader.ReadInt32(),
        Owner = members > 20 ? Text(ref reader) : "",
        NextStep = members > 20 ? Text(ref reader) : "",
        NextStepDue = members > 20 ? DateOrNull(ref reader) : null,
    };
}
