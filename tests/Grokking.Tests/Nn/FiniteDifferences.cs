namespace Grokking.Tests.Nn;

/// <summary>Central finite differences of a scalar objective, compared entry by entry with an analytic gradient.</summary>
internal static class FiniteDifferences
{
    /// <summary>
    /// For every i: (f(x + h e_i) - f(x - h e_i)) / 2h against <paramref name="analytic"/>[i], relative tolerance
    /// <paramref name="relative"/> (floored at 1e-3 in magnitude, so entries near zero are judged absolutely). x is
    /// perturbed in place and restored.
    /// </summary>
    public static void Check(Span<double> x, ReadOnlySpan<double> analytic, Func<double> objective, string what,
        double h = 1e-5, double relative = 1e-6)
    {
        Assert.Equal(x.Length, analytic.Length);
        for (int i = 0; i < x.Length; i++)
        {
            double saved = x[i];
            x[i] = saved + h;
            double plus = objective();
            x[i] = saved - h;
            double minus = objective();
            x[i] = saved;
            double fd = (plus - minus) / (2 * h);
            double tol = relative * Math.Max(1e-3, Math.Max(Math.Abs(fd), Math.Abs(analytic[i])));
            Assert.True(Math.Abs(fd - analytic[i]) <= tol, $"{what}[{i}]: analytic {analytic[i]:R}, finite difference {fd:R}");
        }
    }

    public static double[] Uniform(System.Random rng, int n, double scale = 1)
    {
        var x = new double[n];
        for (int i = 0; i < n; i++) x[i] = scale * (2 * rng.NextDouble() - 1);
        return x;
    }

    /// <summary>sum w_i y_i: a scalar whose gradient with respect to y is w.</summary>
    public static double Dot(ReadOnlySpan<double> w, ReadOnlySpan<double> y)
    {
        double s = 0;
        for (int i = 0; i < w.Length; i++) s += w[i] * y[i];
        return s;
    }
}
