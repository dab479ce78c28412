using V1 = NaraVard.Api.V1;
using Domain = NaraVard.Domain;
using Obstacles = NaraVard.Domain.Obstacles;

namespace NaraVard.Server.Mapping;

/// <summary>Enum values between the API and the domain. The API's UNSPECIFIED is "not given" and maps to null.</summary>
internal static class EnumMapping
{
    public static V1.Phase ToApi(this Domain.Phase phase) => (V1.Phase)(int)phase;

    public static V1.Phase ToApi(this Domain.Phase? phase) => phase is { } p ? p.ToApi() : V1.Phase.Unspecified;

    public static Domain.Phase? ToDomain(this V1.Phase phase, string field) => phase switch
    {
        V1.Phase.Unspecified => null,
        _ when Enum.IsDefined((Domain.Phase)(int)phase) => (Domain.Phase)(int)phase,
        _ => throw StatusMapping.Invalid(field, $"unknown phase {(int)phase}"),
    };

    public static V1.InitiativeStatus ToApi(this Domain.InitiativeStatus status) => (V1.InitiativeStatus)(int)status;

    public static V1.InitiativeStatus ToApi(this Domain.InitiativeStatus? status) => status is { } s ? s.ToApi() : V1.InitiativeStatus.Unspecified;

    public static Domain.InitiativeStatus? ToDomain(this V1.InitiativeStatus status, string field) => status switch
    {
        V1.InitiativeStatus.Unspecified => null,
        _ when Enum.IsDefined((Domain.InitiativeStatus)(int)status) => (Domain.InitiativeStatus)(int)status,
        _ => throw StatusMapping.Invalid(field, $"unknown status {(int)status}"),
    };

    public static V1.InitiativeHealth ToApi(this Domain.Initiatives.Health health) => (V1.InitiativeHealth)(int)health;

    public static V1.InitiativeHealth ToApi(this Domain.Initiatives.Health? health) => health is { } h ? h.ToApi() : V1.InitiativeHealth.Unspecified;

    public static Domain.Initiatives.Health? ToDomain(this V1.InitiativeHealth health, string field) => health switch
    {
        V1.InitiativeHealth.Unspecified => null,
        _ when Enum.IsDefined((Domain.Initiatives.Health)(int)health) => (Domain.Initiatives.Health)(int)health,
        _ => throw StatusMapping.Invalid(field, $"unknown health {(int)health}"),
    };

    public static V1.Priority ToApi(this Domain.Priority? priority) => priority is { } p ? (V1.Priority)(int)p : V1.Priority.Unspecified;

    public static Domain.Priority? ToDomain(this V1.Priority priority, string field) => priority switch
    {
        V1.Priority.Unspecified => null,
        _ when Enum.IsDefined((Domain.Priority)(int)priority) => (Domain.Priority)(int)priority,
        _ => throw StatusMapping.Invalid(field, $"unknown priority {(int)priority}"),
    };

    public static Grains.Roadmaps.InitiativeOrder ToDomain(this V1.InitiativeOrder order, string field) => order switch
    {
        V1.InitiativeOrder.Unspecified => Grains.Roadmaps.InitiativeOrder.Id,
        V1.InitiativeOrder.Priority => Grains.Roadmaps.InitiativeOrder.Priority,
        V1.InitiativeOrder.TargetDate => Grains.Roadmaps.InitiativeOrder.TargetDate,
        _ => throw StatusMapping.Invalid(field, $"unknown order {(int)order}"),
    };

    public static V1.Scope ToApi(this Domain.InitiativeScope scope) => (V1.Scope)(int)scope;

    public static V1.EffectLevel ToApi(this Domain.EffectLevel level) => (V1.EffectLevel)(int)level;

    public static Domain.EffectLevel ToDomain(this V1.EffectLevel level, string field) => level switch
    {
        V1.EffectLevel.Individual or V1.EffectLevel.Organization or V1.EffectLevel.Society => (Domain.EffectLevel)(int)level,
        _ => throw StatusMapping.Invalid(field, "must be individual, organization or society"),
    };

    public static V1.Severity ToApi(this Obstacles.Severity severity) => (V1.Severity)(int)severity;

    public static Obstacles.Severity? ToDomain(this V1.Severity severity, string field) => severity switch
    {
        V1.Severity.Unspecified => null,
        _ when Enum.IsDefined((Obstacles.Severity)(int)severity) => (Obstacles.Severity)(int)severity,
        _ => throw StatusMapping.Invalid(field, $"unknown severity {(int)severity}"),
    };

    public static V1.ObstacleStatus ToApi(this Obstacles.ObstacleStatus status) => (V1.ObstacleStatus)(int)status;

    public static Obstacles.ObstacleStatus? ToDomain(this V1.ObstacleStatus status, string field) => status switch
    {
        V1.ObstacleStatus.Unspecified => null,
        _ when Enum.IsDefined((Obstacles.ObstacleStatus)(int)status) => (Obstacles.ObstacleStatus)(int)status,
        _ => throw StatusMapping.Invalid(field, $"unknown obstacle status {(int)status}"),
    };

    public static V1.EscalationLevel ToApi(this Obstacles.EscalationLevel level) => (V1.EscalationLevel)(int)level;

    public static Domain.Phase Required(this Domain.Phase? value, string field) => value ?? throw StatusMapping.Invalid(field, "is required");

    public static Domain.InitiativeStatus Required(this Domain.InitiativeStatus? value, string field) => value ?? throw StatusMapping.Invalid(field, "is required");

    public static Obstacles.Severity Required(this Obstacles.Severity? value, string field) => value ?? throw StatusMapping.Invalid(field, "is required");

    /// <summary>A date as YYYY-MM-DD; empty means none.</summary>
    public static DateOnly? ToDate(this string value, string field) =>
        value.Length == 0
            ? null
            : DateOnly.TryParseExact(value, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out var date)
                ? date
                : throw StatusMapping.Invalid(field, $"must be a date as YYYY-MM-DD (was '{value}')");

    public static string ToApi(this DateOnly? date) => date?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) ?? "";
}
