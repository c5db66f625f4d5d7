import { finished, Transform } from 'node:stream';
import type { Readable, TransformCallback } from 'node:stream';
import zlib from 'node:zlib';
import { DeskpulseError } from '../../schemas/errors.ts';

/** The two byte limits of a request body, as in the `limits` configuration section. */
export interface DecodeLimits {
  maxBodyBytes: number;
  maxDecompressedBytes: number;
}

type Decompressor = () => Transform;

// Looked up at run time: createZstdDecompress only exists from Node 22.15 (and 23.8)
// and @types/node for Node 20 does not declare it.
function zstdDecompressor(): Decompressor | undefined {
  const create: unknown = Reflect.get(zlib, 'createZstdDecompress');
  if (typeof create !== 'function') return undefined;
  // A zstd frame may ask for a window of up to 2 GiB, allocated per request;
  // 8 MiB covers every standard level (19 included) short of --long.
  const windowLogMax: unknown = Reflect.get(zlib.constants, 'ZSTD_d_windowLogMax');
  const options = typeof windowLogMax === 'number' ? { params: { [windowLogMax]: 23 } } : {};
  const createWith = create as (options: object) => Transform;
  return () => createWith.call(zlib, options);
}

const DECOMPRESSORS: Readonly<Record<string, Decompressor | undefined>> = {
  gzip: () => zlib.createGunzip(),
  'x-gzip': () => zlib.createGunzip(),
  // RFC 9110 "deflate" is the zlib format (RFC 1950), which is what createInflate reads.
  deflate: () => zlib.createInflate(),
  br: () => zlib.createBrotliDecompress(),
  zstd: zstdDecompressor(),
};

/** Content codings this process can decode, for error messages and docs. */
export function supportedEncodings(): string[] {
  return ['identity', ...Object.keys(DECOMPRESSORS).filter((name) => DECOMPRESSORS[name])];
}

function unsupported(message: string, encoding: string | undefined): DeskpulseError {
  return new DeskpulseError('UNSUPPORTED_MEDIA_TYPE', message, {
    encoding: encoding ?? '',
    supported: supportedEncodings(),
  });
}

/** The one content coding a Content-Encoding header names, or undefined for identity. */
function singleCoding(header: string | undefined): string | undefined {
  const codings = (header ?? '')
    .toLowerCase()
    .split(',')
    .map((coding) => coding.trim())
    .filter((coding) => coding !== '' && coding !== 'identity');
  if (codings.length > 1) {
    throw unsupported(
      `stacked content encodings ("${header ?? ''}") are not supported; use one`,
      header,
    );
  }
  return codings[0];
}

function decompressorFor(coding: string): Decompressor {
  const decompressor = DECOMPRESSORS[coding];
  if (decompressor !== undefined) return decompressor;
  if (coding === 'zstd') {
    throw unsupported(
      `Content-Encoding zstd needs Node.js 22.15 or later (this is ${process.version}); use gzip or br`,
      coding,
    );
  }
  throw unsupported(
    `Content-Encoding "${coding}" is not supported; use one of ${supportedEncodings().join(', ')}`,
    coding,
  );
}

/** Passes bytes through and fails as soon as more than `limit` have gone by. */
class ByteLimit extends Transform {
  #seen = 0;

  constructor(
    private readonly limit: number,
    private readonly overLimit: () => DeskpulseError,
  ) {
    super();
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    this.#seen += chunk.length;
    if (this.#seen > this.limit) done(this.overLimit());
    else done(null, chunk);
  }
}

function tooLarge(what: string, setting: string, limit: number): DeskpulseError {
  return new DeskpulseError('PAYLOAD_TOO_LARGE', `${what} is larger than ${limit} bytes`, {
    limit,
    setting,
  });
}

function corrupt(cause: unknown, encoding: string): DeskpulseError {
  const reason = cause instanceof Error ? cause.message : String(cause);
  return new DeskpulseError(
    'INVALID_BODY',
    `the body is not valid ${encoding} data: ${reason}`,
    { encoding },
    { cause },
  );
}

/**
 * The request body, decompressed per Content-Encoding, as a byte stream that
 * fails with a DeskpulseError: PAYLOAD_TOO_LARGE past either limit (raw bytes
 * or decompressed bytes, counted as they flow, so a compression bomb is cut
 * off mid-inflate), INVALID_BODY for corrupt compressed data. An unsupported
 * encoding throws UNSUPPORTED_MEDIA_TYPE synchronously.
 *
 * `raw` is unpiped but never destroyed here: whether the connection survives a
 * rejected body is the HTTP layer's decision (reply first, then close).
 */
export function decodedStream(
  raw: Readable,
  contentEncoding: string | undefined,
  limits: DecodeLimits,
): Readable {
  const coding = singleCoding(contentEncoding);
  const decompressor = coding === undefined ? undefined : decompressorFor(coding)();
  const rawLimit = new ByteLimit(limits.maxBodyBytes, () =>
    tooLarge('the request body', 'limits.maxBodyBytes', limits.maxBodyBytes),
  );
  const output = new ByteLimit(limits.maxDecompressedBytes, () => {
    const error = tooLarge(
      'the decompressed body',
      'limits.maxDecompressedBytes',
      limits.maxDecompressedBytes,
    );
    // Right now, not on the next tick: zlib checks `destroyed` between output
    // chunks, so this is what stops a bomb from inflating any further.
    decompressor?.destroy(error);
    return error;
  });

  let torn = false;
  const teardown = (error: Error | undefined): void => {
    if (torn) return;
    torn = true;
    stopWatchingRaw();
    raw.unpipe(rawLimit);
    rawLimit.destroy();
    decompressor?.destroy();
    if (error !== undefined) output.destroy(error);
  };

  // A client that disconnects mid-body must fail the stream, not leave it hanging.
  const stopWatchingRaw = finished(raw, { writable: false }, (error) => {
    if (error) teardown(error);
  });
  rawLimit.on('error', teardown);
  output.on('close', () => {
    teardown(undefined);
  });
  if (decompressor === undefined || coding === undefined) {
    raw.pipe(rawLimit).pipe(output);
  } else {
    decompressor.on('error', (error) => {
      teardown(error instanceof DeskpulseError ? error : corrupt(error, coding));
    });
    raw.pipe(rawLimit).pipe(decompressor).pipe(output);
  }
  return output;
}
