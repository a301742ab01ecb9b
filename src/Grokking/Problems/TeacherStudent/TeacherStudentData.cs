using Grokking.Random;

namespace Grokking.Problems.TeacherStudent;

/// <summary>
/// The teacher-student data of spec B.12 / D.1: inputs x ~ N(0, I_d), a teacher y* = B* ReLU(A* x) with
/// A* ~ N(0, 1)^{hidden x d} and B* ~ N(0, 1/hidden^2)^{outputs x hidden}, and for Sobolev training the teacher's
/// input-Jacobians J*_i = B* diag(1[A* x_i &gt; 0]) A* (its Hessians are 0). Float32 rows, as the reference's tensors.
/// </summary>
/// <remarks>
/// The reference draws x with an unseeded numpy and the teacher with an unseeded torch (spec F.1, G.1): here one numpy
/// stream seeded by <c>data-seed</c> draws x (samples x d, row-major), then A*, then B*; the teacher is evaluated in
/// float64 and stored as float32. The split is sklearn's <c>train_test_split(random_state = split-seed)</c>: test
/// first, then train, of <c>RandomState(seed).permutation(samples)</c>.
/// </remarks>
public sealed class TeacherStudentData
{
    private TeacherStudentData(int inputs, int outputs, float[] trainX, float[] trainY, float[] trainJacobians,
        float[] testX, float[] testY)
    {
        (Inputs, Outputs) = (inputs, outputs);
        (TrainX, TrainY, TrainJacobians, TestX, TestY) = (trainX, trainY, trainJacobians, testX, testY);
    }

    public int Inputs { get; }
    public int Outputs { get; }
    public int TrainCount => TrainY.Length / Outputs;
    public int TestCount => TestY.Length / Outputs;

    /// <summary>n_train x d.</summary>
    public float[] TrainX { get; }
    /// <summary>n_train x outputs.</summary>
    public float[] TrainY { get; }
    /// <summary>The teacher's Jacobians of the train samples, (n_train outputs) x d (row (i, c) = dy*_c/dx at x_i); empty unless asked for.</summary>
    public float[] TrainJacobians { get; }
    public float[] TestX { get; }
    public float[] TestY { get; }

    public static TeacherStudentData Create(int inputs, int hidden, int outputs, int samples, int nTrain, int nTest,
        uint dataSeed, uint splitSeed, bool jacobians)
    {
        var rng = new NumpyRandomState(dataSeed);
        var x = rng.StandardNormal(samples * inputs);
        var a = rng.StandardNormal(hidden * inputs);
        var b = rng.StandardNormal(outputs * hidden);
        for (int i = 0; i < b.Length; i++) b[i] /= hidden;

        var split = TrainTestSplit.ByCounts(samples, nTrain, nTest, splitSeed);
        var (trainX, trainY, trainJ) = Gather(split.Train, x, a, b, inputs, hidden, outputs, jacobians);
        var (testX, testY, _) = Gather(split.Test, x, a, b, inputs, hidden, outputs, jacobians: false);
        return new TeacherStudentData(inputs, outputs, trainX, trainY, trainJ, testX, testY);
    }

    private static (float[] X, float[] Y, float[] J) Gather(int[] rows, double[] x, double[] a, double[] b,
        int inputs, int hidden, int outputs, bool jacobians)
    {
        int n = rows.Length;
        var (xs, ys, js) = (new float[n * inputs], new float[n * outputs], jacobians ? new float[n * outputs * inputs] : []);
        var pre = new double[hidden];
        var jac = new double[inputs];
        for (int r = 0; r < n; r++)
        {
            var xi = x.AsSpan(rows[r] * inputs, inputs);
            for (int k = 0; k < inputs; k++) xs[r * inputs + k] = (float)xi[k];
            for (int j = 0; j < hidden; j++)
            {
                double s = 0;
                for (int k = 0; k < inputs; k++) s += a[j * inputs + k] * xi[k];
                pre[j] = s;
            }
            for (int c = 0; c < outputs; c++)
            {
                double y = 0;
                for (int j = 0; j < hidden; j++) y += b[c * hidden + j] * Math.Max(pre[j], 0);
                ys[r * outputs + c] = (float)y;
                if (!jacobians) continue;
                Array.Clear(jac);
                for (int j = 0; j < hidden; j++)
                {
                    if (!(pre[j] > 0)) continue;
                    double bj = b[c * hidden + j];
                    for (int k = 0; k < inputs; k++) jac[k] += bj * a[j * inputs + k];
                }
                for (int k = 0; k < inputs; k++) js[(r * outputs + c) * inputs + k] = (float)jac[k];
            }
        }
        return (xs, ys, js);
    }
}
