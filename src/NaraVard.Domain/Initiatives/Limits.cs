namespace NaraVard.Domain;

/// <summary>Text limits. Generous for real use, small enough that one request cannot bloat a stream.</summary>
public static class Limits
{
    public const int Title = 200;
    public const int Comment = 2_000;
    public const int Description = 4_000;
    public const int Name = 200;
    public const int MaxParticipants = 64;
    public const int MaxEffects = 20;
    public const int MaxMilestones = 200;

    public static string Text(string? value, string field, int max, bool required = false)
    {
        var text = (value ?? "").Trim();
        if (required && text.Length == 0)
        {
            throw DomainException.Invalid(field, "is required");
        }

        if (text.Length > max)
        {
            throw DomainException.Invalid(field, $"must be at most {max} characters (was {text.Length})");
        }

        return text;
    }
}
