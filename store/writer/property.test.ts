import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { RawTable } from '../tables.ts';
import { BatchWriter } from './batch-writer.ts';
import { FakeSink, MemoryLogger, lines, sleep, tempDir, waitFor } from './test-fixtures.ts';

const TABLES: readonly RawTable[] = ['ticket_events', 'endpoint_samples'];

type Step =
  | { kind: 'write'; table: 0 | 1; rows: number }
  | { kind: 'toggle' }
  | { kind: 'sleep'; ms: number }
  | { kind: 'flush' };

const step: fc.Arbitrary<Step> = fc.oneof(
  {
    weight: 6,
    arbitrary: fc.record({
      kind: fc.constant('write' as const),
      table: fc.constantFrom(0 as const, 1 as const),
      rows: fc.integer({ min: 1, max: 3 }),
    }),
  },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('toggle' as const) }) },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('sleep' as const),
      ms: fc.integer({ min: 0, max: 6 }),
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('flush' as const) }) },
);

const settings = fc.record({
  flushIntervalMs: fc.integer({ min: 1, max: 8 }),
  maxBatchBytes: fc.integer({ min: 40, max: 300 }),
  maxQueueBytes: fc.constantFrom(120, 400, 100_000),
  insertConcurrency: fc.integer({ min: 1, max: 3 }),
  /** Per attempt, cycled: insert time in ms, and whether it fails. */
  sinkDelays: fc.array(fc.integer({ min: 0, max: 12 }), { minLength: 1, maxLength: 8 }),
  flaky: fc.array(fc.boolean(), { minLength: 1, maxLength: 8 }),
});

describe('BatchWriter property', () => {
  it('delivers every written chunk exactly once, in per-table order, whatever the sink does', async () => {
    await fc.assert(
      fc.asyncProperty(settings, fc.array(step, { maxLength: 40 }), async (config, steps) => {
        const { dir, cleanup } = await tempDir();
        const sink = new FakeSink();
        let healthy = false;
        sink.delayFor = (n) => config.sinkDelays[n % config.sinkDelays.length] ?? 0;
        sink.failWhen = (n) => !healthy && config.flaky[n % config.flaky.length] === true;
        const writer = await BatchWriter.open(sink, {
          spoolDir: path.join(dir, 'spool'),
          flushIntervalMs: config.flushIntervalMs,
          maxBatchBytes: config.maxBatchBytes,
          maxQueueBytes: config.maxQueueBytes,
          insertConcurrency: config.insertConcurrency,
          spoolMaxBytes: 64 * 1024 * 1024,
          logger: new MemoryLogger(),
          replayBackoff: { initialMs: 1, maxMs: 4 },
        });
        try {
          const written: string[][] = [[], []];
          const writes: Promise<void>[] = [];
          let nextId = 0;
          for (const s of steps) {
            if (s.kind === 'write') {
              const table = TABLES[s.table] ?? 'ticket_events';
              const ids = Array.from({ length: s.rows }, () => nextId++);
              written[s.table]?.push(...lines(table, ids).toString().trimEnd().split('\n'));
              writes.push(writer.write(table, lines(table, ids), s.rows));
            } else if (s.kind === 'toggle') {
              sink.failing = !sink.failing;
            } else if (s.kind === 'sleep') {
              await sleep(s.ms);
            } else {
              await writer.flush();
            }
            const { queueBytes, inflightBytes } = writer.stats;
            expect(queueBytes + inflightBytes).toBeLessThanOrEqual(config.maxQueueBytes);
          }
          sink.failing = false;
          healthy = true;
          await Promise.all(writes);
          await waitFor(
            () => writer.stats.mode === 'direct' && writer.stats.spoolBytes === 0,
            5000,
            'spool drained',
          );
          await writer.flush();
          TABLES.forEach((table, i) => {
            expect(sink.rows(table)).toEqual(written[i]);
          });
        } finally {
          sink.failing = false;
          await writer.close();
          await cleanup();
        }
      }),
      { numRuns: 80 },
    );
  }, 60_000);
});
