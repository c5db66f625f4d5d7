import PQueue from 'p-queue';
import { DeskpulseError, isDeskpulseError } from '../../schemas/errors.ts';
import type { InsertSink } from '../sink.ts';
import type { RawTable } from '../tables.ts';
import { errorFields, type WriterLogger } from './fs-util.ts';
import { Replayer } from './replayer.ts';
import { Spool, type SpoolRecordRef } from './spool.ts';

/*
 * Two modes.
 *
 * DIRECT: chunks wait in a per-table memory queue and go to the store in
 * batches; a chunk's promise resolves once the store has committed it.
 *
 * SPOOLING (an insert failed, or the store is slower than intake): every
 * chunk is appended to the disk spool and resolves once synced there, while
 * the replayer drains the spool into the store. When the spool is empty
 * again, back to DIRECT.
 *
 * Per-table order: a table has at most one insert in flight. At the switch to
 * spooling, everything not yet in the store is appended to the spool in
 * arrival order, before any later write: the failed batch, batches waiting
 * for their turn, queued chunks, and also batches whose insert is still
 * running. A running batch's copy is tentative: if its insert succeeds, the
 * replayer skips the copy (after a crash it is replayed, a duplicate the store
 * deduplicates by key); if it fails, the copy is already where it belongs.
 * The replayer starts only once running inserts have settled.
 */

export type WriterMode = 'direct' | 'spooling';

/** Hooks for metrics. Called synchronously; exceptions are logged and ignored. */
export interface BatchWriterObserver {
  /** A batch was committed by the store, directly or from the spool. */
  onFlush?(table: RawTable, rows: number, bytes: number, seconds: number): void;
  onInsertError?(table: RawTable, error: unknown): void;
  /** A chunk was synced to the spool. */
  onSpooled?(table: RawTable, bytes: number): void;
  /** A spooled batch was committed by the store. */
  onReplayed?(table: RawTable, bytes: number): void;
}

export interface BatchWriterOptions {
  /**
   * Write-ahead mode: every write is acknowledged once fsynced to the spool,
   * and the spool is replayed into the store in batches of up to
   * maxBatchBytes. Fewer, larger inserts; each event is written to disk twice.
   */
  spoolFirst?: boolean;
  spoolDir: string;
  /** A table's queue is sent at most this long after its first chunk arrived (1..1000). */
  flushIntervalMs: number;
  /** A table's queue is sent once it holds this many bytes. */
  maxBatchBytes: number;
  /** Bytes queued plus in flight in direct mode; a write beyond it switches to spooling. */
  maxQueueBytes: number;
  insertConcurrency: number;
  spoolMaxBytes: number;
  logger: WriterLogger;
  observer?: BatchWriterObserver;
  /** Replay retry backoff. Default: 100 ms, doubling up to 5 s. */
  replayBackoff?: { initialMs: number; maxMs: number };
  /** Spool segment size. Default 64 MiB. */
  spoolSegmentBytes?: number;
  /** Retry-After for INGEST_BACKPRESSURE. Default 5. */
  retryAfterSeconds?: number;
}

export interface BatchWriterStats {
  mode: WriterMode;
  /** Bytes waiting in memory queues. */
  queueBytes: number;
  /** Bytes of batches sent to the store and not yet committed or spooled. */
  inflightBytes: number;
  /** Unreplayed bytes in the spool (record headers included). */
  spoolBytes: number;
  /** Bytes being appended to the spool, not yet synced. */
  spoolPendingBytes: number;
  /** Payload bytes synced to the spool since open. */
  spooledTotalBytes: number;
  insertErrors: number;
  /** Poison batches plus corrupt spool parts moved to quarantine. */
  quarantinedBatches: number;
}

interface Chunk {
  readonly data: Buffer;
  readonly rows: number;
  readonly resolve: () => void;
  readonly reject: (err: unknown) => void;
}

/**
 * queued: cut, waiting for its turn. running: in the store's hands.
 * spooled: handed to the spool before it ran; it never will.
 */
type BatchState = 'queued' | 'running' | 'done' | 'failed' | 'spooled';

type AppendOutcome = { readonly ref: SpoolRecordRef } | { readonly error: unknown };

interface DirectBatch {
  readonly table: RawTable;
  readonly chunks: readonly Chunk[];
  readonly bytes: number;
  state: BatchState;
  /** The batch's chunks appended to the spool at the switch to spooling. */
  spoolCopy: Promise<AppendOutcome[]> | undefined;
  released: boolean;
}

