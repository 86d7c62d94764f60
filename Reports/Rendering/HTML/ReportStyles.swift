/// The printed report's stylesheet: A4 pages, Thai-first fonts that every office machine has, tables that
/// do not split a row across pages, and colours with at least 4.5:1 contrast for text (3:1 for bars).
/// Embedded in files written with `--out`; served by the app at a same-origin address when the report is
/// answered over HTTP (see ``ReportHTML``).
public enum ReportStyles {
    public static let css = """
    @page { size: A4; margin: 14mm 12mm; }
    body.report { font-family: "Sarabun", "TH Sarabun New", "Noto Sans Thai", "Leelawadee UI", "Tahoma", "Garuda", sans-serif;
      color: #1a1a1a; background: #fff; margin: 0 auto; max-width: 190mm; font-size: 10.5pt; line-height: 1.45; }
    .report-head { border-bottom: 2px solid #0b3d6b; margin-bottom: 1em; }
    .report-head .agency { font-size: 12pt; font-weight: bold; margin: 0; }
    .report-head h1 { font-size: 17pt; margin: .2em 0; color: #0b3d6b; }
    .report-head h1 .sub { font-size: 11pt; font-weight: normal; color: #333; }
    .report-head .period { font-size: 13pt; margin: 0 0 .3em; }
    dl.meta { display: grid; grid-template-columns: max-content 1fr; gap: 0 1em; margin: .3em 0 .8em; font-size: 9.5pt; }
    dl.meta dt { font-weight: bold; } dl.meta dd { margin: 0; }
    h2 { font-size: 13pt; color: #0b3d6b; margin: 1.2em 0 .5em; break-after: avoid; }
    table { border-collapse: collapse; width: 100%; margin: .4em 0 1em; font-size: 8.5pt; }
    caption { text-align: left; font-weight: bold; padding: .3em 0; }
    th, td { border: 1px solid #9a9a9a; padding: .15em .3em; vertical-align: top; text-align: left; }
    thead th { background: #e7eef6; vertical-align: bottom; }
    tbody th { font-weight: normal; }
    tr { break-inside: avoid; }
    td.num, th.num { text-align: right; } td.num { white-space: nowrap; }
    td.dir { min-width: 6em; }
    td.level { font-weight: bold; }
    .code { display: block; color: #555; font-size: 7pt; }
    .dir-improving { color: #1b5e20; } .dir-declining { color: #a31515; }
    .band-below_target { color: #a31515; } .band-advance, .band-significance { color: #1b5e20; font-weight: bold; }
    .notice { border: 1px solid #a35a00; background: #fff6e8; padding: .4em .7em; }
    figure { margin: .8em 0 1.2em; break-inside: avoid; }
    figcaption { font-size: 9pt; color: #333; }
    svg.chart { display: block; max-width: 100%; }
    svg.chart .chart-label, svg.chart .chart-value, svg.chart .chart-axis { fill: #1a1a1a; font-family: inherit; }
    svg.chart .chart-axis { fill: #444; }
    .report-foot { border-top: 1px solid #9a9a9a; margin-top: 1.5em; font-size: 8.5pt; color: #333; }
    @media print { section.breakdowns { break-before: page; } a { color: inherit; text-decoration: none; } }
    """
}
