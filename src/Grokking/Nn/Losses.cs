using System.Numerics;
using System.Numerics.Tensors;

namespace Grokking.Nn;

/// <summary>
/// Mean cross-entropy of logits against class labels (PyTorch's CrossEntropyLoss, reduction "mean"), through a
/// stable log-softmax: log p_c = z_c - max z - log sum exp(z - max z).
/// </summary>
public static class CrossEntropy
{
    /// <summary>The mean loss over the batch; <paramref name="probabilities"/> (batch x classes) receives softmax(z) for <see cref="Backward"/>.</summary>
    public static double Forward<T>(ReadOnlySpan<T> logits, ReadOnlySpan<int> labels, Span<T> probabilities, int batch, int classes)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (logits.Length < batch * classes || probabilities.Length < batch * classes || labels.Length < batch)
            throw new ArgumentException($"a batch of {batch} x {classes} logits does not fit the spans");
        // shift each row by its max (stable), exponentiate the whole batch in one call, then normalise per row;
        // the loss of a row is max + log(sum) - z_label
        double total = 0;
        for (int i = 0; i < batch; i++)
        {
            var z = logits.Slice(i * classes, classes);
            int label = labels[i];
            if ((uint)label >= (uint)classes) throw new ArgumentOutOfRangeException(nameof(labels), $"label {label} is outside [0, {classes})");
            T max = TensorPrimitives.Max(z);
            TensorPrimitives.Subtract(z, max, probabilities.Slice(i * classes, classes));
            total += double.CreateTruncating(max - z[label]);
        }
        var all = probabilities[..(batch * classes)];
        TensorPrimitives.Exp(all, all);
        for (int i = 0; i < batch; i++)
        {
            var p = probabilities.Slice(i * classes, classes);
            T sum = TensorPrimitives.Sum<T>(p);
            TensorPrimitives.Multiply(p, T.One / sum, p);
            total += double.CreateTruncating(T.Log(sum));
        }
        return total / batch;
    }

    /// <summary>d mean loss / d logits = (softmax - onehot(label)) / batch.</summary>
    public static void Backward<T>(ReadOnlySpan<T> probabilities, ReadOnlySpan<int> labels, Span<T> dLogits, int batch, int classes)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        T inv = T.One / T.CreateTruncating(batch);
        for (int i = 0; i < batch; i++)
        {
            var d = dLogits.Slice(i * classes, classes);
            TensorPrimitives.Multiply(probabilities.Slice(i * classes, classes), inv, d);
            d[labels[i]] -= inv;
        }
    }
}

/// <summary>Mean squared error over all elements (PyTorch's MSELoss, reduction "mean"): mean((y - t)^2).</summary>
public static class MeanSquaredError
{
    public static double Forward<T>(ReadOnlySpan<T> prediction, ReadOnlySpan<T> target) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (prediction.Length != target.Length) throw new ArgumentException("prediction and target must have the same length");
        double total = 0;
        for (int i = 0; i < prediction.Length; i++)
        {
            double d = double.CreateTruncating(prediction[i] - target[i]);
            total += d * d;
        }
        return total / prediction.Length;
    }

    /// <summary>d loss / d prediction = 2 (y - t) / n.</summary>
    public static void Backward<T>(ReadOnlySpan<T> prediction, ReadOnlySpan<T> target, Span<T> dPrediction) where T : unmanaged, IFloatingPointIeee754<T>
    {
        TensorPrimitives.Subtract(prediction, target, dPrediction);
        TensorPrimitives.Multiply(dPrediction, T.CreateTruncating(2.0 / prediction.Length), dPrediction);
    }
}
