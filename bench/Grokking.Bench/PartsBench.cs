using Grokking.Experiments;
using Grokking.Problems.MatrixFactorisation;

namespace Grokking.Bench;

/// <summary>
/// Parts of the 10 x 10 completion step at one point of the Fig 5 run (<c>--steps</c>), timed alone: a warm
/// <c>Decompose</c> of the same iterate again (its V converged: the cost floor of a call), <c>AddPolarFactor</c>
/// from the lanes, and the full step: <c>Grokking.Bench parts --steps 450000</c>.
/// </summary>
internal static class PartsBench
{
    public static void Run(long at)
    {
        var spec = RunSpec.Create(MatrixFactorisationExperiment.Kind, MatrixFactorisationParameters.Schema, [new("steps", at + 1000)]);
        var model = (MatrixModel)new MatrixFactorisationExperiment().Prepare(spec).Trainable;
        model.Advance(at);
        var a = model.Current.Data;
        int ld = model.Current.Ld;
        var svd = new Grokking.Numerics.JacobiSvd(10, 10);
        var dst = new double[a.Length];
        for (int r = 0; r < 100_000; r++) svd.Decompose(a, ld, true);
        const int reps = 1_000_000;
        var sw = System.Diagnostics.Stopwatch.StartNew();
        for (int r = 0; r < reps; r++) svd.Decompose(a, ld, true);
        double dec = sw.Elapsed.TotalSeconds / reps * 1e6;
        sw.Restart();
        for (int r = 0; r < reps; r++) svd.AddPolarFactor(dst, ld, 1e-30);
        double add = sw.Elapsed.TotalSeconds / reps * 1e6;
        sw.Restart();
        model.Advance(reps / 10);
        double step = sw.Elapsed.TotalSeconds / (reps / 10) * 1e6;
        Console.WriteLine($"at step {at:N0}: Decompose of a converged iterate {dec:F3} us ({svd.LastSweeps} sweeps, {svd.LastRotations} rotations), " +
                          $"AddPolarFactor {add:F3} us, full step {step:F3} us");
    }
}

/// <summary>
/// How far the solver's per-step polar factor (vector-lane kernel, absolute accuracy) is from a strict one
/// (scalar kernel) on the Fig 5 trajectory: max |H_step - H_strict| over every 7th step, printed at fifths of
/// the run: <c>Grokking.Bench polar --steps 1000000</c>. Both converge to 4 eps; what is left is the conditioning of
/// the polar factor when two small singular values are both near zero (eps ||A|| / (sigma_i + sigma_j)).
/// </summary>
internal static class PolarAccuracyBench
{
    public static void Run(long steps)
    {
        var spec = RunSpec.Create(MatrixFactorisationExperiment.Kind, MatrixFactorisationParameters.Schema, [new("steps", steps)]);
        var model = (MatrixModel)new MatrixFactorisationExperiment().Prepare(spec).Trainable;
        var a = model.Current.Data;
        int ld = model.Current.Ld;
        var strict = new Grokking.Numerics.JacobiSvd(10, 10) { UseLanes = false };
        var h1 = new double[a.Length];
        var h2 = new double[a.Length];
        double worst = 0, sum = 0;
        long worstAt = 0, n = 0;
        for (long t = 0; t < steps; t++)
        {
            model.Advance(1);
            if (t % 7 != 0) continue;
            model.StepSvd.Decompose(a, ld, true);   // the model's own warm-started SVD, then the strict one
            strict.Decompose(a, ld, true);
            Array.Clear(h1); Array.Clear(h2);
            model.StepSvd.AddPolarFactor(h1, ld, 1);
            strict.AddPolarFactor(h2, ld, 1);
            double d = 0;
            for (int i = 0; i < a.Length; i++) d = Math.Max(d, Math.Abs(h1[i] - h2[i]));
            sum += d; n++;
            if (d > worst) (worst, worstAt) = (d, t);
            if ((t + 1) % (steps / 5) < 7) Console.WriteLine($"  to step {t + 1:N0}: max |dH| {worst:E2} (at {worstAt:N0}), mean {sum / n:E2}");
        }
    }
}

/// <summary>Distribution of the small block's condition sigma_3 / sigma_10 along the Fig 5 run, by phase (what a
/// polar iteration on it would face): <c>Grokking.Bench cluster --steps 500000</c>.</summary>
internal static class ClusterBench
{
    public static void Run(long steps)
    {
        var spec = RunSpec.Create(MatrixFactorisationExperiment.Kind, MatrixFactorisationParameters.Schema, [new("steps", steps)]);
        var model = (MatrixModel)new MatrixFactorisationExperiment().Prepare(spec).Trainable;
        long done = 0;
        foreach (long until in new[] { 10_000L, 100_000L, 400_000L, steps })
        {
            var counts = new long[12];
            long n = 0;
            double gapSum = 0;
            for (; done < until; done++)
            {
                model.Advance(1);
                var s = model.StepSvd.SingularValues;
                double kappa = s[2] / s[9];
                counts[Math.Clamp((int)Math.Floor(Math.Log10(kappa)), 0, 11)]++;
                gapSum += s[2] / s[1];
                n++;
            }
            Console.WriteLine($"to {until:N0}: log10(sigma3/sigma10) histogram " + string.Join(" ", counts.Select(c => $"{100.0 * c / n:F1}%")) + $"; mean sigma3/sigma2 {gapSum / n:E2}");
        }
    }
}
