using System.Xml;
using SkiaSharp;
using Svg.Skia;

namespace Grokking.Reports;

/// <summary>
/// SVG → PNG in process (Svg.Skia parses the SVG, Skia rasterises it; text through fontconfig and FreeType,
/// so it draws with DejaVu Sans, the first family our SVGs ask for, where that is installed).
/// Callers keep the SVG either way; a failure only costs the PNG and comes back as a message.
/// </summary>
public static class Png
{
    /// <summary>
    /// Renders <paramref name="svgPath"/> to <paramref name="pngPath"/>, written atomically (temp file + rename).
    /// One SVG user unit is one pixel at <paramref name="zoom"/> 1 (a 900 x 1150 figure gives a 900 x 1150 PNG); 2 doubles both sides.
    /// Where the SVG draws nothing the PNG is transparent. Returns false, with a message saying why and where
    /// the SVG is, when the SVG is missing or cannot be rendered.
    /// </summary>
    public static bool TryConvert(string svgPath, string pngPath, out string message, double zoom = 1.0)
    {
        if (!File.Exists(svgPath))
        {
            message = $"SVG not found: {svgPath}";
            return false;
        }
        if (!(zoom > 0) || !double.IsFinite(zoom)) zoom = 1;
        string full = Path.GetFullPath(pngPath);
        string dir = Path.GetDirectoryName(full) ?? ".";
        string tmp = Path.Combine(dir, "." + Path.GetFileName(full) + "." + Guid.NewGuid().ToString("N")[..8] + ".tmp");
        try
        {
            Directory.CreateDirectory(dir);
            using (var output = File.Create(tmp))
            {
                if (!Render(svgPath, zoom, output, out string why))
                {
                    message = $"could not render {svgPath}: {why}; the SVG is at {Path.GetFullPath(svgPath)}";
                    return false;
                }
            }
            File.Move(tmp, full, overwrite: true);
            message = $"wrote {full}";
            return true;
        }
        catch (Exception e) when (e is XmlException or IOException or UnauthorizedAccessException
                                       // the native Skia library (or fontconfig, which it needs) is missing
                                       or DllNotFoundException or TypeInitializationException
                                       // Svg.Skia's answer to SVG it does not understand
                                       or InvalidOperationException or ArgumentException or FormatException)
        {
            message = $"PNG not written ({e.GetType().Name}: {e.Message}); the SVG is at {Path.GetFullPath(svgPath)}";
            return false;
        }
        finally
        {
            if (File.Exists(tmp)) File.Delete(tmp);
        }
    }

    /// <summary>Rasterises the SVG at <paramref name="zoom"/> pixels per user unit and encodes it as PNG into <paramref name="output"/>.</summary>
    private static bool Render(string svgPath, double zoom, Stream output, out string why)
    {
        using var svg = new SKSvg();
        SKPicture? picture = svg.Load(svgPath); // owned by svg
        if (picture is null)
        {
            why = "no drawing in the SVG";
            return false;
        }
        // The cull rectangle is the SVG's viewport: (0, 0, width, height) in user units.
        SKRect box = picture.CullRect;
        int width = (int)Math.Ceiling(box.Width * zoom - 1e-6), height = (int)Math.Ceiling(box.Height * zoom - 1e-6);
        if (width <= 0 || height <= 0)
        {
            why = $"empty viewport {box.Width} x {box.Height}";
            return false;
        }
        using var surface = SKSurface.Create(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Premul));
        if (surface is null)
        {
            why = $"Skia could not allocate a {width} x {height} surface";
            return false;
        }
        SKCanvas canvas = surface.Canvas;
        canvas.Clear(SKColors.Transparent);
        canvas.Scale((float)zoom);
        canvas.DrawPicture(picture);
        using SKImage image = surface.Snapshot();
        using SKPixmap? pixels = image.PeekPixels(); // a raster surface's image always has its pixels in memory
        if (pixels is null)
        {
            why = "Skia gave no pixels to encode";
            return false;
        }
        // The Sub filter alone: same size as trying every filter on each row (our figures are mostly flat
        // white), in half the time; encoding is the larger part of a render.
        using SKData? png = pixels.Encode(new SKPngEncoderOptions(SKPngEncoderFilterFlags.Sub, 6));
        if (png is null)
        {
            why = "Skia's PNG encoder failed";
            return false;
        }
        png.SaveTo(output);
        why = "";
        return true;
    }
}
