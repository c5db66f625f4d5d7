/**
 * Helpers for the body tests: chunked sources and real compression bombs.
 * Test support only.
 */
import { once } from 'node:events';
import { Readable } from 'node:stream';
import zlib from 'node:zlib';
import type { Config } from '../../schemas/config.ts';
import { DeskpulseError } from '../../schemas/errors.ts';
import type { ErrorCode } from '../../schemas/errors.ts';

export const MiB = 1024 * 1024;

/** The configuration defaults of the `limits` section. */
export const DEFAULT_LIMITS: Config['limits'] = {
  maxBodyBytes: 16 * MiB,
  maxDecompressedBytes: 64 * MiB,
  maxLineBytes: 64 * 1024,
  maxEventsPerRequest: 100_000,
  maxClockSkewSeconds: 300,
};

/** A byte stream that delivers `chunks` one by one, as a socket would. */
export function sourceOf(chunks: Iterable<Buffer> | AsyncIterable<Buffer>): Readable {
  return Readable.from(chunks, { objectMode: false });
}

/** `bytes` cut at the given offsets (unsorted, out-of-range ones ignored). */
export function cutAt(bytes: Buffer, offsets: readonly number[]): Buffer[] {
  const cuts = [...new Set(offsets.filter((o) => o > 0 && o < bytes.length))].sort((a, b) => a - b);
  const chunks: Buffer[] = [];
  let start = 0;
  for (const cut of [...cuts, bytes.length]) {
    chunks.push(bytes.subarray(start, cut));
    start = cut;
  }
  return chunks;
}

/** `bytes` in chunks of `size` bytes. */
export function chunksOf(bytes: Buffer, size: number): Buffer[] {
  const chunks: Buffer[] = [];
  for (let start = 0; start < bytes.length; start += size) {
    chunks.push(bytes.subarray(start, start + size));
  }
  return chunks;
}

export async function collect(stream: AsyncIterable<unknown>): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** The DeskpulseError a promise rejects with; fails the test on anything else. */
export async function rejection(
  promise: Promise<unknown>,
  code: ErrorCode,
): Promise<DeskpulseError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof DeskpulseError && error.code === code) return error;
    throw new Error(`expected DeskpulseError ${code}`, { cause: error });
  }
  throw new Error(`expected DeskpulseError ${code}, but it resolved`);
}

export type BombEncoding = 'gzip' | 'deflate' | 'br';

/** A compressed body of zeros, produced lazily; `sent` counts the compressed bytes handed out. */
export interface Bomb {
  stream: Readable;
  readonly sent: number;
  readonly totalCompressedBytes: number;
}

interface BombPieces {
  first: Buffer;
  repeat: Buffer;
  last: Buffer;
}

/*
 * After a sync flush the compressor's state is the same for every further MiB
 * of zeros, so the compressed form of 1 GiB is one piece repeated: the bomb
 * is real (a standard decoder inflates it to the full size) yet costs only
 * milliseconds to build.
 */
async function bombPieces(encoding: BombEncoding): Promise<BombPieces> {
  const compressor =
    encoding === 'br' ? zlib.createBrotliCompress() : zlib.createDeflateRaw({ level: 9 });
  const flushKind =
    encoding === 'br' ? zlib.constants.BROTLI_OPERATION_FLUSH : zlib.constants.Z_SYNC_FLUSH;
  const zeros = Buffer.alloc(MiB);
  let output: Buffer[] = [];
  compressor.on('data', (chunk: Buffer) => output.push(chunk));
  const take = (): Buffer => {
    const piece = Buffer.concat(output);
    output = [];
    return piece;
  };
  const flushed = (): Promise<void> =>
    new Promise((resolve) => {
      compressor.write(zeros);
      compressor.flush(flushKind, () => {
        resolve();
      });
    });
  await flushed();
  const first = take();
  await flushed();
  const repeat = take();
  const ended = once(compressor, 'end');
  compressor.end();
  await ended;
  return { first, repeat, last: take() };
}

function le32(value: number): Buffer {
  const bytes = Buffer.alloc(4);
  bytes.writeUInt32LE(value >>> 0);
  return bytes;
}

function be32(value: number): Buffer {
  const bytes = Buffer.alloc(4);
  bytes.writeUInt32BE(value >>> 0);
  return bytes;
}

interface Framing {
  header: Buffer;
  trailer: () => Buffer;
  trailerBytes: number;
}

function framing(encoding: BombEncoding, mebibytes: number): Framing {
  const size = mebibytes * MiB;
  if (encoding === 'gzip') {
    const header = Buffer.from([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 2, 0xff]);
    // Only computed if a decoder ever gets this far, which a guarded one does not.
    const trailer = (): Buffer => {
      const zeros = Buffer.alloc(MiB);
      let crc = 0;
      for (let i = 0; i < mebibytes; i += 1) crc = zlib.crc32(zeros, crc);
      return Buffer.concat([le32(crc), le32(size % 2 ** 32)]);
    };
    return { header, trailer, trailerBytes: 8 };
  }
  if (encoding === 'deflate') {
    // Adler-32 of n zeros: a stays 1, b grows by 1 per byte.
    const trailer = (): Buffer => be32(((size % 65521) << 16) | 1);
    return { header: Buffer.from([0x78, 0xda]), trailer, trailerBytes: 4 };
  }
  return { header: Buffer.alloc(0), trailer: () => Buffer.alloc(0), trailerBytes: 0 };
}

/** `mebibytes` MiB of zeros, compressed, streamed piece by piece as they are read. */
export async function compressionBomb(encoding: BombEncoding, mebibytes: number): Promise<Bomb> {
  const pieces = await bombPieces(encoding);
  const { header, trailer, trailerBytes } = framing(encoding, mebibytes);
  let sent = 0;
  async function* generate(): AsyncGenerator<Buffer> {
    const parts = [header, pieces.first];
    for (const part of parts) {
      sent += part.length;
      yield part;
    }
    for (let i = 1; i < mebibytes; i += 1) {
      sent += pieces.repeat.length;
      yield pieces.repeat;
      await Promise.resolve();
    }
    const end = Buffer.concat([pieces.last, trailer()]);
    sent += end.length;
    yield end;
  }
  const totalCompressedBytes =
    header.length +
    pieces.first.length +
    pieces.repeat.length * (mebibytes - 1) +
    pieces.last.length +
    trailerBytes;
  return {
    stream: sourceOf(generate()),
    get sent() {
      return sent;
    },
    totalCompressedBytes,
  };
}
