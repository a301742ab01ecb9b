using System.Diagnostics;
using System.Text.RegularExpressions;
using Xunit.Abstractions;

namespace Grokking.Tests.Sweeps;

/// <summary>`grok report`: one self-contained HTML page that a real browser (headless Chromium) renders.</summary>
public sealed partial class ReportTests(ITestOutputHelper output) : IDisposable
{
    private readonly string _dir = TestSupport.TempDir("report");

    public void Dispose() => TestSupport.Delete(_dir);

    private (string Spec, string Root) FinishedSweep()
    {
        Directory.CreateDirectory(_dir);
        string spec = Path.Combine(_dir, "r.yaml");
        File.WriteAllText(spec, """
            name: r
            kind: sparse-recovery
            base: {steps: 20000, snr: inf, t2-rule: plateau, components: false}
            axes:
              - zip: {alpha: [0.1, 0.1, 0.05], beta1: [1e-3, 1e-4, 1e-3]}
            """);
        string root = Path.Combine(_dir, "root");
        var run = TestSupport.Grok("sweep", spec, "--root", root, "--no-plots");
        Assert.True(run.Code == 0, run.Err);
        return (spec, root);
    }

    [Fact]
    public void TheReportIsOneSelfContainedPageWithFiguresAndTheRunTable()
    {
        var (spec, root) = FinishedSweep();
        var (code, stdout, err) = TestSupport.Grok("report", spec, "--root", root);
        Assert.True(code == 0, err);
        string html = File.ReadAllText(Path.Combine(root, "reports", "r.html"));
        Assert.Contains($"wrote {Path.Combine(root, "reports", "r.html")}", stdout);
        Assert.Equal(2, SvgOpen().Matches(html).Count);                  // t1/t2 figure and error curves
        Assert.Equal(3, RunRow().Matches(html).Count);
        Assert.Contains(">2,000<", html);                                // alpha 0.1, beta1 1e-3: t2 (spec B.2)
        Assert.Contains(">11,000<", html);                               // alpha 0.1, beta1 1e-4
        Assert.Contains("&quot;beta1&quot;:0.0001", html);               // the config of each run
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotMatch(@"(src|href)\s*=\s*""(https?:)?//", html);   // nothing fetched from the network

        // a folder of runs works too, with states from the store beside them
        var folder = TestSupport.Grok("report", Path.Combine(root, "runs"));
        Assert.True(folder.Code == 0, folder.Err);
        string page = File.ReadAllText(Path.Combine(root, "runs", "report.html"));
        Assert.Equal(3, RunRow().Matches(page).Count);
        Assert.Contains("3 done", page);
    }

    [ServerFact]
    public void HeadlessChromiumRendersTheReport()
    {
        string? chromium = new[] { "chromium", "chromium-browser" }.FirstOrDefault(TestSupport.OnPath);
        if (!TestSupport.Available(chromium is not null, "the report rendering test needs chromium (Debian package 'chromium')", output)) return;
        var (spec, root) = FinishedSweep();
        string html = Path.Combine(_dir, "page.html");
        Assert.Equal(0, TestSupport.Grok("report", spec, "--root", root, "--out", html).Code);

        string dom = RunChromium(chromium!, "--dump-dom", html);
        Assert.Contains("<table id=\"runs\">", dom);
        Assert.Equal(3, RunRow().Matches(dom).Count);
        Assert.Equal(2, SvgOpen().Matches(dom).Count);

        string png = Path.Combine(_dir, "page.png");
        RunChromium(chromium!, $"--screenshot={png}", html);
        byte[] bytes = File.ReadAllBytes(png);
        Assert.Equal([0x89, 0x50, 0x4E, 0x47], bytes[..4]);
        output.WriteLine($"screenshot: {bytes.Length} bytes");
        Assert.True(bytes.Length > 30_000, $"the screenshot ({bytes.Length} bytes) looks blank");
    }

    private string RunChromium(string chromium, string action, string html)
    {
        string profile = Directory.CreateDirectory(Path.Combine(_dir, "profile-" + Guid.NewGuid().ToString("N"))).FullName;
        var psi = new ProcessStartInfo(chromium) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[] { "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                     "--disable-background-networking", "--disable-component-update", "--disable-sync",
                     $"--user-data-dir={profile}", "--window-size=1200,1600", action, new Uri(html).AbsoluteUri })
            psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(90_000)) { p.Kill(true); Assert.Fail("chromium did not finish in 90 s"); }
        p.WaitForExit();
        Assert.True(p.ExitCode == 0, $"chromium exit {p.ExitCode}: {stderr.Result}");
        return stdout.Result;
    }

    [GeneratedRegex("<svg[ >]")]
    private static partial Regex SvgOpen();

    [GeneratedRegex(@"<tr><td class=""num"">\d+</td>")]
    private static partial Regex RunRow();
}
