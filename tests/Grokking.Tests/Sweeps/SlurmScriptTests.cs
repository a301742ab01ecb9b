using Grokking.Sweeps;
using Grokking.Sweeps.Slurm;

namespace Grokking.Tests.Sweeps;

/// <summary>The sbatch script a sweep becomes (what --dry-run prints).</summary>
public class SlurmScriptTests
{
    [Theory]
    [InlineData(new[] { 0, 1, 2, 3 }, "0-3")]
    [InlineData(new[] { 0, 1, 2, 3, 5, 7, 8 }, "0-3,5,7-8")]
    [InlineData(new[] { 4 }, "4")]
    public void ArrayIndicesCollapseIntoRanges(int[] indices, string expected) =>
        Assert.Equal(expected, SlurmScript.ArraySpec(indices));

    [Fact]
    public void TheScriptRunsOneSlicePerArrayTaskAndOnlySlicesWithUnfinishedRuns()
    {
        // ista runs are not batched: six work items of one run
        var plan = SweepYaml.Parse("name: g\nkind: sparse-recovery\nbase: {method: ista}\naxes:\n  - grid: {beta1: [1e-3, 2e-3, 3e-3, 4e-3, 5e-3, 6e-3]}\n", "g").Expand();
        var options = new SlurmOptions { Partition = "gpu", ArrayLimit = 2, Time = "1:00:00", CpusPerTask = 4, Tasks = 3 };
        // runs 1 and 4 are slice 1 (round robin over 3 slices): only runs 0 and 1 are unfinished -> slices 0, 1
        var script = SlurmScript.Build(plan, new HashSet<int> { 0, 1 }, options, ["/usr/bin/dotnet", "/opt/grok/grok.dll"],
            "/cluster/lab/s.yaml", "/cluster/lab/sweeps", "postgres://u@db:5432/lab?Search Path=x", "/cluster/lab/sweeps/slurm/g", "/cluster/lab");
        Assert.Equal([0, 1], script.ArrayIndices);
        Assert.Equal(3, script.Tasks);
        string t = script.Text;
        Assert.StartsWith("#!/bin/bash\n", t);
        Assert.Contains("#SBATCH --array=0-1%2\n", t);
        Assert.Contains("#SBATCH --partition=gpu\n", t);
        Assert.Contains("#SBATCH --time=1:00:00\n", t);
        Assert.Contains("#SBATCH --cpus-per-task=4\n", t);
        Assert.Contains("#SBATCH --output=/cluster/lab/sweeps/slurm/g/%A_%a.out\n", t);
        Assert.Contains("exec /usr/bin/dotnet /opt/grok/grok.dll sweep /cluster/lab/s.yaml --task \"$SLURM_ARRAY_TASK_ID\" --tasks 3 --root /cluster/lab/sweeps " +
                        "--store 'postgres://u@db:5432/lab?Search Path=x' --jobs 4 --quiet\n", t);
    }

    [Fact]
    public void ABatchIsOneArrayTaskWhateverTasksAreAskedFor()
    {
        // six subgradient runs on the same data are one batch: one work item, so at most one task
        var plan = SweepYaml.Parse("name: b\nkind: sparse-recovery\naxes:\n  - grid: {beta1: [1e-3, 2e-3, 3e-3, 4e-3, 5e-3, 6e-3]}\n", "b").Expand();
        Assert.Single(plan.Items);
        foreach (int? asked in new int?[] { null, 6 })
        {
            var script = SlurmScript.Build(plan, plan.Runs.Select(r => r.Index).ToHashSet(), new SlurmOptions { Tasks = asked },
                ["grok"], "/s.yaml", "/lab", "/lab/runs/lab.db", "/lab/slurm/b", "/");
            Assert.Equal(1, script.Tasks);
            Assert.Equal([0], script.ArrayIndices);
            Assert.Contains("--tasks 1 ", script.Text);
        }
    }
}
