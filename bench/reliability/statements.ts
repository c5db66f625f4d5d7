/**
 * Where the product's reads spend their time: a Store whose client runs
 * queries one at a time (the embedded engine does so anyway) and times each,
 * by kind, recognised from its SQL. A read issues several statements at once
 * (Promise.all); queueing them here makes each one's time its own.
 */
import type { ClickHouseClient } from '@clickhouse/client';
import type { Store } from '../../store/client.ts';
import { int, markdownTable } from '../sla/report.ts';
import { ms } from './report.ts';

/**
 * Statement kinds of rollups/reliability/read/* and raw-sql.ts, by a
 * tell-tale piece of their SQL; the first match names it.
 */
const KINDS: readonly (readonly [RegExp, string])[] = [
  [/quantilesExact/, 'boot durations'],
  [/is_start|lagInFrame/, 'restarts, unclean shutdowns'],
  [/ticket_devices|ticket_events/, 'tickets'],
  [/last_seen_ms/, 'silent devices'],
  [/reliability_events_|endpoint_events/, 'failures (crashes, hangs)'],
  [/SELECT DISTINCT device_id/, 'active devices'],
  [/reliability_device_|endpoint_samples/, 'usage, pressure, active devices'],
];

export interface StatementStats {
  kind: string;
  count: number;
  totalMs: number;
  maxMs: number;
}

export class StatementTimer {
  readonly #stats = new Map<string, StatementStats>();
  #queue: Promise<unknown> = Promise.resolve();

  /** The same store, its queries serialised and timed. */
  wrap(store: Store): Store {
    const client = store.client;
    const query = (params: Parameters<ClickHouseClient['query']>[0]): Promise<unknown> => {
      const run = async (): Promise<unknown> => {
        const started = performance.now();
        try {
          // The result is read inside the timing: the embedded engine returns it whole.
          return await client.query(params);
        } finally {
          this.#record(params.query, performance.now() - started);
        }
      };
      const next = this.#queue.then(run, run);
      this.#queue = next.catch(() => undefined);
      return next;
    };
    const handler: ProxyHandler<ClickHouseClient> = {
      get(target, property) {
        if (property === 'query') return query;
        const value: unknown = Reflect.get(target, property);
        return typeof value === 'function' ? (value as () => unknown).bind(target) : value;
      },
    };
    return { ...store, client: new Proxy(client, handler) };
  }

  #record(sql: string, elapsedMs: number): void {
    const kind = KINDS.find(([pattern]) => pattern.test(sql))?.[1] ?? 'other';
    const stats = this.#stats.get(kind) ?? { kind, count: 0, totalMs: 0, maxMs: 0 };
    stats.count += 1;
    stats.totalMs += elapsedMs;
    stats.maxMs = Math.max(stats.maxMs, elapsedMs);
    this.#stats.set(kind, stats);
  }

  /** Where the time went; `title` heads the first column. */
  table(title: string): string[] {
    const all = [...this.#stats.values()].sort((a, b) => b.totalMs - a.totalMs);
    const total = all.reduce((sum, s) => sum + s.totalMs, 0);
    return markdownTable(
      [title, 'count', 'total', 'share', 'mean', 'slowest'],
      all.map((s) => [
        s.kind,
        int(s.count),
        ms(s.totalMs),
        `${total > 0 ? Math.round((100 * s.totalMs) / total) : 0} %`,
        ms(s.totalMs / s.count),
        ms(s.maxMs),
      ]),
    );
  }
}
