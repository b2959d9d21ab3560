extension ReportHTML {
    /// The page's only style sheet: screen first, then A4 print, where sections follow each other and
    /// only headings, rows and small tables are kept from splitting.
    ///
    /// Colours follow the Okabe–Ito palette so the four families stay apart for colour-blind readers;
    /// every colour that carries meaning is repeated by a text marker (▲ Art. 49, ✖ non-compliant).
    static func styleSheet(footer: String) -> String {
        """
        :root { --ink: #1c2330; --muted: #5a6478; --rule: #d9dee7; --soft: #f4f6f9; --accent: #1f3a5f;
          --none: #a3a9b3; --adequacy: #0072b2; --safeguards: #009e73; --derogation: #e69f00;
          --bad: #b3261e; --bad-bg: #fdecea; --derog-ink: #7a4f00; --derog-bg: #fff3d6; --ok: #1b6e3a; }
        * { box-sizing: border-box; }
        html { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
        body { margin: 0; color: var(--ink); background: #fff; font: 14px/1.45 "Liberation Sans", "DejaVu Sans", Arial, sans-serif; }
        main { max-width: 1120px; margin: 0 auto; padding: 28px 40px 60px; }
        h1 { font-size: 26px; margin: 0 0 2px; color: var(--accent); letter-spacing: -0.01em; }
        h2 { font-size: 19px; margin: 0 0 10px; padding-bottom: 4px; border-bottom: 2px solid var(--accent); color: var(--accent); }
        h3 { font-size: 14px; margin: 18px 0 6px; text-transform: uppercase; letter-spacing: 0.04em; color: var(--muted); }
        p { margin: 6px 0; }
        .subtitle { color: var(--muted); font-size: 15px; margin-bottom: 18px; }
        .lead { color: var(--muted); max-width: 820px; }
        .muted { color: var(--muted); }
        code, .mono { font-family: "DejaVu Sans Mono", "Liberation Mono", monospace; font-size: 12px; }
        .hash { font-family: "DejaVu Sans Mono", "Liberation Mono", monospace; font-size: 11.5px; word-break: break-all; }
        section { margin-top: 34px; }
        .facts { display: grid; grid-template-columns: 170px 1fr; gap: 4px 16px; margin: 0; }
        .facts dt { color: var(--muted); }
        .facts dd { margin: 0; }
        .header-grid { display: grid; grid-template-columns: 1fr 1fr; gap: 20px; align-items: start; }
        .integrity { border: 1px solid var(--rule); border-left: 5px solid var(--ok); background: var(--soft); padding: 12px 16px; border-radius: 4px; }
        .integrity h3 { margin-top: 0; color: var(--ok); }
        .conclusion { font-size: 16px; border-left: 5px solid var(--ok); background: var(--soft); padding: 10px 14px; margin: 0 0 16px; max-width: 980px; }
        .conclusion.bad { border-left-color: var(--bad); }
        .conclusion .evidence { color: var(--muted); font-size: 14px; }
        .headline { display: grid; grid-template-columns: auto 1fr; gap: 4px 16px; align-items: center; }
        .notice { border-left: 5px solid var(--derogation); background: var(--derog-bg); padding: 8px 12px; margin: 12px 0; }
        nav.contents ol { columns: 2; margin: 6px 0 0; padding-left: 22px; }
        nav.contents a { color: var(--accent); text-decoration: none; }
        .tiles { display: grid; grid-template-columns: repeat(4, 1fr); gap: 10px; margin: 12px 0 6px; }
        .tile { border: 1px solid var(--rule); border-radius: 4px; padding: 10px 12px; }
        .tile .figure { font-size: 24px; font-weight: bold; font-variant-numeric: tabular-nums; }
        .tile .caption { color: var(--muted); font-size: 12.5px; }
        .tile.bad { border-color: var(--bad); background: var(--bad-bg); }
        .tile.bad .figure { color: var(--bad); }
        .tile.derog { border-color: var(--derogation); background: var(--derog-bg); }
        .tile.derog .figure { color: var(--derog-ink); }
        table { border-collapse: collapse; width: 100%; margin: 8px 0 4px; font-size: 13px; }
        caption { text-align: left; font-weight: bold; padding: 4px 0; color: var(--ink); }
        tbody th { text-align: left; font-weight: normal; color: var(--ink); border-bottom: 1px solid var(--rule); padding: 4px 8px; vertical-align: top; }
        thead th { text-align: left; font-size: 12px; color: var(--muted); font-weight: bold; border-bottom: 1.5px solid var(--ink); padding: 5px 8px; vertical-align: bottom; }
        td { border-bottom: 1px solid var(--rule); padding: 4px 8px; vertical-align: top; }
        tbody tr:nth-child(even) td { background: #fafbfc; }
        tfoot td { font-weight: bold; border-top: 1.5px solid var(--ink); border-bottom: none; }
        .num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
        thead th.num { text-align: right; }
        .nowrap { white-space: nowrap; }
        table.matrix tbody th { min-width: 10em; }
        td.region { color: var(--muted); font-size: 12px; white-space: nowrap; }
        td.ground { min-width: 17em; }
        td.zero { color: #b8bec9; }
        tr.bad td, td.bad { background: var(--bad-bg) !important; }
        tr.derog td, td.derog { background: var(--derog-bg) !important; }
        th.derog { color: var(--derog-ink); background: var(--derog-bg); }
        .badge { display: inline-block; font-size: 11px; font-weight: bold; padding: 0 6px; border-radius: 3px; white-space: nowrap; }
        .badge.bad { color: #fff; background: var(--bad); }
        .badge.derog { color: var(--derog-ink); background: #ffe2a3; border: 1px solid var(--derogation); }
        .badge.warn { color: var(--derog-ink); border: 1px solid var(--derogation); }
        .badge.special { color: #5b2a86; border: 1px solid #8e5cb8; }
        .badge.region { color: var(--muted); border: 1px solid var(--rule); font-weight: normal; }
        .legend { display: flex; flex-wrap: wrap; gap: 6px 16px; font-size: 12.5px; color: var(--muted); margin: 4px 0 8px; }
        .legend .swatch { display: inline-block; width: 11px; height: 11px; border-radius: 2px; margin-right: 5px; vertical-align: -1px; }
        .empty { color: var(--muted); font-style: italic; }
        .meter { height: 14px; background: var(--bad-bg); border: 1px solid var(--rule); border-radius: 3px; overflow: hidden; max-width: 520px; }
        .meter span { display: block; height: 100%; background: var(--safeguards); }
        .big { font-size: 34px; font-weight: bold; color: var(--accent); }
        pre.note { background: var(--soft); border: 1px solid var(--rule); padding: 10px 12px; white-space: pre-wrap; word-break: break-all; font-size: 11.5px; }
        .two { display: grid; grid-template-columns: 1fr 1fr; gap: 24px; align-items: start; }
        svg.chart { display: block; max-width: 100%; height: auto; font-family: "Liberation Sans", "DejaVu Sans", Arial, sans-serif; }
        svg .label { font-size: 12.5px; fill: var(--ink); }
        svg .value { font-size: 12.5px; font-weight: bold; fill: var(--ink); }
        svg .tick { font-size: 11px; fill: var(--muted); }
        svg .axis { stroke: var(--ink); stroke-width: 1; }
        svg .grid { stroke: var(--rule); stroke-width: 1; }
        svg .mark-derog { font-size: 11px; font-weight: bold; fill: var(--derog-ink); }
        svg .mark-bad { font-size: 11px; font-weight: bold; fill: var(--bad); }
        .f-none { fill: var(--none); background: var(--none); }
        .f-adequacy { fill: var(--adequacy); background: var(--adequacy); }
        .f-safeguards { fill: var(--safeguards); background: var(--safeguards); }
        .f-derogation { fill: var(--derogation); background: var(--derogation); }
        .f-other, .f-records { fill: var(--accent); background: var(--accent); }
        footer { margin-top: 40px; color: var(--muted); font-size: 12px; border-top: 1px solid var(--rule); padding-top: 8px; }
        @page { size: A4; margin: 14mm 13mm 16mm;
          @bottom-left { content: \(footer); font: 8pt "Liberation Sans", Arial, sans-serif; color: #5a6478; }
          @bottom-right { content: "Page " counter(page) " of " counter(pages); font: 8pt "Liberation Sans", Arial, sans-serif; color: #5a6478; } }
        @media print {
          body { font-size: 9.5pt; }
          main { max-width: none; padding: 0; }
          h1 { font-size: 18pt; }
          h2 { font-size: 14pt; break-after: avoid; }
          h3, caption, .lead { break-after: avoid; }
          section { margin-top: 16pt; }
          section#evidence { break-before: page; }
          nav.contents { break-inside: avoid; }
          table { font-size: 8.5pt; }
          thead { display: table-header-group; }
          tr, .tile, figure, svg, .integrity, .keep { break-inside: avoid; }
          .header-grid { grid-template-columns: 1fr 1fr; gap: 12px; }
          tbody tr:nth-child(even) td { background: none; }
          a { color: inherit; text-decoration: none; }
        }
        figure { margin: 8px 0 12px; }
        figcaption { font-size: 12.5px; color: var(--muted); }
        """
    }
}
