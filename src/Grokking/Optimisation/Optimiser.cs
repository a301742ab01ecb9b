using System.Numerics;
using System.Numerics.Tensors;

namespace Grokking.Optimisation;

/// <summary>
/// A transform with its state over one layout: <see cref="Step"/> turns the gradient into the displacement and
/// applies <c>params += updates</c>. This is what a training loop holds.
/// </summary>
public sealed class Optimiser<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly TransformState _state;

    public Optimiser(IGradientTransform<T> transform, ParameterLayout layout)
    {
        Transform = transform;
        Layout = layout;
        _state = transform.Init(layout);
    }

    public IGradientTransform<T> Transform { get; }
    public ParameterLayout Layout { get; }

    /// <summary>One step. <paramref name="gradient"/> holds the loss gradient at <paramref name="parameters"/> on
    /// entry and the displacement that was added to them on return.</summary>
    public void Step(Span<T> parameters, Span<T> gradient)
    {
        Transform.Update(gradient, _state, parameters);
        TensorPrimitives.Add(parameters, gradient, parameters);
    }
}

/// <summary>The usual optimisers as chains, each with PyTorch's semantics and defaults.</summary>
public static class Optimisers
{
    /// <summary>Plain gradient descent: <c>p -= lr g</c>.</summary>
    public static IGradientTransform<T> GradientDescent<T>(T lr) where T : unmanaged, IFloatingPointIeee754<T> =>
        new ScaleByLearningRate<T>(lr);

    /// <summary><c>torch.optim.SGD(lr, momentum, dampening = 0, weight_decay, nesterov)</c>: weight decay is added
    /// to the gradient, then the momentum buffer b = mu b + g is applied as b (or g + mu b with Nesterov).</summary>
    public static IGradientTransform<T> Sgd<T>(T lr, T momentum, bool nesterov = false, T weightDecay = default)
        where T : unmanaged, IFloatingPointIeee754<T> =>
        new Chain<T>(new AddDecayedWeights<T>(weightDecay), new Momentum<T>(momentum, nesterov), new ScaleByLearningRate<T>(lr));

    /// <summary><c>torch.optim.Adam</c>: weight_decay is coupled (added to the gradient before the moments).</summary>
    public static IGradientTransform<T> Adam<T>(T lr, double beta1 = 0.9, double beta2 = 0.999, double eps = 1e-8,
        T weightDecay = default) where T : unmanaged, IFloatingPointIeee754<T> =>
        new Chain<T>(new AddDecayedWeights<T>(weightDecay), new ScaleByAdam<T>(beta1, beta2, eps), new ScaleByLearningRate<T>(lr));

    /// <summary><c>torch.optim.AdamW</c>: decoupled decay <c>p *= 1 - lr wd</c>, written as <c>+ wd p</c> after the
    /// Adam direction and before the lr scaling (the same step, to rounding). PyTorch's default wd is 0.01.</summary>
    public static IGradientTransform<T> AdamW<T>(T lr, T weightDecay, double beta1 = 0.9, double beta2 = 0.999,
        double eps = 1e-8, GroupSelector? decayed = null) where T : unmanaged, IFloatingPointIeee754<T> =>
        new Chain<T>(new ScaleByAdam<T>(beta1, beta2, eps), new AddDecayedWeights<T>(weightDecay, decayed),
            new ScaleByLearningRate<T>(lr));
}
