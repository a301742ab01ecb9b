using System.Numerics;
using Grokking.Nn;
using Grokking.Numerics;
using Grokking.Optimisation;

namespace Grokking.Problems.TeacherStudent;

/// <summary>
/// One teacher-student training problem in any float type (float32 for runs, float64 for the checks against
/// PyTorch): the <see cref="TwoLayerRelu{T}"/> student on the whole train set (full batch), the MSE averaged over
/// N C entries, plus either beta times a weight norm summed over A and B (its (sub)gradient a transform chained in
/// front of Adam, as <c>torch.norm(W, p)</c> differentiated by autograd) or the Sobolev term (spec D.1), and Adam.
/// Every buffer is allocated here: <see cref="Step"/> and <see cref="Loss"/> allocate nothing.
/// </summary>
public sealed class TeacherStudentNetwork<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly T[] _trainX, _trainY, _trainJacobians, _dY;
    private readonly int _trainCount;
    private readonly Optimiser<T> _optimiser;

    /// <param name="trainJacobians">The teacher's Jacobians of the train samples ((N C) x d); used only with <paramref name="sobolev"/>.</param>
    /// <param name="sobolev">Sobolev training in this form (the weight penalty is then none), or null.</param>
    public TeacherStudentNetwork(int inputs, int hidden, int outputs, int maxBatch, T[] trainX, T[] trainY,
        T[] trainJacobians, PenaltyKind penalty, SobolevForm? sobolev, T beta, T lr, Gemm? gemm = null)
    {
        _trainCount = trainY.Length / outputs;
        if (trainX.Length != _trainCount * inputs) throw new ArgumentException("train inputs and targets disagree on the sample count");
        if (sobolev != null && trainJacobians.Length != _trainCount * outputs * inputs)
            throw new ArgumentException("Sobolev training needs the teacher's Jacobian of every train sample");
        (_trainX, _trainY, _trainJacobians) = (trainX, trainY, trainJacobians);
        Network = new TwoLayerRelu<T>(inputs, hidden, outputs, Math.Max(maxBatch, _trainCount), gemm);
        _dY = new T[_trainCount * outputs];
        if (sobolev is { } form)
        {
            Sobolev = new SobolevTerm<T>(Network, form, beta, _trainCount);
            penalty = PenaltyKind.None;
        }
        // every group is a weight matrix (even a 1 x h readout), so the penalty takes all of them
        Penalty = new WeightPenalty<T>(penalty, beta, GroupSelector.All);
        _optimiser = new Optimiser<T>(new Chain<T>(Penalty.Gradient(), Optimisers.Adam(lr)), Network.Parameters.Layout);
    }

    public TwoLayerRelu<T> Network { get; }
    public ParameterSet<T> Parameters => Network.Parameters;
    public WeightPenalty<T> Penalty { get; }
    public SobolevTerm<T>? Sobolev { get; }
    public int TrainCount => _trainCount;

    /// <summary>
    /// The training objective at the current weights without the weight penalty (MSE, plus the Sobolev term when
    /// training so), its gradient in Parameters.Gradients (the weight penalty's is added by the optimiser's chain).
    /// </summary>
    public double Loss()
    {
        int n = _trainCount;
        var y = Network.Forward(_trainX, n);
        double loss = MeanSquaredError.Forward(y, _trainY);
        MeanSquaredError.Backward(y, _trainY, _dY);
        Network.Backward(_dY);
        if (Sobolev != null) loss += Sobolev.AddGradient(_trainJacobians, n);
        return loss;
    }

    /// <summary>One full-batch Adam step on the objective (plus the penalty).</summary>
    public void Step()
    {
        Loss();
        _optimiser.Step(Parameters.Values, Parameters.Gradients);
    }

    /// <summary>The plain MSE of the student on <paramref name="count"/> rows (no penalty, no Sobolev term).</summary>
    public double MeanSquaredErrorOn(T[] x, T[] y, int count) =>
        MeanSquaredError.Forward(Network.Forward(x, count), y.AsSpan(0, count * Network.Outputs));
}
