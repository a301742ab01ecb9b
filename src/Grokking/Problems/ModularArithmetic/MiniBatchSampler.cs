using Grokking.Random;

namespace Grokking.Problems.ModularArithmetic;

/// <summary>
/// Mini-batches reshuffled every epoch, last batch kept (p = 97, r = 0.4, batch 2048: 2048 + 1715 per epoch).
/// The reference uses <c>DataLoader(shuffle=True, drop_last=False)</c> without a generator: each epoch's order comes
/// from torch's global generator, which it seeds (42) only after building the model with an unseeded init, and
/// which every evaluation loader draws from as well. The order could be replayed, the runs cannot (their init is
/// lost), so the lab seeds its own shuffle instead. It is exactly the order of
/// <c>DataLoader(train_set, batch_size, shuffle=True, drop_last=False, generator=torch.Generator().manual_seed(seed))</c>:
/// one MT19937 stream (the same engine and seeding as numpy's legacy RandomState) from which each epoch takes, in
/// torch's order: two draws for the loader's 64-bit worker base seed; <c>torch.randperm(n)</c>, which for
/// i = 0 .. n-2 swaps entries i and i + (draw mod (n - i)) of 0..n-1; and the n - 1 draws of a second randperm that
/// RandomSampler makes and throws away when the epoch runs out (its <c>randperm(n)[:num_samples % n]</c>).
/// Allocates nothing after construction.
/// </summary>
public sealed class MiniBatchSampler
{
    private readonly NumpyRandomState _stream;
    private readonly int[] _order;
    private int _nextBatch;

    public MiniBatchSampler(int count, int batchSize, uint seed)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        Count = count;
        BatchSize = Math.Min(batchSize, count); // the reference's create_data_loader caps the batch at the set size
        BatchesPerEpoch = (count + BatchSize - 1) / BatchSize;
        _stream = new NumpyRandomState(seed);
        _order = new int[count];
        _nextBatch = BatchesPerEpoch; // the first call starts epoch 1
    }

    /// <summary>The number of examples shuffled (the training set's size).</summary>
    public int Count { get; }

    public int BatchSize { get; }

    /// <summary>ceil(Count / BatchSize): the last batch is kept even when short.</summary>
    public int BatchesPerEpoch { get; }

    /// <summary>Epochs begun so far (1 after the first batch).</summary>
    public long Epoch { get; private set; }

    /// <summary>The positions (0 .. Count-1, into the training set) of the next batch; a new epoch reshuffles.
    /// The span stays valid until the next call.</summary>
    public ReadOnlySpan<int> Next()
    {
        if (_nextBatch == BatchesPerEpoch)
        {
            Shuffle();
            _nextBatch = 0;
            Epoch++;
        }
        int start = _nextBatch++ * BatchSize;
        return _order.AsSpan(start, Math.Min(BatchSize, Count - start));
    }

    private void Shuffle()
    {
        // DataLoader's iterator first draws a 64-bit base seed for its workers from the same generator.
        _stream.NextUInt32();
        _stream.NextUInt32();
        for (int i = 0; i < _order.Length; i++) _order[i] = i;
        for (int i = 0; i < _order.Length - 1; i++)
        {
            int j = i + (int)(_stream.NextUInt32() % (uint)(_order.Length - i));
            (_order[i], _order[j]) = (_order[j], _order[i]);
        }
        // RandomSampler's trailing randperm(n)[:0], drawn when the epoch's last batch has been taken.
        for (int i = 0; i < _order.Length - 1; i++) _stream.NextUInt32();
    }
}