interface Lane {
  readonly table: RawTable;
  chunks: Chunk[];
  bytes: number;
  timer: NodeJS.Timeout | undefined;
  /** Cut batches behind `current`, oldest first. */
  waiting: DirectBatch[];
  /** The batch handed to the insert queue; at most one per table. */
  current: DirectBatch | undefined;
}

const noop = (): void => undefined;

function notReady(): DeskpulseError {
  return new DeskpulseError('NOT_READY', 'the writer is closed');
}

/** Spool failures other than backpressure mean the data could not be made durable. */
function asWriteError(err: unknown): DeskpulseError {
  if (isDeskpulseError(err)) return err;
  const message = err instanceof Error ? err.message : String(err);
  return new DeskpulseError(
    'STORE_UNAVAILABLE',
    'the store is unavailable and the data could not be spooled',
    { reason: message },
    { cause: err },
  );
}

function refKey(ref: SpoolRecordRef): string {
  return `${ref.segment}:${ref.offset}`;
}

function checkOptions(opts: BatchWriterOptions): void {
  const rules: [keyof BatchWriterOptions, number, number][] = [
    ['flushIntervalMs', 1, 1000],
    ['maxBatchBytes', 1, Number.MAX_SAFE_INTEGER],
    ['maxQueueBytes', 1, Number.MAX_SAFE_INTEGER],
    ['insertConcurrency', 1, 1024],
    ['spoolMaxBytes', 1, Number.MAX_SAFE_INTEGER],
  ];
  for (const [name, min, max] of rules) {
    const value = opts[name];
    if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
      throw new DeskpulseError(
        'CONFIG_INVALID',
        `writer.${name} must be an integer in ${min}..${max}`,
        { setting: `writer.${name}` },
      );
    }
  }
}

export class BatchWriter {
  private mode: WriterMode = 'direct';
  private readonly lanes = new Map<RawTable, Lane>();
  private readonly inserts: PQueue;
  private readonly replayer: Replayer;
  /** Settles with each write; flush() waits for the ones present when it is called. */
  private readonly outstanding = new Set<Promise<void>>();
  /** Spool records whose data the store committed directly (tentative copies). */
  private readonly skipRefs = new Map<string, SpoolRecordRef>();
  private queueBytes = 0;
  private inflightBytes = 0;
  private runningBatches = 0;
  private runningIdle: (() => void)[] = [];
  private spooledTotalBytes = 0;
  private insertErrors = 0;
  private poisonBatches = 0;
  private closing: Promise<void> | undefined;

  private constructor(
    private readonly sink: InsertSink,
    private readonly spool: Spool,
    private readonly opts: BatchWriterOptions,
  ) {
    this.inserts = new PQueue({ concurrency: opts.insertConcurrency });
    this.replayer = new Replayer({
      spool,
      sink,
      logger: opts.logger,
      maxBatchBytes: opts.maxBatchBytes,
      backoff: opts.replayBackoff ?? { initialMs: 100, maxMs: 5000 },
      host: {
        directSettled: () => this.directSettled(),
        finishIfDrained: () => this.finishIfDrained(),
        isSkipped: (ref) => this.skipRefs.has(refKey(ref)),
        committed: (upTo) => {
          for (const [key, ref] of this.skipRefs) {
            if (
              ref.segment < upTo.segment ||
              (ref.segment === upTo.segment && ref.offset < upTo.offset)
            ) {
              this.skipRefs.delete(key);
            }
          }
        },
        insertFailed: (table, err) => {
          this.countInsertError(table, err);
        },
        replayed: (table, bytes, rows, seconds) => {
          this.notify((o) => o.onFlush?.(table, rows, bytes, seconds));
          this.notify((o) => o.onReplayed?.(table, bytes));
        },
        quarantined: () => {
          this.poisonBatches++;
        },
      },
    });
  }

