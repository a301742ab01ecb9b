using System.Text;

namespace Grokking.Reports;

/// <summary>
/// A figure: a rows × cols grid of <see cref="Panel"/>s on a canvas of width × height px, with an
/// optional title and an optional figure-wide colour bar on the right (shared by all panels).
/// Render with <see cref="ToSvg"/> or <see cref="Save"/>; see <see cref="Png"/> for PNG output.
/// </summary>
public sealed class Figure
{
    private readonly Panel[] _panels;

    public Figure(int rows = 1, int cols = 1, int width = 800, int height = 600)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(rows, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(cols, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 50);
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 50);
        Rows = rows;
        Cols = cols;
        Width = width;
        Height = height;
        _panels = new Panel[rows * cols];
        for (int r = 0; r < rows; r++)
            for (int c = 0; c < cols; c++) _panels[r * cols + c] = new Panel(r, c);
    }

    public int Rows { get; }
    public int Cols { get; }
    public int Width { get; }
    public int Height { get; }

    public string Title { get; set; } = "";

    /// <summary>Relative row heights (one per row, all &gt; 0); null = equal rows.</summary>
    public IReadOnlyList<double>? RowWeights { get; set; }

    /// <summary>Base font size in px (tick labels); titles and labels scale from it.</summary>
    public double FontSize { get; set; } = 12;

    /// <summary>Figure-wide colour bar, right of all panels; null for none.</summary>
    public ColorBar? ColorBar { get; set; }

    /// <summary>
    /// Prefix for element ids (clip paths, gradients) so several figures can be inlined in one HTML page.
    /// Defaults to a hash of the title and size: deterministic, so the same figure gives the same bytes.
    /// </summary>
    public string? IdPrefix { get; set; }

    /// <summary>Panels in row-major order.</summary>
    public IReadOnlyList<Panel> Panels => _panels;

    /// <summary>The panel at (row, col), both zero-based.</summary>
    public Panel Panel(int row = 0, int col = 0)
    {
        if ((uint)row >= (uint)Rows || (uint)col >= (uint)Cols)
            throw new ArgumentOutOfRangeException(nameof(row), $"panel ({row}, {col}) outside a {Rows} × {Cols} grid");
        return _panels[row * Cols + col];
    }

    public ColorBar AddColorBar(ColorScale scale, string label = "")
    {
        ColorBar = new ColorBar(scale, label);
        return ColorBar;
    }

    /// <summary>The figure as an &lt;svg&gt; element (no XML declaration, so it can be inlined in HTML).</summary>
    public string ToSvg() => new FigureRenderer(this).Render();

    /// <summary>
    /// Writes the SVG atomically: to a temporary file beside <paramref name="path"/>, then renamed over it,
    /// so a reader (or a crash) never sees half a figure. Creates the directory if needed.
    /// </summary>
    public void Save(string path)
    {
        string full = Path.GetFullPath(path);
        string dir = Path.GetDirectoryName(full) ?? ".";
        Directory.CreateDirectory(dir);
        string tmp = Path.Combine(dir, "." + Path.GetFileName(full) + "." + Guid.NewGuid().ToString("N")[..8] + ".tmp");
        try
        {
            File.WriteAllText(tmp, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" + ToSvg(), new UTF8Encoding(false));
            File.Move(tmp, full, overwrite: true);
        }
        finally
        {
            if (File.Exists(tmp)) File.Delete(tmp);
        }
    }

    internal string DefaultIdPrefix()
    {
        // FNV-1a: stable across processes (string.GetHashCode is randomised per process).
        uint h = 2166136261;
        foreach (char ch in $"{Title}|{Width}x{Height}|{Rows}x{Cols}")
        {
            h ^= ch;
            h *= 16777619;
        }
        return "f" + h.ToString("x8", System.Globalization.CultureInfo.InvariantCulture);
    }
}
