using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;

namespace Grokking.Tests.Reports;

/// <summary>
/// A decoded 8-bit, non-interlaced PNG (RGB or RGBA), enough to look at what the renderer drew:
/// chunks → IDAT concatenated → zlib → per-row filters undone (PNG spec, section 9).
/// </summary>
internal sealed class PngImage
{
    public int Width { get; }
    public int Height { get; }

    /// <summary>RGBA, row-major, 4 bytes a pixel.</summary>
    public byte[] Rgba { get; }

    private PngImage(int width, int height, byte[] rgba) => (Width, Height, Rgba) = (width, height, rgba);

    public static PngImage Read(string path) => Decode(File.ReadAllBytes(path));

    public static PngImage Decode(byte[] png)
    {
        if (!png.AsSpan(0, 8).SequenceEqual(PngTests.Magic)) throw new InvalidDataException("not a PNG");
        int width = 0, height = 0, channels = 0;
        var idat = new MemoryStream();
        for (int at = 8; at + 8 <= png.Length;)
        {
            int length = BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(at));
            string type = Encoding.ASCII.GetString(png, at + 4, 4);
            var data = png.AsSpan(at + 8, length);
            if (type == "IHDR")
            {
                width = BinaryPrimitives.ReadInt32BigEndian(data);
                height = BinaryPrimitives.ReadInt32BigEndian(data[4..]);
                if (data[8] != 8 || data[12] != 0) throw new InvalidDataException("only 8-bit, non-interlaced PNGs");
                channels = data[9] switch { 6 => 4, 2 => 3, _ => throw new InvalidDataException($"colour type {data[9]}") };
            }
            else if (type == "IDAT") idat.Write(data);
            else if (type == "IEND") break;
            at += 12 + length; // length, type, data, CRC
        }
        idat.Position = 0;
        using var z = new ZLibStream(idat, CompressionMode.Decompress);
        var raw = new MemoryStream();
        z.CopyTo(raw);
        byte[] filtered = raw.ToArray();
        int stride = width * channels;
        if (filtered.Length != (stride + 1) * height) throw new InvalidDataException("IDAT size does not match IHDR");

        byte[] pixels = new byte[stride * height];
        for (int y = 0; y < height; y++)
        {
            byte filter = filtered[y * (stride + 1)];
            var src = filtered.AsSpan(y * (stride + 1) + 1, stride);
            var row = pixels.AsSpan(y * stride, stride);
            var up = y > 0 ? pixels.AsSpan((y - 1) * stride, stride) : new byte[stride];
            for (int i = 0; i < stride; i++)
            {
                int a = i >= channels ? row[i - channels] : 0, b = up[i], c = i >= channels ? up[i - channels] : 0;
                int predictor = filter switch
                {
                    0 => 0,
                    1 => a,
                    2 => b,
                    3 => (a + b) / 2,
                    4 => Paeth(a, b, c),
                    _ => throw new InvalidDataException($"filter {filter}"),
                };
                row[i] = (byte)(src[i] + predictor);
            }
        }
        if (channels == 4) return new PngImage(width, height, pixels);
        byte[] rgba = new byte[width * height * 4];
        for (int p = 0; p < width * height; p++)
        {
            pixels.AsSpan(p * 3, 3).CopyTo(rgba.AsSpan(p * 4));
            rgba[p * 4 + 3] = 255;
        }
        return new PngImage(width, height, rgba);
    }

    private static int Paeth(int a, int b, int c)
    {
        int p = a + b - c, pa = Math.Abs(p - a), pb = Math.Abs(p - b), pc = Math.Abs(p - c);
        return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
    }

    public (byte R, byte G, byte B, byte A) this[int x, int y]
    {
        get
        {
            int i = (y * Width + x) * 4;
            return (Rgba[i], Rgba[i + 1], Rgba[i + 2], Rgba[i + 3]);
        }
    }

    /// <summary>A dark, opaque pixel: glyph ink on our white backgrounds (anti-aliased edges lighter than this are not counted).</summary>
    public bool IsInk(int x, int y)
    {
        var (r, g, b, a) = this[x, y];
        return a > 128 && Math.Max(r, Math.Max(g, b)) < 128;
    }

    /// <summary>Number of ink pixels with x0 ≤ x &lt; x1 and y0 ≤ y &lt; y1 (clipped to the image).</summary>
    public int Ink(int x0, int y0, int x1, int y1)
    {
        int n = 0;
        for (int y = Math.Max(0, y0); y < Math.Min(Height, y1); y++)
            for (int x = Math.Max(0, x0); x < Math.Min(Width, x1); x++)
                if (IsInk(x, y)) n++;
        return n;
    }

    public int Ink() => Ink(0, 0, Width, Height);

    /// <summary>Bounding box of the ink in the given columns, or null when there is none.</summary>
    public (int Left, int Top, int Right, int Bottom)? InkBox(int x0 = 0, int x1 = int.MaxValue)
    {
        int left = int.MaxValue, top = int.MaxValue, right = -1, bottom = -1;
        for (int y = 0; y < Height; y++)
            for (int x = Math.Max(0, x0); x < Math.Min(Width, x1); x++)
            {
                if (!IsInk(x, y)) continue;
                left = Math.Min(left, x);
                right = Math.Max(right, x);
                top = Math.Min(top, y);
                bottom = Math.Max(bottom, y);
            }
        return right < 0 ? null : (left, top, right, bottom);
    }
}
