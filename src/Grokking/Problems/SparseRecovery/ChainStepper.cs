using Grokking.Numerics;
using Grokking.Optimisation;

namespace Grokking.Problems.SparseRecovery;

/// <summary>
/// The general path for optimisers that have no fused kernel: each step computes G = X^T(Xa - y) and passes it
/// through a chain of gradient transforms (the penalties as gradient terms, then the optimiser, then the step
/// size), <c>a += update</c>. With "gd" the chain is the fused subgradient step itself (tests check the two agree
/// to rounding); the experiment uses the fused kernel for it.
/// </summary>
internal sealed class ChainStepper : SparseStepper
{
    private readonly SparseRecoveryData _d;
    private readonly double[] _a, _r, _g;
    private readonly Optimiser<double> _optimiser;

    public ChainStepper(SparseRecoveryData d, double[] a, IGradientTransform<double> transform)
    {
        (_d, _a) = (d, a);
        _r = new double[d.N];
        _g = new double[d.n];
        _optimiser = new Optimiser<double>(transform, ParameterLayout.Vector(d.n, "a"));
    }

    /// <summary>G + beta1 sign(a) + beta2 a through the named optimiser with learning rate alpha (PyTorch semantics).</summary>
    public static IGradientTransform<double> Transform(string optimiser, double alpha, double beta1, double beta2, double momentum)
    {
        IGradientTransform<double> direction = optimiser switch
        {
            "gd" => new Chain<double>(),
            "sgd-momentum" => new Momentum<double>(momentum),
            "nesterov" => new Momentum<double>(momentum, nesterov: true),
            "adam" => new ScaleByAdam<double>(),
            _ => throw new ArgumentException($"unknown optimiser '{optimiser}'", nameof(optimiser)),
        };
        return new Chain<double>(new AddL1Subgradient<double>(beta1), new AddDecayedWeights<double>(beta2), direction,
            new ScaleByLearningRate<double>(alpha));
    }

    public override ReadOnlySpan<double> A => _a;

    public override void Advance(long steps)
    {
        for (long t = 0; t < steps; t++)
        {
            Kernels.Residual<double>(_d.X, _d.N, _d.n, _a, _d.Y, _r);
            Kernels.GemvT<double>(_d.X, _d.N, _d.n, _r, _g);
            _optimiser.Step(_a, _g);
        }
    }

    public override bool IsFinite() => Kernels.AllFinite<double>(_a);
}
