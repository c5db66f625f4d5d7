import { OTLP } from './proto.ts';
import type { ExportLogsServiceRequest, ExportMetricsServiceRequest } from './proto.ts';

/*
 * Builders of OTLP requests for the unit tests, written as OTLP/JSON objects
 * and read by the generated fromObject: the same path a JSON body takes.
 */

type Scalar = string | number | boolean;

/** OTLP/JSON attributes: whole numbers as intValue, other numbers as doubleValue. */
export function attributesJson(values: Readonly<Record<string, Scalar>>): object[] {
  return Object.entries(values).map(([key, value]) => {
    if (typeof value === 'string') return { key, value: { stringValue: value } };
    if (typeof value === 'boolean') return { key, value: { boolValue: value } };
    return Number.isInteger(value)
      ? { key, value: { intValue: String(value) } }
      : { key, value: { doubleValue: value } };
  });
}

/** `*_unix_nano` of an RFC 3339 instant, as OTLP/JSON writes it. */
export function nanos(iso: string): string {
  return (BigInt(Date.parse(iso)) * 1_000_000n).toString();
}

export interface PointSpec {
  time: string;
  value: number;
  attributes?: Record<string, Scalar>;
  flags?: number;
}

/** A metric of gauge (or sum) data points, values as asDouble. */
export function metricJson(name: string, points: readonly PointSpec[], kind = 'gauge'): object {
  return {
    name,
    [kind]: {
      dataPoints: points.map((point) => ({
        timeUnixNano: nanos(point.time),
        asDouble: point.value,
        attributes: attributesJson(point.attributes ?? {}),
        ...(point.flags === undefined ? {} : { flags: point.flags }),
      })),
    },
  };
}

export function metricsRequest(
  resources: readonly { attributes: Record<string, Scalar>; metrics: readonly object[] }[],
): ExportMetricsServiceRequest {
  return OTLP.metrics.request.fromObject({
    resourceMetrics: resources.map((resource) => ({
      resource: { attributes: attributesJson(resource.attributes) },
      scopeMetrics: [{ scope: { name: 'test' }, metrics: resource.metrics }],
    })),
  });
}

export interface RecordSpec {
  time?: string;
  observed?: string;
  attributes?: Record<string, Scalar>;
  body?: string;
}

export function logsRequest(
  resources: readonly { attributes: Record<string, Scalar>; records: readonly RecordSpec[] }[],
): ExportLogsServiceRequest {
  return OTLP.logs.request.fromObject({
    resourceLogs: resources.map((resource) => ({
      resource: { attributes: attributesJson(resource.attributes) },
      scopeLogs: [
        {
          scope: { name: 'test' },
          logRecords: resource.records.map((record) => ({
            ...(record.time === undefined ? {} : { timeUnixNano: nanos(record.time) }),
            ...(record.observed === undefined
              ? {}
              : { observedTimeUnixNano: nanos(record.observed) }),
            attributes: attributesJson(record.attributes ?? {}),
            ...(record.body === undefined ? {} : { body: { stringValue: record.body } }),
          })),
        },
      ],
    })),
  });
}
