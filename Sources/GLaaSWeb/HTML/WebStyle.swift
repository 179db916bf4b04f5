/// The one style sheet of the web UI, embedded in the binary and served at
/// `/web/assets/glaas.css`: no font, script or image comes from the network.
public enum WebStyle {
    /// Where pages link the style sheet from.
    public static let path = "/web/assets/glaas.css"

    /// The style sheet.
    public static let css = """
        :root { --ink: #1d2330; --muted: #5d6678; --line: #d9dee8; --bg: #f6f7fa; --card: #fff;
          --accent: #2457c5; --job: #e8efff; --job-line: #5277c9; --art: #fff8e6; --art-line: #c99a2e;
          --group: #eef1f5; --focus: #d63a5a; --add: #e5f6e8; --del: #fde8e8; }
        * { box-sizing: border-box; }
        body { margin: 0; font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", sans-serif;
          color: var(--ink); background: var(--bg); }
        a { color: var(--accent); text-decoration: none; }
        a:hover { text-decoration: underline; }
        header.top { display: flex; align-items: center; gap: 24px; padding: 10px 24px; background: #1d2330; color: #fff; }
        header.top a.brand { color: #fff; font-weight: 700; font-size: 18px; letter-spacing: .5px; }
        header.top form { flex: 1; display: flex; gap: 8px; max-width: 720px; }
        header.top input[type=search] { flex: 1; padding: 6px 10px; border-radius: 4px; border: 1px solid #49536a;
          background: #2b3345; color: #fff; font: inherit; }
        header.top button, form.big button { padding: 6px 14px; border: 0; border-radius: 4px; background: var(--accent);
          color: #fff; font: inherit; cursor: pointer; }
        header.top .account { margin-left: auto; color: #fff; display: flex; align-items: center; gap: 10px; flex: none; }
        .code { font-family: ui-monospace, "DejaVu Sans Mono", Menlo, Consolas, monospace; font-size: 28px; letter-spacing: 3px; }
        main { padding: 20px 24px 40px; max-width: 1400px; margin: 0 auto; }
        h1 { font-size: 22px; margin: 4px 0 14px; word-break: break-all; }
        h2 { font-size: 17px; margin: 26px 0 10px; }
        .card { background: var(--card); border: 1px solid var(--line); border-radius: 6px; padding: 14px 16px; margin-bottom: 14px; }
        table { border-collapse: collapse; width: 100%; background: var(--card); }
        th, td { text-align: left; padding: 5px 10px; border-bottom: 1px solid var(--line); vertical-align: top; }
        th { font-weight: 600; color: var(--muted); font-size: 13px; white-space: nowrap; }
        table.facts th { width: 170px; }
        code, .mono { font-family: ui-monospace, "DejaVu Sans Mono", Menlo, Consolas, monospace; font-size: 13px; }
        .hash { font-family: ui-monospace, "DejaVu Sans Mono", Menlo, Consolas, monospace; font-size: 13px; word-break: break-all; }
        pre { background: #f0f2f6; border: 1px solid var(--line); padding: 10px; overflow: auto; white-space: pre-wrap;
          word-break: break-all; font-size: 13px; margin: 0; }
        .muted { color: var(--muted); }
        .pill { display: inline-block; padding: 0 8px; border-radius: 10px; font-size: 12px; background: #e7eaf0; color: var(--muted); }
        .pill.public { background: #e3f4e6; color: #25683a; }
        .pill.private { background: #fbe9e2; color: #9b3d1c; }
        .pill.failed { background: var(--del); color: #a02020; }
        nav.crumbs { font-size: 13px; color: var(--muted); margin-bottom: 4px; }
        form.big { display: flex; gap: 8px; margin: 8px 0 18px; }
        form.big input { flex: 1; padding: 9px 12px; font: inherit; font-size: 16px; border: 1px solid var(--line); border-radius: 4px; }
        .graph { background: var(--card); border: 1px solid var(--line); border-radius: 6px; overflow: auto; max-height: 78vh; }
        .graph svg { display: block; }
        .graph-bar { display: flex; flex-wrap: wrap; gap: 6px 16px; align-items: center; font-size: 13px; margin: 0 0 8px; }
        form.filter { margin: 0 0 12px; font-size: 13px; color: var(--muted); }
        form.filter input { padding: 3px 6px; font: inherit; border: 1px solid var(--line); border-radius: 4px; }
        p.pager { margin: 12px 0; font-size: 14px; }
        .notice { background: #fff6d9; border: 1px solid #ecd58a; padding: 8px 12px; border-radius: 4px; margin: 0 0 12px; font-size: 14px; }
        tr.added td { background: var(--add); }
        tr.removed td { background: var(--del); }
        tr.changed td { background: #fff6d9; }
        .cols { display: grid; grid-template-columns: 1fr 1fr; gap: 16px; }
        @media (max-width: 900px) { .cols { grid-template-columns: 1fr; } }
        footer { color: var(--muted); font-size: 12px; padding: 16px 24px; text-align: center; }
        svg text { font-family: system-ui, "DejaVu Sans", sans-serif; font-size: 12px; fill: var(--ink); }
        svg .edge { fill: none; stroke: #9aa4b8; stroke-width: 1.2; }
        svg .node-job rect { fill: var(--job); stroke: var(--job-line); }
        svg .node-artifact rect { fill: var(--art); stroke: var(--art-line); }
        svg .node-group rect { fill: var(--group); stroke: #8791a5; stroke-dasharray: 4 3; }
        svg .focus rect { stroke: var(--focus); stroke-width: 2.5; }
        svg .sub { fill: var(--muted); font-size: 10.5px; }
        svg a:hover rect { stroke-width: 2.2; }
        svg .failed rect { stroke: #c0392b; stroke-width: 2; }
        form.inline { display: flex; gap: 6px; margin: 0; }
        form.inline input { padding: 3px 8px; font: inherit; border: 1px solid var(--line); border-radius: 4px; }
        form.inline button { padding: 3px 10px; border: 0; border-radius: 4px; background: var(--accent); color: #fff; font: inherit; }
        details summary { cursor: pointer; margin: 6px 0; }
        svg .more circle { fill: #fff; stroke: #8791a5; }
        svg .more text { font-size: 11px; fill: var(--accent); font-weight: 700; }
        """
}
