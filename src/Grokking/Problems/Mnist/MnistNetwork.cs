using System.Numerics.Tensors;
using Grokking.Nn;
using Grokking.Numerics;
using Grokking.Optimisation;
using Grokking.Random;
using Grokking.Training;

namespace Grokking.Problems.Mnist;

/// <summary>The training loss of an MNIST run: cross-entropy on the logits, or the MSE against one-hot targets.</summary>
public enum MnistLoss { CrossEntropy, Mse }

/// <summary>
/// The two-layer ReLU network of paper 1's Figure 35, <c>y = B ReLU(A x)</c> without biases (the same function as
/// <see cref="TwoLayerRelu{T}"/>), in float32, trained full batch by Adam on a loss plus beta times a weight norm.
/// </summary>
/// <remarks>
/// <para>A is stored transposed, as the group "At" (inputs x hidden): the first layer is then X At (images times
/// weights, rows of At contiguous), which the sparse product needs. The norms, the penalty's (sub)gradients and Adam
/// are elementwise or invariant under transposition, so the training is the same as with A (checked by a test
/// against <see cref="TwoLayerRelu{T}"/>).</para>
/// <para>The first layer's two products with the images, pre = X At and dAt = X^T dH, run on the compressed rows of X
/// (and of X^T) when <see cref="Sparse"/> is on: MNIST is ~80 % zero pixels, so they cost a fifth of the dense GEMM.
/// Both products are cut by rows into one part per granted thread. The second layer (10 outputs) runs row by row
/// with its ReLU (<see cref="MnistReadout"/>), its weight gradient as a small GEMM; Adam with the l1 sign fused in
/// runs on ranges of the parameters, one per thread. Every buffer is allocated here: a step and an evaluation
/// allocate nothing.</para>
/// </remarks>
public sealed class MnistNetwork
{
    private readonly Gemm _gemm;
    private readonly RunThreads _threads;
    // penalties that are not elementwise (l2, nuclear, l1 on some groups): their transform, then Adam
    private readonly PenalisedAdam<float>? _optimiser;
    // an elementwise penalty (none, l1 on all weights): Adam with the l1 sign fused in, one pass per range of the
    // parameters (one range per requested thread), the ranges on the run's threads
    private readonly FusedAdam<float>[] _adamParts = [];
    private readonly float[] _pre, _hidden, _dHidden, _logits, _dLogits, _probabilities;
    private readonly Action<int> _sparsePart, _readoutPart, _hiddenGradientPart, _adamPart;
    // the sparse product in flight, read by the parts (set before the fork)
    private SparseRows? _sparse;
    private float[] _sparseDense = [], _sparseOut = [];
    private int _sparseFrom, _sparseTo, _sparseParts;
    // the rows [0, _rows) of the readout in flight, cut into _rowParts (set before the fork), and its output
    private int _rows, _rowParts;
    private float[] _readoutHidden = [];

    public MnistNetwork(int inputs, int hidden, int classes, int maxBatch, MnistLoss loss, WeightPenalty<float> penalty,
        float lr, RunThreads? threads = null)
    {
        (Inputs, Hidden, Classes, MaxBatch, Loss) = (inputs, hidden, classes, maxBatch, loss);
        Parameters = new ParameterSet<float>(new ParameterLayout(("At", inputs, hidden), ("B", classes, hidden)));
        (At, B) = (Parameters["At"], Parameters["B"]);
        _threads = threads ?? new RunThreads();
        _gemm = new Gemm(_threads);
        Penalty = penalty;
        // penalty + Adam as one vectorised pass (the l1 sign fused in), equal to the transform chain bit for bit (as
        // PenalisedAdam fuses it); elementwise, so cut into ranges that run on the threads with the same bits
        int covered = Parameters.Layout.Select(penalty.Groups).Sum(g => g.Length);
        bool l1Everywhere = penalty.Kind == PenaltyKind.L1 && covered == Parameters.Layout.Size;
        if (penalty.Kind == PenaltyKind.None || penalty.Beta == 0f || l1Everywhere)
        {
            int parts = _threads.Requested;
            _adamParts = new FusedAdam<float>[parts];
            for (int p = 0; p < parts; p++) _adamParts[p] = new FusedAdam<float>(AdamCut(p + 1) - AdamCut(p), lr, l1Everywhere ? penalty.Beta : 0f);
        }
        else _optimiser = new PenalisedAdam<float>(penalty, Parameters.Layout, lr, gemm: _gemm);
        _pre = new float[maxBatch * hidden];
        _hidden = new float[maxBatch * hidden];
        _dHidden = new float[maxBatch * hidden];
        _logits = new float[maxBatch * classes];
        _dLogits = new float[maxBatch * classes];
        _probabilities = new float[maxBatch * classes];
        _sparsePart = SparsePart;
        _readoutPart = ReadoutPart;
        _hiddenGradientPart = HiddenGradientPart;
        _adamPart = AdamPart;
    }

