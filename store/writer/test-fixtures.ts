import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { InsertSink } from '../sink.ts';
import type { RawTable } from '../tables.ts';
import type { WriterLogger } from './fs-util.ts';

/* Test doubles shared by the writer tests. Not used by production code. */

export interface LogEntry {
  level: 'info' | 'warn' | 'error';
  obj: object;
  msg: string;
}

export class MemoryLogger implements WriterLogger {
  readonly entries: LogEntry[] = [];
  info(obj: object, msg: string): void {
    this.entries.push({ level: 'info', obj, msg });
  }
  warn(obj: object, msg: string): void {
    this.entries.push({ level: 'warn', obj, msg });
  }
  error(obj: object, msg: string): void {
    this.entries.push({ level: 'error', obj, msg });
  }
  at(level: LogEntry['level']): LogEntry[] {
    return this.entries.filter((e) => e.level === level);
  }
}

export class PoisonError extends Error {
  readonly poison = true;
}

/**
 * Records successful inserts. A failed insert applies nothing. Switches:
 * `failing` (every insert throws), `failWhen` (attempt n throws),
 * `delayMs` / `delayFor` (how long an insert takes), `isPoison` (inserts
 * whose data matches throw a poison error).
 */
export class FakeSink implements InsertSink {
  readonly inserts: { table: RawTable; data: string }[] = [];
  failing = false;
  delayMs = 0;
  attempts = 0;
  inFlight = 0;
  maxInFlight = 0;
  isPoison: (data: string) => boolean = () => false;
  failWhen: (attempt: number) => boolean = () => false;
  delayFor: (attempt: number) => number = () => this.delayMs;

  async insert(table: RawTable, ndjson: Buffer): Promise<void> {
    const attempt = this.attempts++;
    this.inFlight++;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    try {
      const delay = this.delayFor(attempt);
      if (delay > 0) await sleep(delay);
      const data = ndjson.toString('utf8');
      if (this.failing || this.failWhen(attempt)) throw new Error('ECONNREFUSED: store down');
      if (this.isPoison(data)) throw new PoisonError('Code: 27. DB::Exception: CANNOT_PARSE_INPUT');
      this.inserts.push({ table, data });
    } finally {
      this.inFlight--;
    }
  }

  /** Every row received for `table`, in arrival order. */
  rows(table?: RawTable): string[] {
    return this.inserts
      .filter((i) => table === undefined || i.table === table)
      .flatMap((i) => i.data.split('\n').filter((line) => line !== ''));
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

export async function waitFor(
  condition: () => boolean,
  timeoutMs = 5000,
  what = 'condition',
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(5);
  }
}

export async function tempDir(): Promise<{ dir: string; cleanup: () => Promise<void> }> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'deskpulse-writer-'));
  return { dir, cleanup: () => rm(dir, { recursive: true, force: true }) };
}

/** One NDJSON line per id. */
export function lines(table: string, ids: readonly number[]): Buffer {
  return Buffer.from(ids.map((id) => `{"t":"${table}","id":${id}}\n`).join(''));
}
