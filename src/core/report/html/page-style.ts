/**
 * The report's only stylesheet, inlined (a report is one file with no network loads). The page's CSP
 * allows exactly this text by its SHA-256 hash, so it must stay a constant: no per-report styles, and no
 * `style="…"` attributes anywhere (the CSP would block them and Chromium would log an error).
 *
 * Charts carry light-mode colours as SVG attributes; the rules below repaint them by class, so the same
 * markup reads in dark mode and prints in light mode.
 */
import { createHash } from 'node:crypto';

const LIGHT = `--bg:#fff;--fg:#1f2328;--muted:#59636e;--border:#d1d9e0;--panel:#f6f8fa;--link:#0969da;
--s0:#0072b2;--s1:#d55e00;--s2:#009e73;--s3:#cc79a7;--s4:#e69f00;--s5:#56b4e9;--hl:#d55e00;
--heat:#2166ac;--on-heat:#fff;--pass:#1a7f37;--fail:#cf222e;--inconclusive:#9a6700;--none:#0072b2`;

const DARK = `--bg:#0d1117;--fg:#e6edf3;--muted:#9198a1;--border:#3d444d;--panel:#151b23;--link:#4493f8;
--s0:#56b4e9;--s1:#ff8c42;--s2:#3ccf9e;--s3:#e59cc8;--s4:#f0b429;--s5:#a3d5f7;--hl:#ff8c42;
--heat:#6cb4ee;--on-heat:#0d1117;--pass:#3fb950;--fail:#f85149;--inconclusive:#d29922;--none:#56b4e9`;

const SERIES_RULES = [0, 1, 2, 3, 4, 5]
  .map(
    (k) =>
      `.mg-fill.mg-s${k}{fill:var(--s${k})}.mg-stroke.mg-s${k}{stroke:var(--s${k})}.mg-stroke.mg-s${k} circle{fill:var(--s${k})}`,
  )
  .join('\n');

const STATUS_RULES = ['pass', 'fail', 'inconclusive', 'none']
  .map(
    (s) =>
      `.mg-${s}{stroke:var(--${s});fill:var(--${s})}.badge-${s}{color:var(--${s});border-color:var(--${s})}`,
  )
  .join('\n');

export const PAGE_CSS = `
:root{color-scheme:light dark;${LIGHT}}
@media (prefers-color-scheme:dark){:root{${DARK}}}
*{box-sizing:border-box}
body{margin:0 auto;max-width:1120px;padding:24px 28px;background:var(--bg);color:var(--fg);
font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans",sans-serif}
h1{font-size:1.7em;margin:0 0 .2em;line-height:1.25;overflow-wrap:anywhere}
h2{font-size:1.35em;margin:1.6em 0 .5em;padding-bottom:.2em;border-bottom:1px solid var(--border);overflow-wrap:anywhere}
h3,h4,h5,h6{margin:1.3em 0 .4em;overflow-wrap:anywhere}
a{color:var(--link)}
p{margin:.5em 0}
code{font:.9em ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;overflow-wrap:anywhere}
.subtitle,.meta,.muted,caption,figcaption{color:var(--muted)}
.subtitle{font-size:1.1em;margin:.2em 0}
.meta{font-size:.9em;margin:.2em 0 0}
nav.toc{background:var(--panel);border:1px solid var(--border);border-radius:6px;padding:.5em 1.2em;margin:1.4em 0}
nav.toc h2{font-size:1em;margin:.4em 0;border:0;padding:0}
nav.toc ol{margin:.2em 0;padding-left:1.4em}
details.how{background:var(--panel);border:1px solid var(--border);border-left:3px solid var(--link);
border-radius:4px;padding:.4em .9em;margin:.6em 0 1em}
details.how summary{cursor:pointer;font-weight:600}
.table-wrap{overflow-x:auto;margin:.6em 0}
table{border-collapse:collapse;font-size:.92em}
th,td{border:1px solid var(--border);padding:.3em .6em;text-align:left;vertical-align:top}
th{background:var(--panel);font-weight:600}
td.num,th.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
caption{text-align:left;padding:.2em 0;caption-side:top}
figure{margin:1em 0}
figcaption{font-size:.9em;margin-top:.3em}
.mg-grid{display:flex;flex-wrap:wrap;gap:12px 24px;align-items:flex-start}
.mg-grid>figure{margin:.4em 0}
.mg-chart{display:block;max-width:100%;height:auto;color:var(--fg);overflow:visible}
.mg-chart text{fill:currentColor}
.mg-chart .mg-on-heat{fill:var(--on-heat)}
.mg-heat{fill:var(--heat)}
.mg-hl{fill:var(--hl)}
${SERIES_RULES}
${STATUS_RULES}
.badge{display:inline-block;border:1px solid;border-radius:1em;padding:0 .6em;font-weight:600;font-size:.9em}
footer{color:var(--muted);border-top:1px solid var(--border);margin-top:3em;padding-top:1em;font-size:.9em}
@media print{
:root{color-scheme:light;${LIGHT}}
body{max-width:none;padding:0;font-size:10.5pt}
*{print-color-adjust:exact;-webkit-print-color-adjust:exact}
a{color:inherit;text-decoration:none}
figure,table,.mg-chart,details.how{break-inside:avoid}
h2,h3{break-after:avoid}
.table-wrap{overflow:visible}
details::details-content{content-visibility:visible;display:block}
}
`;

/** The CSP source that allows PAGE_CSS and nothing else. */
export const PAGE_CSS_HASH = `'sha256-${createHash('sha256').update(PAGE_CSS, 'utf8').digest('base64')}'`;
