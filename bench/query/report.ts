/** Numbers → the tables bench:query prints (markdown, ready for the README). */
import { int, markdownTable, secs } from '../sla/report.ts';
import { ms, TARGET_P95_MS } from '../reliability/report.ts';
import type { Freshness } from './freshness.ts';
import type { Loaded } from './load.ts';
import type { ManagersRound, QueryTiming } from './measure.ts';

export const TARGET_FRESHNESS_MS = 5_000;

export function loadLines(loaded: Loaded): string[] {
  return [
    `stored: ${int(loaded.tickets)} tickets (${int(loaded.ticketEvents)} events) and ${int(loaded.samples)} samples ` +
      `(${int(loaded.fleetRows)} fleet rows with events and device tickets), loaded in ${secs(loaded.loadSeconds)}; ` +
      `first SLA pass ${secs(loaded.engineSeconds)}`,
  ];
}

export function timingTable(rows: readonly QueryTiming[]): string[] {
  const met = rows.filter((r) => r.p95Ms < TARGET_P95_MS).length;
  return [
    ...markdownTable(
      ['SLA live panel · query', 'named query', 'rows', 'p50', 'p95', `p95 < ${TARGET_P95_MS} ms`],
      rows.map((r) => [
        r.label,
        r.query,
        int(r.rows),
        ms(r.p50Ms),
        ms(r.p95Ms),
        r.p95Ms < TARGET_P95_MS ? 'met' : 'not met',
      ]),
    ),
    '',
    `p95 < ${TARGET_P95_MS} ms (cache off): met by ${met} of ${rows.length} queries`,
  ];
}

export function managersLines(rounds: readonly ManagersRound[]): string[] {
  return markdownTable(
    ['managers at once', 'requests', 'computed (cache misses)', 'wall', 'p95 of a whole refresh'],
    rounds.map((r) => [
      int(r.managers),
      int(r.requests),
      int(r.misses),
      ms(r.wallMs),
      ms(r.refreshP95Ms),
    ]),
  );
}

export function freshnessLines(f: Freshness): string[] {
  return [
    `freshness (ticket posted → listed by sla.breach_risk through the cache), ${f.samples.length} tickets: ` +
      `p50 ${ms(f.p50Ms)}, max ${ms(f.maxMs)}; target < ${ms(TARGET_FRESHNESS_MS)}: ` +
      (f.maxMs < TARGET_FRESHNESS_MS ? 'met' : 'not met'),
  ];
}
