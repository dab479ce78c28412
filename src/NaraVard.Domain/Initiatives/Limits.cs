using System.Globalization;

namespace NaraVard.Domain;

/// <summary>
/// Text limits and rules. Generous for real use, small enough that one request cannot bloat a stream. Lengths are
/// counted in user-perceived characters (text elements: an emoji or a letter with its accents is one), and text
/// that would hide or reorder what readers see is refused: control characters, bidirectional overrides, and (in
/// single-line texts such as titles and names) zero-width characters.
/// </summary>
public static class Limits
{
    public const int Title = 200;
    public const int Comment = 2_000;
    public const int Description = 4_000;
    public const int Name = 200;
    public const int MaxParticipants = 64;
    public const int MaxEffects = 20;
    public const int MaxMilestones = 200;

    /// <summary>A title, a name: one line, no control, bidirectional-override or zero-width characters.</summary>
    public static string Line(string? value, string field, int max, bool required = false) => Checked(value, field, max, required, multiline: false);

    /// <summary>A comment, a description: newlines and tabs allowed, no other control or bidirectional-override characters.</summary>
    public static string Text(string? value, string field, int max, bool required = false) => Checked(value, field, max, required, multiline: true);

    private static string Checked(string? value, string field, int max, bool required, bool multiline)
    {
        var text = (value ?? "").Trim();
        if (required && text.Length == 0)
        {
            throw DomainException.Invalid(field, "is required");
        }

        var marks = 0;
        for (var i = 0; i < text.Length; i++)
        {
            if (Refused(text[i], multiline) is { } what)
            {
                throw DomainException.Invalid(field, $"must not contain {what} (U+{(int)text[i]:X4} at position {i + 1})");
            }

            // Tag characters (U+E0000–E007F, a surrogate pair) hide text that some programs read and people do not see.
            if (text[i] == '\uDB40' && i + 1 < text.Length && text[i + 1] is >= '\uDC00' and <= '\uDC7F')
            {
                throw DomainException.Invalid(field, $"must not contain tag characters (U+{char.ConvertToUtf32(text[i], text[i + 1]):X5} at position {i + 1})");
            }

            // A letter carries a few combining marks in any real language; dozens stack over the lines around it.
            marks = CharUnicodeInfo.GetUnicodeCategory(text[i]) is UnicodeCategory.NonSpacingMark or UnicodeCategory.EnclosingMark ? marks + 1 : 0;
            if (marks > MaxCombiningMarks)
            {
                throw DomainException.Invalid(field, $"must not contain more than {MaxCombiningMarks} combining marks on one letter (at position {i + 1})");
            }
        }

        var length = new StringInfo(text).LengthInTextElements;
        return length <= max ? text : throw DomainException.Invalid(field, $"must be at most {max} characters (was {length})");
    }

    private const int MaxCombiningMarks = 4;

    private static string? Refused(char c, bool multiline) => c switch
    {
        '\u2028' or '\u2029' => multiline ? "line or paragraph separators (use a newline)" : "control characters or line breaks",
        '\u200E' or '\u200F' or '\u061C' => "bidirectional marks",
        '\u00AD' => "soft hyphens (invisible, but they split words in search and export)",
        '\u115F' or '\u1160' or '\u3164' or '\uFFA0' => "invisible filler characters",
        '\n' or '\t' when multiline => null,
        '\r' when multiline => null,
        '\u202A' or '\u202B' or '\u202C' or '\u202D' or '\u202E' or '\u2066' or '\u2067' or '\u2068' or '\u2069' => "bidirectional override characters",
        '\u200B' or '\u200C' or '\u200D' or '\u2060' or '\uFEFF' when !multiline => "zero-width characters",
        _ when char.IsControl(c) => multiline ? "control characters other than newlines and tabs" : "control characters or line breaks",
        _ => null,
    };
}
