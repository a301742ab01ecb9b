using Grokking.Experiments;

namespace Grokking.Sweeps;

/// <summary>
/// Turns a sweep into runs: the product of the axes (first axis outermost), then the seeds (innermost),
/// each point laid over the base configuration and validated by the experiment's schema. A configuration
/// that appears twice is kept once: its id, the hash of the canonical spec, is what identifies a run.
/// </summary>
public static class SweepExpansion
{
    public static SweepPlan Expand(SweepSpec sweep)
    {
        var schema = ExperimentCatalog.SchemaOf(sweep.Kind);
        CheckKeys(sweep, schema);

        IEnumerable<Assignment> points = [Assignment.Empty];
        foreach (var axis in sweep.Axes)
        {
            var axisPoints = axis.Points();
            points = points.SelectMany(p => axisPoints.Select(a => p.Then(a))).ToList();
        }
        if (sweep.Seeds is { } seeds)
        {
            points = points.SelectMany(p => seeds.Values.Select(seed =>
                p.Then(new Assignment(seeds.Parameters.Select(name => new KeyValuePair<string, object>(name, seed)))))).ToList();
        }

        var runs = new List<PlannedRun>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var point in points)
        {
            RunSpec spec;
            try
            {
                spec = RunSpec.Create(sweep.Kind, schema, sweep.Base.Concat(point.Values));
            }
            catch (SpecException e)
            {
                string at = point.Values.Count == 0 ? "base" : string.Join(' ', point.Values.Select(v => $"{v.Key}={v.Value}"));
                throw new SpecException($"sweep {sweep.Name}, run ({at}): {e.Message}");
            }
            if (seen.Add(spec.Id)) runs.Add(new PlannedRun(runs.Count, spec, point));
        }
        return new SweepPlan(sweep, runs);
    }

    private static void CheckKeys(SweepSpec sweep, ParameterSchema schema)
    {
        string known = string.Join(", ", schema.Parameters.Select(p => p.Name));
        foreach (var (key, _) in sweep.Base)
            if (!schema.TryGet(key, out _))
                throw new SpecException($"base: unknown parameter '{key}' for {sweep.Kind} (known: {known})");

        // a parameter set by two axes (or an axis and the seeds) would make the product ambiguous
        var owner = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var axis in sweep.Axes)
            foreach (var key in axis.Keys)
            {
                if (!schema.TryGet(key, out _))
                    throw new SpecException($"{axis.Where}: unknown axis key '{key}' for {sweep.Kind} (known: {known})");
                if (!owner.TryAdd(key, axis.Where))
                    throw new SpecException($"{axis.Where}: '{key}' is already varied by {owner[key]}");
            }
        if (sweep.Seeds is { } seeds)
            foreach (var key in seeds.Parameters)
            {
                if (!schema.TryGet(key, out var p) || p.Kind != ParameterKind.Integer)
                    throw new SpecException($"seeds.params: '{key}' is not an integer parameter of {sweep.Kind}");
                if (!owner.TryAdd(key, "seeds"))
                    throw new SpecException($"seeds.params: '{key}' is already varied by {owner[key]}");
            }
    }
}
