import { mkdir, open, readdir, stat, unlink, type FileHandle } from 'node:fs/promises';
import path from 'node:path';
import { DeskpulseError } from '../../schemas/errors.ts';
import { readCursor, writeCursor, type SpoolPosition } from './cursor.ts';
import {
  errnoCode,
  errorFields,
  fsyncDir,
  readAt,
  writeAll,
  type WriterLogger,
} from './fs-util.ts';
import { acquireDirLock, type DirLock } from './lock.ts';
import { RecordReader } from './record-reader.ts';
import { quarantineCorruptPart, repairSegment } from './spool-recovery.ts';
import { FIXED_HEADER_BYTES, MAX_TABLE_NAME_BYTES, encodeRecord } from './spool-format.ts';

/*
 * An append-only log of records in numbered segment files, plus a replay
 * cursor. Durability rules:
 *  - append() resolves only after the bytes are written and fdatasync'ed, and
 *    after the directory was synced if the record opened a new segment;
 *  - readers see only synced bytes, so they never meet a half-written record;
 *  - the cursor is written without sync: losing it replays records again, and
 *    the store deduplicates rows by key.
 */

const MiB = 1024 * 1024;
const SEGMENT_NAME = /^(\d{12})\.seg$/;
export const QUARANTINE_DIR = 'quarantine';
/** Table names are short; this keeps room estimates on the safe side. */
const TYPICAL_HEADER_BYTES = FIXED_HEADER_BYTES + 32;

export interface SpoolOptions {
  /** Unreplayed bytes (headers included) the spool may hold, counting appends in progress. */
  maxBytes: number;
  /** A segment is closed once the next record would take it past this size. Default 64 MiB. */
  segmentBytes?: number;
  /** Put in INGEST_BACKPRESSURE errors. Default 5. */
  retryAfterSeconds?: number;
  logger: WriterLogger;
  /** Called once per group commit (one write + one fdatasync per segment touched). */
  onGroupCommit?: (commit: { records: number; bytes: number }) => void;
}

/** Where a batch returned by readBatch ends; hand it back to commit(). */
export interface SpoolHandle {
  readonly segment: number;
  readonly start: number;
  readonly end: number;
}

/** Where one record starts. */
export interface SpoolRecordRef {
  readonly segment: number;
  readonly offset: number;
}

export interface SpoolBatch {
  readonly table: string;
  /** The payloads of `records` consecutive records of `table`, concatenated. */
  readonly payload: Buffer;
  /** 0 when every record in the range was skipped: commit it without inserting. */
  readonly records: number;
  /** Records passed over because the `skip` predicate of readBatch said so. */
  readonly skipped: number;
  readonly handle: SpoolHandle;
}

interface ActiveSegment {
  readonly id: number;
  readonly handle: FileHandle;
  /** Bytes written so far; equal to the synced size between group commits. */
  size: number;
}

interface PendingAppend {
  readonly record: Buffer;
  /** Set once the record has a place in a segment. */
  ref?: SpoolRecordRef;
  readonly resolve: (ref: SpoolRecordRef) => void;
  readonly reject: (err: unknown) => void;
}

export function segmentFileName(id: number): string {
  return `${String(id).padStart(12, '0')}.seg`;
}

export class Spool {
  private readonly maxBytes: number;
  private readonly segmentBytes: number;
  private readonly retryAfterSeconds: number;
  private readonly logger: WriterLogger;
  private readonly onGroupCommit: SpoolOptions['onGroupCommit'];
  private readonly quarantineDir: string;

  /** Segment id → bytes a reader may read (synced), in ascending id order. */
  private readonly segments = new Map<number, number>();
  private nextId = 1;
  private active: ActiveSegment | undefined;
  private cursor: SpoolPosition = { segment: 0, offset: 0 };
  private unreplayed = 0;

  private pending: PendingAppend[] = [];
  private pendingRecordBytes = 0;
  private flushing: Promise<void> | undefined;
  private closed = false;
  private quarantinedParts = 0;

  private constructor(
    readonly dir: string,
    opts: SpoolOptions,
    private readonly lock: DirLock,
  ) {
    this.maxBytes = opts.maxBytes;
    this.segmentBytes = opts.segmentBytes ?? 64 * MiB;
    this.retryAfterSeconds = opts.retryAfterSeconds ?? 5;
    this.logger = opts.logger;
    this.onGroupCommit = opts.onGroupCommit;
    this.quarantineDir = path.join(dir, QUARANTINE_DIR);
  }

