import { randomBytes } from 'node:crypto';
import { PassThrough } from 'node:stream';
import zlib from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { DeskpulseError } from '../../schemas/errors.ts';
import { decodedStream, supportedEncodings } from './decode.ts';
import { chunksOf, collect, compressionBomb, MiB, rejection, sourceOf } from './test-support.ts';
import type { BombEncoding } from './test-support.ts';

const LIMITS = { maxBodyBytes: MiB, maxDecompressedBytes: 4 * MiB };
const PLAIN = Buffer.from('{"a":1}\n{"b":"ünïcødé"}\n'.repeat(500));

const zstdCompress: unknown = Reflect.get(zlib, 'zstdCompressSync');
const hasZstd = typeof Reflect.get(zlib, 'createZstdDecompress') === 'function';
if (!hasZstd) {
  console.warn(
    `SKIPPED: the zstd decode test needs Node >= 22.15 (this is ${process.version}); zstd bodies are refused with 415 here.`,
  );
}

const COMPRESSORS: Record<string, (data: Buffer) => Buffer> = {
  gzip: (data) => zlib.gzipSync(data),
  'x-gzip': (data) => zlib.gzipSync(data),
  deflate: (data) => zlib.deflateSync(data),
  br: (data) => zlib.brotliCompressSync(data),
};

function decode(
  chunks: Buffer[],
  encoding: string | undefined,
  limits: { maxBodyBytes: number; maxDecompressedBytes: number } = LIMITS,
): Promise<Buffer> {
  return collect(decodedStream(sourceOf(chunks), encoding, limits));
}

describe('decodedStream: encodings', () => {
  it.each([undefined, '', 'identity', 'IDENTITY', ' identity , '])(
    'passes %j through unchanged',
    async (encoding) => {
      expect((await decode(chunksOf(PLAIN, 1000), encoding)).equals(PLAIN)).toBe(true);
    },
  );

  it.each(Object.keys(COMPRESSORS))('decodes %s', async (encoding) => {
    const compressed = COMPRESSORS[encoding]?.(PLAIN) ?? Buffer.alloc(0);
    expect((await decode(chunksOf(compressed, 7), encoding)).equals(PLAIN)).toBe(true);
  });

  it('reads codings case-insensitively and ignores identity next to a real one', async () => {
    const compressed = zlib.gzipSync(PLAIN);
    expect((await decode([compressed], ' GZip ')).equals(PLAIN)).toBe(true);
    expect((await decode([compressed], 'identity, gzip')).equals(PLAIN)).toBe(true);
  });

  it('decodes a body delivered one byte at a time', async () => {
    const compressed = zlib.brotliCompressSync(PLAIN);
    expect((await decode(chunksOf(compressed, 1), 'br')).equals(PLAIN)).toBe(true);
  });

  it.runIf(hasZstd)('decodes zstd where Node has it', async () => {
    const compress = zstdCompress as (data: Buffer) => Buffer;
    expect((await decode(chunksOf(compress(PLAIN), 100), 'zstd')).equals(PLAIN)).toBe(true);
    expect(supportedEncodings()).toContain('zstd');
  });

  it.skipIf(hasZstd)('rejects zstd before Node 22.15, saying so', () => {
    const error = captureSync(() => decodedStream(sourceOf([]), 'zstd', LIMITS));
    expect(error.code).toBe('UNSUPPORTED_MEDIA_TYPE');
    expect(error.message).toContain('22.15');
    expect(supportedEncodings()).not.toContain('zstd');
  });

  it.each(['compress', 'gzip, br', 'br,gzip', 'gzip, gzip', 'bogus'])(
    'rejects Content-Encoding %j as unsupported',
    (encoding) => {
      const error = captureSync(() => decodedStream(sourceOf([]), encoding, LIMITS));
      expect(error.code).toBe('UNSUPPORTED_MEDIA_TYPE');
      expect(error.details).toMatchObject({ supported: supportedEncodings() });
    },
  );

  it('names the supported encodings', () => {
    expect(supportedEncodings()).toEqual(
      expect.arrayContaining(['identity', 'gzip', 'deflate', 'br']),
    );
  });
});

