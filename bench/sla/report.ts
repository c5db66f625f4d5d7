/** Numbers → the lines the benchmark prints (a markdown summary, ready for the README). */
import type { Machine } from '../ingest/proc.ts';
import { int, mb } from '../ingest/report.ts';
import type { CpuUse } from './cpu.ts';
import type { StatementStats } from './statements.ts';

export const TARGETS = { fullSeconds: 30, incrementSeconds: 2 } as const;

export { int, mb };

export const secs = (seconds: number): string =>
  Number.isFinite(seconds) ? `${seconds.toFixed(seconds < 10 ? 2 : 1)} s` : 'n/a';

export const verdict = (seconds: number, target: number): string =>
  `< ${target} s: ${seconds < target ? 'target met' : 'not met'}`;

export function machineLine(m: Machine): string {
  return `machine: ${m.cpu}, ${m.cores} cores, ${(m.ramBytes / 1024 ** 3).toFixed(1)} GiB RAM, node ${m.node}`;
}

/** A markdown table; numbers right-aligned (every column but the first). */
export function markdownTable(
  header: readonly string[],
  rows: readonly (readonly string[])[],
): string[] {
  const widths = header.map((cell, i) =>
    Math.max(cell.length, ...rows.map((row) => (row[i] ?? '').length)),
  );
  const line = (cells: readonly string[]): string =>
    `| ${cells
      .map((cell, i) => (i === 0 ? cell.padEnd(widths[i] ?? 0) : cell.padStart(widths[i] ?? 0)))
      .join(' | ')} |`;
  const rule = `|${widths.map((w, i) => (i === 0 ? `${'-'.repeat(w + 1)}-` : `${'-'.repeat(w + 1)}:`)).join('|')}|`;
  return [line(header), rule, ...rows.map(line)];
}

/** Where a run's time went, statement kind by kind. */
export function statementTable(stats: readonly StatementStats[]): string[] {
  const total = stats.reduce((sum, s) => sum + s.seconds, 0);
  return markdownTable(
    ['statement', 'count', 'total', 'share', 'CPU', 'slowest', 'peak RSS'],
    stats.map((s) => [
      s.kind,
      int(s.count),
      secs(s.seconds),
      `${total > 0 ? Math.round((100 * s.seconds) / total) : 0} %`,
      secs(s.cpuSeconds),
      secs(s.maxSeconds),
      mb(s.peakRssBytes),
    ]),
  );
}

/** One phase of the summary. */
export interface SummaryRow {
  phase: string;
  tickets: number;
  events: number;
  clocks: number | undefined;
  seconds: number;
  /** What the rate counts: events for the load, tickets otherwise. */
  rate: { per: 'events' | 'tickets'; count: number };
  peakRssBytes: number;
  /** CPU seconds of this process during the phase, and other processes' load meanwhile. */
  cpu: CpuUse;
  target: string;
}

export function summaryTable(rows: readonly SummaryRow[]): string[] {
  return markdownTable(
    ['phase', 'tickets', 'events', 'clocks', 'time', 'rate', 'CPU', 'others', 'peak RSS', 'target'],
    rows.map((row) => [
      row.phase,
      int(row.tickets),
      int(row.events),
      row.clocks === undefined ? '' : int(row.clocks),
      secs(row.seconds),
      row.seconds > 0 ? `${int(row.rate.count / row.seconds)} ${row.rate.per}/s` : 'n/a',
      secs(row.cpu.own),
      `${row.cpu.otherCores.toFixed(2)} cores`,
      mb(row.peakRssBytes),
      row.target,
    ]),
  );
}
