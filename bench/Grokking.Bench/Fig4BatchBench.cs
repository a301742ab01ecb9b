using System.Diagnostics;
using Grokking.Experiments;
using Grokking.Figures;
using Grokking.Runs;

namespace Grokking.Bench;

/// <summary>
/// The two batches of the full Figure 4 grid as the sweep runner plans them (2 x 18 runs sharing X), stepped one
/// after the other on one core, timed by phase of the run: why the batch with small alpha ran slower in the grid.
/// <c>dotnet bench/Grokking.Bench/bin/Release/net10.0/Grokking.Bench.dll fig4batch --steps 4000000</c>.
/// </summary>
internal static class Fig4BatchBench
{
    public static void Run(long steps)
    {
        var specs = AlphaBetaGrid.Specs(quick: false);
        var plan = RunGrid.Plan(specs, [.. Enumerable.Range(0, specs.Count)], batch: true);
        foreach (var members in plan)
        {
            var batchSpecs = members.Select(i => specs[i]).ToList();
            var experiment = (IBatchableExperiment)ExperimentCatalog.Get(batchSpecs[0].Kind);
            var batch = experiment.PrepareBatch(batchSpecs);
            string alphas = string.Join(",", batchSpecs.Select(s => s.Real("alpha")).Distinct());
            long done = 0;
            foreach (long until in new[] { 100_000L, 1_000_000L, steps })
            {
                if (until <= done) continue;
                var sw = Stopwatch.StartNew();
                batch.Advance(until - done);
                double us = sw.Elapsed.TotalSeconds / (until - done) / batchSpecs.Count * 1e6;
                Console.WriteLine($"batch of {batchSpecs.Count} (alpha {alphas}): steps {done:N0}..{until:N0}: {us:F3} us/run-step");
                done = until;
            }
            // subnormal values in the batch's parameters and residuals (they cost ~100 cycles per operation on x86)
            var target = batch.Advance.Target!;
            var field = target.GetType().GetFields(System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Instance)
                .First(f => f.FieldType == typeof(Grokking.Numerics.PaddedBatch<double>));
            var pb = (Grokking.Numerics.PaddedBatch<double>)field.GetValue(target)!;
            int subA = 0, subR = 0, zeroA = 0;
            var a = new double[100]; var r = new double[30];
            for (int j = 0; j < batchSpecs.Count; j++)
            {
                pb.GetParameters(j, a); pb.GetResidual(j, r);
                subA += a.Count(double.IsSubnormal); subR += r.Count(double.IsSubnormal); zeroA += a.Count(v => v == 0);
            }
            Console.WriteLine($"  subnormal parameters {subA}, zero parameters {zeroA}, subnormal residuals {subR} (of {batchSpecs.Count} runs)");
        }
    }
}
