using System.Net;
using System.Text;

namespace Grokking.Reports;

/// <summary>
/// A self-contained HTML page: inline CSS, figures as inline SVG, tables; no scripts and nothing fetched from
/// the network, so it opens the same from a laptop, a cluster's shared disk or an e-mail attachment.
/// </summary>
public sealed class HtmlPage(string title)
{
    private readonly StringBuilder _body = new();

    public string Title { get; } = title;

    public HtmlPage Heading(string text, int level = 2)
    {
        _body.Append($"<h{level}>{Escape(text)}</h{level}>\n");
        return this;
    }

    public HtmlPage Paragraph(string text, string? cssClass = null)
    {
        _body.Append(cssClass is null ? "<p>" : $"<p class=\"{cssClass}\">").Append(Escape(text)).Append("</p>\n");
        return this;
    }

    /// <summary>A figure inlined as SVG, with a caption.</summary>
    public HtmlPage Figure(Figure figure, string caption)
    {
        _body.Append("<figure>\n").Append(figure.ToSvg()).Append("\n<figcaption>").Append(Escape(caption)).Append("</figcaption>\n</figure>\n");
        return this;
    }

    public HtmlPage Preformatted(string text, string summary)
    {
        _body.Append("<details><summary>").Append(Escape(summary)).Append("</summary><pre>").Append(Escape(text)).Append("</pre></details>\n");
        return this;
    }

    /// <summary>A table; cells are text (escaped) unless given as <see cref="HtmlCell"/>.</summary>
    public HtmlPage Table(IReadOnlyList<string> header, IEnumerable<IReadOnlyList<HtmlCell>> rows, string id)
    {
        _body.Append($"<table id=\"{id}\">\n<thead><tr>");
        foreach (var h in header) _body.Append("<th>").Append(Escape(h)).Append("</th>");
        _body.Append("</tr></thead>\n<tbody>\n");
        foreach (var row in rows)
        {
            _body.Append("<tr>");
            foreach (var cell in row) _body.Append(cell.CssClass is null ? "<td>" : $"<td class=\"{cell.CssClass}\">").Append(cell.Html).Append("</td>");
            _body.Append("</tr>\n");
        }
        _body.Append("</tbody>\n</table>\n");
        return this;
    }

    public string Render() =>
        $"""
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>{Escape(Title)}</title>
        <style>{Css}</style>
        </head>
        <body>
        <h1>{Escape(Title)}</h1>
        {_body}</body>
        </html>

        """;

    public static string Escape(string text) => WebUtility.HtmlEncode(text);

    private const string Css =
        "body{font-family:system-ui,sans-serif;margin:2em auto;max-width:1200px;color:#222;padding:0 1em}" +
        "figure{margin:1.5em 0}figcaption{color:#555;font-size:.9em}svg{max-width:100%;height:auto}" +
        "table{border-collapse:collapse;font-size:.85em;width:100%}th,td{border-bottom:1px solid #ddd;padding:.3em .5em;text-align:left;vertical-align:top}" +
        "th{background:#f4f4f4;position:sticky;top:0}td.num{text-align:right;font-variant-numeric:tabular-nums}" +
        "td.done{color:#1a7f37}td.failed,td.crashed{color:#cf222e;font-weight:bold}td.running{color:#9a6700}td.pending{color:#777}" +
        "pre{background:#f6f8fa;padding:.5em;overflow-x:auto;font-size:.85em}details summary{cursor:pointer;color:#0969da}.meta{color:#555}";
}

/// <summary>A table cell: raw HTML (already escaped) and an optional CSS class.</summary>
public readonly record struct HtmlCell(string Html, string? CssClass = null)
{
    public static HtmlCell Text(string text, string? cssClass = null) => new(HtmlPage.Escape(text), cssClass);
    public static implicit operator HtmlCell(string text) => Text(text);
}
