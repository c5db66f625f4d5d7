import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BatchWriter } from './batch-writer.ts';
import { FakeSink, MemoryLogger, tempDir, waitFor } from './test-fixtures.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
const RUN_TS = path.join(here, '../../bin/run-ts.js');
const CHILD = path.join(here, 'crash-child.ts');

let dir: string;
let cleanup: () => Promise<void>;

beforeEach(async () => {
  ({ dir, cleanup } = await tempDir());
});

afterEach(async () => {
  await cleanup();
});

/** Runs the child until it has acknowledged `count` chunks, then SIGKILLs it. */
function runAndKill(spoolDir: string, count: number): Promise<Set<number>> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [RUN_TS, CHILD, spoolDir], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const acked = new Set<number>();
    let buffered = '';
    let stderr = '';
    child.stdout.setEncoding('utf8');
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (text: string) => (stderr += text));
    child.stdout.on('data', (text: string) => {
      buffered += text;
      const lines = buffered.split('\n');
      buffered = lines.pop() ?? '';
      for (const line of lines) {
        if (/^\d+$/.test(line)) acked.add(Number(line));
      }
      if (acked.size >= count && child.exitCode === null) child.kill('SIGKILL');
    });
    child.on('error', reject);
    child.on('exit', (_code, signal) => {
      if (signal === 'SIGKILL') resolve(acked);
      else reject(new Error(`child exited without being killed: ${stderr}`));
    });
  });
}

describe('BatchWriter crash safety', () => {
  it('keeps every acknowledged chunk across a SIGKILL', async () => {
    const spoolDir = path.join(dir, 'spool');
    const acked = await runAndKill(spoolDir, 3000);
    expect(acked.size).toBeGreaterThanOrEqual(3000);

    const sink = new FakeSink();
    // The dead child's LOCK is stale and is taken over.
    const writer = await BatchWriter.open(sink, {
      spoolDir,
      flushIntervalMs: 5,
      maxBatchBytes: 1024 * 1024,
      maxQueueBytes: 4 * 1024 * 1024,
      insertConcurrency: 2,
      spoolMaxBytes: 256 * 1024 * 1024,
      logger: new MemoryLogger(),
    });
    try {
      await waitFor(() => writer.stats.mode === 'direct', 10_000, 'replay after crash');
      const ids = sink.rows('ticket_events').map((row) => (JSON.parse(row) as { id: number }).id);
      const seen = new Set(ids);
      const lost = [...acked].filter((id) => !seen.has(id));
      expect(lost).toEqual([]);
      // Spool order is write order.
      expect(ids).toEqual([...ids].sort((a, b) => a - b));
    } finally {
      await writer.close();
    }
  }, 30_000);
});