    public int Inputs { get; }
    public int Hidden { get; }
    public int Classes { get; }
    public int MaxBatch { get; }
    public MnistLoss Loss { get; }
    public WeightPenalty<float> Penalty { get; }
    public ParameterSet<float> Parameters { get; }

    /// <summary>Whether the first layer reads the images' compressed rows (on for sparse data, off for dense).</summary>
    public bool Sparse { get; set; } = true;

    /// <summary>The groups, looked up once (a lookup by name allocates).</summary>
    public ParameterGroup At { get; }
    public ParameterGroup B { get; }

    /// <summary>
    /// The reference's "normal" init times <paramref name="scale"/>: A ~ N(0, 1/hidden) (std 1/sqrt(out_features)),
    /// then B ~ N(0, 1/classes), each drawn in PyTorch's row-major order (A as hidden x inputs), as
    /// <see cref="TwoLayerRelu{T}.Initialise"/> draws them; A is written transposed into At.
    /// </summary>
    public void Initialise(NumpyRandomState rng, double scale)
    {
        var at = Parameters.Value(At);
        double stdA = scale / Math.Sqrt(Hidden);
        for (int j = 0; j < Hidden; j++)
            for (int k = 0; k < Inputs; k++)
                at[k * Hidden + j] = (float)(stdA * rng.StandardNormal());
        var b = Parameters.Value(B);
        double stdB = scale / Math.Sqrt(Classes);
        for (int i = 0; i < b.Length; i++) b[i] = (float)(stdB * rng.StandardNormal());
    }

    /// <summary>One full-batch step on the whole <paramref name="train"/> set: loss, gradient, penalty and Adam.
    /// Returns the loss (without the penalty) before the step.</summary>
    public double Step(MnistSet train)
    {
        double loss = LossAndGradient(train);
        if (_optimiser != null) _optimiser.Step(Parameters.Values, Parameters.Gradients);
        else if (_threads.Granted == 1 || _adamParts.Length == 1)
            for (int p = 0; p < _adamParts.Length; p++) AdamPart(p);
        else _threads.For(0, _adamParts.Length, _adamPart);
        return loss;
    }

    /// <summary>The mean loss over <paramref name="train"/> (no penalty) and its gradient in Parameters.Gradients.</summary>
    public double LossAndGradient(MnistSet train)
    {
        int n = train.Count, h = Hidden, c = Classes;
        if (n > MaxBatch) throw new ArgumentException($"{n} training images exceed the network's batch of {MaxBatch}");
        Forward(train, 0, n, forBackward: true);
        double loss = LossOf(train, 0, n, out _, gradient: true);
        var gradB = Parameters.Gradient(B);
        var gradAt = Parameters.Gradient(At);
        // dB = dY^T H (classes x hidden), dH = dY B masked by pre > 0, dAt = X^T dH (inputs x hidden)
        _gemm.Multiply(MatrixOp.Transpose, MatrixOp.None, c, h, n, 1f, _dLogits, c, _hidden, h, 0f, gradB, h);
        // dH row by row, the mask applied as it is written
        _rows = n;
        _rowParts = RowParts(n);
        if (_rowParts == 1) MnistReadout.HiddenGradient(_dLogits, Parameters.Value(B), _pre, _dHidden, h, c, 0, n);
        else _threads.For(0, _rowParts, _hiddenGradientPart);
        if (Sparse && train.Columns is { } xt)
            SparseProduct(xt, _dHidden, Parameters.Gradients, 0, Inputs); // At is the first group: it starts at 0
        else
            _gemm.Multiply(MatrixOp.Transpose, MatrixOp.None, Inputs, h, n, 1f, train.Dense, Inputs, _dHidden, h, 0f, gradAt, h);
        return loss;
    }

    /// <summary>Mean loss and accuracy over a whole set, in chunks of <see cref="MaxBatch"/> images.</summary>
    public (double Loss, double Accuracy) Evaluate(MnistSet set)
    {
        double lossSum = 0;
        long correct = 0;
        for (int start = 0; start < set.Count; start += MaxBatch)
        {
            int n = Math.Min(MaxBatch, set.Count - start);
            Forward(set, start, n, forBackward: false);
            lossSum += n * LossOf(set, start, n, out int right, gradient: false);
            correct += right;
        }
        return (lossSum / set.Count, (double)correct / set.Count);
    }

    /// <summary>The logits of images [start, start + n) of <paramref name="set"/> (n x classes), kept until the next call.</summary>
    public ReadOnlySpan<float> Logits(MnistSet set, int start, int n)
    {
        Forward(set, start, n, forBackward: false);
        return _logits.AsSpan(0, n * Classes);
    }

