using Grokking.Nn;
using Grokking.Problems.TeacherStudent;
using static Grokking.Tests.Nn.FiniteDifferences;

namespace Grokking.Tests.TeacherStudent;

/// <summary>The closed-form Sobolev term (spec D.1) against finite differences, in float64.</summary>
public class SobolevTermTests
{
    private const int N = 5, D = 7, H = 11, C = 2;

    private static (TwoLayerRelu<double> Net, double[] X, double[] TargetJ) Problem(int seed)
    {
        var net = new TwoLayerRelu<double>(D, H, C, N);
        var rng = new System.Random(seed);
        Uniform(rng, net.Parameters.Values.Length).CopyTo(net.Parameters.Values, 0);
        return (net, Uniform(rng, N * D), Uniform(rng, N * C * D, 0.5));
    }

    /// <summary>Both forms: the analytic gradient of beta ||J - J*|| (code) and (beta/N) sum ||J_i - J*_i||^2 (paper)
    /// with respect to A and B equals central differences of the value (the masks D_i do not change within h).</summary>
    [Theory]
    [InlineData(SobolevForm.Code)]
    [InlineData(SobolevForm.Paper)]
    public void Gradient_MatchesFiniteDifferencesOfTheValue(SobolevForm form)
    {
        var (net, x, targetJ) = Problem(11);
        var term = new SobolevTerm<double>(net, form, 0.37, N);
        double Objective()
        {
            net.Forward(x, N);
            return term.AddGradient(targetJ, N);
        }
        net.Parameters.ZeroGradients();
        Objective();
        var analytic = (double[])net.Parameters.Gradients.Clone();
        Check(net.Parameters.Values, analytic, Objective, $"d Sobolev ({form}) / d(A, B)", h: 1e-6);
    }

    /// <summary>The values in closed form: code = beta sqrt(sum of squares), paper = beta/N times the sum of squares.</summary>
    [Fact]
    public void Values_AreTheTwoForms()
    {
        var (net, x, targetJ) = Problem(12);
        net.Forward(x, N);
        var j = new SobolevTerm<double>(net, SobolevForm.Code, 1, N).Jacobians(N).ToArray();
        double squares = 0;
        for (int i = 0; i < j.Length; i++) squares += (j[i] - targetJ[i]) * (j[i] - targetJ[i]);
        Assert.Equal(0.5 * Math.Sqrt(squares), new SobolevTerm<double>(net, SobolevForm.Code, 0.5, N).AddGradient(targetJ, N), 12);
        Assert.Equal(0.5 * squares / N, new SobolevTerm<double>(net, SobolevForm.Paper, 0.5, N).AddGradient(targetJ, N), 12);
    }

    /// <summary>J_pred row (i, c) is dy_c/dx at x_i: central differences of the student's output in its input.</summary>
    [Fact]
    public void Jacobians_MatchFiniteDifferencesOfTheOutput()
    {
        var (net, x, _) = Problem(13);
        var term = new SobolevTerm<double>(net, SobolevForm.Code, 1, N);
        net.Forward(x, N);
        var j = term.Jacobians(N).ToArray();
        const double h = 1e-6;
        for (int i = 0; i < N; i++)
            for (int k = 0; k < D; k++)
            {
                double saved = x[i * D + k];
                x[i * D + k] = saved + h;
                var plus = net.Forward(x, N).ToArray();
                x[i * D + k] = saved - h;
                var minus = net.Forward(x, N).ToArray();
                x[i * D + k] = saved;
                for (int c = 0; c < C; c++)
                {
                    double fd = (plus[i * C + c] - minus[i * C + c]) / (2 * h);
                    Assert.True(Math.Abs(fd - j[(i * C + c) * D + k]) <= 1e-7 * Math.Max(1, Math.Abs(fd)),
                        $"J[{i}, {c}, {k}]: closed form {j[(i * C + c) * D + k]}, finite difference {fd}");
                }
            }
    }

    /// <summary>At J = J* the code form's norm is 0 and not differentiable: the value is 0 and nothing is added.</summary>
    [Fact]
    public void ZeroResidual_AddsNoGradient()
    {
        var (net, x, _) = Problem(14);
        var term = new SobolevTerm<double>(net, SobolevForm.Code, 1, N);
        net.Forward(x, N);
        var exact = term.Jacobians(N).ToArray();
        net.Parameters.ZeroGradients();
        Assert.Equal(0.0, term.AddGradient(exact, N));
        Assert.All(net.Parameters.Gradients, g => Assert.Equal(0.0, g));
    }
}
