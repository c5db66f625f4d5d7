import { isUtf8 } from 'node:buffer';
import type { Readable } from 'node:stream';
import type { Rejection } from '../../schemas/api.ts';
import type { Config } from '../../schemas/config.ts';
import { DeskpulseError } from '../../schemas/errors.ts';
import type { RawTable } from '../../store/tables.ts';
import { decodedStream } from './decode.ts';
import { NdjsonSplitter } from './lines.ts';
import type { NdjsonLine } from './lines.ts';
import { eventValidator } from './validate.ts';
import type { IngestStream, Validated } from './validate.ts';

export interface ParseBatchOptions {
  stream: IngestStream;
  tenant: string;
  contentType: string | undefined;
  contentEncoding: string | undefined;
  limits: Config['limits'];
  /** Epoch milliseconds; the clock-skew rule measures from here. */
  now: number;
  /** Telemetry older than its table's retention is refused rather than silently expired. */
  retention?: Pick<Config['retention'], 'samplesDays' | 'endpointEventsDays'>;
}

/** The rows of one raw table, as a JSONEachRow body: one row per line, newline-terminated. */
export interface TableChunk {
  ndjson: Buffer;
  rows: number;
}

export interface ParsedBatch {
  accepted: number;
  /** The first MAX_LISTED_REJECTIONS rejected lines. */
  rejected: Rejection[];
  /** Every rejected line, listed or not. */
  rejectedCount: number;
  /** Only tables that received at least one row. */
  chunks: Map<RawTable, TableChunk>;
}

/** How many rejections a response lists; the rest are only counted. */
export const MAX_LISTED_REJECTIONS = 1000;

export const NDJSON_MEDIA_TYPES = [
  'application/x-ndjson',
  'application/ndjson',
  'application/jsonl',
  'application/jsonlines',
] as const;
export const JSON_MEDIA_TYPE = 'application/json';

type BodyFormat = 'ndjson' | 'json';

/** The body format a Content-Type names; parameters such as charset are ignored. */
export function bodyFormat(contentType: string | undefined): BodyFormat {
  const mediaType = (contentType ?? '').split(';', 1)[0]?.trim().toLowerCase() ?? '';
  if ((NDJSON_MEDIA_TYPES as readonly string[]).includes(mediaType)) return 'ndjson';
  if (mediaType === JSON_MEDIA_TYPE) return 'json';
  throw new DeskpulseError(
    'UNSUPPORTED_MEDIA_TYPE',
    `Content-Type ${contentType === undefined ? 'is missing' : `"${contentType}" is not supported`}; ` +
      `send ${NDJSON_MEDIA_TYPES.join(', ')} (one event per line) or ${JSON_MEDIA_TYPE} (an event or an array of events)`,
    { contentType: contentType ?? null, accepted: [...NDJSON_MEDIA_TYPES, JSON_MEDIA_TYPE] },
  );
}

/** Collects accepted rows per table and rejections in input order. */
export class BatchBuilder {
  accepted = 0;
  rejectedCount = 0;
  readonly rejected: Rejection[] = [];
  readonly #rows = new Map<RawTable, string[]>();
  #events = 0;

  constructor(private readonly maxEvents: number) {}