    /// <summary>The logits of images [start, start + n) into _logits. <paramref name="forBackward"/>: keep the
    /// pre-activations for the ReLU's mask (training); an evaluation applies the ReLU in place and saves a pass.</summary>
    private void Forward(MnistSet set, int start, int n, bool forBackward)
    {
        int h = Hidden;
        if (Sparse)
            SparseProduct(set.Rows, Parameters.Values, _pre, start, start + n);
        else
            _gemm.Multiply(MatrixOp.None, MatrixOp.None, n, h, Inputs, 1f, set.Dense.AsSpan(start * Inputs, n * Inputs), Inputs,
                Parameters.Value(At), h, 0f, _pre, h);
        // ReLU and logits row by row (each row of activations read once, while in L1)
        (_readoutHidden, _rows, _rowParts) = (forBackward ? _hidden : _pre, n, RowParts(n));
        if (_rowParts == 1) MnistReadout.Forward(_pre, _readoutHidden, Parameters.Value(B), _logits, h, Classes, 0, n);
        else _threads.For(0, _rowParts, _readoutPart);
    }

    /// <summary>The mean loss of the logits of images [start, start + n), the correct count, and (for training) d loss / d logits.</summary>
    private double LossOf(MnistSet set, int start, int n, out int correct, bool gradient)
    {
        int c = Classes;
        var logits = _logits.AsSpan(0, n * c);
        var labels = set.Labels.AsSpan(start, n);
        correct = Classification.CountCorrect<float>(logits, labels, n, c);
        if (Loss == MnistLoss.CrossEntropy)
        {
            double loss = CrossEntropy.Forward<float>(logits, labels, _probabilities, n, c);
            if (gradient) CrossEntropy.Backward<float>(_probabilities, labels, _dLogits, n, c);
            return loss;
        }
        var targets = set.OneHot.AsSpan(start * c, n * c);
        if (gradient) MeanSquaredError.Backward<float>(logits, targets, _dLogits.AsSpan(0, n * c));
        return MeanSquaredError.Forward<float>(logits, targets);
    }

    /// <summary>out[r - from, :] = S[r, :] D for rows [from, to) of <paramref name="s"/>, D with <see cref="Hidden"/>
    /// columns; cut into parts of equal non-zeros, one per granted thread.</summary>
    private void SparseProduct(SparseRows s, float[] dense, float[] output, int from, int to)
    {
        (_sparse, _sparseDense, _sparseOut, _sparseFrom, _sparseTo) = (s, dense, output, from, to);
        long work = (long)(s.RowStart[to] - s.RowStart[from]) * Hidden;
        _sparseParts = work < 1 << 20 ? 1 : _threads.Granted;
        if (_sparseParts == 1) s.Multiply(dense, Hidden, output, from, to);
        else _threads.For(0, _sparseParts, _sparsePart);
    }

    /// <summary>The parts the rows of a readout are cut into: one per granted thread, unless the rows are too few
    /// for a fork to pay (~10 us against ~0.1 us per row of 500 activations).</summary>
    private int RowParts(int rows) => (long)rows * Hidden < 1 << 16 ? 1 : _threads.Granted;

    private (int From, int To) RowRange(int part) => (_rows * part / _rowParts, _rows * (part + 1) / _rowParts);

    private void ReadoutPart(int part)
    {
        var (from, to) = RowRange(part);
        MnistReadout.Forward(_pre, _readoutHidden, Parameters.Value(B), _logits, Hidden, Classes, from, to);
    }

    private void HiddenGradientPart(int part)
    {
        var (from, to) = RowRange(part);
        MnistReadout.HiddenGradient(_dLogits, Parameters.Value(B), _pre, _dHidden, Hidden, Classes, from, to);
    }

    /// <summary>Where Adam's range <paramref name="part"/> starts: equal cuts of the parameters, on multiples of 64
    /// floats (whole cache lines and vectors).</summary>
    private int AdamCut(int part) =>
        part >= _adamParts.Length ? Parameters.Layout.Size : (int)((long)Parameters.Layout.Size * part / _adamParts.Length / 64 * 64);

    private void AdamPart(int part)
    {
        int from = AdamCut(part), to = AdamCut(part + 1);
        _adamParts[part].Step(Parameters.Values.AsSpan(from, to - from), Parameters.Gradients.AsSpan(from, to - from));
    }

    private void SparsePart(int part)
    {
        var s = _sparse!;
        // part boundaries by non-zero count over the rows [from, to)
        int lo = Cut(s, part), hi = Cut(s, part + 1);
        s.Multiply(_sparseDense, Hidden, _sparseOut.AsSpan((lo - _sparseFrom) * Hidden), lo, hi);
    }

    private int Cut(SparseRows s, int part)
    {
        if (part <= 0) return _sparseFrom;
        if (part >= _sparseParts) return _sparseTo;
        long first = s.RowStart[_sparseFrom], target = first + (s.RowStart[_sparseTo] - first) * part / _sparseParts;
        int lo = _sparseFrom, hi = _sparseTo;
        while (lo < hi)
        {
            int mid = (lo + hi) >>> 1;
            if (s.RowStart[mid] < target) lo = mid + 1; else hi = mid;
        }
        return lo;
    }
}
