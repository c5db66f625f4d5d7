/**
 * Where the ingest service's CPU goes, per event, stage by stage, using the
 * service's own functions on the benchmark workload (no HTTP):
 *
 *   node bin/run-ts.js bench/ingest/breakdown.ts [--events 100000]
 *
 * Stages: split lines (NdjsonSplitter, isUtf8, toString), JSON.parse, zod
 * (ticketEventSchema.safeParse), row serialisation (ticketEventRow + join),
 * the whole parseBatch (the real request path minus HTTP), and the engine
 * insert of the serialised rows at request size and at the coalesced size the
 * batch writer sends. Opens its own embedded store on a fresh temp directory
 * (chDB: one engine per process).
 */
import { isUtf8 } from 'node:buffer';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { parseArgs } from 'node:util';
import { gzipSync } from 'node:zlib';
import { createClient } from '@clickhouse/client';
import { createChdbConnection } from 'chdb/connection';
import { NdjsonSplitter, parseBatch } from '../../ingest/body/index.ts';
import { configSchema } from '../../schemas/config.ts';
import { ticketEventSchema, type TicketEvent } from '../../schemas/ticket-event.ts';
import { embeddedPath } from '../../store/client.ts';
import { migrate } from '../../store/migrations/index.ts';
import { ticketEventRow } from '../../store/rows.ts';
import { ownCpuSeconds } from './proc.ts';
import { loadWorkload, writeWorkload } from './workload.ts';

type ClientConnection = NonNullable<NonNullable<Parameters<typeof createClient>[0]>['connection']>;

const { values: args } = parseArgs({
  options: { events: { type: 'string', default: '100000' } },
});
const config = configSchema.parse({ dataDir: mkdtempSync(join(tmpdir(), 'deskpulse-bd-')) });
const workloadDir = join(config.dataDir, 'workload');
mkdirSync(workloadDir);
writeWorkload(workloadDir, { events: Number(args.events), batchLines: 1000, seed: 1 });
const workload = loadWorkload(workloadDir);
const { batches } = workload;
const events = workload.events;

interface Stage {
  name: string;
  wallS: number;
  cpuS: number;
}
const stages: Stage[] = [];

/** Runs `work` twice (the first is warm-up) and records the second. */
async function stage(name: string, work: () => unknown): Promise<void> {
  await work();
  const cpu = ownCpuSeconds();
  const wall = performance.now();
  await work();
  stages.push({ name, wallS: (performance.now() - wall) / 1000, cpuS: ownCpuSeconds() - cpu });
}

const lines = (batch: Buffer): Buffer[] => {
  const splitter = new NdjsonSplitter(64 * 1024);
  const out: Buffer[] = [];
  for (const item of [...splitter.push(batch), ...splitter.end()])
    if (item.tooLong !== true) out.push(item.bytes);
  return out;
};
const texts = batches.map((batch) => lines(batch).map((line) => line.toString('utf8')));
const values = texts.map((batch) => batch.map((text) => JSON.parse(text) as unknown));
const parsed = values.map((batch) =>
  batch.map((value): TicketEvent => ticketEventSchema.parse(value)),
);
const rows = parsed.map((batch) =>
  Buffer.from(`${batch.map((event) => ticketEventRow('bench', event)).join('\n')}\n`),
);

await stage('split lines + isUtf8 + toString', () => {
  for (const batch of batches) for (const line of lines(batch)) if (isUtf8(line)) line.toString();
});
await stage('JSON.parse', () => {
  for (const batch of texts) for (const text of batch) JSON.parse(text);
});
await stage('zod ticketEventSchema.safeParse', () => {
  for (const batch of values) for (const value of batch) ticketEventSchema.safeParse(value);
});
await stage('clock-skew check + ticketEventRow + join', () => {
  for (const batch of parsed) {
    const out: string[] = [];
    for (const event of batch) {
      if (Date.parse(event.occurred_at) > Date.now()) continue;
      out.push(ticketEventRow('bench', event));
    }
    out.push('');
    Buffer.from(out.join('\n'));
  }
});
const limits = configSchema.parse({}).limits;
const parseAll = async (bodies: Buffer[], contentEncoding?: string): Promise<void> => {
  for (const body of bodies) {
    await parseBatch(Readable.from([body]), {
      stream: 'tickets',
      tenant: 'bench',
      contentType: 'application/x-ndjson',
      contentEncoding,
      limits,
      now: Date.now(),
    });
  }
};
await stage('= parseBatch (the real path, minus HTTP)', () => parseAll(batches));
const gzipped = batches.map((batch) => gzipSync(batch));
await stage('= parseBatch, gzip body', () => parseAll(gzipped, 'gzip'));

const path = embeddedPath(config.dataDir);
mkdirSync(path, { recursive: true });
const connection = createChdbConnection({ path });
const client = createClient({ connection: connection as unknown as ClientConnection });
await migrate(client, { database: config.clickhouse.database, cluster: undefined });
const insert = async (values: Buffer, skipUnknown: boolean): Promise<void> => {
  await connection.chdb.rawInsert({
    table: `${config.clickhouse.database}.ticket_events`,
    values,
    format: 'JSONEachRow',
    settings: {
      date_time_input_format: 'best_effort',
      ...(skipUnknown ? { input_format_skip_unknown_fields: 1 } : {}),
    },
  });
};
const grouped = (size: number): Buffer[] => {
  const out: Buffer[] = [];
  for (let i = 0; i < rows.length; i += size) out.push(Buffer.concat(rows.slice(i, i + size)));
  return out;
};
await stage('insert: contract NDJSON, 1,000 rows (= the floor)', async () => {
  for (const batch of batches) await insert(batch, true);
});
await stage('insert: service rows, 1,000 rows per insert', async () => {
  for (const batch of rows) await insert(batch, false);
});
const four = grouped(4);
await stage('insert: service rows, 4,000 rows (4 requests coalesced)', async () => {
  for (const batch of four) await insert(batch, false);
});
const forty = grouped(40);
await stage('insert: service rows, 40,000 rows (≈7 MB, near maxBatchBytes)', async () => {
  for (const batch of forty) await insert(batch, false);
});
await client.close();
rmSync(config.dataDir, { recursive: true, force: true });

process.stdout.write(
  `per-stage cost on ${events.toLocaleString('en-US')} ticket events (${batches.length} batches of 1,000), one process:\n`,
);
for (const s of stages) {
  const us = (s.cpuS / events) * 1e6;
  process.stdout.write(
    `  ${s.name.padEnd(62)} ${us.toFixed(1).padStart(6)} µs/event CPU  ` +
      `(${(s.wallS / s.cpuS || 0).toFixed(2)} wall/CPU, ${Math.round(events / s.wallS).toLocaleString('en-US')} events/s wall)\n`,
  );
}