  /**
   * Opens the spool (taking its LOCK). A spool left non-empty by a crash or an
   * outage puts the writer in spooling mode and is replayed in order.
   */
  static async open(sink: InsertSink, opts: BatchWriterOptions): Promise<BatchWriter> {
    checkOptions(opts);
    const spool = await Spool.open(opts.spoolDir, {
      maxBytes: opts.spoolMaxBytes,
      logger: opts.logger,
      ...(opts.spoolSegmentBytes === undefined ? {} : { segmentBytes: opts.spoolSegmentBytes }),
      ...(opts.retryAfterSeconds === undefined
        ? {}
        : { retryAfterSeconds: opts.retryAfterSeconds }),
    });
    const writer = new BatchWriter(sink, spool, opts);
    if (!spool.isEmpty || opts.spoolFirst === true) {
      writer.mode = 'spooling';
      writer.replayer.start();
    }
    return writer;
  }

  get stats(): BatchWriterStats {
    return {
      mode: this.mode,
      queueBytes: this.queueBytes,
      inflightBytes: this.inflightBytes,
      spoolBytes: this.spool.bytes,
      spoolPendingBytes: this.spool.pendingBytes,
      spooledTotalBytes: this.spooledTotalBytes,
      insertErrors: this.insertErrors,
      quarantinedBatches: this.poisonBatches + this.spool.quarantined,
    };
  }

  /**
   * Resolves once `chunk` (NDJSON rows of `table`, `rows` of them) is durable:
   * committed by the store or synced to the spool. Rejects with
   * INGEST_BACKPRESSURE when the spool is full, NOT_READY after close().
   */
  write(table: RawTable, chunk: Buffer, rows: number): Promise<void> {
    if (this.closing !== undefined) return Promise.reject(notReady());
    if (chunk.length === 0) return Promise.resolve();
    if (this.mode === 'direct') {
      if (this.queueBytes + this.inflightBytes + chunk.length <= this.opts.maxQueueBytes) {
        return this.track(this.enqueue(this.lane(table), chunk, rows));
      }
      this.enterSpooling('memory queue full: the store is slower than intake');
    }
    return this.track(this.appendToSpool(table, chunk).then(noop));
  }

  /**
   * Writes several chunks (one request's tables) all or nothing: either every
   * chunk is admitted, or the call rejects with INGEST_BACKPRESSURE before any
   * is, so a request is never half-stored.
   */
  writeAll(items: readonly { table: RawTable; ndjson: Buffer; rows: number }[]): Promise<void> {
    if (this.closing !== undefined) return Promise.reject(notReady());
    const total = items.reduce((sum, item) => sum + item.ndjson.length, 0);
    if (
      this.mode === 'direct' &&
      this.queueBytes + this.inflightBytes + total > this.opts.maxQueueBytes
    ) {
      this.enterSpooling('memory queue full: the store is slower than intake');
    }
    if (this.mode === 'spooling' && !this.spool.hasRoom(total)) {
      return Promise.reject(this.spool.backpressureError());
    }
    // Admission was decided for the whole set above, synchronously, so each
    // write below takes the same path.
    return Promise.all(items.map((item) => this.write(item.table, item.ndjson, item.rows))).then(
      noop,
    );
  }

  /** Whether a write of `bytes` would find room now; lets a request be refused before its body is read. */
  canAccept(bytes: number): boolean {
    if (this.closing !== undefined) return false;
    if (
      this.mode === 'direct' &&
      this.queueBytes + this.inflightBytes + bytes <= this.opts.maxQueueBytes
    ) {
      return true;
    }
    return this.spool.hasRoom(bytes);
  }

  /** Sends every memory queue now and waits until all chunks written so far are settled. */
  async flush(): Promise<void> {
    for (const lane of this.lanes.values()) this.cut(lane);
    await Promise.all(this.outstanding);
  }

  /**
   * Flushes, gives replay up to `drainTimeoutMs` to empty the spool into the
   * store (a graceful stop should leave ClickHouse complete when it is
   * healthy), then stops replay — what is left stays in the spool for the next
   * start — and closes the spool.
   */
  close(options: { drainTimeoutMs?: number } = {}): Promise<void> {
    this.closing ??= this.shutdown(options.drainTimeoutMs ?? 0);
    return this.closing;
  }

