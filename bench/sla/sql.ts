/** The ClickHouse side: the engine as the bench drives it, and counts read back. */
import { pino } from 'pino';
import type { SlaPolicy } from '../../schemas/sla-policy.ts';
import type { Store } from '../../store/client.ts';
import { SlaEngine, type RunProgress, type RunReport } from '../../rollups/sla/engine/engine.ts';

/** The engine over one tenant whose active policy is `version`. */
export function benchEngine(
  store: Store,
  options: {
    tenant: string;
    version: number;
    policy: SlaPolicy;
    ticketsPerChunk: number;
    onProgress: (progress: RunProgress) => void;
  },
): SlaEngine {
  const { tenant, version, policy } = options;
  return new SlaEngine({
    store,
    // Warnings (a chunk failing and being split, poisoned tickets) are part of the result.
    logger: pino({ level: 'warn' }, process.stderr),
    policies: {
      tenants: () => Promise.resolve([tenant]),
      active: () => Promise.resolve({ version, policy }),
    },
    ticketsPerChunk: options.ticketsPerChunk,
    // The bench inserts the increment only after the full run has finished,
    // so no commit can be in flight behind the watermark.
    safetyLagMs: 0,
    onProgress: options.onProgress,
  });
}

async function count(
  store: Store,
  query: string,
  params: Record<string, unknown>,
): Promise<number> {
  const result = await store.client.query({
    query,
    query_params: params,
    format: 'JSONEachRow',
    clickhouse_settings: { output_format_json_quote_64bit_integers: 0 },
  });
  const [row] = await result.json<{ n: number }>();
  return row?.n ?? 0;
}

/** The current clocks of a tenant under a version. */
export function countClocks(store: Store, tenant: string, version: number): Promise<number> {
  return count(
    store,
    `SELECT count() AS n FROM ${store.table('sla_clocks')} FINAL
     WHERE tenant = {tenant:String} AND policy_version = {version:UInt32} AND sign = 1`,
    { tenant, version },
  );
}

/** Distinct events stored for a tenant (what the engine reads). */
export function countEvents(store: Store, tenant: string): Promise<number> {
  return count(
    store,
    `SELECT count() AS n FROM ${store.table('ticket_events')} FINAL WHERE tenant = {tenant:String}`,
    { tenant },
  );
}

/** Active parts of the events table: many small parts slow every FINAL read. */
export function countParts(store: Store): Promise<number> {
  return count(
    store,
    `SELECT count() AS n FROM system.parts
     WHERE database = {db:String} AND table = 'ticket_events' AND active`,
    { db: store.database },
  );
}

export interface TimedRun {
  report: RunReport;
  seconds: number;
}

export async function timed(run: () => Promise<RunReport | undefined>): Promise<TimedRun> {
  const started = performance.now();
  const report = await run();
  if (report === undefined) throw new Error('the engine found no active policy for the tenant');
  return { report, seconds: (performance.now() - started) / 1000 };
}
