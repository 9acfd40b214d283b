import type { CheckResult, CycleStat, Report } from './report';
import { closingLine } from './report';

/**
 * One self-contained HTML page (no external script, style, font or image): the summary, inline SVG charts of
 * exports and failures per cycle when the run had cycles, the table of checks, and the failing requests/answers.
 */
export function toHtml(report: Report): string {
  const s = report.summary;
  const title = `provsim ${report.command} — ${closingLine(s)}`;
  const failing = report.checks.filter((c) => c.status === 'FAILED' || c.status === 'WARNING');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${h(title)}</title>
<style>
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0;color:#1b1b1b;background:#fafafa}
main{max-width:1100px;margin:0 auto;padding:24px}
h1{font-size:22px;margin:0 0 4px}h2{font-size:17px;margin:28px 0 8px}
.meta{color:#555}.cards{display:flex;gap:12px;flex-wrap:wrap;margin:16px 0}
.card{background:#fff;border:1px solid #ddd;border-radius:6px;padding:10px 16px;min-width:110px}
.card b{display:block;font-size:24px}
.PASSED{color:#0b6a0b}.FAILED{color:#b10e1c}.SKIPPED{color:#666}.WARNING{color:#8a5a00}
table{border-collapse:collapse;width:100%;background:#fff}th,td{border:1px solid #ddd;padding:5px 8px;text-align:left;vertical-align:top}
th{background:#f0f0f0}code,pre{font:12px/1.4 ui-monospace,Consolas,monospace}pre{background:#f4f4f4;padding:8px;overflow:auto;white-space:pre-wrap;word-break:break-all}
details{background:#fff;border:1px solid #ddd;border-radius:6px;padding:8px 12px;margin:8px 0}summary{cursor:pointer;font-weight:600}
svg{background:#fff;border:1px solid #ddd;border-radius:6px}
</style>
</head>
<body>
<main>
<h1>${h(title)}</h1>
<p class="meta">Target <code>${h(report.target.url)}</code>${report.target.local ? ' (local provsim target)' : ''}${report.target.profile ? `, profile <code>${h(report.target.profile)}</code>` : ''}${
    report.seed !== undefined ? `, seed <code>${report.seed}</code>` : ''
  } · ${h(report.startedAt)} → ${h(report.finishedAt)} · provsim ${h(report.version)}</p>
<div class="cards">
<div class="card"><b class="PASSED">${s.passed}</b>passed</div>
<div class="card"><b class="FAILED">${s.failed}</b>failed</div>
<div class="card"><b class="SKIPPED">${s.skipped}</b>skipped</div>
<div class="card"><b class="WARNING">${s.warnings}</b>warnings</div>
</div>
${report.firstViolation ? `<p><b class="FAILED">First violation</b> at cycle ${report.firstViolation.cycle}: <code>${h(report.firstViolation.check)}</code> — ${h(report.firstViolation.message)}</p>` : ''}
${report.replay ? `<p>Replay: <code>${h(report.replay)}</code></p>` : ''}
${report.cycles?.length ? charts(report.cycles) : ''}
${failing.length ? `<h2>Failures and warnings</h2>\n${failing.map(failure).join('\n')}` : ''}
<h2>Checks</h2>
<table>
<thead><tr><th>status</th><th>check</th><th>group</th><th>kind</th><th>ms</th><th>message</th></tr></thead>
<tbody>
${report.checks.map(row).join('\n')}
</tbody>
</table>
</main>
</body>
</html>
`;
}

function row(c: CheckResult): string {
  return `<tr><td class="${c.status}">${c.status}</td><td><code>${h(c.id)}</code><br>${h(c.name)}</td><td>${h(c.group)}</td><td>${
    c.mandatory ? 'mandatory' : 'optional'
  }</td><td>${Math.round(c.durationMs)}</td><td>${h(c.message ?? '')}</td></tr>`;
}

function failure(c: CheckResult): string {
  const parts = [
    `<details open><summary class="${c.status}">${c.status} <code>${h(c.id)}</code>${c.cycle !== undefined ? ` (cycle ${c.cycle})` : ''}</summary>`,
  ];
  parts.push(`<p>${h(c.name)}</p>`);
  if (c.message) parts.push(`<p>${h(c.message)}</p>`);
  if (c.expected) parts.push(`<p><b>Entra expects:</b> ${h(c.expected)}</p>`);
  if (c.fix) parts.push(`<p><b>Likely fix:</b> ${h(c.fix)}</p>`);
  for (const x of c.exchanges ?? []) {
    const req = [`${x.method} ${x.url}`, ...Object.entries(x.requestHeaders ?? {}).map(([k, v]) => `${k}: ${v}`)];
    if (x.requestBody !== undefined) req.push('', pretty(x.requestBody));
    const res = [
      x.error ? `error: ${x.error}` : `HTTP ${x.status ?? '-'}${x.durationMs !== undefined ? ` (${Math.round(x.durationMs)} ms)` : ''}`,
    ];
    if (x.responseBody !== undefined) res.push('', pretty(x.responseBody));
    parts.push(`<p>Request</p><pre>${h(req.join('\n'))}</pre><p>Answer</p><pre>${h(res.join('\n'))}</pre>`);
  }
  parts.push('</details>');
  return parts.join('\n');
}

function charts(cycles: CycleStat[]): string {
  return `<h2>Cycles</h2>
${barChart('Exports per cycle (created + updated + disabled + deleted)', cycles, (c) => c.created + c.updated + c.disabled + c.deleted, '#2f6fb2')}
${barChart('Failures and escrows per cycle', cycles, (c) => c.failed + c.escrowed, '#b10e1c')}`;
}

/** A bar chart as inline SVG: one bar per cycle, the y axis from 0 to the maximum. */
export function barChart(title: string, cycles: CycleStat[], value: (c: CycleStat) => number, colour: string): string {
  const width = 1000;
  const height = 180;
  const pad = { left: 48, right: 8, top: 24, bottom: 24 };
  const values = cycles.map(value);
  const max = Math.max(1, ...values);
  const plotW = width - pad.left - pad.right;
  const plotH = height - pad.top - pad.bottom;
  const step = plotW / Math.max(1, values.length);
  const barW = Math.max(1, step * 0.8);
  const bars = values
    .map((v, i) => {
      const bh = (v / max) * plotH;
      const x = pad.left + i * step + (step - barW) / 2;
      return `<rect x="${x.toFixed(1)}" y="${(pad.top + plotH - bh).toFixed(1)}" width="${barW.toFixed(1)}" height="${bh.toFixed(1)}" fill="${colour}"><title>cycle ${cycles[i].cycle}: ${v}</title></rect>`;
    })
    .join('');
  const first = cycles[0]?.cycle ?? 0;
  const last = cycles[cycles.length - 1]?.cycle ?? 0;
  return `<svg role="img" aria-label="${h(title)}" viewBox="0 0 ${width} ${height}" width="100%" xmlns="http://www.w3.org/2000/svg">
<text x="${pad.left}" y="16" font-size="13" font-family="system-ui,sans-serif">${h(title)}</text>
<line x1="${pad.left}" y1="${pad.top + plotH}" x2="${width - pad.right}" y2="${pad.top + plotH}" stroke="#999"/>
<line x1="${pad.left}" y1="${pad.top}" x2="${pad.left}" y2="${pad.top + plotH}" stroke="#999"/>
<text x="${pad.left - 6}" y="${pad.top + 10}" font-size="11" text-anchor="end" font-family="system-ui,sans-serif">${max}</text>
<text x="${pad.left - 6}" y="${pad.top + plotH}" font-size="11" text-anchor="end" font-family="system-ui,sans-serif">0</text>
<text x="${pad.left}" y="${height - 6}" font-size="11" font-family="system-ui,sans-serif">cycle ${first}</text>
<text x="${width - pad.right}" y="${height - 6}" font-size="11" text-anchor="end" font-family="system-ui,sans-serif">cycle ${last}</text>
${bars}
</svg>`;
}

function pretty(body: unknown): string {
  return typeof body === 'string' ? body : JSON.stringify(body, null, 2);
}

/** HTML-escapes text for element content and attribute values. */
export function h(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}
