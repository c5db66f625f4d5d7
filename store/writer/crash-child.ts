import { BatchWriter } from './batch-writer.ts';
import { MemoryLogger } from './test-fixtures.ts';

/*
 * Child process for crash.test.ts: writes chunks as fast as it can while the
 * store is down (so every acknowledged chunk is in the spool), printing the id
 * of each acknowledged chunk, until the parent kills it with SIGKILL.
 */

const spoolDir = process.argv[2];
if (spoolDir === undefined) throw new Error('usage: crash-child.ts SPOOL_DIR');

const writer = await BatchWriter.open(
  { insert: () => Promise.reject(new Error('store down')) },
  {
    spoolDir,
    flushIntervalMs: 1,
    maxBatchBytes: 4096,
    maxQueueBytes: 64 * 1024,
    insertConcurrency: 2,
    spoolMaxBytes: 256 * 1024 * 1024,
    logger: new MemoryLogger(),
    replayBackoff: { initialMs: 60_000, maxMs: 60_000 },
  },
);

let next = 0;
function burst(): void {
  for (let i = 0; i < 50; i++) {
    const id = next++;
    const chunk = Buffer.from(`{"id":${id},"pad":"${'x'.repeat(id % 300)}"}\n`);
    writer.write('ticket_events', chunk, 1).then(
      () => process.stdout.write(`${id}\n`),
      () => undefined,
    );
  }
  setImmediate(burst);
}
process.stdout.write('ready\n');
burst();
