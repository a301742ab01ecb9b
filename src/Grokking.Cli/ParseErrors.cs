using System.CommandLine;

namespace Grokking.Cli;

/// <summary>The one line a parse error gets: the most specific message, not the first one System.CommandLine lists
/// (for `grok run nope` that would be "Required command was not provided", which hides the unknown name).</summary>
internal static class ParseErrors
{
    public static string Describe(ParseResult parsed)
    {
        var command = parsed.CommandResult.Command;
        var subcommands = command.Subcommands.Where(c => !c.Hidden).Select(c => c.Name).ToList();
        // a token where a subcommand was required: an unknown experiment (grok run nope) or command
        if (subcommands.Count > 0 && parsed.UnmatchedTokens.Count > 0 && !parsed.UnmatchedTokens[0].StartsWith('-'))
        {
            string what = command.Name == "run" ? "experiment" : "command";
            return $"unknown {what} '{parsed.UnmatchedTokens[0]}' (known: {string.Join(", ", subcommands)})";
        }
        if (subcommands.Count > 0 && parsed.Errors.Any(e => e.Message.StartsWith("Required command", StringComparison.Ordinal)))
            return $"'{(command is RootCommand ? "grok" : "grok " + command.Name)}' needs {(command.Name == "run" ? "an experiment" : "a command")}: {string.Join(", ", subcommands)}";
        var unrecognised = parsed.Errors.FirstOrDefault(e => e.Message.StartsWith("Unrecognized", StringComparison.Ordinal));
        return (unrecognised ?? parsed.Errors[0]).Message;
    }
}