function captureSync(run: () => unknown): DeskpulseError {
  try {
    run();
  } catch (error) {
    if (error instanceof DeskpulseError) return error;
    throw error;
  }
  throw new Error('expected a DeskpulseError');
}

describe('decodedStream: size limits', () => {
  it('accepts a raw body of exactly maxBodyBytes', async () => {
    const body = Buffer.alloc(1000, 0x61);
    const limits = { maxBodyBytes: 1000, maxDecompressedBytes: 5000 };
    expect((await decode(chunksOf(body, 64), undefined, limits)).equals(body)).toBe(true);
  });

  it('rejects a raw body one byte over maxBodyBytes', async () => {
    const limits = { maxBodyBytes: 1000, maxDecompressedBytes: 5000 };
    const error = await rejection(
      decode(chunksOf(Buffer.alloc(1001), 64), undefined, limits),
      'PAYLOAD_TOO_LARGE',
    );
    expect(error.details).toEqual({ limit: 1000, setting: 'limits.maxBodyBytes' });
  });

  it('counts compressed bytes against maxBodyBytes', async () => {
    const compressed = zlib.gzipSync(randomBytes(4000)); // incompressible
    const limits = { maxBodyBytes: 2000, maxDecompressedBytes: MiB };
    const error = await rejection(
      decode(chunksOf(compressed, 100), 'gzip', limits),
      'PAYLOAD_TOO_LARGE',
    );
    expect(error.details).toMatchObject({ setting: 'limits.maxBodyBytes' });
  });

  it('applies maxDecompressedBytes to identity bodies too', async () => {
    const limits = { maxBodyBytes: 5000, maxDecompressedBytes: 1000 };
    const error = await rejection(
      decode([Buffer.alloc(1001)], undefined, limits),
      'PAYLOAD_TOO_LARGE',
    );
    expect(error.details).toMatchObject({ limit: 1000, setting: 'limits.maxDecompressedBytes' });
  });

  it.each(Object.keys(COMPRESSORS))(
    '%s: exactly maxDecompressedBytes passes, one more fails',
    async (encoding) => {
      const compress = COMPRESSORS[encoding] ?? ((data: Buffer) => data);
      const limits = { maxBodyBytes: MiB, maxDecompressedBytes: 100_000 };
      const atLimit = Buffer.alloc(100_000, 0x7a);
      expect((await decode([compress(atLimit)], encoding, limits)).length).toBe(100_000);
      const over = Buffer.alloc(100_001, 0x7a);
      const error = await rejection(
        decode([compress(over)], encoding, limits),
        'PAYLOAD_TOO_LARGE',
      );
      expect(error.message).toContain('100000');
      expect(error.details).toEqual({ limit: 100_000, setting: 'limits.maxDecompressedBytes' });
    },
  );
});