  /** Opens (creating if needed) and recovers the spool in `dir`; holds its LOCK until close(). */
  static async open(dir: string, opts: SpoolOptions): Promise<Spool> {
    if (!(opts.maxBytes > 0)) throw new RangeError('spool maxBytes must be positive');
    if (opts.segmentBytes !== undefined && !(opts.segmentBytes > 0)) {
      throw new RangeError('spool segmentBytes must be positive');
    }
    await mkdir(path.join(dir, QUARANTINE_DIR), { recursive: true });
    // The directories may be new: make their entries survive a crash too.
    await fsyncDir(dir);
    await fsyncDir(path.dirname(path.resolve(dir)));
    const lock = await acquireDirLock(dir, opts.logger);
    try {
      const spool = new Spool(dir, opts, lock);
      await spool.recover();
      return spool;
    } catch (err) {
      await lock.release();
      throw err;
    }
  }

  /** Unreplayed bytes on disk (headers included); excludes appends not yet synced. */
  get bytes(): number {
    return this.unreplayed;
  }

  /** Bytes of appends accepted but not yet synced. */
  get pendingBytes(): number {
    return this.pendingRecordBytes;
  }

  get isEmpty(): boolean {
    return this.unreplayed === 0;
  }

  /** Parts of segments moved to quarantine because a record failed its checksum. */
  get quarantined(): number {
    return this.quarantinedParts;
  }

  /** Whether an append of `payloadBytes` would be accepted now (header estimated). */
  hasRoom(payloadBytes: number): boolean {
    return this.fits(payloadBytes + TYPICAL_HEADER_BYTES);
  }

  backpressureError(): DeskpulseError {
    return new DeskpulseError(
      'INGEST_BACKPRESSURE',
      `the spool is full (${this.unreplayed + this.pendingRecordBytes} of ${this.maxBytes} bytes) while the store catches up`,
      { retryAfterSeconds: this.retryAfterSeconds },
    );
  }

  /**
   * Appends one record. Appends made while a group commit is running (or in
   * the same tick) share the next write and fdatasync; all resolve after it.
   */
  async append(table: string, payload: Buffer): Promise<void> {
    await this.appendRecord(table, payload);
  }

  /** append() that also tells where the record landed, for readBatch's `skip`. */
  appendRecord(table: string, payload: Buffer): Promise<SpoolRecordRef> {
    if (this.closed) return Promise.reject(new DeskpulseError('NOT_READY', 'the spool is closed'));
    let record: Buffer;
    try {
      record = encodeRecord(table, payload);
    } catch (err) {
      return Promise.reject(err instanceof Error ? err : new Error(String(err)));
    }
    if (!this.fits(record.length)) return Promise.reject(this.backpressureError());
    this.pendingRecordBytes += record.length;
    const done = new Promise<SpoolRecordRef>((resolve, reject) => {
      this.pending.push({ record, resolve, reject });
    });
    this.flushing ??= this.flushLoop();
    return done;
  }

  /**
   * The next unreplayed records of one table, concatenated: as many
   * consecutive records of that table as fit in `maxBytes` of payload, and
   * always at least one. Records for which `skip` returns true are passed
   * over (whatever their table) but still covered by the handle. Undefined
   * when nothing synced is left. Reading does not move the cursor; commit() does.
   */
  async readBatch(
    maxBytes: number,
    skip?: (ref: SpoolRecordRef) => boolean,
  ): Promise<SpoolBatch | undefined> {
    this.assertOpen();
    for (;;) {
      const start = this.firstUnread();
      if (start === undefined) return undefined;
      const { segment, offset, end } = start;
      const handle = await open(this.segmentPath(segment), 'r');
      try {
        const reader = new RecordReader(handle, end, Math.max(maxBytes, 0) + 64 * 1024);
        let table: string | undefined;
        let skippedTable: string | undefined;
        let skipped = 0;
        const payloads: Buffer[] = [];
        let payloadBytes = 0;
        let pos = offset;
        while (pos < end) {
          const room = maxBytes - payloadBytes;
          if (table !== undefined && room <= 0) break;
          const limit =
            table === undefined ? Infinity : room + FIXED_HEADER_BYTES + MAX_TABLE_NAME_BYTES;
          const record = await reader.at(pos, limit);
          if (record.kind !== 'ok') {
            // A bad record, or one too big to join this batch, waits for the next call.
            if (pos > offset) break;
            const reason =
              record.kind === 'corrupt' ? record.reason : 'record runs past the segment end';
            await this.quarantineRest(handle, segment, offset, end, reason);
            break;
          }
          if (skip?.({ segment, offset: pos }) === true) {
            skipped++;
            skippedTable ??= record.table;
          } else if (table === undefined) {
            table = record.table;
            payloads.push(record.payload);
            payloadBytes += record.payload.length;
          } else if (record.table === table && record.payload.length <= room) {
            payloads.push(record.payload);
            payloadBytes += record.payload.length;
          } else {
            break;
          }
          pos += record.size;
        }
        if (pos === offset) continue; // quarantined; look again
        const [only] = payloads;
        return {
          table: table ?? skippedTable ?? '',
          payload:
            payloads.length === 1 && only !== undefined
              ? only
              : Buffer.concat(payloads, payloadBytes),
          records: payloads.length,
          skipped,
          handle: { segment, start: offset, end: pos },
        };
      } finally {
        await handle.close();
      }
    }
  }

