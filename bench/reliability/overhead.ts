/**
 * What the rollups cost at ingest: the first samples of the history, chunk
 * by chunk, inserted with the same bytes and settings into a copy of
 * endpoint_samples without views (a scratch database) and into the real
 * table (whose views fill the rollups, device inventory and power history).
 * Each pair runs back to back with nothing else going on, the order swapped
 * every chunk; then the scratch database is dropped and the tables the views
 * filled are emptied, so the main load starts from nothing.
 */
import { createChdbConnection } from 'chdb/connection';
import type { Store } from '../../store/client.ts';
import { embeddedPath } from '../../store/client.ts';
import { ROW_INSERT_SETTINGS } from '../../store/rows.ts';
import { int, secs } from '../sla/report.ts';
import { Generator, type Plan } from './generator.ts';
import type { Log } from './load.ts';
import { newBuffers } from './load.ts';

const SCRATCH_DB = 'deskpulse_bench_scratch';

/** endpoint_samples and every table a view over it writes to. */
const SAMPLE_TABLES = [
  'endpoint_samples',
  'reliability_device_hourly',
  'reliability_device_daily',
  'devices',
  'device_power',
] as const;

export interface Overhead {
  samples: number;
  rows: number;
  inserts: number;
  withViewsSeconds: number;
  withoutViewsSeconds: number;
}

export async function measureOverhead(
  store: Store,
  dataDir: string,
  plan: Plan,
  options: { chunkRows: number; overheadSamples: number },
  log: Log,
): Promise<Overhead> {
  const db = store.database;
  // rawInsert into a table outside the store's database: a second connection
  // on the same engine (chDB binds one data directory per process and lets
  // connections share it).
  const connection = createChdbConnection({ path: embeddedPath(dataDir) });
  const result: Overhead = {
    samples: 0,
    rows: 0,
    inserts: 0,
    withViewsSeconds: 0,
    withoutViewsSeconds: 0,
  };
  try {
    await connection.chdb.queryAsync(`CREATE DATABASE IF NOT EXISTS ${SCRATCH_DB}`);
    await connection.chdb.queryAsync(
      `CREATE TABLE ${SCRATCH_DB}.endpoint_samples AS ${db}.endpoint_samples`,
    );
    const buffers = newBuffers();
    const time = async (insert: () => Promise<unknown>): Promise<number> => {
      const started = performance.now();
      await insert();
      return (performance.now() - started) / 1000;
    };
    const pair = async (): Promise<void> => {
      const { body, rows } = buffers.samples.take();
      const bare = (): Promise<unknown> =>
        connection.chdb.rawInsert({
          table: `${SCRATCH_DB}.endpoint_samples`,
          values: body,
          format: 'JSONEachRow',
          settings: ROW_INSERT_SETTINGS,
        });
      const viewed = (): Promise<void> => store.sink.insert('endpoint_samples', body);
      if (result.inserts % 2 === 0) {
        result.withoutViewsSeconds += await time(bare);
        result.withViewsSeconds += await time(viewed);
      } else {
        result.withViewsSeconds += await time(viewed);
        result.withoutViewsSeconds += await time(bare);
      }
      result.rows += rows;
      result.inserts += 1;
      log(
        'overhead',
        `${int(result.rows)} rows: ${secs(result.withViewsSeconds)} with views, ` +
          `${secs(result.withoutViewsSeconds)} without`,
      );
    };
    const generator = new Generator(plan, buffers);
    const generated = await generator.run(
      { events: false, tickets: false, maxSamples: options.overheadSamples },
      options.chunkRows,
      pair,
    );
    if (buffers.samples.rows > 0) await pair();
    result.samples = generated.samples;
  } finally {
    await connection.chdb.queryAsync(`DROP DATABASE IF EXISTS ${SCRATCH_DB}`);
    await connection.close();
  }
  for (const table of SAMPLE_TABLES)
    await store.client.command({ query: `TRUNCATE TABLE ${db}.${table}` });
  return result;
}
