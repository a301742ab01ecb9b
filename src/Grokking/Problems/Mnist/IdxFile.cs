using System.Buffers.Binary;
using System.IO.Compression;
using Grokking.Experiments;

namespace Grokking.Problems.Mnist;

/// <summary>Images of an IDX file: <see cref="Count"/> images of <see cref="Rows"/> x <see cref="Cols"/> bytes, row-major, end to end.</summary>
public sealed record IdxImages(int Count, int Rows, int Cols, byte[] Pixels)
{
    public int PixelsPerImage => Rows * Cols;
}

/// <summary>
/// The IDX format of MNIST (and Fashion-MNIST): a big-endian header — two zero bytes, the element type (0x08 =
/// unsigned byte), the number of dimensions — then one big-endian int32 per dimension, then the elements. Images are
/// magic 2051 (3 dimensions), labels 2049 (1 dimension). Files may be gzipped (read through <see cref="GZipStream"/>,
/// recognised by their first two bytes, whatever their name). Every defect is a one-line <see cref="SpecException"/>
/// that names the file.
/// </summary>
public static class IdxFile
{
    public const int ImagesMagic = 0x0803;
    public const int LabelsMagic = 0x0801;
    private const byte UnsignedByte = 0x08;

    public static IdxImages ReadImages(string path)
    {
        var (dims, data) = Read(path, ImagesMagic, 3);
        return new IdxImages(dims[0], dims[1], dims[2], data);
    }

    public static byte[] ReadLabels(string path) => Read(path, LabelsMagic, 1).Data;

    /// <summary>The header's dimensions and the elements, checked against the expected magic and the file's length.</summary>
    private static (int[] Dims, byte[] Data) Read(string path, int magic, int rank)
    {
        byte[] bytes = Load(path);
        string kind = rank == 3 ? "images" : "labels";
        if (bytes.Length < 4)
            throw new SpecException($"{path}: truncated: {bytes.Length} bytes, not even an IDX header");
        int found = BinaryPrimitives.ReadInt32BigEndian(bytes);
        if (found != magic)
        {
            string what = found == ImagesMagic ? " (an images file)" : found == LabelsMagic ? " (a labels file)" : "";
            throw new SpecException($"{path}: not an IDX {kind} file: magic number {found}{what}, expected {magic}");
        }
        if (bytes[2] != UnsignedByte) throw new SpecException($"{path}: element type 0x{bytes[2]:x2}, expected 0x08 (unsigned byte)");
        int header = 4 + 4 * rank;
        if (bytes.Length < header)
            throw new SpecException($"{path}: truncated: {bytes.Length} bytes, the header alone needs {header}");
        var dims = new int[rank];
        long elements = 1;
        for (int d = 0; d < rank; d++)
        {
            dims[d] = BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(4 + 4 * d));
            if (dims[d] <= 0 || (d > 0 && dims[d] > 4096))
                throw new SpecException($"{path}: dimension {d + 1} of the header is {dims[d]}");
            elements *= dims[d];
        }
        long have = bytes.Length - header;
        if (have < elements)
            throw new SpecException($"{path}: truncated: the header announces {string.Join(" x ", dims)} = {elements:N0} bytes of {kind}, the file holds {have:N0}");
        if (have > elements)
            throw new SpecException($"{path}: {have - elements:N0} bytes after the {string.Join(" x ", dims)} {kind} the header announces");
        return (dims, bytes[header..]);
    }

    /// <summary>The file's bytes, decompressed when it starts with the gzip signature.</summary>
    private static byte[] Load(string path)
    {
        try
        {
            byte[] raw = File.ReadAllBytes(path);
            if (raw.Length < 2 || raw[0] != 0x1f || raw[1] != 0x8b) return raw;
            using var gz = new GZipStream(new MemoryStream(raw), CompressionMode.Decompress);
            using var plain = new MemoryStream(raw.Length * 4);
            gz.CopyTo(plain);
            return plain.ToArray();
        }
        catch (FileNotFoundException) { throw new SpecException($"{path}: no such file"); }
        catch (DirectoryNotFoundException) { throw new SpecException($"{path}: no such file (its folder does not exist)"); }
        catch (InvalidDataException e) { throw new SpecException($"{path}: a damaged gzip file ({e.Message.TrimEnd('.')})"); }
        catch (EndOfStreamException) { throw new SpecException($"{path}: truncated gzip stream"); }
        catch (UnauthorizedAccessException) { throw new SpecException($"{path}: not readable (permissions)"); }
    }
}
