import { readFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import type { Logger } from 'pino';
import { afterEach, beforeEach, describe, expect, expectTypeOf, it } from 'vitest';
import { DeskpulseError } from '../../schemas/errors.ts';
import type { RawTable } from '../tables.ts';
import { BatchWriter, type BatchWriterObserver, type BatchWriterOptions } from './batch-writer.ts';
import type { WriterLogger } from './fs-util.ts';
import { FakeSink, MemoryLogger, lines, sleep, tempDir, waitFor } from './test-fixtures.ts';

const T: RawTable = 'ticket_events';
const S: RawTable = 'endpoint_samples';

let dir: string;
let cleanup: () => Promise<void>;
let logger: MemoryLogger;
let sink: FakeSink;
const writers: BatchWriter[] = [];

beforeEach(async () => {
  ({ dir, cleanup } = await tempDir());
  logger = new MemoryLogger();
  sink = new FakeSink();
});

afterEach(async () => {
  sink.failing = false;
  for (const writer of writers.splice(0)) await writer.close();
  await cleanup();
});

async function openWriter(opts: Partial<BatchWriterOptions> = {}): Promise<BatchWriter> {
  const writer = await BatchWriter.open(sink, {
    spoolDir: path.join(dir, 'spool'),
    flushIntervalMs: 20,
    maxBatchBytes: 1024 * 1024,
    maxQueueBytes: 4 * 1024 * 1024,
    insertConcurrency: 2,
    spoolMaxBytes: 64 * 1024 * 1024,
    logger,
    replayBackoff: { initialMs: 5, maxMs: 20 },
    ...opts,
  });
  writers.push(writer);
  return writer;
}

async function closeWriter(writer: BatchWriter): Promise<void> {
  writers.splice(writers.indexOf(writer), 1);
  await writer.close();
}

function ids(from: number, count: number): number[] {
  return Array.from({ length: count }, (_, i) => from + i);
}

function expectedRows(table: string, list: readonly number[]): string[] {
  return list.map((id) => `{"t":"${table}","id":${id}}`);
}

async function drained(writer: BatchWriter): Promise<void> {
  await waitFor(
    () => writer.stats.mode === 'direct' && writer.stats.spoolBytes === 0,
    5000,
    'spool drained',
  );
}

describe('BatchWriter direct mode', () => {
  it('accepts a pino logger', () => {
    expectTypeOf<Logger>().toExtend<WriterLogger>();
  });

  it('flushes a table as soon as its queue reaches maxBatchBytes', async () => {
    const line = lines(T, [1]).length;
    const writer = await openWriter({ flushIntervalMs: 1000, maxBatchBytes: 2 * line });
    const started = Date.now();
    await Promise.all([1, 2, 3, 4].map((id) => writer.write(T, lines(T, [id]), 1)));
    expect(Date.now() - started).toBeLessThan(500);
    expect(sink.inserts.map((i) => i.data.split('\n').length - 1)).toEqual([2, 2]);
    expect(sink.rows(T)).toEqual(expectedRows(T, [1, 2, 3, 4]));
  });

  it('sends a queue before a chunk that would take it past maxBatchBytes', async () => {
    const line = lines(T, [1]).length;
    const writer = await openWriter({ flushIntervalMs: 30, maxBatchBytes: 3 * line });
    await Promise.all([writer.write(T, lines(T, [1, 2]), 2), writer.write(T, lines(T, [3, 4]), 2)]);
    expect(sink.inserts.map((i) => i.data.split('\n').length - 1)).toEqual([2, 2]);
  });

  it('sends an idle table at once, without waiting for the flush interval', async () => {
    const writer = await openWriter({ flushIntervalMs: 1000 });
    const started = Date.now();
    await writer.write(T, lines(T, [1]), 1);
    expect(Date.now() - started).toBeLessThan(500);
    expect(sink.inserts).toHaveLength(1);
  });

  it('groups what arrives during an insert into the next batch (group commit)', async () => {
    sink.delayMs = 60;
    const writer = await openWriter({ flushIntervalMs: 1000 });
    const first = writer.write(T, lines(T, [1]), 1);
    await sleep(10);
    const rest = [2, 3, 4].map((id) => writer.write(T, lines(T, [id]), 1));
    await Promise.all([first, ...rest]);
    expect(sink.inserts.map((i) => i.data.split('\n').length - 1)).toEqual([1, 3]);
  });

  it('resolves a write only after the sink committed it', async () => {
    sink.delayMs = 60;
    const writer = await openWriter({ flushIntervalMs: 1 });
    let resolved = false;
    const done = writer.write(T, lines(T, [1]), 1).then(() => {
      resolved = true;
    });
    await sleep(30);
    expect(resolved).toBe(false);
    expect(sink.inserts).toHaveLength(0);
    await done;
    expect(sink.rows(T)).toEqual(expectedRows(T, [1]));
  });

  it('reports flushes with row counts to the observer', async () => {
    const flushes: [RawTable, number, number][] = [];
    const observer: BatchWriterObserver = {
      onFlush: (table, rows, bytes) => flushes.push([table, rows, bytes]),
    };
    const writer = await openWriter({ observer });
    const a = lines(T, [1, 2]);
    const b = lines(T, [3]);
    await Promise.all([writer.write(T, a, 2), writer.write(T, b, 1)]);
    expect(flushes).toEqual([[T, 3, a.length + b.length]]);
  });

  it('close() flushes, then refuses writes with NOT_READY', async () => {
    const writer = await openWriter({ flushIntervalMs: 1000 });
    const done = writer.write(T, lines(T, [1]), 1);
    await closeWriter(writer);
    await done;
    expect(sink.rows(T)).toEqual(expectedRows(T, [1]));
    await expect(writer.write(T, lines(T, [2]), 1)).rejects.toMatchObject({ code: 'NOT_READY' });
    expect(writer.canAccept(1)).toBe(false);
  });
});

describe('BatchWriter spooling', () => {
  it('spools when the sink fails, then replays in order and returns to direct', async () => {
    const events: string[] = [];
    const observer: BatchWriterObserver = {
      onInsertError: (table) => events.push(`error:${table}`),
      onSpooled: (table) => events.push(`spooled:${table}`),
      onReplayed: (table) => events.push(`replayed:${table}`),
    };
    const writer = await openWriter({ flushIntervalMs: 5, observer });
    sink.failing = true;
    await writer.write(T, lines(T, [1, 2]), 2);
    expect(writer.stats.mode).toBe('spooling');
    expect(writer.stats.insertErrors).toBe(1);
    expect(writer.stats.spoolBytes).toBeGreaterThan(0);
    // While spooling every write goes to the spool.
    await writer.write(S, lines(S, [10]), 1);
    await writer.write(T, lines(T, [3]), 1);
    expect(sink.inserts).toHaveLength(0);

    sink.failing = false;
    await drained(writer);
    expect(sink.rows(T)).toEqual(expectedRows(T, [1, 2, 3]));
    expect(sink.rows(S)).toEqual(expectedRows(S, [10]));
    expect(events.filter((e) => e.startsWith('spooled'))).toHaveLength(3);
    expect(events).toContain('replayed:ticket_events');

    const attempts = sink.attempts;
    await writer.write(T, lines(T, [4]), 1);
    expect(sink.attempts).toBe(attempts + 1);
    expect(writer.stats.spooledTotalBytes).toBe(
      lines(T, [1, 2]).length + lines(S, [10]).length + lines(T, [3]).length,
    );
  });

  it('keeps the memory queue within maxQueueBytes with a slow sink and spools the overflow', async () => {
    sink.delayMs = 25;
    const maxQueueBytes = 300;
    const writer = await openWriter({
      flushIntervalMs: 5,
      maxBatchBytes: 100,
      maxQueueBytes,
      insertConcurrency: 1,
    });
    let peak = 0;
    const sample = (): void => {
      const { queueBytes, inflightBytes } = writer.stats;
      peak = Math.max(peak, queueBytes + inflightBytes);
    };
    const timer = setInterval(sample, 1);
    const writes: Promise<void>[] = [];
    for (let i = 0; i < 40; i++) {
      writes.push(writer.write(T, lines(T, [i]), 1));
      sample();
      if (i % 5 === 4) await sleep(3);
    }
    await Promise.all(writes);
    await drained(writer);
    clearInterval(timer);
    expect(peak).toBeGreaterThan(0);
    expect(peak).toBeLessThanOrEqual(maxQueueBytes);
    expect(writer.stats.spooledTotalBytes).toBeGreaterThan(0);
    expect(sink.rows(T)).toEqual(expectedRows(T, ids(0, 40)));
    expect(sink.maxInFlight).toBe(1);
  });

  it('rejects with INGEST_BACKPRESSURE once the spool is full', async () => {
    sink.failing = true;
    const writer = await openWriter({ spoolMaxBytes: 500, retryAfterSeconds: 3 });
    const chunk = lines(T, [1, 2, 3, 4]); // 104 bytes
    await writer.write(T, chunk, 4); // fails, is spooled
    const results = await Promise.allSettled(ids(0, 6).map(() => writer.write(T, chunk, 4)));
    const rejected = results.filter((r) => r.status === 'rejected');
    expect(rejected.length).toBeGreaterThan(0);
    const reason: unknown = rejected[0]?.reason;
    expect(reason).toBeInstanceOf(DeskpulseError);
    expect(reason).toMatchObject({
      code: 'INGEST_BACKPRESSURE',
      status: 429,
      details: { retryAfterSeconds: 3 },
    });
    expect(writer.canAccept(chunk.length)).toBe(false);
    expect(writer.stats.spoolBytes).toBeLessThanOrEqual(500);

    sink.failing = false;
    await drained(writer);
    expect(writer.canAccept(chunk.length)).toBe(true);
    expect(sink.rows(T)).toHaveLength(4 * (1 + results.length - rejected.length));
  });

  it('replays a spool left by an earlier run on open', async () => {
    sink.failing = true;
    const first = await openWriter({ replayBackoff: { initialMs: 1000, maxMs: 1000 } });
    await first.write(T, lines(T, [1]), 1);
    await first.write(S, lines(S, [2]), 1);
    await first.write(T, lines(T, [3]), 1);
    const started = Date.now();
    await closeWriter(first); // leaves the spool; does not wait out the backoff
    expect(Date.now() - started).toBeLessThan(500);
    expect(sink.inserts).toHaveLength(0);

    sink.failing = false;
    const second = await openWriter();
    expect(second.stats.mode).toBe('spooling');
    expect(second.stats.spoolBytes).toBeGreaterThan(0);
    await drained(second);
    expect(sink.rows(T)).toEqual(expectedRows(T, [1, 3]));
    expect(sink.rows(S)).toEqual(expectedRows(S, [2]));
  });

  it('quarantines a poison chunk and replays the rest', async () => {
    sink.isPoison = (data) => data.includes('"id":666');
    const writer = await openWriter({ flushIntervalMs: 5 });
    const writes = [
      writer.write(T, lines(T, [1]), 1),
      writer.write(T, lines(T, [666]), 1),
      writer.write(T, lines(T, [2]), 1),
    ];
    await Promise.all(writes);
    await drained(writer);
    expect(sink.rows(T)).toEqual(expectedRows(T, [1, 2]));
    expect(writer.stats.quarantinedBatches).toBe(1);
    const files = await readdir(path.join(dir, 'spool', 'quarantine'));
    expect(files).toHaveLength(1);
    expect(files[0]).toMatch(/-ticket_events\.ndjson$/);
    const content = await readFile(path.join(dir, 'spool', 'quarantine', files[0] ?? ''), 'utf8');
    expect(content).toBe(lines(T, [666]).toString());
    expect(logger.at('error').some((e) => e.msg.includes('quarantine'))).toBe(true);
  });

  it('waits for in-flight direct inserts before replaying', async () => {
    sink.delayMs = 40;
    const writer = await openWriter({ flushIntervalMs: 1, maxQueueBytes: 60 });
    const first = writer.write(T, lines(T, [1]), 1); // in flight for 40 ms
    await sleep(5);
    // Over maxQueueBytes: spooling, while the first insert is still running.
    const second = writer.write(T, lines(T, [2, 3]), 2);
    const third = writer.write(T, lines(T, [4]), 1);
    expect(writer.stats.mode).toBe('spooling');
    await Promise.all([first, second, third]);
    await drained(writer);
    expect(sink.rows(T)).toEqual(expectedRows(T, [1, 2, 3, 4]));
  });

  it('replays the tentative copy of a batch whose insert fails after the switch', async () => {
    sink.delayMs = 40;
    const writer = await openWriter({ flushIntervalMs: 1, maxQueueBytes: 60 });
    const first = writer.write(T, lines(T, [1]), 1);
    await sleep(5);
    const second = writer.write(T, lines(T, [2, 3]), 2); // overflow: spooling
    expect(writer.stats.mode).toBe('spooling');
    sink.failing = true; // the running insert of [1] now fails
    await Promise.all([first, second]);
    await sleep(60);
    expect(sink.inserts).toHaveLength(0);
    sink.failing = false;
    await drained(writer);
    expect(sink.rows(T)).toEqual(expectedRows(T, [1, 2, 3]));
  });

  it('spools queued chunks behind a failed batch of the same table', async () => {
    sink.delayMs = 20;
    const writer = await openWriter({ flushIntervalMs: 1, maxBatchBytes: 30 });
    const first = writer.write(T, lines(T, [1]), 1); // its own batch
    await sleep(5);
    sink.failing = true; // the in-flight batch will fail
    const later = [writer.write(T, lines(T, [2]), 1), writer.write(T, lines(T, [3]), 1)];
    await Promise.all([first, ...later]);
    expect(writer.stats.mode).toBe('spooling');
    sink.failing = false;
    await drained(writer);
    expect(sink.rows(T)).toEqual(expectedRows(T, [1, 2, 3]));
  });

  it('close() stops replay and leaves the spool for the next start', async () => {
    sink.failing = true;
    const writer = await openWriter({ replayBackoff: { initialMs: 5, maxMs: 5 } });
    await writer.write(T, lines(T, [1]), 1);
    await sleep(20);
    await closeWriter(writer);
    const segments = (await readdir(path.join(dir, 'spool'))).filter((f) => f.endsWith('.seg'));
    expect(segments.length).toBeGreaterThan(0);
    expect((await readdir(path.join(dir, 'spool'))).includes('LOCK')).toBe(false);
  });

  it('close({drainTimeoutMs}) lets replay empty the spool into a healthy store first', async () => {
    const writer = await openWriter({ replayBackoff: { initialMs: 50, maxMs: 50 } });
    sink.failing = true;
    await writer.write(T, lines(T, [1, 2]), 2);
    await writer.write(T, lines(T, [3]), 1);
    expect(writer.stats.mode).toBe('spooling');
    sink.failing = false;
    writers.splice(writers.indexOf(writer), 1);
    await writer.close({ drainTimeoutMs: 5000 });
    expect(sink.rows(T)).toEqual(expectedRows(T, [1, 2, 3]));
    const segments = (await readdir(path.join(dir, 'spool'))).filter((f) => f.endsWith('.seg'));
    expect(segments).toEqual([]);
  });

  it('spoolFirst acknowledges on spool fsync and inserts from the spool in large batches', async () => {
    sink.delayFor = (attempt) => (attempt === 0 ? 1000 : 0);
    const writer = await openWriter({ spoolFirst: true });
    expect(writer.stats.mode).toBe('spooling');
    await Promise.all(ids(1, 20).map((id) => writer.write(T, lines(T, [id]), 1)));
    // Every write was durable (in the spool) before any insert finished.
    expect(sink.inserts).toHaveLength(0);
    await waitFor(
      () => sink.rows(T).length === 20 && writer.stats.spoolBytes === 0,
      5000,
      'replayed',
    );
    expect(sink.rows(T)).toEqual(expectedRows(T, ids(1, 20)));
    expect(sink.inserts.length).toBeLessThan(20);
    // It stays in write-ahead mode once the spool is empty.
    await sleep(30);
    expect(writer.stats.mode).toBe('spooling');
    await writer.write(T, lines(T, [21]), 1);
    await waitFor(() => sink.rows(T).length === 21, 5000, 'replayed again');
  });
});