  private async shutdown(drainTimeoutMs: number): Promise<void> {
    await this.flush();
    const deadline = Date.now() + drainTimeoutMs;
    while (this.mode === 'spooling' && this.replayer.isRunning && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    await this.replayer.stop();
    await this.inserts.onIdle();
    await this.spool.close();
  }

  private track(write: Promise<void>): Promise<void> {
    const settled = write.then(noop, noop);
    this.outstanding.add(settled);
    void settled.then(() => this.outstanding.delete(settled));
    return write;
  }

  // ---- direct mode ----------------------------------------------------------

  private lane(table: RawTable): Lane {
    let lane = this.lanes.get(table);
    if (lane === undefined) {
      lane = { table, chunks: [], bytes: 0, timer: undefined, waiting: [], current: undefined };
      this.lanes.set(table, lane);
    }
    return lane;
  }

  private enqueue(lane: Lane, data: Buffer, rows: number): Promise<void> {
    if (lane.bytes > 0 && lane.bytes + data.length > this.opts.maxBatchBytes) this.cut(lane);
    return new Promise((resolve, reject) => {
      lane.chunks.push({ data, rows, resolve, reject });
      lane.bytes += data.length;
      this.queueBytes += data.length;
      if (lane.bytes >= this.opts.maxBatchBytes) {
        this.cut(lane);
      } else if (lane.current === undefined && lane.waiting.length === 0) {
        // Group commit: an idle table sends at once (after this turn of the
        // event loop, so chunks of the same turn travel together); while an
        // insert runs, what arrives waits for it and goes as the next batch.
        lane.timer ??= setTimeout(() => {
          lane.timer = undefined;
          this.cut(lane);
        }, 0);
      } else {
        lane.timer ??= setTimeout(() => {
          lane.timer = undefined;
          this.cut(lane);
        }, this.opts.flushIntervalMs);
      }
    });
  }

  /** Turns a table's memory queue into a batch behind the table's earlier ones. */
  private cut(lane: Lane): void {
    if (lane.timer !== undefined) {
      clearTimeout(lane.timer);
      lane.timer = undefined;
    }
    if (lane.chunks.length === 0) return;
    lane.waiting.push({
      table: lane.table,
      chunks: lane.chunks,
      bytes: lane.bytes,
      state: 'queued',
      spoolCopy: undefined,
      released: false,
    });
    this.queueBytes -= lane.bytes;
    this.inflightBytes += lane.bytes;
    lane.chunks = [];
    lane.bytes = 0;
    this.pump(lane);
  }

  private pump(lane: Lane): void {
    if (this.mode !== 'direct' || lane.current !== undefined) return;
    const batch = lane.waiting.shift();
    if (batch === undefined) return;
    lane.current = batch;
    this.runningBatches++;
    void this.inserts
      .add(() => this.runBatch(lane, batch))
      .then(noop, (err: unknown) => {
        // runBatch handles its errors; only a bug gets here.
        this.opts.logger.error({ table: lane.table, err: errorFields(err) }, 'insert task failed');
        for (const chunk of batch.chunks) chunk.reject(asWriteError(err));
        this.release(batch);
      });
  }

  private async runBatch(lane: Lane, batch: DirectBatch): Promise<void> {
    try {
      // A batch still queued at the switch to spooling went to the spool instead.
      if (batch.state !== 'queued') return;
      batch.state = 'running';
      const { table, chunks, bytes } = batch;
      const data =
        chunks.length === 1 && chunks[0] !== undefined
          ? chunks[0].data
          : Buffer.concat(
              chunks.map((c) => c.data),
              bytes,
            );
      const started = performance.now();
      let failure: { error: unknown } | undefined;
      try {
        await this.sink.insert(table, data);
      } catch (error) {
        failure = { error };
      }

      if (failure === undefined) {
        batch.state = 'done';
        const seconds = (performance.now() - started) / 1000;
        let rows = 0;
        for (const chunk of chunks) rows += chunk.rows;
        this.notify((o) => o.onFlush?.(table, rows, bytes, seconds));
        for (const chunk of chunks) chunk.resolve();
        // The store has it: a tentative spool copy must not be inserted again.
        for (const outcome of (await batch.spoolCopy) ?? []) {
          if ('ref' in outcome) this.skipRefs.set(refKey(outcome.ref), outcome.ref);
        }
        return;
      }

      batch.state = 'failed';
      this.countInsertError(table, failure.error);
      this.opts.logger.warn(
        { table, bytes, err: errorFields(failure.error) },
        'insert failed; spooling',
      );
      this.enterSpooling('insert failed'); // appends this batch first if not done yet
      const outcomes = (await batch.spoolCopy) ?? [];
      outcomes.forEach((outcome, i) => {
        if ('error' in outcome) chunks[i]?.reject(outcome.error);
      });
    } finally {
      if (batch.state !== 'spooled') this.release(batch);
      lane.current = undefined;
      this.runningBatches--;
      // What queued up during this insert is the next batch: send it now
      // rather than waiting for the flush timer.
      if (this.mode === 'direct' && lane.waiting.length === 0 && lane.chunks.length > 0) {
        this.cut(lane);
      }
      if (this.runningBatches === 0) {
        const waiters = this.runningIdle;
        this.runningIdle = [];
        for (const wake of waiters) wake();
      }
      this.pump(lane);
    }
  }

  private release(batch: DirectBatch): void {
    if (batch.released) return;
    batch.released = true;
    this.inflightBytes -= batch.bytes;
  }

  private directSettled(): Promise<void> {
    if (this.runningBatches === 0) return Promise.resolve();
    return new Promise((resolve) => this.runningIdle.push(resolve));
  }

  // ---- spooling mode --------------------------------------------------------

  /** Hands everything not yet in the store to the spool, in arrival order per table. */
  private enterSpooling(reason: string): void {
    if (this.mode === 'spooling') return;
    this.mode = 'spooling';
    this.opts.logger.warn(
      { reason, queueBytes: this.queueBytes, inflightBytes: this.inflightBytes },
      'writer switched to spooling',
    );
    for (const lane of this.lanes.values()) {
      if (lane.timer !== undefined) {
        clearTimeout(lane.timer);
        lane.timer = undefined;
      }
      const current = lane.current;
      if (current?.state === 'running') {
        current.spoolCopy = this.copyToSpool(current, false);
      } else if (current?.state === 'failed') {
        current.spoolCopy = this.copyToSpool(current, true);
      } else if (current?.state === 'queued') {
        this.takeOver(current);
      }
      for (const batch of lane.waiting) this.takeOver(batch);
      lane.waiting = [];
      for (const chunk of lane.chunks) {
        this.appendToSpool(lane.table, chunk.data).then(() => {
          chunk.resolve();
        }, chunk.reject);
      }
      this.queueBytes -= lane.bytes;
      lane.chunks = [];
      lane.bytes = 0;
    }
    this.replayer.start();
  }

  private takeOver(batch: DirectBatch): void {
    batch.state = 'spooled';
    batch.spoolCopy = this.copyToSpool(batch, true);
    void batch.spoolCopy.then(() => {
      this.release(batch);
    });
  }

  /**
   * Appends each chunk as its own record, so a poison chunk can be told from
   * its neighbours. A chunk resolves as soon as its copy is synced; a
   * tentative copy's failure is reported only if the insert fails too.
   */
  private copyToSpool(batch: DirectBatch, definitive: boolean): Promise<AppendOutcome[]> {
    return Promise.all(
      batch.chunks.map((chunk) =>
        this.appendToSpool(batch.table, chunk.data).then(
          (ref): AppendOutcome => {
            chunk.resolve();
            return { ref };
          },
          (error: unknown): AppendOutcome => {
            if (definitive) chunk.reject(error);
            return { error };
          },
        ),
      ),
    );
  }

  private finishIfDrained(): boolean {
    if (this.mode === 'direct') return true;
    if (this.opts.spoolFirst === true && this.closing === undefined) return false;
    const drained =
      this.spool.isEmpty && this.spool.pendingBytes === 0 && this.runningBatches === 0;
    if (!drained) return false;
    this.mode = 'direct';
    this.skipRefs.clear();
    this.opts.logger.info({}, 'spool drained; writing directly again');
    return true;
  }

  private async appendToSpool(table: RawTable, data: Buffer): Promise<SpoolRecordRef> {
    let ref: SpoolRecordRef;
    try {
      ref = await this.spool.appendRecord(table, data);
    } catch (err) {
      throw asWriteError(err);
    } finally {
      this.replayer.notifyData();
    }
    this.spooledTotalBytes += data.length;
    this.notify((o) => o.onSpooled?.(table, data.length));
    return ref;
  }

  // ---- helpers --------------------------------------------------------------

  private countInsertError(table: RawTable, err: unknown): void {
    this.insertErrors++;
    this.notify((o) => o.onInsertError?.(table, err));
  }

  private notify(call: (observer: BatchWriterObserver) => void): void {
    const { observer } = this.opts;
    if (observer === undefined) return;
    try {
      call(observer);
    } catch (err) {
      this.opts.logger.warn({ err: errorFields(err) }, 'writer observer threw');
    }
  }
}
