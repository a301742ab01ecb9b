using System.Globalization;
using System.Text;

namespace Grokking.Training;

/// <summary>
/// Append-only long-format metric table: one row per (step, metric, scope). A scope distinguishes rows of
/// the same metric at the same step, e.g. the index of a component a_i (-1 = none). Storage is
/// struct-of-arrays, sized up front from the schedule, so recording never allocates inside a run.
/// </summary>
public sealed class MetricRecord
{
    private readonly List<string> _names = [];
    private readonly Dictionary<string, int> _ids = new(StringComparer.Ordinal);
    private long[] _step;
    private int[] _metric;
    private int[] _scope;
    private double[] _value;
    private int _count;

    public MetricRecord(int capacity = 1024)
    {
        capacity = Math.Max(capacity, 16);
        _step = new long[capacity];
        _metric = new int[capacity];
        _scope = new int[capacity];
        _value = new double[capacity];
    }

    /// <summary>Converts a step to the theory's time for the `time` column (e.g. alpha * t for gradient flow).</summary>
    public Func<long, double> TimeOf { get; set; } = t => t;
    /// <summary>What the time column means (e.g. "alpha*t").</summary>
    public string TimeLabel { get; set; } = "t";

    public int Count => _count;
    public IReadOnlyList<string> MetricNames => _names;

    /// <summary>Registers a metric name once (outside the step loop) and returns its id.</summary>
    public int Register(string name)
    {
        if (_ids.TryGetValue(name, out int id)) return id;
        id = _names.Count;
        _names.Add(name);
        _ids.Add(name, id);
        return id;
    }

    /// <summary>Makes room for <paramref name="rows"/> more rows, so that the appends that follow do not allocate.</summary>
    public void Reserve(long rows)
    {
        long need = _count + rows;
        if (need <= _step.Length) return;
        if (need > Array.MaxLength) throw new InvalidOperationException($"metric record too large ({need} rows): record less often");
        int cap = (int)Math.Min(Array.MaxLength, Math.Max(need, 2L * _step.Length));
        Array.Resize(ref _step, cap);
        Array.Resize(ref _metric, cap);
        Array.Resize(ref _scope, cap);
        Array.Resize(ref _value, cap);
    }

    public void Add(long step, int metric, double value, int scope = -1)
    {
        if (_count == _step.Length) Reserve(Math.Max(16, _count));
        _step[_count] = step;
        _metric[_count] = metric;
        _scope[_count] = scope;
        _value[_count] = value;
        _count++;
    }

    public bool Has(string name) => _ids.ContainsKey(name);

    /// <summary>The (steps, values) series of one metric and scope, in recording order.</summary>
    public (long[] Steps, double[] Values) Series(string name, int scope = -1)
    {
        if (!_ids.TryGetValue(name, out int id)) throw new KeyNotFoundException($"no metric '{name}' was recorded");
        int n = 0;
        for (int i = 0; i < _count; i++) if (_metric[i] == id && _scope[i] == scope) n++;
        var steps = new long[n];
        var values = new double[n];
        for (int i = 0, k = 0; i < _count; i++)
            if (_metric[i] == id && _scope[i] == scope) { steps[k] = _step[i]; values[k++] = _value[i]; }
        return (steps, values);
    }

    /// <summary>The distinct scopes recorded for a metric (e.g. component indices), ascending.</summary>
    public int[] Scopes(string name)
    {
        if (!_ids.TryGetValue(name, out int id)) return [];
        var set = new SortedSet<int>();
        for (int i = 0; i < _count; i++) if (_metric[i] == id) set.Add(_scope[i]);
        return [.. set];
    }

    /// <summary>The last recorded value of a metric (scope -1), NaN if none.</summary>
    public double Last(string name) => _ids.TryGetValue(name, out int id) ? LastById(id) : double.NaN;

    /// <summary>Scans back from the end: cheap when the metric was recorded recently (live progress).</summary>
    public double LastById(int id)
    {
        for (int i = _count - 1; i >= 0; i--) if (_metric[i] == id && _scope[i] == -1) return _value[i];
        return double.NaN;
    }

    public const string CsvHeader = "step,time,metric,scope,value";

    /// <summary>Writes the long-format CSV: step,time,metric,scope,value (scope empty when -1).</summary>
    public void WriteCsv(TextWriter w)
    {
        w.WriteLine(CsvHeader);
        var sb = new StringBuilder(64);
        for (int i = 0; i < _count; i++)
        {
            sb.Clear();
            sb.Append(_step[i].ToString(CultureInfo.InvariantCulture)).Append(',')
              .Append(TimeOf(_step[i]).ToString("R", CultureInfo.InvariantCulture)).Append(',')
              .Append(_names[_metric[i]]).Append(',');
            if (_scope[i] >= 0) sb.Append(_scope[i].ToString(CultureInfo.InvariantCulture));
            sb.Append(',').Append(_value[i].ToString("R", CultureInfo.InvariantCulture));
            w.WriteLine(sb);
        }
    }

    /// <summary>Reads a CSV written by <see cref="WriteCsv"/> (used to reuse finished runs).</summary>
    public static MetricRecord ReadCsv(TextReader r)
    {
        string? header = r.ReadLine();
        if (header != CsvHeader) throw new FormatException($"metrics.csv: unexpected header '{header}'");
        var rec = new MetricRecord(4096);
        string? line;
        int lineNo = 1;
        while ((line = r.ReadLine()) != null)
        {
            lineNo++;
            var parts = line.Split(',');
            if (parts.Length != 5) throw new FormatException($"metrics.csv line {lineNo}: expected 5 fields");
            long step = long.Parse(parts[0], CultureInfo.InvariantCulture);
            int id = rec.Register(parts[2]);
            int scope = parts[3].Length == 0 ? -1 : int.Parse(parts[3], CultureInfo.InvariantCulture);
            rec.Add(step, id, double.Parse(parts[4], CultureInfo.InvariantCulture), scope);
        }
        return rec;
    }
}
