using System.CommandLine;
using Grokking.Experiments;
using Grokking.Training;

namespace Grokking.Cli;

/// <summary>
/// The `grok` command: a thin shell over the library. Exit codes: 0 success, 2 bad input (one line on
/// stderr, nothing written), 1 an unexpected failure.
/// </summary>
public static class Program
{
    public const int BadInput = 2;

    public static int Main(string[] args)
    {
        var root = new RootCommand("Grokking Lab: reproduce the grokking experiments of 'Grokking Beyond the Euclidean Norm' (ICML 2025) and 'A Theoretical Framework for Grokking' (2025).");
        root.Add(RunCommand.Build());
        root.Add(FigureCommand.Build());
        root.Add(ListCommand.Build());
        root.Add(SweepCommand.Build());
        root.Add(ReportCommand.Build());
        root.Add(DataCommand.Build());

        ParseResult parsed = root.Parse(args);
        if (parsed.Errors.Count > 0)
            return Fail(ParseErrors.Describe(parsed));
        return HelpText.IsHelp(parsed) ? HelpText.Print(parsed) : parsed.Invoke();
    }

    /// <summary>Runs a command body, turning the library's input errors into one line and exit code 2.</summary>
    internal static int Guard(Func<int> body)
    {
        try { return body(); }
        catch (SpecException e) { return Fail(e.Message); }
        catch (DivergenceException e) { return Fail(e.Message); }
        catch (OperationCanceledException) { Console.Error.WriteLine("grok: cancelled"); return 130; }
    }

    internal static int Fail(string message)
    {
        Console.Error.WriteLine($"grok: error: {message}");
        return BadInput;
    }
}
