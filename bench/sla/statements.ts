/**
 * Where the engine's time goes: a Store whose client times every statement
 * and records the process's peak RSS during it. chDB has no system.query_log,
 * and it runs inside this process, so VmHWM (reset before each statement via
 * /proc/self/clear_refs) is ClickHouse's memory for that statement plus a
 * steady Node heap.
 */
import { writeFileSync } from 'node:fs';
import type { ClickHouseClient } from '@clickhouse/client';
import type { Store } from '../../store/client.ts';
import { ownCpuSeconds, peakRssBytes } from '../ingest/proc.ts';

/** Statement kinds, by the start of their SQL; the first match names it. */
const KINDS: readonly (readonly [RegExp, string])[] = [
  [/^INSERT INTO \S*sla_clocks\b/, 'replace sla_clocks (clock query)'],
  [/^INSERT INTO \S*sla_tickets\b/, 'replace sla_tickets (facts query)'],
  [/^SELECT uniqExact\(ticket_id\)/, 'count selected tickets'],
  [/^SELECT ticket_id, count\(\) AS n/, 'oversized-ticket check'],
  [/^SELECT DISTINCT ticket_id/, 'ticket ids (touched set, or poison isolation)'],
  [/cal_key/, 'calendars'],
  [/sla_progress|now64/, 'progress / watermark'],
];

export interface StatementStats {
  kind: string;
  count: number;
  seconds: number;
  /** CPU seconds of this process (chDB's threads included) during them. */
  cpuSeconds: number;
  maxSeconds: number;
  peakRssBytes: number;
}

let highest = 0;

/** This process's highest peak RSS so far, across resets. */
export function highestRss(): number {
  highest = Math.max(highest, peakRssBytes(process.pid));
  return highest;
}

/** Resets this process's peak RSS to its current RSS; false where Linux does not allow it. */
export function resetPeakRss(): boolean {
  highestRss();
  try {
    writeFileSync('/proc/self/clear_refs', '5');
    return true;
  } catch {
    return false;
  }
}

export class StatementLog {
  readonly #stats = new Map<string, StatementStats>();

  record(sql: string, seconds: number, cpuSeconds: number): void {
    const text = sql.trim();
    const kind = KINDS.find(([pattern]) => pattern.test(text))?.[1] ?? 'other';
    const stats = this.#stats.get(kind) ?? {
      kind,
      count: 0,
      seconds: 0,
      cpuSeconds: 0,
      maxSeconds: 0,
      peakRssBytes: 0,
    };
    stats.count += 1;
    stats.seconds += seconds;
    stats.cpuSeconds += cpuSeconds;
    stats.maxSeconds = Math.max(stats.maxSeconds, seconds);
    stats.peakRssBytes = Math.max(stats.peakRssBytes, peakRssBytes(process.pid));
    this.#stats.set(kind, stats);
  }

  /** The statements since the last take, slowest kind first; the log starts afresh. */
  take(): StatementStats[] {
    const all = [...this.#stats.values()].sort((a, b) => b.seconds - a.seconds);
    this.#stats.clear();
    return all;
  }
}

type Timed = (params: { query: string }) => Promise<unknown>;

/** The same store, with `query` and `command` timed into `log`. */
export function timedStore(store: Store, log: StatementLog): Store {
  const time =
    (method: Timed): Timed =>
    async (params) => {
      resetPeakRss();
      const started = performance.now();
      const cpu = ownCpuSeconds();
      try {
        return await method(params);
      } finally {
        log.record(params.query, (performance.now() - started) / 1000, ownCpuSeconds() - cpu);
      }
    };
  const client = store.client;
  const query = time((params) => client.query(params));
  const command = time((params) => client.command(params));
  const handler: ProxyHandler<ClickHouseClient> = {
    get(target, property) {
      if (property === 'query') return query;
      if (property === 'command') return command;
      const value: unknown = Reflect.get(target, property);
      return typeof value === 'function' ? (value as () => unknown).bind(target) : value;
    },
  };
  return { ...store, client: new Proxy(client, handler) };
}
