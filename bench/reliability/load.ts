/**
 * Loading: the generated rows go through the store's sink (chDB's rawInsert,
 * which parses off the event loop), one insert in flight while the next chunk
 * is generated, as bench:sla does. At most one filling and one inserting
 * buffer per table exist, so memory stays bounded whatever the row count.
 */
import type { Store } from '../../store/client.ts';
import type { RawTable } from '../../store/tables.ts';
import { int, mb, secs } from '../sla/report.ts';
import { Generator, type Buffers, type Generated, type Plan } from './generator.ts';
import { RowBuffer } from './rows.ts';

export type Log = (phase: string, message: string) => void;

/** One insert in flight at a time; its failure surfaces at the next await. */
export class Loader {
  waitSeconds = 0;
  rows = 0;
  bytes = 0;
  inserts = 0;
  #inFlight: Promise<void> = Promise.resolve();
  #failure: { error: unknown } | undefined;
  readonly #insert: (table: RawTable, body: Buffer) => Promise<void>;

  constructor(insert: (table: RawTable, body: Buffer) => Promise<void>) {
    this.#insert = insert;
  }

  async settle(): Promise<void> {
    const waiting = performance.now();
    await this.#inFlight;
    this.waitSeconds += (performance.now() - waiting) / 1000;
    if (this.#failure !== undefined) throw this.#failure.error;
  }

  /** Starts inserting the buffer's rows once the previous insert is done. */
  async send(table: RawTable, buffer: RowBuffer, done?: () => void): Promise<void> {
    if (buffer.rows === 0) return;
    await this.settle();
    const { body, rows } = buffer.take();
    this.rows += rows;
    this.bytes += body.length;
    this.inserts += 1;
    this.#inFlight = this.#insert(table, body).then(done, (error: unknown) => {
      this.#failure = { error };
    });
  }
}

export function newBuffers(): Buffers {
  return { samples: new RowBuffer(), events: new RowBuffer(), tickets: new RowBuffer() };
}

export interface LoadResult {
  generated: Generated;
  rows: number;
  bytes: number;
  inserts: number;
  seconds: number;
  waitSeconds: number;
}

/** The whole history into the raw tables, with the views folding it into the rollups. */
export async function loadHistory(
  store: Store,
  plan: Plan,
  chunkRows: number,
  log: Log,
): Promise<LoadResult> {
  const started = performance.now();
  const loader = new Loader((table, body) => store.sink.insert(table, body));
  const buffers = newBuffers();
  const generator = new Generator(plan, buffers);
  let nextReport = 0;
  const progress = (): void => {
    const seconds = (performance.now() - started) / 1000;
    if (seconds < nextReport) return;
    nextReport = seconds + 10;
    const { samples, events } = generator.stats;
    log(
      'load',
      `${int(samples)} / ${int(plan.samples)} samples, ${int(events)} events generated; ` +
        `${int(loader.rows)} rows sent, ${int(loader.rows / seconds)} rows/s, ${secs(seconds)} elapsed`,
    );
  };
  const flushFull = async (): Promise<void> => {
    for (const [table, buffer] of tablesOf(buffers))
      if (buffer.rows >= chunkRows) await loader.send(table, buffer, progress);
  };
  const generated = await generator.run(
    { events: true, tickets: true, maxSamples: Infinity },
    chunkRows,
    flushFull,
  );
  for (const [table, buffer] of tablesOf(buffers)) await loader.send(table, buffer, progress);
  await loader.settle();
  const seconds = (performance.now() - started) / 1000;
  log(
    'load',
    `${int(loader.rows)} rows (${mb(loader.bytes)} JSONEachRow, ${int(loader.inserts)} inserts) in ${secs(seconds)}; ` +
      `${secs(loader.waitSeconds)} of it waiting on inserts`,
  );
  return {
    generated,
    rows: loader.rows,
    bytes: loader.bytes,
    inserts: loader.inserts,
    seconds,
    waitSeconds: loader.waitSeconds,
  };
}

function tablesOf(buffers: Buffers): [RawTable, RowBuffer][] {
  return [
    ['endpoint_samples', buffers.samples],
    ['endpoint_events', buffers.events],
    ['ticket_events', buffers.tickets],
  ];
}
