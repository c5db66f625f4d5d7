/** Numbers → the tables bench:reliability prints (markdown, ready for the README). */
import type { CpuUse } from '../sla/cpu.ts';
import { int, markdownTable, mb, secs } from '../sla/report.ts';
import type { ModelAgreement } from './crosscheck.ts';
import type { Timing } from './timing.ts';

export const TARGET_P95_MS = 200;

export const ms = (value: number): string =>
  Number.isFinite(value) ? `${value < 10 ? value.toFixed(1) : Math.round(value)} ms` : 'n/a';

const times = (value: number): string =>
  Number.isFinite(value) ? `${value < 10 ? value.toFixed(1) : Math.round(value)}×` : 'n/a';

/** One line of the ingest summary. */
export interface PhaseRow {
  phase: string;
  rows: number;
  seconds: number;
  cpu: CpuUse | undefined;
  peakRssBytes: number | undefined;
  note: string;
}

export function phaseTable(rows: readonly PhaseRow[]): string[] {
  return markdownTable(
    ['phase', 'rows', 'time', 'rows/s', 'CPU', 'others', 'peak RSS', 'note'],
    rows.map((row) => [
      row.phase,
      row.rows > 0 ? int(row.rows) : '',
      secs(row.seconds),
      row.rows > 0 && row.seconds > 0 ? int(row.rows / row.seconds) : '',
      row.cpu === undefined ? '' : secs(row.cpu.own),
      row.cpu === undefined ? '' : `${row.cpu.otherCores.toFixed(2)} cores`,
      row.peakRssBytes === undefined ? '' : mb(row.peakRssBytes),
      row.note,
    ]),
  );
}

export interface QueryRow {
  name: string;
  rollup: Timing;
  raw: Timing | undefined;
  /** Cores other processes kept busy while the rollup runs were timed. */
  otherCores: number;
}

const verdict = (p95Ms: number): string => (p95Ms < TARGET_P95_MS ? 'met' : 'not met');

export function queryTable(rows: readonly QueryRow[]): string[] {
  return markdownTable(
    [
      'dashboard query (last 30 days)',
      'rows',
      'rollups p50',
      'rollups p95',
      `p95 < ${TARGET_P95_MS} ms`,
      'raw p50',
      'raw p95',
      'raw / rollups (p50)',
      'others',
    ],
    rows.map(({ name, rollup, raw, otherCores }) => [
      name,
      int(rollup.rows),
      ms(rollup.p50Ms),
      ms(rollup.p95Ms),
      verdict(rollup.p95Ms),
      raw === undefined ? '' : ms(raw.p50Ms),
      raw === undefined ? '' : ms(raw.p95Ms),
      raw === undefined ? '' : times(raw.p50Ms / rollup.p50Ms),
      `${otherCores.toFixed(2)} cores`,
    ]),
  );
}

/** One figure of the cross-check, from both sides. */
export interface Agreement {
  figure: string;
  rollups: number | null;
  raw: number | null;
}

const figure = (value: number | null): string =>
  value === null
    ? 'null'
    : Number.isInteger(value)
      ? int(value)
      : value.toLocaleString('en-US', { maximumFractionDigits: 4 });

/** Equal, or equal to 9 significant digits (floats summed in another order). */
export function agrees(a: number | null, b: number | null): boolean {
  if (a === null || b === null) return a === b;
  return a === b || Math.abs(a - b) <= 1e-9 * Math.max(Math.abs(a), Math.abs(b));
}

export function agreementTable(rows: readonly Agreement[]): string[] {
  return markdownTable(
    ['fleet, last 30 days', 'rollups', 'raw', 'agree'],
    rows.map((row) => [
      row.figure,
      figure(row.rollups),
      figure(row.raw),
      agrees(row.rollups, row.raw) ? 'yes' : 'NO',
    ]),
  );
}

/** Per model: usage hours and app crashes from both sides. */
export function modelAgreementTable(rows: readonly ModelAgreement[]): string[] {
  const same = (pair: readonly [number, number | null]): boolean => agrees(pair[0], pair[1]);
  return markdownTable(
    [
      'model, last 30 days',
      'usage h (rollups)',
      'usage h (raw)',
      'app crashes (rollups)',
      'app crashes (raw)',
      'agree',
    ],
    rows.map((row) => [
      row.model,
      figure(row.usageHours[0]),
      figure(row.usageHours[1]),
      figure(row.appCrashes[0]),
      figure(row.appCrashes[1]),
      same(row.usageHours) && same(row.appCrashes) ? 'yes' : 'NO',
    ]),
  );
}
