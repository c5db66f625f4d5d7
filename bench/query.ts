/**
 * `npm run bench:query`: the SLA live dashboard's queries through
 * `POST /v1/query`, with 1M tickets and 100M samples stored.
 *
 *  1. load       bench:sla's year of tickets and bench:reliability's fleet into one
 *                tenant (skipped with --reuse DIR), then the SLA engine's first pass
 *  2. queries    every query of grafana-plugin/src/dashboards/sla-live.json, one at a
 *                time over HTTP with the result cache off: p50/p95   target p95 < 200 ms
 *  3. managers   N managers refreshing the dashboard at once, cache on
 *  4. freshness  a ticket posted → listed by the breach-risk query      target < 5 s
 * Missing a target is reported, never an error.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { buildIngestServer } from '../ingest/server.ts';
import { openRuntime, type Runtime } from '../cli/runtime.ts';
import { slaEngineFor } from '../cli/commands/sla-scheduler.ts';
import { VERSION } from '../cli/version.ts';
import { SlaScheduler } from '../rollups/sla/scheduler.ts';
import { configSchema, type Config } from '../schemas/config.ts';
import { PolicyStore } from '../store/policies.ts';
import { SloStore } from '../store/slos.ts';
import { runBench } from './common/cli.ts';
import { machine } from './ingest/proc.ts';
import { int, machineLine } from './sla/report.ts';
import { DAY_MS, END_MS } from './sla/desk.ts';
import { QueryClient } from './query/client.ts';
import { dashboardQueries, SLA_LIVE_DASHBOARD, type DashboardQuery } from './query/dashboard.ts';
import { measureFreshness } from './query/freshness.ts';
import { loadHistoryAndClocks, type Loaded } from './query/load.ts';
import { managersRound, timeQueries } from './query/measure.ts';
import { parseOptions, USAGE, type BenchOptions } from './query/options.ts';
import { freshnessLines, loadLines, managersLines, timingTable } from './query/report.ts';

const began = performance.now();
function log(phase: string, message: string): void {
  const at = ((performance.now() - began) / 1000).toFixed(1).padStart(7);
  process.stdout.write(`[${at}s] ${phase.padEnd(9)} ${message}\n`);
}
const print = (lines: readonly string[]): void => {
  for (const line of lines) process.stdout.write(`${line}\n`);
};

const logger = pino({ level: 'warn' }, process.stderr);

function configFor(dataDir: string, cacheSeconds: number): Config {
  return configSchema.parse({
    dataDir,
    host: '127.0.0.1',
    port: 0,
    logLevel: 'silent',
    // The generated history ends on 2026-11-01: no retention may trim it.
    retention: { samplesDays: 0, endpointEventsDays: 0, hourlyRollupDays: 0, dailyRollupDays: 0 },
    query: { cacheSeconds },
    // Every manager's Grafana goes through one data-source key; the bench
    // measures the queries, not the per-key limit.
    rateLimit: { perKeyPerMinute: 10_000_000 },
  });
}

/** A server on loopback over the shared runtime; `cacheSeconds` 0 turns the result cache off. */
async function serve(
  runtime: Runtime,
  stores: Stores,
  cacheSeconds: number,
): Promise<{ url: string; close: () => Promise<void> }> {
  const config = configFor(runtime.config.dataDir, cacheSeconds);
  const server = await buildIngestServer({
    ...runtime,
    config,
    ...stores,
    logger,
    version: VERSION,
  });
  server.setReady(true, 'ok');
  const url = await server.app.listen({ host: '127.0.0.1', port: 0 });
  return { url, close: () => server.app.close() };
}

interface Stores {
  policies: PolicyStore;
  slos: SloStore;
}

async function stored(runtime: Runtime, tenant: string): Promise<number> {
  const result = await runtime.store.client.query({
    query: `SELECT uniqExact(ticket_id) AS n FROM ${runtime.store.database}.ticket_events WHERE tenant = {tenant:String}`,
    query_params: { tenant },
    format: 'JSONEachRow',
  });
  const [row] = await result.json<{ n: string }>();
  return Number(row?.n ?? 0);
}

/** The dashboard's queries over the last 7 days of the stored history. */
async function liveQueries(client: QueryClient): Promise<DashboardQuery[]> {
  const range = { from: END_MS - 7 * DAY_MS, to: END_MS };
  const ranged = await client.rangeQueries();
  return dashboardQueries(SLA_LIVE_DASHBOARD, range, 'hour').map((q) =>
    ranged.has(q.query)
      ? {
          ...q,
          params: {
            ...q.params,
            from: new Date(range.from).toISOString(),
            to: new Date(range.to).toISOString(),
          },
        }
      : q,
  );
}

async function run(runtime: Runtime, options: BenchOptions): Promise<void> {
  const stores = { policies: new PolicyStore(runtime.store), slos: new SloStore(runtime.store) };
  let loaded: Loaded | undefined;
  const already = await stored(runtime, options.tenant);
  if (already > 0)
    log('load', `reusing ${int(already)} stored tickets of tenant ${options.tenant}`);
  else loaded = await loadHistoryAndClocks(runtime, stores, options, log, logger);

  const engine = slaEngineFor(runtime, stores.policies, logger);
  const scheduler = new SlaScheduler({ engine, logger, intervalMs: runtime.config.sla.intervalMs });
  scheduler.start();
  const servers = [await serve(runtime, stores, 0), await serve(runtime, stores, 2)];
  try {
    const { key } = await runtime.keys.create(options.tenant, ['ingest', 'query'], 'bench');
    const [off, on] = servers.map((server) => new QueryClient(server.url, key));
    if (off === undefined || on === undefined) throw new Error('servers did not start');
    const uncached = off;
    const cached = on;
    const queries = await liveQueries(uncached);
    // The stored history ends weeks before now, so every open clock is already
    // breached and the dashboard's list is empty: this row times a full one.
    const extra: DashboardQuery = {
      label: 'extra: breach risk incl. breached, 5,000 rows',
      query: 'sla.breach_risk',
      params: { include_breached: true, limit: 5_000 },
    };
    log(
      'queries',
      `${queries.length} queries of the SLA live dashboard, ${options.runs} runs each`,
    );
    const timings = await timeQueries(uncached, [...queries, extra], options.runs);
    log('managers', `${options.managers} managers at once, three rounds`);
    const rounds = [];
    for (let i = 0; i < 3; i += 1)
      rounds.push(await managersRound(cached, queries, options.managers));
    log('fresh', `${options.freshness} tickets posted one by one`);
    const freshness = await measureFreshness(cached, options.freshness);
    print(['', machineLine(machine()), ...(loaded ? loadLines(loaded) : []), '']);
    print([
      ...timingTable(timings),
      '',
      ...managersLines(rounds),
      '',
      ...freshnessLines(freshness),
    ]);
  } finally {
    // In-flight requests finish before the store closes under them.
    for (const server of servers) await server.close();
    await scheduler.stop();
  }
}

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  const dataDir =
    options.reuse ?? mkdtempSync(join(options.dataDir ?? tmpdir(), 'deskpulse-bench-query-'));
  log('store', dataDir);
  const runtime = await openRuntime(configFor(dataDir, 0), { logger });
  try {
    await run(runtime, options);
  } finally {
    await runtime.close();
    if (options.keep) log('store', `kept ${dataDir} (reuse it with --reuse ${dataDir})`);
    else rmSync(dataDir, { recursive: true, force: true });
  }
}

await runBench('bench:query', USAGE, main);
