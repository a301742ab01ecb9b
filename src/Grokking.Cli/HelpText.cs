using System.CommandLine;
using System.CommandLine.Help;

namespace Grokking.Cli;

/// <summary>
/// Help as System.CommandLine writes it, with one correction: a subcommand of a command that takes an argument
/// (`sweep SPEC` and `sweep status SPEC`) is shown with the parent's argument too ("grok sweep &lt;SPEC&gt; status
/// &lt;SPEC&gt;"), which is not how it is typed.
/// </summary>
internal static class HelpText
{
    public static bool IsHelp(ParseResult parsed) => parsed.Errors.Count == 0 && parsed.Action is HelpAction;

    public static int Print(ParseResult parsed)
    {
        var text = new StringWriter();
        int code = parsed.Invoke(new InvocationConfiguration { Output = text });
        string help = text.ToString();
        const string inherited = "grok sweep <SPEC> status <SPEC>";
        if (help.Contains(inherited, StringComparison.Ordinal))
            help = string.Join('\n', help.Replace(inherited, "grok sweep status <SPEC>", StringComparison.Ordinal).Split('\n')
                .Where(line => !line.Contains("Sweep spec (YAML; see docs/SWEEPS.md)", StringComparison.Ordinal))); // the parent's own SPEC
        Console.Out.Write(help);
        return code;
    }
}
