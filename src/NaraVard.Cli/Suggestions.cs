using System.CommandLine;

namespace NaraVard.Cli;

/// <summary>
/// A mistyped command or option gets one line that names it and the nearest one that exists ("did you mean"),
/// instead of one "Unrecognized" line for it and for every word after it.
/// </summary>
internal static class Suggestions
{
    public static IEnumerable<string> Explain(ParseResult parsed)
    {
        if (parsed.UnmatchedTokens.Count == 0)
        {
            return parsed.Errors.Select(e => $"error: {e.Message}");
        }

        var token = parsed.UnmatchedTokens[0];
        var command = parsed.CommandResult.Command;
        var isOption = token.StartsWith('-');
        var known = isOption
            ? command.Options.Concat(Ancestors(parsed).SelectMany(c => c.Options).Where(o => o.Recursive)).SelectMany(o => o.Aliases.Prepend(o.Name))
            : command.Subcommands.Where(c => !c.Hidden).Select(c => c.Name);
        var nearest = known.Distinct().Select(name => (name, distance: Distance(token, name))).Where(x => x.distance <= Math.Max(2, token.Length / 3)).OrderBy(x => x.distance).Select(x => x.name).FirstOrDefault();
        var where = command.Parents.Any() ? $" for '{command.Name}'" : "";
        var line = $"error: unknown {(isOption ? "option" : "command")} '{token}'{where}" + (nearest is null ? "" : $"; did you mean '{nearest}'?");

        // What follows a mistyped command is not worth a line each; an unknown option leaves the other errors standing.
        return isOption
            ? parsed.Errors.Where(e => !parsed.UnmatchedTokens.Any(t => e.Message.Contains($"'{t}'", StringComparison.Ordinal))).Select(e => $"error: {e.Message}").Prepend(line)
            : [line];
    }

    private static IEnumerable<Command> Ancestors(ParseResult parsed)
    {
        for (var result = parsed.CommandResult.Parent as System.CommandLine.Parsing.CommandResult; result is not null; result = result.Parent as System.CommandLine.Parsing.CommandResult)
        {
            yield return result.Command;
        }
    }

    /// <summary>Edits (insert, delete, replace, swap of two neighbours) from one word to the other, ignoring case.</summary>
    private static int Distance(string a, string b)
    {
        a = a.ToLowerInvariant();
        b = b.ToLowerInvariant();
        var d = new int[a.Length + 1, b.Length + 1];
        for (var i = 0; i <= a.Length; i++)
        {
            d[i, 0] = i;
        }

        for (var j = 0; j <= b.Length; j++)
        {
            d[0, j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                {
                    d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + 1);
                }
            }
        }

        return d[a.Length, b.Length];
    }
}
