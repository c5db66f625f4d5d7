/**
 * The floor: the workload's NDJSON bytes raw-inserted straight into a fresh
 * embedded engine — no HTTP, no validation, no re-serialisation. Its own
 * process (chDB is one engine per process, bound to one directory), driven
 * by the parent over the IPC channel so that its slices interleave with the
 * services' (see rounds.ts):
 *
 *   floor-child.ts --data-dir D --workload W --concurrency C
 *   parent → {op:'insert', start, end} | {op:'count'} | {op:'exit'}
 *   child  → {op:'ready'} | {op:'inserted', …InsertSlice} | {op:'count', rows}
 */
import { mkdirSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { createClient } from '@clickhouse/client';
import { createChdbConnection } from 'chdb/connection';
import { configSchema } from '../../schemas/config.ts';
import { embeddedPath } from '../../store/client.ts';
import { migrate } from '../../store/migrations/index.ts';
import { loadWorkload } from './workload.ts';

type ClientConnection = NonNullable<NonNullable<Parameters<typeof createClient>[0]>['connection']>;

export type FloorRequest =
  { op: 'insert'; start: number; end: number } | { op: 'count' } | { op: 'exit' };

export interface InsertSlice {
  events: number;
  bytes: number;
  seconds: number;
  latenciesMs: number[];
}

export type FloorReply =
  { op: 'ready' } | ({ op: 'inserted' } & InsertSlice) | { op: 'count'; rows: number };

const FLOOR_SETTINGS = {
  input_format_skip_unknown_fields: 1,
  date_time_input_format: 'best_effort',
} as const;

const { values: args } = parseArgs({
  options: {
    'data-dir': { type: 'string' },
    workload: { type: 'string' },
    concurrency: { type: 'string', default: '1' },
  },
});
const dataDir = args['data-dir'];
const workloadDir = args.workload;
if (dataDir === undefined || workloadDir === undefined || process.send === undefined)
  throw new Error('floor-child: needs --data-dir, --workload and an IPC channel');

const config = configSchema.parse({ dataDir });
const workload = loadWorkload(workloadDir);
const concurrency = Number(args.concurrency);

const path = embeddedPath(config.dataDir);
mkdirSync(path, { recursive: true });
const connection = createChdbConnection({ path });
const client = createClient({ connection: connection as unknown as ClientConnection });
await migrate(client, { database: config.clickhouse.database, cluster: undefined });
const table = `${config.clickhouse.database}.ticket_events`;

function reply(message: FloorReply): void {
  process.send?.(message);
}

/** Inserts batches [start, end), `concurrency` at a time. */
async function insertSlice(start: number, end: number): Promise<InsertSlice> {
  const slice: InsertSlice = { events: 0, bytes: 0, seconds: 0, latenciesMs: [] };
  let next = start;
  const worker = async (): Promise<void> => {
    while (next < end) {
      const values = workload.batches[next];
      const lines = workload.lines[next] ?? 0;
      next += 1;
      if (values === undefined) break;
      const sent = performance.now();
      await connection.chdb.rawInsert({
        table,
        values,
        format: 'JSONEachRow',
        settings: FLOOR_SETTINGS,
      });
      slice.latenciesMs.push(performance.now() - sent);
      slice.events += lines;
      slice.bytes += values.length;
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: concurrency }, () => worker()));
  slice.seconds = (performance.now() - started) / 1000;
  return slice;
}

async function count(): Promise<number> {
  const result = await client.query({
    query: `SELECT count() AS n FROM ${table}`,
    format: 'JSONEachRow',
    clickhouse_settings: { output_format_json_quote_64bit_integers: 0 },
  });
  const [row] = await result.json<{ n: number }>();
  return row?.n ?? 0;
}

async function handle(request: FloorRequest): Promise<void> {
  switch (request.op) {
    case 'insert':
      reply({ op: 'inserted', ...(await insertSlice(request.start, request.end)) });
      break;
    case 'count':
      reply({ op: 'count', rows: await count() });
      break;
    case 'exit':
      await client.close();
      process.exit(0);
  }
}

process.on('message', (message) => {
  handle(message as FloorRequest).catch((error: unknown) => {
    process.stderr.write(`floor-child: ${String(error)}\n`);
    process.exit(1);
  });
});
reply({ op: 'ready' });
