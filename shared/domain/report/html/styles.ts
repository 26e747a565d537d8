/**
 * The page's only stylesheet (inline: the page loads nothing). Colours meet WCAG AA contrast on their
 * background in both schemes; status also has a shape and a word, so colour is never the only signal.
 * Under 640 px, tables become one card per row with each cell labelled.
 */
export const STYLES = `
:root{color-scheme:light dark;--bg:#fff;--fg:#1a1d23;--muted:#545b66;--surface:#f5f6f8;--border:#d0d5dd;
--critical:#b42318;--degraded:#8f4b00;--healthy:#067647;--unknown:#4b5563}
@media (prefers-color-scheme:dark){:root{--bg:#0f1115;--fg:#e8eaee;--muted:#a8afba;--surface:#191c22;
--border:#343a45;--critical:#ff8b80;--degraded:#f7b955;--healthy:#6fdd9b;--unknown:#b6bcc6}}
*{box-sizing:border-box}
body{margin:0;background:var(--bg);color:var(--fg);font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif}
header,main,footer{max-width:1200px;margin:0 auto;padding:16px 24px}
header{border-bottom:1px solid var(--border)}
h1{font-size:1.6rem;margin:.2em 0;display:flex;gap:.5em;align-items:center;flex-wrap:wrap}
h2{font-size:1.25rem;margin:1.8em 0 .6em}
h3{font-size:1.05rem;margin:1.4em 0 .4em;display:flex;gap:.5em;align-items:center;flex-wrap:wrap}
p{margin:.4em 0}
a{color:inherit}
.s-critical{--c:var(--critical)}.s-degraded{--c:var(--degraded)}.s-healthy{--c:var(--healthy)}.s-unknown{--c:var(--unknown)}
.badge{display:inline-flex;align-items:center;gap:.35em;font-weight:700;color:var(--c);white-space:nowrap;letter-spacing:.02em}
.icon{fill:currentColor;flex:none}
.muted{color:var(--muted)}
.name{font-weight:600;overflow-wrap:anywhere}
.tiles{display:grid;grid-template-columns:repeat(auto-fill,minmax(240px,1fr));gap:12px;padding:0;margin:12px 0;list-style:none}
.tile{background:var(--surface);border:1px solid var(--border);border-left:6px solid var(--c);border-radius:8px;padding:12px 14px}
.tile .name{display:block;font-size:1.05rem;margin-bottom:4px}
.tile p{font-size:.9rem}
ol.problems{padding-left:1.6em}
ol.problems li{margin:.45em 0}
ul.reasons{margin:.3em 0;padding-left:1.2em}
.table{width:100%;border-collapse:collapse;margin:.4em 0}
.table th,.table td{text-align:left;padding:7px 8px;border-bottom:1px solid var(--border);vertical-align:top}
.table th{font-size:.85rem;color:var(--muted);font-weight:600}
.spark{fill:var(--c,var(--muted));display:block;max-width:100%}
.strip{display:block;width:100%;max-width:480px;height:18px;fill:var(--c,var(--muted));stroke:var(--border)}
.incident{background:var(--surface);border:1px solid var(--border);border-left:6px solid var(--c);border-radius:8px;padding:10px 14px;margin:10px 0}
.incident ol{margin:.4em 0;padding-left:1.2em}
.incident li{margin:.15em 0}
footer{color:var(--muted);font-size:.85rem;border-top:1px solid var(--border)}
@media (max-width:640px){
header,main,footer{padding:12px 14px}
h1{font-size:1.3rem}
.table,.table thead,.table tbody,.table tr,.table th,.table td{display:block}
.table thead{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0)}
.table tr{border:1px solid var(--border);border-radius:8px;margin:10px 0;padding:6px 10px;background:var(--surface)}
.table td{border:0;padding:3px 0;display:grid;grid-template-columns:6.5em minmax(0,1fr);gap:8px}
.table td::before{content:attr(data-label);color:var(--muted);font-weight:600;font-size:.85rem}
}
`;
