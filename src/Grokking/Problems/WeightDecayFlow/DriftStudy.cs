using Grokking.Analysis;
using Grokking.Experiments;
using Grokking.Numerics;

namespace Grokking.Problems.WeightDecayFlow;

/// <summary>One point of a drift study: the real run at flow time t = s / lambda beside the predicted slow flow at s.</summary>
public sealed record DriftRow(double S, double T, double TrainLoss, double GradNorm, int KernelDimension, double GapRatio,
    double TangentForce, double NormalForce, double DistanceToPrediction, double TestLoss, double PredictedTestLoss,
    double Norm2, double PredictedNorm2);

/// <summary>
/// Paper 2's Proposition 2 measured on one run (spec A.2): Phi(w0) by the unregularised flow, the predicted slow flow
/// dw/ds = -P_{Ker Hess F(w)} w from it (<see cref="RiemannianDrift.SlowFlow"/>), and the real gradient descent with
/// weight decay sampled at t = s / lambda, with the diagnostic of <see cref="RiemannianDrift.Diagnose"/> at each sample
/// (distance to M, kernel dimension and spectral gap of the dense Hessian, tangent and normal parts of -lambda w).
/// For the ReLU network the theory does not apply (ReLU is not C^3, Hess F jumps across kinks); the same quantities are
/// computed where defined (a.e.), and are to be read as measurements, not as a check of the theory.
/// </summary>
public static class DriftStudy
{
    /// <summary>Phi(w0): gradient descent without weight decay (step eta) until ||grad F|| &lt;= 1e-10 ||grad F(w0)||
    /// or <paramref name="maxSteps"/>, then Gauss-Newton retraction onto the interpolators.</summary>
    public static double[] FlowMap(FlowProblem problem, ReadOnlySpan<double> w0, double eta, long maxSteps)
    {
        var flow = new WeightDecayStepper(problem, w0, eta, 0);
        var g = new double[problem.Dimension];
        problem.Gradient(w0, g);
        double target = 1e-10 * Kernels.Norm2<double>(g);
        for (long done = 0; done < maxSteps; done += 1000)
        {
            flow.Advance(1000);
            problem.Gradient(flow.W, g);
            if (Kernels.Norm2<double>(g) <= target) break;
        }
        var w = flow.W.ToArray();
        RiemannianDrift.Retract(problem, w);
        return w;
    }

    /// <summary>The study of <paramref name="spec"/> at slow times <paramref name="sTimes"/> (ascending, &gt; 0);
    /// <paramref name="hessian"/> = false skips the dense-Hessian diagnostic (d^2 gradients and a d x d eigensolve per row).</summary>
    public static IReadOnlyList<DriftRow> Run(WeightDecayExperiment experiment, RunSpec spec, IReadOnlyList<double> sTimes, bool hessian = true)
    {
        var problem = experiment.CreateProblem(spec);
        int d = problem.Dimension;
        double eta = spec.Real("eta"), lambda = spec.Real("lambda");
        if (!(lambda > 0)) throw new SpecException("a drift study needs lambda > 0 (time s = lambda t)");
        var w0 = WeightDecayExperiment.InitialPoint(spec, d);
        var start = FlowMap(problem, w0, eta, maxSteps: (long)Math.Min(5e6, 1e3 / eta));
        var predicted = RiemannianDrift.SlowFlow(problem, start, sTimes, ds: 0.02);
        var stepper = new WeightDecayStepper(problem, w0, eta, lambda);
        var rows = new List<DriftRow>(sTimes.Count);
        var g = new double[d];
        long done = 0;
        for (int i = 0; i < sTimes.Count; i++)
        {
            double s = sTimes[i];
            long k = (long)Math.Round(s / (lambda * eta));
            stepper.Advance(k - done);
            done = k;
            var w = stepper.W.ToArray();
            var p = predicted[i];
            var point = hessian ? RiemannianDrift.Diagnose(problem, w, lambda) : default;
            problem.Gradient(w, g);
            double distance = 0;
            for (int j = 0; j < d; j++) distance += (w[j] - p[j]) * (w[j] - p[j]);
            rows.Add(new DriftRow(s, k * eta, problem.Loss(w), Kernels.Norm2<double>(g),
                hessian ? point.KernelDimension : -1, hessian ? point.GapRatio : double.NaN,
                hessian ? point.TangentForce : double.NaN, hessian ? point.NormalForce : double.NaN,
                Math.Sqrt(distance), problem.TestLoss(w), problem.TestLoss(p), Kernels.Dot<double>(w, w), Kernels.Dot<double>(p, p)));
        }
        return rows;
    }
}
