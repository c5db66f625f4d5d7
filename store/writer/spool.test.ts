import { appendFile, open as openFile, readFile, readdir, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { DeskpulseError } from '../../schemas/errors.ts';
import { Spool, segmentFileName, type SpoolOptions } from './spool.ts';
import { encodeRecord } from './spool-format.ts';
import { MemoryLogger, tempDir } from './test-fixtures.ts';

let dir: string;
let cleanup: () => Promise<void>;
let logger: MemoryLogger;
const open: Spool[] = [];

beforeEach(async () => {
  ({ dir, cleanup } = await tempDir());
  logger = new MemoryLogger();
});

afterEach(async () => {
  for (const spool of open.splice(0)) await spool.close();
  await cleanup();
});

async function openSpool(opts: Partial<SpoolOptions> = {}): Promise<Spool> {
  const spool = await Spool.open(dir, { maxBytes: 1024 * 1024, logger, ...opts });
  open.push(spool);
  return spool;
}

async function closeSpool(spool: Spool): Promise<void> {
  open.splice(open.indexOf(spool), 1);
  await spool.close();
}

const p = (text: string): Buffer => Buffer.from(`${text}\n`);

function flip(buf: Buffer, at: number): void {
  buf.writeUInt8(buf.readUInt8(at) ^ 0xff, at);
}

async function segments(): Promise<string[]> {
  return (await readdir(dir)).filter((name) => name.endsWith('.seg')).sort();
}

/** Reads and commits everything; returns "table:payload" per batch. */
async function drain(spool: Spool, maxBytes = 1024 * 1024): Promise<string[]> {
  const out: string[] = [];
  for (
    let batch = await spool.readBatch(maxBytes);
    batch;
    batch = await spool.readBatch(maxBytes)
  ) {
    out.push(`${batch.table}:${batch.payload.toString()}`);
    await spool.commit(batch.handle);
  }
  return out;
}

describe('Spool appends', () => {
  it('coalesces concurrent appends into one write and one sync', async () => {
    const commits: { records: number; bytes: number }[] = [];
    const spool = await openSpool({ onGroupCommit: (c) => commits.push(c) });
    await Promise.all(Array.from({ length: 25 }, (_, i) => spool.append('t', p(`r${i}`))));
    expect(commits).toHaveLength(1);
    expect(commits[0]?.records).toBe(25);
    expect(spool.bytes).toBe(commits[0]?.bytes);
  });

  it('groups appends that arrive while a sync is running into the next commit', async () => {
    const commits: number[] = [];
    const spool = await openSpool({ onGroupCommit: (c) => commits.push(c.records) });
    const first = spool.append('t', p('first'));
    await Promise.resolve();
    await Promise.resolve();
    const rest = Array.from({ length: 10 }, (_, i) => spool.append('t', p(`r${i}`)));
    await Promise.all([first, ...rest]);
    expect(commits).toEqual([1, 10]);
    expect((await drain(spool)).join('')).toBe(
      `t:first\n${Array.from({ length: 10 }, (_, i) => `r${i}\n`).join('')}`,
    );
  });

  it('rotates segments at the configured size and deletes replayed ones', async () => {
    const spool = await openSpool({ segmentBytes: 100 });
    // Each record is 11 + 1 + 41 = 53 bytes: one per segment.
    for (let i = 0; i < 4; i++) await spool.append('t', p(String(i).padStart(40, '0')));
    expect(await segments()).toEqual([1, 2, 3, 4].map(segmentFileName));
    const batch = await spool.readBatch(1024);
    // A batch never spans segments.
    expect(batch?.records).toBe(1);
    if (batch) await spool.commit(batch.handle);
    expect(await segments()).toEqual([2, 3, 4].map(segmentFileName));
    expect(await drain(spool)).toHaveLength(3);
    expect(spool.isEmpty).toBe(true);
    // The fully replayed active segment is retired too.
    expect(await segments()).toEqual([]);
    await spool.append('t', p('after'));
    expect(await segments()).toEqual([segmentFileName(5)]);
    expect(await drain(spool)).toEqual(['t:after\n']);
  });

  it('rejects with INGEST_BACKPRESSURE when full, counting appends still in progress', async () => {
    const record = encodeRecord('t', p('x'.repeat(88))).length; // 100 bytes
    expect(record).toBe(101);
    const spool = await openSpool({ maxBytes: 3 * 101, retryAfterSeconds: 7 });
    const results = await Promise.allSettled(
      Array.from({ length: 5 }, () => spool.append('t', p('x'.repeat(88)))),
    );
    expect(results.map((r) => r.status)).toEqual([
      'fulfilled',
      'fulfilled',
      'fulfilled',
      'rejected',
      'rejected',
    ]);
    const reason: unknown = (results[4] as PromiseRejectedResult).reason;
    expect(reason).toBeInstanceOf(DeskpulseError);
    expect(reason).toMatchObject({
      code: 'INGEST_BACKPRESSURE',
      details: { retryAfterSeconds: 7 },
    });
    expect(spool.hasRoom(1)).toBe(false);
    // Replaying frees room.
    const batch = await spool.readBatch(1);
    if (batch) await spool.commit(batch.handle);
    await expect(spool.append('t', p('x'.repeat(88)))).resolves.toBeUndefined();
  });

  it('fails the group, cuts the segment back and moves on when a sync fails', async () => {
    const probe = await openFile(path.join(dir, 'probe'), 'w');
    const proto = Object.getPrototypeOf(probe) as { datasync: () => Promise<void> };
    await probe.close();
    const spool = await openSpool();
    await spool.append('t', p('before'));
    const spy = vi
      .spyOn(proto, 'datasync')
      .mockRejectedValueOnce(Object.assign(new Error('EIO: i/o error'), { code: 'EIO' }));
    try {
      await expect(spool.append('t', p('lost'))).rejects.toMatchObject({ code: 'EIO' });
    } finally {
      spy.mockRestore();
    }
    expect((await stat(path.join(dir, segmentFileName(1)))).size).toBe(
      encodeRecord('t', p('before')).length,
    );
    await spool.append('t', p('after'));
    expect(await segments()).toEqual([1, 2].map(segmentFileName));
    expect(await drain(spool)).toEqual(['t:before\n', 't:after\n']);
    expect(logger.at('error').some((e) => e.msg.includes('spool write failed'))).toBe(true);
  });
});

describe('Spool replay', () => {
  it('batches consecutive records of one table up to maxBytes', async () => {
    const spool = await openSpool();
    for (const [table, text] of [
      ['a', 'a1'],
      ['a', 'a2'],
      ['a', 'a3'],
      ['b', 'b1'],
      ['a', 'a4'],
    ] as const) {
      await spool.append(table, p(text));
    }
    // 'aN\n' is 3 bytes: two fit in 7, the third does not.
    expect(await drain(spool, 7)).toEqual(['a:a1\na2\n', 'a:a3\n', 'b:b1\n', 'a:a4\n']);
  });

  it('always returns at least one record, even one bigger than maxBytes', async () => {
    const spool = await openSpool();
    const big = Buffer.alloc(300_000, 'x');
    await spool.append('t', big);
    const batch = await spool.readBatch(10);
    expect(batch?.payload.equals(big)).toBe(true);
  });

  it('tells where each record landed and passes over records the caller skips', async () => {
    const spool = await openSpool();
    const refs = await Promise.all(
      ['a1', 'b1', 'a2', 'a3'].map((text) => spool.appendRecord(text.slice(0, 1), p(text))),
    );
    expect(refs.map((r) => r.segment)).toEqual([1, 1, 1, 1]);
    expect(refs[0]?.offset).toBe(0);
    const skipped = new Set([refs[1]?.offset, refs[3]?.offset]);
    const skip = (ref: { offset: number }): boolean => skipped.has(ref.offset);
    const first = await spool.readBatch(1024, skip);
    // b1 is skipped, so a1 and a2 are consecutive; a3 is skipped as well.
    expect(first).toMatchObject({ table: 'a', records: 2, skipped: 2 });
    expect(first?.payload.toString()).toBe('a1\na2\n');
    if (first) await spool.commit(first.handle);
    expect(spool.isEmpty).toBe(true);
  });

  it('returns a batch of skipped records only, to be committed without inserting', async () => {
    const spool = await openSpool();
    const ref = await spool.appendRecord('a', p('a1'));
    const batch = await spool.readBatch(1024, (r) => r.offset === ref.offset);
    expect(batch).toMatchObject({ table: 'a', records: 0, skipped: 1 });
    expect(batch?.payload.length).toBe(0);
  });

  it('keeps the cursor across reopen', async () => {
    let spool = await openSpool();
    for (const text of ['one', 'two', 'three']) await spool.append('t', p(text));
    const batch = await spool.readBatch(1);
    expect(batch?.payload.toString()).toBe('one\n');
    if (batch) await spool.commit(batch.handle);
    // Read but not committed: must come back after a restart.
    expect((await spool.readBatch(1))?.payload.toString()).toBe('two\n');
    const before = spool.bytes;
    await closeSpool(spool);

    spool = await openSpool();
    expect(spool.bytes).toBe(before);
    expect(await drain(spool)).toEqual(['t:two\nthree\n']);
    await closeSpool(spool);

    spool = await openSpool();
    expect(spool.isEmpty).toBe(true);
    expect(await spool.readBatch(100)).toBeUndefined();
  });
});

describe('Spool recovery', () => {
  it('cuts a torn tail written by a crash', async () => {
    let spool = await openSpool();
    await spool.append('t', p('kept-1'));
    await spool.append('t', p('kept-2'));
    await closeSpool(spool);
    const file = path.join(dir, segmentFileName(1));
    const goodSize = (await stat(file)).size;
    await appendFile(file, encodeRecord('t', p('never-acknowledged')).subarray(0, 17));

    spool = await openSpool();
    expect((await stat(file)).size).toBe(goodSize);
    expect(logger.at('warn').some((e) => e.msg.includes('torn tail'))).toBe(true);
    // After a restart appends go to a new segment; a batch never spans two.
    await spool.append('t', p('new'));
    expect(await drain(spool)).toEqual(['t:kept-1\nkept-2\n', 't:new\n']);
  });

  it('treats a zero-filled tail as torn', async () => {
    let spool = await openSpool();
    await spool.append('t', p('kept'));
    await closeSpool(spool);
    await appendFile(path.join(dir, segmentFileName(1)), Buffer.alloc(4096));
    spool = await openSpool();
    expect(await readdir(path.join(dir, 'quarantine'))).toEqual([]);
    expect(await drain(spool)).toEqual(['t:kept\n']);
  });

  it('quarantines the rest of the last segment after a corrupt record', async () => {
    let spool = await openSpool();
    for (const text of ['good', 'bad', 'after']) await spool.append('t', p(text));
    await closeSpool(spool);
    const file = path.join(dir, segmentFileName(1));
    const bytes = await readFile(file);
    const first = encodeRecord('t', p('good')).length;
    flip(bytes, first + 13); // a payload byte of the second record
    await writeFile(file, bytes);

    spool = await openSpool();
    const errors = logger.at('error');
    expect(errors).toHaveLength(1);
    expect(errors[0]?.obj).toMatchObject({ code: 'SPOOL_CORRUPT', segment: 1, offset: first });
    const quarantined = await readdir(path.join(dir, 'quarantine'));
    expect(quarantined).toHaveLength(1);
    const moved = await readFile(path.join(dir, 'quarantine', quarantined[0] ?? ''));
    expect(moved.equals(bytes.subarray(first))).toBe(true);
    expect(spool.quarantined).toBe(1);
    expect(await drain(spool)).toEqual(['t:good\n']);
  });

  it('quarantines a corrupt record found during replay and moves on', async () => {
    let spool = await openSpool({ segmentBytes: 1 });
    for (const text of ['s1', 's2', 's3']) await spool.append('t', p(text));
    await closeSpool(spool);
    const file = path.join(dir, segmentFileName(1));
    const bytes = await readFile(file);
    flip(bytes, bytes.length - 1);
    await writeFile(file, bytes);

    spool = await openSpool();
    expect(logger.at('error')).toHaveLength(0); // only the last segment is scanned at open
    expect(await drain(spool)).toEqual(['t:s2\n', 't:s3\n']);
    expect(logger.at('error')[0]?.obj).toMatchObject({ code: 'SPOOL_CORRUPT', segment: 1 });
    expect(spool.quarantined).toBe(1);
    expect(spool.isEmpty).toBe(true);
  });
});

describe('Spool LOCK', () => {
  it('refuses a directory locked by another live process', async () => {
    await writeFile(path.join(dir, 'LOCK'), `${process.ppid}\n`);
    await expect(Spool.open(dir, { maxBytes: 1000, logger })).rejects.toMatchObject({
      code: 'STORE_LOCKED',
    });
  });

  it('refuses a second open in the same process', async () => {
    await openSpool();
    await expect(Spool.open(dir, { maxBytes: 1000, logger })).rejects.toMatchObject({
      code: 'STORE_LOCKED',
    });
  });

  it('takes over a stale LOCK and removes it on close', async () => {
    const deadPid = 2 ** 31 - 2;
    expect(() => process.kill(deadPid, 0)).toThrow();
    await writeFile(path.join(dir, 'LOCK'), `${deadPid}\n`);
    const spool = await openSpool();
    expect(await readFile(path.join(dir, 'LOCK'), 'utf8')).toBe(`${process.pid}\n`);
    await closeSpool(spool);
    expect((await readdir(dir)).includes('LOCK')).toBe(false);
    await expect(spool.append('t', p('late'))).rejects.toMatchObject({ code: 'NOT_READY' });
  });
});
