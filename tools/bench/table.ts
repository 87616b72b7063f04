import type { Measured } from './bench-world';

export interface BenchRow {
  scenario: string;
  product: Measured;
  /** The one-call-per-order (per-symbol) baseline, where there is one. */
  naive?: Measured;
}

const HEADERS = ['scenario', 'wall time', 'DB queries', 'broker calls (reads+writes)', 'naive wall time', 'naive broker calls', 'ratio'];

export function formatMs(ms: number): string {
  return ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(ms >= 100 ? 0 : 1)} ms`;
}

function calls(m: Measured): string {
  const total = m.reads + m.writes;
  return m.writes === 0 ? `${total}` : `${total} (${m.reads}+${m.writes})`;
}

/** Broker calls of the naive baseline per broker call of the product. */
export function ratioOf(row: BenchRow): number | undefined {
  if (!row.naive) return undefined;
  return (row.naive.reads + row.naive.writes) / (row.product.reads + row.product.writes);
}

/** The final table: every column padded to its widest cell, numbers right-aligned. */
export function renderTable(rows: readonly BenchRow[]): string {
  const cells = rows.map((row) => {
    const ratio = ratioOf(row);
    return [
      row.scenario,
      formatMs(row.product.ms),
      String(row.product.queries),
      calls(row.product),
      row.naive ? formatMs(row.naive.ms) : '—',
      row.naive ? calls(row.naive) : '—',
      ratio === undefined ? '—' : `${ratio.toFixed(ratio >= 10 ? 0 : 1)}×`,
    ];
  });
  const widths = HEADERS.map((header, i) => Math.max(header.length, ...cells.map((row) => row[i].length)));
  const line = (row: readonly string[]) => row.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]) : cell.padStart(widths[i]))).join('  ');
  return [line(HEADERS), widths.map((w) => '─'.repeat(w)).join('  '), ...cells.map(line)].join('\n');
}

/** The same table in Markdown, for docs/benchmarks.md. */
export function renderMarkdown(rows: readonly BenchRow[]): string {
  const lines = [`| ${HEADERS.join(' | ')} |`, `|${HEADERS.map((_, i) => (i === 0 ? ' --- ' : ' ---: ')).join('|')}|`];
  for (const row of rows) {
    const ratio = ratioOf(row);
    lines.push(
      `| ${[
        row.scenario,
        formatMs(row.product.ms),
        row.product.queries,
        calls(row.product),
        row.naive ? formatMs(row.naive.ms) : '—',
        row.naive ? calls(row.naive) : '—',
        ratio === undefined ? '—' : `${ratio.toFixed(ratio >= 10 ? 0 : 1)}×`,
      ].join(' | ')} |`,
    );
  }
  return lines.join('\n');
}
