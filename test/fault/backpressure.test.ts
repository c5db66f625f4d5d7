import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ErrorBody, IngestResponse } from '../../schemas/api.ts';
import type { TicketEvent } from '../../schemas/ticket-event.ts';
import { FaultySink } from '../helpers/faulty-sink.ts';
import { ndjson, startTestServer, type TestServer } from '../helpers/server.ts';
import { queryRows } from '../helpers/store.ts';

const KiB = 1024;
let t: TestServer;
let sink: FaultySink | undefined;
let key: string;

beforeAll(async () => {
  t = await startTestServer({
    config: {
      writer: {
        flushIntervalMs: 20,
        maxBatchBytes: 64 * KiB,
        maxQueueBytes: 256 * KiB,
        insertConcurrency: 2,
        spoolMaxBytes: 2048 * KiB,
        spoolFirst: false,
      },
    },
    wrapSink: (inner) => (sink = new FaultySink(inner)),
  });
  key = await t.key('bp');
});

afterAll(async () => {
  await t.close();
});

function faulty(): FaultySink {
  if (sink === undefined) throw new Error('sink not wrapped');
  return sink;
}

let seq = 0;
function nextBatch(size: number): TicketEvent[] {
  return Array.from({ length: size }, () => {
    const n = seq++;
    return {
      event_id: `bp-${String(n).padStart(8, '0')}`,
      ticket_id: `BP-${Math.floor(n / 10)}`,
      type: 'created',
      occurred_at: '2026-03-02T08:00:00.000Z',
      attributes: { seq: String(n), pad: 'x'.repeat(200) },
    } satisfies TicketEvent;
  });
}

async function waitFor(condition: () => boolean, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** The seq numbers in the order ClickHouse received them. */
function committedSeqs(): number[] {
  return faulty().committed.flatMap(({ ndjson: buf }) =>
    buf
      .toString()
      .trimEnd()
      .split('\n')
      .map((line) => Number((JSON.parse(line) as { attributes: { seq: string } }).attributes.seq)),
  );
}

describe('backpressure', () => {
  it(
    'spools while the store fails, answers 429 only at the spool bound, replays in order after recovery',
    { timeout: 120_000 },
    async () => {
      faulty().mode = { kind: 'fail' };
      const acked: number[] = [];
      let backpressure: Response | undefined;
      let maxQueue = 0;
      const heapBefore = process.memoryUsage().heapUsed;
      for (let i = 0; i < 200 && backpressure === undefined; i++) {
        const events = nextBatch(100);
        const response = await t.post('/v1/tickets/events', key, ndjson(events));
        maxQueue = Math.max(
          maxQueue,
          t.runtime.writer.stats.queueBytes + t.runtime.writer.stats.inflightBytes,
        );
        if (response.status === 200) {
          expect(((await response.json()) as IngestResponse).accepted).toBe(100);
          acked.push(...events.map((e) => Number(e.attributes?.['seq'])));
        } else {
          expect(response.status).toBe(429);
          backpressure = response;
        }
      }
      expect(backpressure, 'the spool bound was never reached').toBeDefined();
      expect(backpressure?.headers.get('retry-after')).toMatch(/^\d+$/);
      expect(((await backpressure?.json()) as ErrorBody).error.code).toBe('INGEST_BACKPRESSURE');
      const stats = t.runtime.writer.stats;
      expect(stats.mode).toBe('spooling');
      // 429 only once the spool is (nearly) full: it holds at least 3/4 of its bound.
      expect(stats.spoolBytes).toBeGreaterThan(1536 * KiB);
      expect(stats.spoolBytes).toBeLessThanOrEqual(2048 * KiB);
      expect(maxQueue).toBeLessThanOrEqual(256 * KiB);
      expect(process.memoryUsage().heapUsed - heapBefore).toBeLessThan(100 * 1024 * KiB);
      expect(faulty().failures).toBeGreaterThan(0);

      faulty().mode = { kind: 'ok' };
      await waitFor(
        () => t.runtime.writer.stats.spoolBytes === 0 && t.runtime.writer.stats.mode === 'direct',
      );
      const seqs = committedSeqs();
      expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
      expect(new Set(seqs)).toEqual(new Set(acked));
      const [row] = await queryRows<{ n: number }>(
        t.runtime.store,
        `SELECT count() AS n FROM deskpulse.ticket_events FINAL WHERE tenant = 'bp'`,
      );
      expect(row?.n).toBe(acked.length);
    },
  );

  it(
    'a slow store keeps memory bounded: the queue overflows into the spool, nothing is lost',
    { timeout: 120_000 },
    async () => {
      faulty().committed.length = 0;
      faulty().mode = { kind: 'slow', ms: 150 };
      const acked = new Set<number>();
      let maxQueue = 0;
      const sampler = setInterval(() => {
        const s = t.runtime.writer.stats;
        maxQueue = Math.max(maxQueue, s.queueBytes + s.inflightBytes);
      }, 2);
      await Promise.all(
        Array.from({ length: 8 }, async () => {
          for (let i = 0; i < 10; i++) {
            const events = nextBatch(100);
            const response = await t.post('/v1/tickets/events', key, ndjson(events));
            if (response.status === 200)
              for (const e of events) acked.add(Number(e.attributes?.['seq']));
            else expect(response.status).toBe(429);
          }
        }),
      );
      clearInterval(sampler);
      expect(maxQueue).toBeLessThanOrEqual(256 * KiB);
      faulty().mode = { kind: 'ok' };
      await waitFor(
        () => t.runtime.writer.stats.spoolBytes === 0 && t.runtime.writer.stats.mode === 'direct',
      );
      const committed = new Set(committedSeqs());
      expect([...acked].filter((s) => !committed.has(s))).toEqual([]);
      expect(acked.size).toBeGreaterThan(0);
    },
  );
});