  /**
   * Marks a batch from readBatch as replayed: moves the cursor past it,
   * persists the cursor and deletes fully replayed segments. A stale handle
   * (already committed) is ignored. Failing to persist the cursor is logged,
   * not thrown: it can only cause a replay to repeat.
   */
  async commit(handle: SpoolHandle): Promise<void> {
    this.assertOpen();
    const { segment, start, end } = handle;
    if (
      segment < this.cursor.segment ||
      (segment === this.cursor.segment && end <= this.cursor.offset)
    ) {
      return;
    }
    await this.advance({ segment, offset: end }, end - start);
  }

  /** Waits for appends in progress, then releases the files and the LOCK. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.flushing;
    const active = this.active;
    this.active = undefined;
    try {
      await active?.handle.close();
    } finally {
      await this.lock.release();
    }
  }

  // ---- recovery -------------------------------------------------------------

  private async recover(): Promise<void> {
    const ids = (await readdir(this.dir))
      .map((name) => SEGMENT_NAME.exec(name)?.[1])
      .filter((digits) => digits !== undefined)
      .map(Number)
      .sort((a, b) => a - b);

    const cursor = await readCursor(this.dir, this.logger);
    if (cursor) this.cursor = cursor;

    const live: number[] = [];
    for (const id of ids) {
      if (id < this.cursor.segment) {
        // Replayed before a crash stopped commit() from deleting it.
        await unlink(this.segmentPath(id)).catch((err: unknown) => {
          this.logger.warn(
            { segment: id, err: errorFields(err) },
            'replayed spool segment not deleted',
          );
        });
      } else {
        live.push(id);
      }
    }
    const sizes = await Promise.all(
      live.map(async (id) => (await stat(this.segmentPath(id))).size),
    );

    const lastIndex = live.length - 1;
    const lastId = live[lastIndex];
    const lastSize = sizes[lastIndex];
    if (lastId !== undefined && lastSize !== undefined) {
      const from = lastId === this.cursor.segment ? Math.min(this.cursor.offset, lastSize) : 0;
      // Only the last segment can have been cut short by a crash.
      sizes[lastIndex] = await repairSegment(
        this.segmentPath(lastId),
        from,
        lastSize,
        this.logger,
        (offset, data, reason) => this.saveQuarantine(data, lastId, offset, reason),
      );
    }

    live.forEach((id, i) => {
      const size = sizes[i] ?? 0;
      this.segments.set(id, size);
      if (id === this.cursor.segment) this.cursor.offset = Math.min(this.cursor.offset, size);
      this.unreplayed += id === this.cursor.segment ? size - this.cursor.offset : size;
    });
    this.nextId = Math.max((lastId ?? 0) + 1, this.cursor.segment + 1);
    if (this.unreplayed > 0) {
      this.logger.info(
        { spoolDir: this.dir, bytes: this.unreplayed, segments: live.length },
        'spool holds unreplayed records',
      );
    }
  }

  // ---- replay ---------------------------------------------------------------

  private firstUnread(): { segment: number; offset: number; end: number } | undefined {
    for (const [segment, size] of this.segments) {
      if (segment < this.cursor.segment) continue;
      const offset = segment === this.cursor.segment ? this.cursor.offset : 0;
      if (offset < size) return { segment, offset, end: size };
    }
    return undefined;
  }

  private async quarantineRest(
    handle: FileHandle,
    segment: number,
    offset: number,
    end: number,
    reason: string,
  ): Promise<void> {
    const rest = await readAt(handle, offset, end - offset);
    await this.saveQuarantine(rest, segment, offset, reason);
    await this.advance({ segment, offset: end }, end - offset);
  }

  private async saveQuarantine(
    data: Buffer,
    segment: number,
    offset: number,
    reason: string,
  ): Promise<void> {
    await quarantineCorruptPart(
      {
        quarantineDir: this.quarantineDir,
        segmentName: segmentFileName(segment),
        segment,
        offset,
        data,
        reason,
      },
      this.logger,
    );
    this.quarantinedParts++;
  }

  private async advance(to: SpoolPosition, replayedBytes: number): Promise<void> {
    this.cursor = to;
    this.unreplayed -= replayedBytes;
    try {
      await writeCursor(this.dir, to);
    } catch (err) {
      // Keep the segments: the cursor on disk may still point into them.
      this.logger.warn({ spoolDir: this.dir, err: errorFields(err) }, 'spool cursor not saved');
      return;
    }
    await this.dropReplayedSegments();
  }

  private async dropReplayedSegments(): Promise<void> {
    for (const [id, size] of this.segments) {
      const replayed =
        id < this.cursor.segment || (id === this.cursor.segment && this.cursor.offset >= size);
      if (!replayed) return;
      const active = this.active;
      if (active?.id === id) {
        // Retire a fully replayed active segment only while no append uses it;
        // the next append opens a new one.
        if (this.flushing !== undefined || active.size > size) return;
        this.active = undefined;
      }
      this.segments.delete(id);
      try {
        if (active?.id === id) await active.handle.close();
        await unlink(this.segmentPath(id));
      } catch (err) {
        this.logger.warn(
          { spoolDir: this.dir, segment: id, err: errorFields(err) },
          'replayed spool segment not deleted',
        );
      }
    }
  }

  // ---- appends --------------------------------------------------------------

  private fits(recordBytes: number): boolean {
    return this.unreplayed + this.pendingRecordBytes + recordBytes <= this.maxBytes;
  }

  private async flushLoop(): Promise<void> {
    // Appends made in the same tick as the first one join its group.
    await Promise.resolve();
    try {
      while (this.pending.length > 0) {
        const group = this.pending;
        this.pending = [];
        let bytes = 0;
        for (const p of group) bytes += p.record.length;
        try {
          await this.writeGroup(group);
        } catch (err) {
          this.pendingRecordBytes -= bytes;
          this.logger.error({ spoolDir: this.dir, err: errorFields(err) }, 'spool write failed');
          for (const p of group) p.reject(err);
          continue;
        }
        this.pendingRecordBytes -= bytes;
        for (const p of group) {
          if (p.ref) p.resolve(p.ref);
          else p.reject(new Error('spool record written without a position'));
        }
        try {
          this.onGroupCommit?.({ records: group.length, bytes });
        } catch {
          // An observer must not break the spool.
        }
      }
    } finally {
      this.flushing = undefined;
    }
  }

  private async writeGroup(group: readonly PendingAppend[]): Promise<void> {
    let i = 0;
    while (i < group.length) {
      const first = group[i];
      if (first === undefined) break;
      const segment = await this.segmentFor(first.record.length);
      const parts: Buffer[] = [];
      let bytes = 0;
      for (let p = group[i]; p !== undefined; p = group[i]) {
        if (bytes > 0 && segment.size + bytes + p.record.length > this.segmentBytes) break;
        p.ref = { segment: segment.id, offset: segment.size + bytes };
        parts.push(p.record);
        bytes += p.record.length;
        i++;
      }
      await this.writeSynced(
        segment,
        parts.length === 1 ? first.record : Buffer.concat(parts, bytes),
      );
    }
  }

  private async segmentFor(recordBytes: number): Promise<ActiveSegment> {
    const current = this.active;
    if (current !== undefined) {
      if (current.size === 0 || current.size + recordBytes <= this.segmentBytes) return current;
      // Every write is synced before it resolves, so closing needs no sync.
      this.active = undefined;
      await current.handle.close();
    }
    return this.createSegment();
  }

  private async createSegment(): Promise<ActiveSegment> {
    for (;;) {
      const id = this.nextId++;
      let handle: FileHandle;
      try {
        handle = await open(this.segmentPath(id), 'ax');
      } catch (err) {
        if (errnoCode(err) === 'EEXIST') continue;
        throw err;
      }
      try {
        await fsyncDir(this.dir);
      } catch (err) {
        await handle.close();
        await unlink(this.segmentPath(id)).catch(() => undefined);
        throw err;
      }
      const segment: ActiveSegment = { id, handle, size: 0 };
      this.segments.set(id, 0);
      this.active = segment;
      return segment;
    }
  }

  private async writeSynced(segment: ActiveSegment, data: Buffer): Promise<void> {
    const before = segment.size;
    try {
      await writeAll(segment.handle, data);
      segment.size += data.length;
      // fdatasync also persists the new file size, which is all an append needs.
      await segment.handle.datasync();
    } catch (err) {
      // The file may hold part of this write, and after a failed sync the page
      // cache cannot be trusted: cut the file back and never append to it again.
      if (this.active === segment) this.active = undefined;
      segment.size = before;
      await segment.handle.truncate(before).catch(() => undefined);
      await segment.handle.close().catch(() => undefined);
      throw err;
    }
    this.segments.set(segment.id, segment.size);
    this.unreplayed += data.length;
  }

  // ---- helpers --------------------------------------------------------------

  private segmentPath(id: number): string {
    return path.join(this.dir, segmentFileName(id));
  }

  private assertOpen(): void {
    if (this.closed) throw new DeskpulseError('NOT_READY', 'the spool is closed');
  }
}
