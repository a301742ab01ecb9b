using System.Diagnostics;
using Grokking.Figures;

namespace Grokking.Tests.BasisPursuit;

/// <summary>Figures 19 and 20 are registered and `grok figure 20 --quick` writes its files with every claim holding.</summary>
public class FigureTests
{
    [Fact]
    public void BothFiguresAreInTheCatalog()
    {
        Assert.Equal("20", FigureCatalog.Get("20").Id);
        Assert.Equal("19", FigureCatalog.Get("19").Id);
    }

    [Fact]
    public void QuickFigure20FromTheCommandLine()
    {
        string dir = Path.Combine(Path.GetTempPath(), "grok-bp-" + Guid.NewGuid().ToString("N"));
        try
        {
            var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            foreach (var a in new[] { Path.Combine(AppContext.BaseDirectory, "grok.dll"), "figure", "20", "--quick", "--out", dir })
                psi.ArgumentList.Add(a);
            psi.Environment["CI"] = "true";
            using var p = Process.Start(psi)!;
            string stdout = p.StandardOutput.ReadToEnd();
            Assert.True(p.WaitForExit(60_000));
            Assert.Equal(0, p.ExitCode);
            Assert.DoesNotContain("DIFFERS", stdout);
            foreach (var ext in new[] { ".svg", ".csv", ".md" }) Assert.True(File.Exists(Path.Combine(dir, "figure-20" + ext)), ext);
            string md = File.ReadAllText(Path.Combine(dir, "figure-20.md"));
            Assert.Contains("| 0 | 11 | 71 | 91 | 91 | 101 |", md);   // N_min row for tau = 0 on the quick grid (s = 1, 21, ..., 81)
            // 5 s x 11 N x 3 tau cells plus the header.
            Assert.Equal(1 + 5 * 11 * 3, File.ReadAllLines(Path.Combine(dir, "figure-20.csv")).Length);
        }
        finally
        {
            if (Directory.Exists(dir)) Directory.Delete(dir, true);
        }
    }
}
