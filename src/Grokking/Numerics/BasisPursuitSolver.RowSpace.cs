namespace Grokking.Numerics;

public sealed partial class BasisPursuitSolver
{
    // Row space: Q (rank x n, orthonormal rows), y' (rank), T (rank x N) with Q = T X and y' = T y.
    private double[] _aug = [], _q = [], _yq = [], _t = [];
    private bool[] _used = [];
    private int _rank, _rowCapacity = -1, _n = -1;

    // Interior point (n-vectors, rank-vectors, rank x rank and rank x n matrices).
    private double[] _u = [], _v = [], _su = [], _sv = [], _d = [], _w = [], _tn = [];
    private double[] _du = [], _dv = [], _dsu = [], _dsv = [], _ru = [], _rv = [], _rdu = [], _rdv = [], _qtl = [];
    private double[] _lam = [], _rp = [], _rhs = [], _m = [], _wq = [];
    private double[] _bestU = [], _bestV = [], _bestSu = [], _bestSv = [], _bestLam = [];

    // Polish and certificate.
    private int[] _support = [];
    private double[] _p = [], _g = [], _z = [], _res = [], _certRows = [], _certCols = [];

    /// <summary>Grows the workspace to N rows and n columns (reallocates only when the shape outgrows it).</summary>
    private void EnsureCapacity(int rows, int n)
    {
        if (rows <= _rowCapacity && n == _n) return;
        _rowCapacity = Math.Max(rows, n == _n ? _rowCapacity : 0);
        _n = n;
        int r = _rowCapacity, k = Math.Min(r, n);
        _aug = new double[r * (n + 1 + r)];
        _q = new double[k * n];
        _yq = new double[k];
        _t = new double[k * r];
        _used = new bool[r];
        _u = new double[n]; _v = new double[n]; _su = new double[n]; _sv = new double[n]; _d = new double[n];
        _w = new double[n]; _tn = new double[n]; _du = new double[n]; _dv = new double[n]; _dsu = new double[n];
        _dsv = new double[n]; _ru = new double[n]; _rv = new double[n]; _rdu = new double[n]; _rdv = new double[n];
        _qtl = new double[n];
        _bestU = new double[n]; _bestV = new double[n]; _bestSu = new double[n]; _bestSv = new double[n]; _bestLam = new double[k];
        _lam = new double[k]; _rp = new double[k]; _rhs = new double[k]; _m = new double[k * k]; _wq = new double[k * n];
        _support = new int[n]; _p = new double[n * k]; _g = new double[k * k]; _z = new double[k]; _res = new double[k];
        _certRows = new double[r]; _certCols = new double[n];
    }

    /// <summary>
    /// Right-looking modified Gram-Schmidt on the rows of [X | y | I], pivoting on the largest remaining row of X and
    /// orthogonalising twice ("twice is enough"), so Q has orthonormal rows to rounding and y', T follow the same
    /// operations. Rows left when no remaining row exceeds the rank tolerance are dependent: their y-part is the part
    /// of y no combination of the chosen rows explains. Returns max |that| / ||y|| (0 when there is none).
    /// </summary>
    private double BuildRowSpace(DenseMatrix x, ReadOnlySpan<double> y)
    {
        int rows = x.Rows, n = x.Cols, width = n + 1 + rows;
        Span<double> aug = _aug.AsSpan(0, rows * width);
        double maxNorm = 0.0;
        for (int i = 0; i < rows; i++)
        {
            Span<double> row = aug.Slice(i * width, width);
            x.Row(i).CopyTo(row);
            row[n] = y[i];
            row[(n + 1)..].Clear();
            row[n + 1 + i] = 1.0;
            maxNorm = Math.Max(maxNorm, Kernels.Norm2<double>(row[..n]));
        }
        Array.Clear(_used, 0, rows);
        _rank = 0;
        double tolerance = _options.RankTolerance * maxNorm;
        while (_rank < Math.Min(rows, n))
        {
            int pivot = -1;
            double best = tolerance;
            for (int i = 0; i < rows; i++)
            {
                if (_used[i]) continue;
                double norm = Kernels.Norm2<double>(aug.Slice(i * width, n));
                if (norm > best) (best, pivot) = (norm, i);
            }
            if (pivot < 0) break;
            Span<double> q = aug.Slice(pivot * width, width);
            Kernels.Scale(1.0 / best, q);
            _used[pivot] = true;
            q[..n].CopyTo(_q.AsSpan(_rank * n, n));
            _yq[_rank] = q[n];
            q[(n + 1)..].CopyTo(_t.AsSpan(_rank * rows, rows));
            for (int i = 0; i < rows; i++)
            {
                if (_used[i]) continue;
                Span<double> row = aug.Slice(i * width, width);
                for (int pass = 0; pass < 2; pass++)
                    Kernels.Axpy(-Kernels.Dot<double>(row[..n], q[..n]), q, row);
            }
            _rank++;
        }

        double worst = 0.0;
        for (int i = 0; i < rows; i++)
            if (!_used[i]) worst = Math.Max(worst, Math.Abs(aug[i * width + n]));
        double yNorm = Kernels.Norm2(y);
        return worst == 0.0 ? 0.0 : yNorm > 0 ? worst / yNorm : double.PositiveInfinity;
    }
}
