using System.Numerics;
using Grokking.Numerics;
using Grokking.Optimisation;
using Grokking.Random;

namespace Grokking.Nn;

/// <summary>
/// The reference's <c>Encoder_Decoder</c> for binary operations (spec C): two embeddings (one per operand,
/// <c>Linear(p -&gt; d, bias=False)</c> on one-hot rows), an aggregation (the 8 x 8 matrix product by default),
/// a readout <c>Linear(d -&gt; h, bias=False)</c>, ReLU and a classifier <c>Linear(h -&gt; p, bias=False)</c>:
/// logits = W2 ReLU(W1 agg(E1 x1, E2 x2)). Mean cross-entropy loss.
/// </summary>
/// <remarks>
/// llm.c style: the parameters are one buffer with the groups E1, E2, W1, W2 (PyTorch's layouts), every activation
/// and activation gradient is allocated once for <see cref="MaxBatch"/> rows, and <see cref="Forward"/> keeps what
/// <see cref="Backward"/> needs. Neither allocates; with one thread nothing forks.
/// </remarks>
public sealed class EncoderDecoder<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly Embedding<T> _embed1, _embed2;
    private readonly Aggregation _aggregation;
    private readonly Linear<T> _readout, _classifier;
    private readonly Gemm _gemm;
    private readonly int[] _x1, _x2, _labels;
    // activations (batch rows each) and their gradients
    private readonly T[] _e1, _e2, _z, _h, _r, _logits, _probabilities;
    private readonly T[] _de1, _de2, _dz, _dr, _dLogits;
    private int _batch;

    public EncoderDecoder(int vocabulary = 97, int width = 64, int hidden = 64, int maxBatch = 2048,
        AggregationMode aggregation = AggregationMode.MatrixProduct, Gemm? gemm = null)
    {
        Vocabulary = vocabulary;
        MaxBatch = maxBatch;
        _aggregation = new Aggregation(aggregation, width);
        int aggregated = _aggregation.Outputs;
        Parameters = new ParameterSet<T>(new ParameterLayout(
            ("E1", width, vocabulary), ("E2", width, vocabulary), ("W1", hidden, aggregated), ("W2", vocabulary, hidden)));
        _gemm = gemm ??= new Gemm();
        _embed1 = new Embedding<T>(Parameters, "E1", vocabulary, width);
        _embed2 = new Embedding<T>(Parameters, "E2", vocabulary, width);
        _readout = new Linear<T>(Parameters, gemm, "W1", null, aggregated, hidden);
        _classifier = new Linear<T>(Parameters, gemm, "W2", null, hidden, vocabulary);
        (_x1, _x2, _labels) = (new int[maxBatch], new int[maxBatch], new int[maxBatch]);
        (_e1, _e2, _de1, _de2) = (new T[maxBatch * width], new T[maxBatch * width], new T[maxBatch * width], new T[maxBatch * width]);
        (_z, _dz) = (new T[maxBatch * aggregated], new T[maxBatch * aggregated]);
        (_h, _r, _dr) = (new T[maxBatch * hidden], new T[maxBatch * hidden], new T[maxBatch * hidden]);
        (_logits, _probabilities, _dLogits) = (new T[maxBatch * vocabulary], new T[maxBatch * vocabulary], new T[maxBatch * vocabulary]);
    }

    /// <summary>p: the operands' range and the number of classes.</summary>
    public int Vocabulary { get; }
    public int MaxBatch { get; }
    public ParameterSet<T> Parameters { get; }

    /// <summary>
    /// The reference's initialisation (spec C, G.1): embeddings keep PyTorch's default Linear init U(-1/sqrt(p), 1/sqrt(p));
    /// W1 and W2 are "normal" with std 1/sqrt(fan_out) (rows of the weight). Drawn from <paramref name="rng"/>.
    /// </summary>
    public void Initialise(NumpyRandomState rng)
    {
        foreach (var g in Parameters.Layout.Groups)
        {
            var values = Parameters.Value(g);
            bool embedding = g.Name is "E1" or "E2";
            double bound = 1 / Math.Sqrt(g.Cols), std = 1 / Math.Sqrt(g.Rows);
            for (int i = 0; i < values.Length; i++)
                values[i] = T.CreateTruncating(embedding ? bound * (2 * rng.RandomSample() - 1) : std * rng.StandardNormal());
        }
    }

    /// <summary>Logits (batch x p) of the pairs (x1[i], x2[i]), kept for <see cref="Backward"/>.</summary>
    public ReadOnlySpan<T> Logits(ReadOnlySpan<int> x1, ReadOnlySpan<int> x2, int batch)
    {
        long last = StageTicks != null ? System.Diagnostics.Stopwatch.GetTimestamp() : 0;
        HiddenActivations(x1, x2, batch, ref last);
        _classifier.Forward(_r, _logits, batch);
        Mark(10, ref last);
        return _logits.AsSpan(0, batch * Vocabulary);
    }

    /// <summary>
    /// Evaluation only: the logits transposed, p x batch (class-major), into <paramref name="logitsByClass"/>, so that
    /// reductions over the classes (max, argmax, sum of exponentials) run element-wise along rows of length batch
    /// instead of one short call per pair. Each logit is the same dot product as in <see cref="Logits"/>. Overwrites
    /// the kept forward pass: call <see cref="Forward"/> before the next <see cref="Backward"/>.
    /// </summary>
    public void LogitsByClass(ReadOnlySpan<int> x1, ReadOnlySpan<int> x2, int batch, Span<T> logitsByClass)
    {
        long last = StageTicks != null ? System.Diagnostics.Stopwatch.GetTimestamp() : 0;
        HiddenActivations(x1, x2, batch, ref last);
        // logits^T (p x batch) = W2 (p x h) r^T (h x batch)
        _gemm.Multiply(MatrixOp.None, MatrixOp.Transpose, Vocabulary, batch, _readout.Outputs, T.One,
            Parameters.Value(_classifier.Weight), _readout.Outputs, _r, _readout.Outputs, T.Zero, logitsByClass, batch);
        Mark(10, ref last);
    }

    /// <summary>The forward pass up to the ReLU of the readout (into _r).</summary>
    private void HiddenActivations(ReadOnlySpan<int> x1, ReadOnlySpan<int> x2, int batch, ref long last)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(batch, MaxBatch);
        _batch = batch;
        x1[..batch].CopyTo(_x1);
        x2[..batch].CopyTo(_x2);
        _embed1.Forward(_x1, _e1, batch);
        _embed2.Forward(_x2, _e2, batch);
        Mark(6, ref last);
        _aggregation.Forward<T>(_e1, _e2, _z, batch);
        Mark(7, ref last);
        _readout.Forward(_z, _h, batch);
        Mark(8, ref last);
        Relu.Forward<T>(_h.AsSpan(0, batch * _readout.Outputs), _r.AsSpan(0, batch * _readout.Outputs));
        Mark(9, ref last);
    }

    /// <summary>The mean cross-entropy of the batch (no penalty); the forward pass is kept for <see cref="Backward"/>.</summary>
    public double Forward(ReadOnlySpan<int> x1, ReadOnlySpan<int> x2, ReadOnlySpan<int> labels, int batch)
    {
        Logits(x1, x2, batch);
        labels[..batch].CopyTo(_labels);
        long last = StageTicks != null ? System.Diagnostics.Stopwatch.GetTimestamp() : 0;
        double loss = CrossEntropy.Forward<T>(_logits, _labels, _probabilities, batch, Vocabulary);
        Mark(11, ref last);
        return loss;
    }

    /// <summary>Bench only: Stopwatch ticks spent in each stage of <see cref="Backward"/> (null: not measured).</summary>
    internal long[]? StageTicks { get; set; }

    private void Mark(int stage, ref long last)
    {
        if (StageTicks is not { } ticks) return;
        long now = System.Diagnostics.Stopwatch.GetTimestamp();
        ticks[stage] += now - last;
        last = now;
    }

    /// <summary>Parameters.Gradients = d mean loss / d parameters of the last <see cref="Forward"/> (overwritten).</summary>
    public void Backward()
    {
        int batch = _batch;
        long last = StageTicks != null ? System.Diagnostics.Stopwatch.GetTimestamp() : 0;
        Parameters.ZeroGradients();
        CrossEntropy.Backward<T>(_probabilities, _labels, _dLogits, batch, Vocabulary);
        Mark(0, ref last);
        _classifier.Backward(_r, _dLogits, _dr, batch);
        Mark(1, ref last);
        int hidden = batch * _readout.Outputs;
        Relu.Backward<T>(_h.AsSpan(0, hidden), _dr.AsSpan(0, hidden), _dr.AsSpan(0, hidden));
        Mark(2, ref last);
        _readout.Backward(_z, _dr, _dz, batch);
        Mark(3, ref last);
        _aggregation.Backward<T>(_e1, _e2, _dz, _de1, _de2, batch);
        Mark(4, ref last);
        _embed1.Backward(_x1, _de1, batch);
        _embed2.Backward(_x2, _de2, batch);
        Mark(5, ref last);
    }
}
