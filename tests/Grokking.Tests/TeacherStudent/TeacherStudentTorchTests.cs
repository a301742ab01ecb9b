using System.Numerics;
using System.Text.Json;
using Grokking.Nn;
using Grokking.Optimisation;
using Grokking.Problems.TeacherStudent;

namespace Grokking.Tests.TeacherStudent;

/// <summary>
/// The teacher-student objective, its gradient and 10 Adam steps against PyTorch (teacher_student_reference.py,
/// float64, autograd; the Sobolev term through autograd's Jacobian with create_graph): equal to 1e-10 relative in
/// float64, and to float32's precision in float32.
/// </summary>
public class TeacherStudentTorchTests
{
    private static readonly JsonElement Reference = JsonDocument.Parse(File.ReadAllText(Path.Combine(
        Sweeps.TestSupport.RepoRoot(), "tests", "Grokking.Tests", "TeacherStudent", "teacher_student_reference.json"))).RootElement;

    private static double[] Array(JsonElement e, string name) => [.. e.GetProperty(name).EnumerateArray().Select(v => v.GetDouble())];
    private static int Int(string name) => Reference.GetProperty(name).GetInt32();

    private static TeacherStudentNetwork<T> Network<T>(string kind) where T : unmanaged, IFloatingPointIeee754<T>
    {
        static T[] Cast(double[] v) => [.. v.Select(T.CreateTruncating)];
        var (penalty, sobolev) = kind switch
        {
            "l1" => (PenaltyKind.L1, (SobolevForm?)null),
            "l2" => (PenaltyKind.L2, null),
            "nuc" => (PenaltyKind.Nuclear, null),
            _ => (PenaltyKind.None, SobolevForm.Code),
        };
        double beta = Reference.GetProperty("beta").GetDouble(), lr = Reference.GetProperty("lr").GetDouble();
        var net = new TeacherStudentNetwork<T>(Int("d"), Int("h"), Int("C"), Int("N"), Cast(Array(Reference, "X")),
            Cast(Array(Reference, "Y")), Cast(Array(Reference, "J_star")), penalty, sobolev, T.CreateTruncating(beta), T.CreateTruncating(lr));
        Cast([.. Array(Reference, "A0"), .. Array(Reference, "B0")]).CopyTo(net.Parameters.Values, 0);
        return net;
    }

    /// <summary>Loss (with the penalty) and gradient (with the penalty's (sub)gradient) at the given weights.</summary>
    private static (double Loss, double[] Gradient) LossAndGradient<T>(TeacherStudentNetwork<T> net) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var layout = net.Parameters.Layout;
        double loss = net.Loss() + net.Penalty.Value(layout, net.Parameters.Values);
        var transform = net.Penalty.Gradient();
        transform.Update(net.Parameters.Gradients, transform.Init(layout), net.Parameters.Values);
        return (loss, [.. net.Parameters.Gradients.Select(double.CreateTruncating)]);
    }

    private static void Close(double[] expected, double[] actual, double relative, double floor, string what)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
            Assert.True(Math.Abs(expected[i] - actual[i]) <= relative * Math.Max(floor, Math.Abs(expected[i])),
                $"{what}[{i}]: torch {expected[i]:R}, ours {actual[i]:R}");
    }

    [Theory]
    [InlineData("l1")]
    [InlineData("l2")]
    [InlineData("nuc")]
    [InlineData("sobolev")]
    public void Float64_EqualsPyTorch(string kind) => Compare<double>(kind, relative: 1e-10, floor: 1e-6);

    /// <summary>float32 carries ~7 digits; 10 Adam steps of lr 1e-2 move each weight by at most 0.1, so the weights
    /// agree to ~1e-6 absolute. The relative tolerance is floored at 0.01 in magnitude for gradients near 0.</summary>
    [Theory]
    [InlineData("l1")]
    [InlineData("l2")]
    [InlineData("nuc")]
    [InlineData("sobolev")]
    public void Float32_EqualsPyTorchToSinglePrecision(string kind) => Compare<float>(kind, relative: 1e-4, floor: 1e-2);

    private static void Compare<T>(string kind, double relative, double floor) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var expected = Reference.GetProperty("cases").GetProperty(kind);
        var net = Network<T>(kind);
        var (loss, gradient) = LossAndGradient(net);
        Close([expected.GetProperty("loss").GetDouble()], [loss], relative, floor, "loss");
        Close([.. Array(expected, "grad_A"), .. Array(expected, "grad_B")], gradient, relative, floor, $"{kind} gradient");

        net = Network<T>(kind);
        for (int s = 0; s < Int("steps"); s++) net.Step();
        Close([.. Array(expected, "A"), .. Array(expected, "B")], [.. net.Parameters.Values.Select(double.CreateTruncating)],
            relative, floor, $"{kind} weights after {Int("steps")} Adam steps");
    }
}

/// <summary>The fused l1 + Adam pass equals the optimiser chain bit for bit, for every regulariser, over 30 steps.</summary>
public class FusedAdamTests
{
    [Theory]
    [InlineData(PenaltyKind.L1, null)]
    [InlineData(PenaltyKind.L2, null)]
    [InlineData(PenaltyKind.Nuclear, null)]
    [InlineData(PenaltyKind.None, SobolevForm.Code)]
    public void FusedStep_EqualsTheChainBitForBit(PenaltyKind penalty, SobolevForm? sobolev)
    {
        // 37 hidden units: the parameter count (37 * 9 + 2 * 37 = 407) leaves a scalar tail after the vectors
        var data = TeacherStudentData.Create(9, 37, 2, 60, 20, 40, 1, 0, jacobians: true);
        TeacherStudentNetwork<float> Make(bool chain)
        {
            var net = new TeacherStudentNetwork<float>(9, 37, 2, 40, data.TrainX, data.TrainY, data.TrainJacobians,
                penalty, sobolev, 1e-3f, 1e-2f) { UseChain = chain };
            net.Network.Initialise(new Grokking.Random.NumpyRandomState(2));
            return net;
        }
        var fused = Make(false);
        var chain = Make(true);
        for (int s = 0; s < 30; s++)
        {
            fused.Step();
            chain.Step();
        }
        Assert.Equal(chain.Parameters.Values, fused.Parameters.Values);
        Assert.NotEqual(Make(false).Parameters.Values, fused.Parameters.Values);
    }
}
