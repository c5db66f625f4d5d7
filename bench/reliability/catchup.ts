/**
 * Rollup catch-up: after the load, a late batch (agents that were offline
 * re-sending buffered samples, and app crashes reported late) spread over
 * the dashboards' 30 days, then the time until the product's read shows it:
 * the inserts (the views fold the rows as they arrive) plus the first query.
 * Nothing is recomputed, so there is nothing else to wait for.
 */
import type { ReliabilityMetricsRow } from '../../schemas/reliability.ts';
import type { Store } from '../../store/client.ts';
import { below, streamOf, weighted } from '../sla/random.ts';
import { APP_WEIGHTS, APPS } from './fleet.ts';
import type { Plan } from './generator.ts';
import { fleetTotals, type Reads } from './queries.ts';
import { gauge, RowBuffer } from './rows.ts';
import { timed } from './timing.ts';
import { DAY_S, NOW_S, RANGE_DAYS } from './workload.ts';

export interface CatchUp {
  samples: number;
  crashes: number;
  devices: number;
  insertSeconds: number;
  querySeconds: number;
  before: ReliabilityMetricsRow | undefined;
  after: ReliabilityMetricsRow | undefined;
}

/** The late rows: samples at random seconds, app crashes at random milliseconds. */
function lateRows(
  plan: Plan,
  samples: number,
): { samples: RowBuffer; events: RowBuffer; devices: number; crashes: number } {
  const random = streamOf(plan.seeds.late, 0);
  // Devices still reporting: a late sample from a retired machine would
  // change the silent-devices dashboard, which is not what this measures.
  const live = plan.devices.filter((device) => device.silentFromDay === Infinity);
  const rows = { samples: new RowBuffer(), events: new RowBuffer() };
  const touched = new Set<number>();
  const span = RANGE_DAYS * DAY_S;
  for (let i = 0; i < samples; i += 1) {
    const device = live[below(random, live.length)];
    const text = device === undefined ? undefined : plan.rows[device.index];
    if (device === undefined || text === undefined) continue;
    touched.add(device.index);
    const t = NOW_S - 1 - below(random, span);
    rows.samples.push(
      `${text.head}${plan.clock.seconds(t)}","cpu_pct":${gauge(device.cpuMedianPct * 1.2)},` +
        `"mem_pct":${gauge(device.memBasePct)}${text.inventory}`,
    );
  }
  const crashes = Math.max(1, Math.round(samples / 100));
  for (let i = 0; i < crashes; i += 1) {
    const device = live[below(random, live.length)];
    const app = APPS[weighted(random, APP_WEIGHTS)];
    const text = device === undefined ? undefined : plan.rows[device.index];
    if (device === undefined || app === undefined || text === undefined) continue;
    touched.add(device.index);
    const ms = (NOW_S - span) * 1000 + below(random, span * 1000);
    rows.events.push(
      `${text.head}${plan.clock.millis(ms)}","type":"app_crash","app":"${app.name}",` +
        `"app_version":"${app.version}","code":"0xc0000005"}\n`,
    );
  }
  return { ...rows, devices: touched.size, crashes: rows.events.rows };
}

export async function catchUp(
  store: Store,
  reads: Reads,
  plan: Plan,
  samples: number,
): Promise<CatchUp> {
  const late = lateRows(plan, samples);
  const before = await fleetTotals(reads);
  const insert = await timed(async () => {
    await store.sink.insert('endpoint_samples', late.samples.take().body);
    await store.sink.insert('endpoint_events', late.events.take().body);
  });
  const query = await timed(() => fleetTotals(reads));
  return {
    samples,
    crashes: late.crashes,
    devices: late.devices,
    insertSeconds: insert.seconds,
    querySeconds: query.seconds,
    before,
    after: query.value,
  };
}

/** The rollup tables, merged down to one part per partition: what a quiet night of merges would leave. */
const ROLLUP_TABLES = [
  'reliability_device_hourly',
  'reliability_device_daily',
  'reliability_events_hourly',
  'reliability_events_daily',
  'device_power',
  'devices',
  'ticket_devices',
] as const;

export async function optimizeRollups(store: Store): Promise<{ table: string; seconds: number }[]> {
  const times: { table: string; seconds: number }[] = [];
  for (const table of ROLLUP_TABLES) {
    const { seconds } = await timed(() =>
      store.client.command({ query: `OPTIMIZE TABLE ${store.table(table)} FINAL` }),
    );
    times.push({ table, seconds });
  }
  return times;
}

/** Active parts and rows of the rollup tables. */
export async function rollupParts(
  store: Store,
): Promise<{ table: string; parts: number; rows: number }[]> {
  const result = await store.client.query({
    query: `SELECT table, count() AS parts, sum(rows) AS rows FROM system.parts
      WHERE database = {db:String} AND active AND table IN {tables:Array(String)}
      GROUP BY table ORDER BY table`,
    query_params: {
      db: store.database,
      tables: [...ROLLUP_TABLES, 'endpoint_samples', 'endpoint_events'],
    },
    format: 'JSONEachRow',
    clickhouse_settings: { output_format_json_quote_64bit_integers: 0 },
  });
  return result.json();
}
