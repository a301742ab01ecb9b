using Grokking.Problems.WeightDecayFlow;

namespace Grokking.Tests.WeightDecayFlow;

/// <summary>Each problem's analytic gradient and Jacobian against central differences of its loss and residuals.</summary>
public class GradientTests
{
    public static TheoryData<string> Problems => ["linear", "diagonal", "completion", "relu"];

    private static FlowProblem Make(string name) => name switch
    {
        "linear" => FlowTestProblems.Linear(),
        "diagonal" => FlowTestProblems.Diagonal(),
        "completion" => FlowTestProblems.Completion(),
        _ => FlowTestProblems.Relu(),
    };

    [Theory]
    [MemberData(nameof(Problems))]
    public void GradientMatchesCentralDifferencesOfTheLoss(string name)
    {
        var p = Make(name);
        int d = p.Dimension;
        var w = FlowTestProblems.Point(d, 0.7);
        var g = new double[d];
        p.Gradient(w, g);
        // h = 1e-6: truncation O(h^2 F''') ~ 1e-12, rounding O(eps F / h) ~ 1e-10 relative; a ReLU kink inside [w - h, w + h]
        // would show as an O(1) error, which the fixed seed avoids (checked below: no pre-activation within 1e-4 of 0)
        const double h = 1e-6;
        double scale = 0;
        foreach (double v in g) scale = Math.Max(scale, Math.Abs(v));
        for (int i = 0; i < d; i++)
        {
            double keep = w[i];
            w[i] = keep + h; double plus = p.Loss(w);
            w[i] = keep - h; double minus = p.Loss(w);
            w[i] = keep;
            Assert.True(Math.Abs((plus - minus) / (2 * h) - g[i]) <= 1e-6 * scale,
                $"{name}: component {i}: fd {(plus - minus) / (2 * h):R} vs analytic {g[i]:R}");
        }
        if (p is ReluNetwork relu)
            for (int j = 0; j < relu.M; j++)
                foreach (double x in relu.X) Assert.True(Math.Abs(w[relu.M + j] * x + w[2 * relu.M + j]) > 1e-4);
    }

    [Theory]
    [MemberData(nameof(Problems))]
    public void GradientIsJacobianTransposeTimesResiduals(string name)
    {
        var p = Make(name);
        int d = p.Dimension, n = p.ResidualCount;
        var w = FlowTestProblems.Point(d, 0.7, seed: 4);
        var r = new double[n];
        var jac = new double[n * d];
        var g = new double[d];
        p.Residuals(w, r);
        p.Jacobian(w, jac);
        p.Gradient(w, g);
        for (int i = 0; i < d; i++)
        {
            double s = 0;
            for (int q = 0; q < n; q++) s += jac[q * d + i] * r[q];
            Assert.Equal(s, g[i], 1e-10 * (1 + Math.Abs(s)));
        }
        // and the Jacobian itself against differences of the residuals, one column at a time
        const double h = 1e-6;
        var rp = new double[n];
        var rm = new double[n];
        for (int i = 0; i < d; i++)
        {
            double keep = w[i];
            w[i] = keep + h; p.Residuals(w, rp);
            w[i] = keep - h; p.Residuals(w, rm);
            w[i] = keep;
            for (int q = 0; q < n; q++) Assert.Equal((rp[q] - rm[q]) / (2 * h), jac[q * d + i], 1e-6);
        }
    }
}
