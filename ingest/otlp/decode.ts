import { isUtf8 } from 'node:buffer';
import type { Readable } from 'node:stream';
import { DeskpulseError } from '../../schemas/errors.ts';
import { decodedStream } from '../body/decode.ts';
import type { DecodeLimits } from '../body/decode.ts';
import type { MessageCodec } from './proto.ts';

/** The two OTLP/HTTP encodings. */
export type OtlpFormat = 'protobuf' | 'json';

export const PROTOBUF_MEDIA_TYPES = ['application/x-protobuf', 'application/protobuf'] as const;
export const JSON_MEDIA_TYPE = 'application/json';

/** A request's encoding, and its media type: OTLP answers in the same one. */
export interface OtlpContentType {
  format: OtlpFormat;
  mediaType: string;
}

/** The OTLP encoding a Content-Type names; parameters such as charset are ignored. */
export function otlpContentType(contentType: string | undefined): OtlpContentType {
  const mediaType = (contentType ?? '').split(';', 1)[0]?.trim().toLowerCase() ?? '';
  if ((PROTOBUF_MEDIA_TYPES as readonly string[]).includes(mediaType)) {
    return { format: 'protobuf', mediaType };
  }
  if (mediaType === JSON_MEDIA_TYPE) return { format: 'json', mediaType };
  const accepted = [...PROTOBUF_MEDIA_TYPES, JSON_MEDIA_TYPE];
  throw new DeskpulseError(
    'UNSUPPORTED_MEDIA_TYPE',
    `Content-Type ${contentType === undefined ? 'is missing' : `"${contentType}" is not supported`}; ` +
      `OTLP/HTTP takes ${accepted.join(' or ')}`,
    { contentType: contentType ?? null, accepted },
  );
}

/**
 * The whole request body, decompressed. OTLP messages cannot be decoded
 * piecemeal; maxDecompressedBytes bounds what this holds in memory.
 */
export async function readBody(
  raw: Readable,
  contentEncoding: string | undefined,
  limits: DecodeLimits,
): Promise<Buffer> {
  const decoded = decodedStream(raw, contentEncoding, limits);
  try {
    const parts: Buffer[] = [];
    for await (const chunk of decoded) parts.push(chunk as Buffer);
    return Buffer.concat(parts);
  } finally {
    decoded.destroy();
  }
}

function invalid(message: string, cause?: unknown): DeskpulseError {
  return new DeskpulseError('INVALID_BODY', message, undefined, { cause });
}

function reasonOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

// protobufjs's fromObject reads these leniently (Long.fromValue("abc") is 0),
// so they are checked first: OTLP/JSON sends int64 as decimal strings or numbers.
const INT64_FIELDS = new Set([
  'timeUnixNano',
  'startTimeUnixNano',
  'observedTimeUnixNano',
  'asInt',
  'intValue',
]);
// OTLP/JSON sends trace and span ids as hex, where proto3 JSON would use base64.
const HEX_ID_FIELDS = new Set(['traceId', 'spanId']);
const INT64_MIN = -(2n ** 63n);
const UINT64_MAX = 2n ** 64n - 1n;

function int64Problem(value: unknown): string | undefined {
  if (typeof value === 'number') {
    return Number.isInteger(value) ? undefined : `${value} is not a whole number`;
  }
  if (typeof value !== 'string') return 'must be a decimal string or a number';
  if (!/^-?\d{1,20}$/.test(value)) return `"${value}" is not a decimal integer`;
  const parsed = BigInt(value);
  return parsed < INT64_MIN || parsed > UINT64_MAX ? `${value} is out of range` : undefined;
}

function hexBytes(value: unknown): Uint8Array | undefined {
  if (typeof value !== 'string' || value.length % 2 !== 0 || !/^[0-9a-fA-F]*$/.test(value)) {
    return undefined;
  }
  return Buffer.from(value, 'hex');
}

type JsonContainer = Record<string, unknown> | unknown[];

function isContainer(value: unknown): value is JsonContainer {
  return typeof value === 'object' && value !== null;
}

/**
 * Newer agents put the event name in LogRecord.eventName, which this proto
 * version lacks; as JSON it is still readable, so it joins the attributes.
 */
function liftEventName(object: Record<string, unknown>): void {
  const name = object['eventName'];
  if (typeof name !== 'string' || name === '') return;
  const attributes = Array.isArray(object['attributes']) ? (object['attributes'] as unknown[]) : [];
  const named = attributes.some(
    (entry) => isContainer(entry) && !Array.isArray(entry) && entry['key'] === 'event.name',
  );
  if (!named) attributes.push({ key: 'event.name', value: { stringValue: name } });
  object['attributes'] = attributes;
}

/**
 * Fixes the ways OTLP/JSON differs from what protobufjs's fromObject reads,
 * in place, and refuses values fromObject would silently turn into zero.
 * Iterative: attribute values nest, and a hostile body must not overflow the stack.
 */
export function normaliseOtlpJson(root: Record<string, unknown>): void {
  const stack: { value: JsonContainer; path: string }[] = [{ value: root, path: '' }];
  for (let next = stack.pop(); next !== undefined; next = stack.pop()) {
    const { value, path } = next;
    if (Array.isArray(value)) {
      value.forEach((item, index) => {
        if (isContainer(item)) stack.push({ value: item, path: `${path}[${index}]` });
      });
      continue;
    }
    liftEventName(value);
    for (const [key, field] of Object.entries(value)) {
      const at = path === '' ? key : `${path}.${key}`;
      if (INT64_FIELDS.has(key) && field != null) {
        const problem = int64Problem(field);
        if (problem !== undefined) throw invalid(`${at}: ${problem}`);
      } else if (HEX_ID_FIELDS.has(key) && field != null) {
        const bytes = hexBytes(field);
        if (bytes === undefined) throw invalid(`${at}: must be a hex string`);
        value[key] = bytes;
      } else if (isContainer(field)) {
        stack.push({ value: field, path: at });
      }
    }
  }
}

function parseJson(bytes: Buffer): Record<string, unknown> {
  const text =
    bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? bytes.subarray(3) : bytes;
  if (!isUtf8(text)) throw invalid('the body is not valid UTF-8');
  let value: unknown;
  try {
    value = JSON.parse(text.toString('utf8'));
  } catch (error) {
    throw invalid(`invalid JSON: ${reasonOf(error)}`, error);
  }
  if (!isContainer(value) || Array.isArray(value)) {
    throw invalid('an OTLP/JSON body must be one export request object');
  }
  return value;
}

/**
 * An OTLP export request from its bytes, decoded by the generated protobufjs
 * code; a body that is not one throws INVALID_BODY.
 */
export function decodeRequest<T>(
  codec: MessageCodec<T>,
  format: OtlpFormat,
  bytes: Buffer,
  messageName: string,
): T {
  if (format === 'protobuf') {
    try {
      return codec.decode(bytes);
    } catch (error) {
      throw invalid(
        `the body is not a valid ${messageName} in protobuf: ${reasonOf(error)}`,
        error,
      );
    }
  }
  const object = parseJson(bytes);
  try {
    normaliseOtlpJson(object);
    return codec.fromObject(object);
  } catch (error) {
    if (error instanceof DeskpulseError) throw error;
    throw invalid(`the body is not a valid ${messageName} in OTLP/JSON: ${reasonOf(error)}`, error);
  }
}