describe('decodedStream: compression bombs', () => {
  it.each<BombEncoding>(['gzip', 'deflate', 'br'])(
    'the bomb helper builds a real %s stream',
    async (encoding) => {
      const bomb = await compressionBomb(encoding, 3);
      const compressed = await collect(bomb.stream);
      expect(compressed.length).toBe(bomb.totalCompressedBytes);
      const inflate = {
        gzip: zlib.gunzipSync,
        deflate: zlib.inflateSync,
        br: zlib.brotliDecompressSync,
      }[encoding];
      expect(inflate(compressed).equals(Buffer.alloc(3 * MiB))).toBe(true);
    },
  );

  // Brotli packs 1 GiB of zeros into 14 KiB, which stream buffers swallow
  // whole; at 64 GiB its compressed form is large enough to show how much of
  // it was pulled before the limit stopped inflation.
  it.each<[BombEncoding, number]>([
    ['gzip', 1024],
    ['deflate', 1024],
    ['br', 64 * 1024],
  ])(
    'stops a %s bomb of %i MiB while inflating, in bounded time and memory',
    async (encoding, mebibytes) => {
      const bomb = await compressionBomb(encoding, mebibytes);
      const limits = { maxBodyBytes: 16 * MiB, maxDecompressedBytes: 64 * MiB };
      const rssBefore = process.memoryUsage.rss();
      let rssPeak = rssBefore;
      let delivered = 0;
      const started = performance.now();
      const consume = async (): Promise<void> => {
        for await (const chunk of decodedStream(bomb.stream, encoding, limits)) {
          delivered += (chunk as Buffer).length;
          rssPeak = Math.max(rssPeak, process.memoryUsage.rss());
        }
      };
      const error = await rejection(consume(), 'PAYLOAD_TOO_LARGE');
      const elapsed = performance.now() - started;

      expect(error.details).toMatchObject({ setting: 'limits.maxDecompressedBytes' });
      expect(delivered).toBeLessThanOrEqual(64 * MiB);
      // 64 MiB of 1024 is 1/16 of the stream; stream buffers add a little.
      expect(bomb.sent).toBeLessThan(bomb.totalCompressedBytes / 8);
      expect(elapsed).toBeLessThan(3000);
      expect(rssPeak - rssBefore).toBeLessThan(256 * MiB);
    },
  );
});

describe('decodedStream: failures', () => {
  it.each(['gzip', 'deflate', 'br'])(
    'reports corrupt %s data as INVALID_BODY',
    async (encoding) => {
      const garbage = Buffer.from('this is not compressed at all, not even a little');
      const error = await rejection(decode([garbage], encoding), 'INVALID_BODY');
      expect(error.details).toEqual({ encoding });
    },
  );

  it('reports a truncated gzip stream as INVALID_BODY', async () => {
    const compressed = zlib.gzipSync(PLAIN);
    const error = await rejection(
      decode([compressed.subarray(0, compressed.length - 10)], 'gzip'),
      'INVALID_BODY',
    );
    expect(error.message).toMatch(/gzip/);
  });

  it('reports gzip data sent as deflate as INVALID_BODY', async () => {
    await rejection(decode([zlib.gzipSync(PLAIN)], 'deflate'), 'INVALID_BODY');
  });

  it('passes on the error of a source that fails mid-body', async () => {
    const raw = new PassThrough();
    const decoded = decodedStream(raw, 'gzip', LIMITS);
    raw.write(zlib.gzipSync(PLAIN).subarray(0, 20));
    const boom = new Error('socket hang up');
    setImmediate(() => raw.destroy(boom));
    await expect(collect(decoded)).rejects.toBe(boom);
  });

  it('fails, not hangs, when the source closes before its end', async () => {
    const raw = new PassThrough();
    const decoded = decodedStream(raw, undefined, LIMITS);
    raw.write('partial');
    setImmediate(() => raw.destroy());
    await expect(collect(decoded)).rejects.toMatchObject({ code: 'ERR_STREAM_PREMATURE_CLOSE' });
  });

  it('leaves the source to its owner when the body is rejected', async () => {
    const raw = new PassThrough();
    const decoded = decodedStream(raw, undefined, { maxBodyBytes: 10, maxDecompressedBytes: 100 });
    raw.write(Buffer.alloc(11));
    await rejection(collect(decoded), 'PAYLOAD_TOO_LARGE');
    expect(raw.destroyed).toBe(false);
    expect(raw.listenerCount('data')).toBe(0);
  });

  it('stops decompressing when the reader gives up', async () => {
    const raw = new PassThrough();
    const decoded = decodedStream(raw, 'gzip', LIMITS);
    raw.write(zlib.gzipSync(PLAIN));
    for await (const chunk of decoded) {
      expect((chunk as Buffer).length).toBeGreaterThan(0);
      break; // destroys `decoded`
    }
    await new Promise((resolve) => setImmediate(resolve));
    expect(raw.listenerCount('data')).toBe(0);
    expect(raw.destroyed).toBe(false);
  });
});
