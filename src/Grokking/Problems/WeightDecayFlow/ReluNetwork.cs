using Grokking.Random;
using Grokking.Training;

namespace Grokking.Problems.WeightDecayFlow;

/// <summary>
/// One-dimensional two-layer ReLU regression f_w(x) = sum_j u_j ReLU(v_j x + b_j), w = (u, v, b) in R^{3m} (paper 2,
/// Fig 3; spec A.2, P2.6), F = 1/(2n) sum_i (f_w(x_i) - y_i)^2 (residuals r_i = (f_w(x_i) - y_i)/sqrt(n)). Outside the
/// theory (ReLU is not C^3): the gradient uses ReLU'(0) = 0. Choices (the paper gives none): the teacher is
/// f*(x) = ReLU(x + 1) - 2 ReLU(x - 0.5) + ReLU(x - 1.5) (three kinks in [-2, 2]: a trapezoid of height 1.5); x_i ~ U[-2, 2];
/// test loss = 1/2 mean of (f_w - f*)^2 over 401 equispaced points of [-2, 2].
/// </summary>
public sealed class ReluNetwork : FlowProblem
{
    public const string Function = "f";
    public const string TeacherFunction = "teacher";
    public const string TrainX = "x_train";
    public const string TrainY = "y_train";
    /// <summary>Points of the recorded function grid (scope k is x = -2 + 4 k / (GridPoints - 1)).</summary>
    public const int GridPoints = 81;
    private const int TestPoints = 401;

    private readonly double[] _r;
    private int _fId = -1, _teacherId = -1, _xId = -1, _yId = -1;

    public ReluNetwork(int m, double[] x, double[] y)
    {
        (M, X, Y) = (m, x, y);
        _r = new double[x.Length];
    }

    /// <summary>n points x_i ~ U[-2, 2] drawn from <paramref name="seed"/>, labelled by the teacher.</summary>
    public static ReluNetwork Create(int m, int n, uint seed)
    {
        var rng = new NumpyRandomState(seed);
        var x = new double[n];
        rng.RandomSample(x);
        for (int i = 0; i < n; i++) x[i] = -2 + 4 * x[i];
        return new ReluNetwork(m, x, x.Select(Teacher).ToArray());
    }

    /// <summary>The teacher f*(x) = ReLU(x + 1) - 2 ReLU(x - 0.5) + ReLU(x - 1.5).</summary>
    public static double Teacher(double x) => Relu(x + 1) - 2 * Relu(x - 0.5) + Relu(x - 1.5);

    private static double Relu(double z) => z > 0 ? z : 0;

    /// <summary>x of grid point <paramref name="k"/> of <paramref name="points"/> on [-2, 2].</summary>
    public static double GridX(int k, int points = GridPoints) => -2 + 4.0 * k / (points - 1);

    public int M { get; }
    public double[] X { get; }
    public double[] Y { get; }
    public int N => X.Length;

    public override int Dimension => 3 * M;
    public override int ResidualCount => N;
    protected override Span<double> Scratch => _r;

    /// <summary>f_w(x).</summary>
    public double Evaluate(ReadOnlySpan<double> w, double x)
    {
        var u = w[..M];
        var v = w.Slice(M, M);
        var b = w.Slice(2 * M, M);
        double f = 0;
        for (int j = 0; j < M; j++) f += u[j] * Relu(v[j] * x + b[j]);
        return f;
    }

    public override void Residuals(ReadOnlySpan<double> w, Span<double> r)
    {
        double scale = 1 / Math.Sqrt(N);
        for (int i = 0; i < N; i++) r[i] = (Evaluate(w, X[i]) - Y[i]) * scale;
    }

    public override void Gradient(ReadOnlySpan<double> w, Span<double> g)
    {
        Residuals(w, _r);
        g.Clear();
        double scale = 1 / Math.Sqrt(N);
        var u = w[..M];
        var v = w.Slice(M, M);
        var b = w.Slice(2 * M, M);
        var gu = g[..M];
        var gv = g.Slice(M, M);
        var gb = g.Slice(2 * M, M);
        for (int i = 0; i < N; i++)
        {
            double ri = _r[i] * scale, x = X[i];
            for (int j = 0; j < M; j++)
            {
                double z = v[j] * x + b[j];
                if (z <= 0) continue;
                gu[j] += ri * z;
                double back = ri * u[j];
                gv[j] += back * x;
                gb[j] += back;
            }
        }
    }

    public override void Jacobian(ReadOnlySpan<double> w, Span<double> jacobian)
    {
        double scale = 1 / Math.Sqrt(N);
        int d = Dimension;
        for (int i = 0; i < N; i++)
        {
            var row = jacobian.Slice(i * d, d);
            row.Clear();
            double x = X[i];
            for (int j = 0; j < M; j++)
            {
                double z = w[M + j] * x + w[2 * M + j];
                if (z <= 0) continue;
                row[j] = z * scale;
                row[M + j] = w[j] * x * scale;
                row[2 * M + j] = w[j] * scale;
            }
        }
    }

    public override double TestLoss(ReadOnlySpan<double> w)
    {
        double s = 0;
        for (int k = 0; k < TestPoints; k++)
        {
            double x = GridX(k, TestPoints), e = Evaluate(w, x) - Teacher(x);
            s += e * e;
        }
        return 0.5 * s / TestPoints;
    }

    public override string TestLossDescription => "1/2 mean over 401 equispaced x in [-2, 2] of (f_w(x) - f*(x))^2";

    public override void RegisterExtras(MetricRecord record)
    {
        _fId = record.Register(Function);
        _teacherId = record.Register(TeacherFunction);
        _xId = record.Register(TrainX);
        _yId = record.Register(TrainY);
    }

    public override int ExtraRows => 2 * GridPoints + 2 * N;

    /// <summary>The learned function on the grid at every record; the teacher and the training set once, at step 0.</summary>
    public override void RecordExtras(long step, ReadOnlySpan<double> w, MetricRecord record)
    {
        for (int k = 0; k < GridPoints; k++) record.Add(step, _fId, Evaluate(w, GridX(k)), k);
        if (step != 0) return;
        for (int k = 0; k < GridPoints; k++) record.Add(step, _teacherId, Teacher(GridX(k)), k);
        for (int i = 0; i < N; i++)
        {
            record.Add(step, _xId, X[i], i);
            record.Add(step, _yId, Y[i], i);
        }
    }

    public override IReadOnlyCollection<string> PerComponentExtras => [Function, TeacherFunction, TrainX, TrainY];
}