  /** Counts non-blank lines or array elements against maxEventsPerRequest. */
  count(events = 1): void {
    this.#events += events;
    if (this.#events > this.maxEvents) throw tooManyEvents(this.maxEvents);
  }

  add(line: number, result: Validated): void {
    if (!result.ok) {
      this.reject(line, result.path, result.message);
      return;
    }
    this.accepted += 1;
    const rows = this.#rows.get(result.table);
    if (rows === undefined) this.#rows.set(result.table, [result.row]);
    else rows.push(result.row);
  }

  reject(line: number, path: string, message: string): void {
    this.rejectedCount += 1;
    if (this.rejected.length < MAX_LISTED_REJECTIONS) this.rejected.push({ line, path, message });
  }

  result(): ParsedBatch {
    const chunks = new Map<RawTable, TableChunk>();
    for (const [table, rows] of this.#rows) {
      const count = rows.length;
      rows.push(''); // so that join() ends the last row with a newline too
      chunks.set(table, { ndjson: Buffer.from(rows.join('\n')), rows: count });
    }
    return {
      accepted: this.accepted,
      rejected: this.rejected,
      rejectedCount: this.rejectedCount,
      chunks,
    };
  }
}

function tooManyEvents(limit: number): DeskpulseError {
  return new DeskpulseError('PAYLOAD_TOO_LARGE', `the body holds more than ${limit} events`, {
    limit,
    setting: 'limits.maxEventsPerRequest',
  });
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

// Some editors and Windows tools start UTF-8 files with a byte order mark.
function withoutBom(bytes: Buffer): Buffer {
  return bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? bytes.subarray(3) : bytes;
}

function acceptLine(
  item: NdjsonLine,
  limits: Config['limits'],
  batch: BatchBuilder,
  validate: (value: unknown) => Validated,
): void {
  batch.count();
  if (item.tooLong === true) {
    batch.reject(item.line, '', `line is longer than ${limits.maxLineBytes} bytes`);
    return;
  }
  const bytes = item.line === 1 ? withoutBom(item.bytes) : item.bytes;
  if (!isUtf8(bytes)) {
    batch.reject(item.line, '', 'not valid UTF-8');
    return;
  }
  let value: unknown;
  try {
    value = JSON.parse(bytes.toString('utf8'));
  } catch (error) {
    batch.reject(item.line, '', `invalid JSON: ${errorMessage(error)}`);
    return;
  }
  batch.add(item.line, validate(value));
}

async function readNdjson(
  body: Readable,
  limits: Config['limits'],
  batch: BatchBuilder,
  validate: (value: unknown) => Validated,
): Promise<void> {
  const splitter = new NdjsonSplitter(limits.maxLineBytes);
  for await (const chunk of body) {
    for (const item of splitter.push(chunk as Buffer)) acceptLine(item, limits, batch, validate);
  }
  for (const item of splitter.end()) acceptLine(item, limits, batch, validate);
}

async function readJson(
  body: Readable,
  batch: BatchBuilder,
  validate: (value: unknown) => Validated,
): Promise<void> {
  const parts: Buffer[] = [];
  for await (const chunk of body) parts.push(chunk as Buffer);
  const bytes = withoutBom(Buffer.concat(parts));
  if (!isUtf8(bytes)) throw new DeskpulseError('INVALID_BODY', 'the body is not valid UTF-8');
  let value: unknown;
  try {
    value = JSON.parse(bytes.toString('utf8'));
  } catch (error) {
    throw new DeskpulseError('INVALID_BODY', `invalid JSON: ${errorMessage(error)}`, undefined, {
      cause: error,
    });
  }
  if (Array.isArray(value)) {
    const events: unknown[] = value;
    batch.count(events.length);
    events.forEach((event, index) => {
      batch.add(index + 1, validate(event));
    });
  } else if (typeof value === 'object' && value !== null) {
    batch.count();
    batch.add(1, validate(value));
  } else {
    throw new DeskpulseError(
      'INVALID_BODY',
      'a JSON body must be one event object or an array of event objects',
    );
  }
}

/**
 * Reads a request body into validated, serialised rows per raw table. Bad
 * events are rejected one by one (line number, field path, reason); a body
 * that cannot be read at all throws a DeskpulseError (UNSUPPORTED_MEDIA_TYPE,
 * PAYLOAD_TOO_LARGE, INVALID_BODY). NDJSON is parsed while it streams in;
 * a JSON body is read whole, which maxDecompressedBytes bounds.
 */
export async function parseBatch(body: Readable, options: ParseBatchOptions): Promise<ParsedBatch> {
  const { limits } = options;
  const format = bodyFormat(options.contentType);
  const decoded = decodedStream(body, options.contentEncoding, limits);
  const batch = new BatchBuilder(limits.maxEventsPerRequest);
  const validate = eventValidator({
    stream: options.stream,
    tenant: options.tenant,
    now: options.now,
    maxClockSkewSeconds: limits.maxClockSkewSeconds,
    ...(options.retention === undefined ? {} : { retention: options.retention }),
  });
  try {
    if (format === 'ndjson') await readNdjson(decoded, limits, batch, validate);
    else await readJson(decoded, batch, validate);
  } finally {
    // Stops decompression when parsing gave up early (too many events).
    decoded.destroy();
  }
  return batch.result();
}
