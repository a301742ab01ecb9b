using Grokking.Analysis;
using Grokking.Problems.WeightDecayFlow;

namespace Grokking.Tests.WeightDecayFlow;

/// <summary>The Riemannian diagnostic on the nonlinear problems: on the manifold of interpolators the dense Hessian's
/// kernel (spectral gap) is Ker J, of dimension d - n, and weight decay splits into its tangent and normal parts.</summary>
public class DriftTests
{
    [Fact]
    public void OnTheManifoldTheHessianKernelIsTheJacobianKernel()
    {
        var p = FlowTestProblems.Diagonal();
        var w = FlowTestProblems.Point(p.Dimension, 0.5, seed: 6);
        RiemannianDrift.Retract(p, w);
        Assert.True(p.Loss(w) < 1e-24);
        int d = p.Dimension;
        var kernel = SpectralKernel.Of(Curvature.Hessian(p, w), d);
        Assert.Equal(d - p.N, kernel.KernelDimension);
        Assert.True(kernel.GapRatio > 1e4, $"gap {kernel.GapRatio}");
        var e = new double[d];
        var byHessian = new double[d];
        var byJacobian = new double[d];
        for (int j = 0; j < d; j += 3)
        {
            e[j] = 1;
            kernel.Project(e, byHessian);
            RiemannianDrift.ProjectTangent(p, w, e, byJacobian);
            for (int i = 0; i < d; i++) Assert.Equal(byJacobian[i], byHessian[i], 1e-6);
            e[j] = 0;
        }

        // the split of -lambda w is orthogonal: |tangent|^2 + |normal|^2 = lambda^2 |w|^2
        var point = RiemannianDrift.Diagnose(p, w, 1e-3);
        double norm = Math.Sqrt(w.Sum(x => x * x));
        Assert.Equal(1e-3 * norm, Math.Sqrt(point.TangentForce * point.TangentForce + point.NormalForce * point.NormalForce), 1e-12);
        Assert.True(point.TangentForce > 0 && point.NormalForce > 0);
        Assert.Equal(d - p.N, point.KernelDimension);
        Assert.True(point.GradientNorm < 1e-10);
    }

    [Fact]
    public void RetractionLandsOnTheManifoldAlongTheNormalSpace()
    {
        var p = FlowTestProblems.Completion();
        var w = FlowTestProblems.Point(p.Dimension, 0.8, seed: 8);
        var before = (double[])w.Clone();
        RiemannianDrift.Retract(p, w);
        Assert.True(p.Loss(w) < 1e-24);
        // the move is in the normal space at the first point to first order: its tangent part is small against it
        var move = new double[w.Length];
        for (int i = 0; i < w.Length; i++) move[i] = w[i] - before[i];
        var tangent = new double[w.Length];
        RiemannianDrift.ProjectTangent(p, before, move, tangent);
        double m = Math.Sqrt(move.Sum(x => x * x)), t = Math.Sqrt(tangent.Sum(x => x * x));
        Assert.True(t < 0.5 * m, $"tangent part {t} of a move {m}");
    }
}
