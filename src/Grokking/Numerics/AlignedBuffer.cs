using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Grokking.Numerics;

/// <summary>
/// A managed buffer whose first element sits on a 64-byte (cache-line / zmm) boundary: a pinned array on the
/// pinned object heap, over-allocated by one cache line and viewed from the first aligned element.
/// The GC never moves it, so the alignment holds for the buffer's lifetime; no disposal needed.
/// </summary>
/// <remarks>
/// AVX-512 loads that straddle two cache lines cost two load slots, so the SIMD kernels run up to 2x faster on
/// aligned data whose rows are padded to a multiple of 64 bytes (see <see cref="PaddedProblem{T}"/>,
/// <see cref="PaddedBatch{T}"/>).
/// </remarks>
public sealed class AlignedBuffer<T> where T : unmanaged
{
    /// <summary>Alignment of the first element, in bytes.</summary>
    public const int Alignment = 64;

    private readonly T[] _array;
    private readonly int _offset;

    /// <summary>Allocates <paramref name="length"/> zeroed elements.</summary>
    public unsafe AlignedBuffer(int length)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        if (Alignment % sizeof(T) != 0)
            throw new NotSupportedException($"Element size {sizeof(T)} does not divide {Alignment}.");
        int pad = Alignment / sizeof(T);
        _array = GC.AllocateArray<T>(length + pad, pinned: true);
        nint address = (nint)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(_array));
        int mis = (int)(address & (Alignment - 1));
        _offset = mis == 0 ? 0 : (Alignment - mis) / sizeof(T);
        Length = length;
    }

    /// <summary>Address of the first aligned element (stable: the array is pinned for its lifetime).</summary>
    internal unsafe T* Pointer => (T*)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(_array)) + _offset;

    /// <summary>Number of usable elements.</summary>
    public int Length { get; }

    /// <summary>The aligned elements.</summary>
    public Span<T> Span => new(_array, _offset, Length);

    /// <summary>The aligned elements as <see cref="Memory{T}"/> (for work that crosses threads).</summary>
    public Memory<T> Memory => new(_array, _offset, Length);

    /// <summary>The underlying array and the aligned offset (elements outside [Offset, Offset+Length) are padding).</summary>
    public ArraySegment<T> Segment => new(_array, _offset, Length);
}
