import path from 'node:path';
import type { InsertSink } from '../sink.ts';
import { isRawTable, type RawTable } from '../tables.ts';
import { errorFields, fileTimestamp, writeNewFileDurably, type WriterLogger } from './fs-util.ts';
import { QUARANTINE_DIR, type Spool, type SpoolBatch, type SpoolRecordRef } from './spool.ts';

/*
 * Drains the spool into the sink in spool order, one batch at a time. A batch
 * the store refuses because of its content (poison) would block the spool
 * forever, so it is moved to quarantine; any other failure is retried with
 * exponential backoff.
 */

const POISON_MESSAGE = /CANNOT_PARSE|INCORRECT_DATA|TYPE_MISMATCH|CANNOT_READ/;
/** Matches CANNOT_READ but is a network failure, not bad data: worth retrying. */
const TRANSIENT_MESSAGE = /CANNOT_READ_FROM_SOCKET/;
/** Longest wait for news when the spool is empty but appends are on their way. */
const IDLE_POLL_MS = 1000;

/** True when the store rejected the data itself, so retrying cannot help. */
export function isPoisonError(err: unknown): boolean {
  const says = (text: unknown): boolean =>
    typeof text === 'string' && POISON_MESSAGE.test(text) && !TRANSIENT_MESSAGE.test(text);
  if (typeof err !== 'object' || err === null) return says(err);
  if ('poison' in err && err.poison === true) return true;
  // @clickhouse/client errors carry the ClickHouse error name in `type`.
  const { message, type } = err as { message?: unknown; type?: unknown };
  return says(message) || says(type);
}

/** Rows in NDJSON: one per newline, plus an unterminated last line. */
export function countRows(ndjson: Buffer): number {
  let rows = 0;
  for (let i = ndjson.indexOf(10); i !== -1; i = ndjson.indexOf(10, i + 1)) rows++;
  if (ndjson.length > 0 && ndjson[ndjson.length - 1] !== 10) rows++;
  return rows;
}

export interface ReplayHost {
  /** Resolves once no direct insert is in flight, so replay never overtakes one. */
  directSettled(): Promise<void>;
  /** Returns to direct mode if nothing is left to replay or on its way into the spool. */
  finishIfDrained(): boolean;
  /** Records the store already has (see BatchWriter.enterSpooling). */
  isSkipped(ref: SpoolRecordRef): boolean;
  /** The cursor moved past everything before `upTo`. */
  committed(upTo: SpoolRecordRef): void;
  insertFailed(table: RawTable, err: unknown): void;
  replayed(table: RawTable, payloadBytes: number, rows: number, seconds: number): void;
  quarantined(table: string): void;
}

export interface ReplayerOptions {
  spool: Spool;
  sink: InsertSink;
  logger: WriterLogger;
  maxBatchBytes: number;
  backoff: { initialMs: number; maxMs: number };
  host: ReplayHost;
}

type Outcome = 'done' | 'retry' | 'isolate';

export class Replayer {
  private running = false;
  private stopped = false;
  private done: Promise<void> = Promise.resolve();
  private restartTimer: NodeJS.Timeout | undefined;
  private readonly dataWaiters = new Set<() => void>();
  private readonly stopWaiters = new Set<() => void>();

  constructor(private readonly opts: ReplayerOptions) {}

  get isRunning(): boolean {
    return this.running;
  }

  start(): void {
    if (this.running || this.stopped) return;
    this.running = true;
    this.done = this.loop().catch((err: unknown) => {
      // Only a bug gets here; never leave spooled data without a replayer.
      this.running = false;
      this.opts.logger.error({ err: errorFields(err) }, 'spool replay crashed; restarting');
      if (!this.stopped) {
        this.restartTimer = setTimeout(() => {
          this.restartTimer = undefined;
          this.start();
        }, this.opts.backoff.maxMs);
      }
    });
  }

  /** Wakes a replayer waiting for appends to land. */
  notifyData(): void {
    for (const wake of this.dataWaiters) wake();
  }

