using System.Numerics;
using System.Numerics.Tensors;

namespace Grokking.Nn;

/// <summary>Accuracy of logits against labels, as the reference counts it: argmax (the first maximum on ties) equal to the label.</summary>
public static class Classification
{
    public static int CountCorrect<T>(ReadOnlySpan<T> logits, ReadOnlySpan<int> labels, int batch, int classes)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int correct = 0;
        for (int i = 0; i < batch; i++)
            if (TensorPrimitives.IndexOfMax(logits.Slice(i * classes, classes)) == labels[i]) correct++;
        return correct;
    }
}
