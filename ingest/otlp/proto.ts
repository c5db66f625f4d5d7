import { createRequire } from 'node:module';

/*
 * A typed face for the protobufjs static module that @opentelemetry/otlp-transformer
 * 0.57.2 generates from the OTLP protos (opentelemetry-proto v1.3: LogRecord has
 * no event_name yet). The module ships no types of its own, so the shapes below
 * declare the part of each message Deskpulse reads, as protobufjs produces it:
 * every field may be absent or null, int64 fields are `Long` objects.
 */

/** An int64 or fixed64 as protobufjs hands it over: a `Long` (or a number without `long`). */
export type Int64 = number | { toString(): string };

export interface AnyValue {
  stringValue?: string | null;
  boolValue?: boolean | null;
  intValue?: Int64 | null;
  doubleValue?: number | null;
  arrayValue?: { values?: AnyValue[] | null } | null;
  kvlistValue?: { values?: KeyValue[] | null } | null;
  bytesValue?: Uint8Array | null;
}

export interface KeyValue {
  key?: string | null;
  value?: AnyValue | null;
}

export interface Resource {
  attributes?: KeyValue[] | null;
}

export interface NumberDataPoint {
  attributes?: KeyValue[] | null;
  timeUnixNano?: Int64 | null;
  asDouble?: number | null;
  asInt?: Int64 | null;
  flags?: number | null;
}

export interface Metric {
  name?: string | null;
  unit?: string | null;
  gauge?: { dataPoints?: NumberDataPoint[] | null } | null;
  sum?: { dataPoints?: NumberDataPoint[] | null } | null;
}

export interface ResourceMetrics {
  resource?: Resource | null;
  scopeMetrics?: { metrics?: Metric[] | null }[] | null;
}

export interface ExportMetricsServiceRequest {
  resourceMetrics?: ResourceMetrics[] | null;
}

export interface LogRecord {
  timeUnixNano?: Int64 | null;
  observedTimeUnixNano?: Int64 | null;
  severityNumber?: number | null;
  body?: AnyValue | null;
  attributes?: KeyValue[] | null;
}

export interface ResourceLogs {
  resource?: Resource | null;
  scopeLogs?: { logRecords?: LogRecord[] | null }[] | null;
}

export interface ExportLogsServiceRequest {
  resourceLogs?: ResourceLogs[] | null;
}

export interface ExportMetricsServiceResponse {
  partialSuccess?: { rejectedDataPoints?: Int64 | null; errorMessage?: string | null } | null;
}

export interface ExportLogsServiceResponse {
  partialSuccess?: { rejectedLogRecords?: Int64 | null; errorMessage?: string | null } | null;
}

/** The static methods protobufjs generates for every message type. */
export interface MessageCodec<T> {
  decode(bytes: Uint8Array): T;
  encode(message: T): { finish(): Uint8Array };
  /** Builds a message from a plain object; the step OTLP/JSON goes through. */
  fromObject(object: Record<string, unknown>): T;
  toObject(message: T, options?: { longs?: StringConstructor }): Record<string, unknown>;
}

/** The request and response messages of one OTLP export service. */
export interface ServiceCodecs<Request, Response> {
  request: MessageCodec<Request>;
  response: MessageCodec<Response>;
}

const require = createRequire(import.meta.url);
const generated: unknown = require('@opentelemetry/otlp-transformer/build/src/generated/root.js');

function member(value: unknown, path: readonly string[]): unknown {
  let at = value;
  for (const key of path) {
    if ((typeof at !== 'object' && typeof at !== 'function') || at === null) return undefined;
    at = Reflect.get(at, key);
  }
  return at;
}

// Fails at import, not on the first request, if an upgrade moved or renamed a type.
function codec<T>(path: readonly string[]): MessageCodec<T> {
  const type = member(generated, ['opentelemetry', 'proto', ...path]);
  for (const method of ['decode', 'encode', 'fromObject', 'toObject']) {
    if (typeof member(type, [method]) !== 'function') {
      throw new Error(
        `@opentelemetry/otlp-transformer: opentelemetry.proto.${path.join('.')} lacks ${method}()`,
      );
    }
  }
  return type as MessageCodec<T>;
}

function collector<Request, Response>(
  signal: 'metrics' | 'logs',
  request: string,
  response: string,
): ServiceCodecs<Request, Response> {
  return {
    request: codec<Request>(['collector', signal, 'v1', request]),
    response: codec<Response>(['collector', signal, 'v1', response]),
  };
}

/** Codecs of the two OTLP export services Deskpulse serves. */
export const OTLP = {
  metrics: collector<ExportMetricsServiceRequest, ExportMetricsServiceResponse>(
    'metrics',
    'ExportMetricsServiceRequest',
    'ExportMetricsServiceResponse',
  ),
  logs: collector<ExportLogsServiceRequest, ExportLogsServiceResponse>(
    'logs',
    'ExportLogsServiceRequest',
    'ExportLogsServiceResponse',
  ),
} as const;

export type OtlpSignal = keyof typeof OTLP;