  /** Stops after the batch in progress; the rest stays in the spool. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.restartTimer !== undefined) clearTimeout(this.restartTimer);
    for (const wake of this.stopWaiters) wake();
    await this.done;
  }

  private async loop(): Promise<void> {
    const { spool, maxBatchBytes, backoff, host } = this.opts;
    await this.untilStopped(host.directSettled());
    const skip = (ref: SpoolRecordRef): boolean => host.isSkipped(ref);
    let delay = backoff.initialMs;
    // After a poison batch, replay its records one by one to find the bad one.
    let isolate = 0;
    while (!this.stopped) {
      let outcome: Outcome;
      try {
        const batch = await spool.readBatch(isolate > 0 ? 1 : maxBatchBytes, skip);
        if (batch === undefined) {
          if (host.finishIfDrained()) {
            this.running = false;
            return;
          }
          await this.sleep(IDLE_POLL_MS, true);
          continue;
        }
        outcome = await this.replay(batch);
        if (outcome === 'isolate') isolate = batch.records;
        else if (outcome === 'done' && isolate > 0 && batch.records > 0) isolate--;
      } catch (err) {
        this.opts.logger.error({ err: errorFields(err) }, 'spool replay step failed; retrying');
        outcome = 'retry';
      }
      if (outcome === 'retry') {
        await this.sleep(delay, false);
        delay = Math.min(delay * 2, backoff.maxMs);
      } else {
        delay = backoff.initialMs;
      }
    }
    this.running = false;
  }

  private async replay(batch: SpoolBatch): Promise<Outcome> {
    const { sink, host, logger } = this.opts;
    const { table } = batch;
    if (batch.records === 0) {
      await this.commit(batch);
      return 'done';
    }
    if (!isRawTable(table)) return this.quarantine(batch, new Error(`unknown table "${table}"`));
    const started = performance.now();
    try {
      await sink.insert(table, batch.payload);
    } catch (err) {
      if (isPoisonError(err)) {
        if (batch.records > 1) {
          logger.warn(
            { table, records: batch.records, err: errorFields(err) },
            'store rejected a spooled batch as invalid; replaying its records one by one',
          );
          return 'isolate';
        }
        return this.quarantine(batch, err);
      }
      host.insertFailed(table, err);
      logger.warn(
        { table, bytes: batch.payload.length, err: errorFields(err) },
        'spool replay insert failed; will retry',
      );
      return 'retry';
    }
    const seconds = (performance.now() - started) / 1000;
    await this.commit(batch);
    host.replayed(table, batch.payload.length, countRows(batch.payload), seconds);
    return 'done';
  }

  private async quarantine(batch: SpoolBatch, reason: unknown): Promise<Outcome> {
    const { spool, host, logger } = this.opts;
    const safeTable = batch.table.replace(/[^A-Za-z0-9_-]/g, '_');
    let file: string;
    try {
      file = await writeNewFileDurably(
        path.join(spool.dir, QUARANTINE_DIR),
        `${fileTimestamp()}-${safeTable}`,
        '.ndjson',
        batch.payload,
      );
    } catch (err) {
      logger.error({ table: batch.table, err: errorFields(err) }, 'cannot write quarantine file');
      return 'retry';
    }
    await this.commit(batch);
    host.quarantined(batch.table);
    logger.error(
      {
        table: batch.table,
        bytes: batch.payload.length,
        rows: countRows(batch.payload),
        file,
        err: errorFields(reason),
      },
      'store rejected spooled data as invalid; moved it to quarantine and continued',
    );
    return 'done';
  }

  private async commit(batch: SpoolBatch): Promise<void> {
    await this.opts.spool.commit(batch.handle);
    this.opts.host.committed({ segment: batch.handle.segment, offset: batch.handle.end });
  }

  private untilStopped(wait: Promise<void>): Promise<void> {
    if (this.stopped) return Promise.resolve();
    return new Promise((resolve) => {
      const wake = (): void => {
        this.stopWaiters.delete(wake);
        resolve();
      };
      this.stopWaiters.add(wake);
      wait.then(wake, wake);
    });
  }

  /** Waits `ms`, or less if stopped (or, with `onData`, if appends land). */
  private sleep(ms: number, onData: boolean): Promise<void> {
    if (this.stopped) return Promise.resolve();
    return new Promise((resolve) => {
      const wake = (): void => {
        clearTimeout(timer);
        this.dataWaiters.delete(wake);
        this.stopWaiters.delete(wake);
        resolve();
      };
      const timer = setTimeout(wake, ms);
      this.stopWaiters.add(wake);
      if (onData) this.dataWaiters.add(wake);
    });
  }
}
