using System.Text.Json;
using Grokking.Problems.ModularArithmetic;

namespace Grokking.Tests.ModularArithmetic;

/// <summary>The mini-batch order against torch's DataLoader(shuffle=True, drop_last=False,
/// generator=torch.Generator().manual_seed(seed)) over the 3,763 training examples (modular_data_reference.json).</summary>
public class MiniBatchSamplerTests
{
    private static readonly JsonElement Reference = JsonDocument.Parse(File.ReadAllText(Path.Combine(
        Sweeps.TestSupport.RepoRoot(), "tests", "Grokking.Tests", "ModularArithmetic", "modular_data_reference.json"))).RootElement;

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    public void ThreeEpochsMatchTorchsDataLoader(int caseIndex)
    {
        var c = Reference.GetProperty("batches")[caseIndex];
        var sampler = new MiniBatchSampler(c.GetProperty("n").GetInt32(), c.GetProperty("batch_size").GetInt32(),
            c.GetProperty("seed").GetUInt32());
        Assert.Equal(2, sampler.BatchesPerEpoch);
        int epoch = 0;
        foreach (var expectedEpoch in c.GetProperty("epochs").EnumerateArray())
        {
            epoch++;
            foreach (var expectedBatch in expectedEpoch.EnumerateArray())
            {
                int[] got = sampler.Next().ToArray();
                Assert.Equal(epoch, sampler.Epoch);
                Assert.Equal(expectedBatch.EnumerateArray().Select(v => v.GetInt32()).ToArray(), got);
            }
        }
        Assert.Equal(3, epoch);
    }

    [Fact]
    public void EachEpochIsAPermutationIn2048Plus1715()
    {
        var sampler = new MiniBatchSampler(3763, 2048, 0);
        var epochs = new List<int[]>();
        for (int e = 0; e < 4; e++)
        {
            var first = sampler.Next().ToArray();
            var second = sampler.Next().ToArray();
            Assert.Equal(2048, first.Length);
            Assert.Equal(1715, second.Length);
            int[] all = [.. first, .. second];
            Assert.Equal(Enumerable.Range(0, 3763), all.Order());
            epochs.Add(all);
        }
        Assert.NotEqual(epochs[0], epochs[1]); // reshuffled every epoch
        Assert.Equal(4, sampler.Epoch);
    }

    [Fact]
    public void ABatchLargerThanTheSetIsTheWholeSet()
    {
        var sampler = new MiniBatchSampler(5, 2048, 3);
        Assert.Equal(5, sampler.BatchSize);
        Assert.Equal(1, sampler.BatchesPerEpoch);
        Assert.Equal(5, sampler.Next().Length);
    }

    [Fact]
    public void DrawingBatchesAllocatesNothing()
    {
        var sampler = new MiniBatchSampler(3763, 2048, 0);
        Allocations.AssertNone(() =>
        {
            for (int i = 0; i < 6; i++) sampler.Next(); // three epochs, three reshuffles
        });
    }
}
