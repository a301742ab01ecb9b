namespace Grokking.Cli;

public static class Program
{
    public static int Main(string[] args)
    {
        Console.WriteLine("grok: Grokking Lab (skeleton)");
        return 0;
    }
}
