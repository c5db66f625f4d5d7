/*
 * Test fixtures: a catalogue shaped like GET /v1/query's, an Arrow IPC stream shaped like
 * POST /v1/query's with Accept: application/vnd.apache.arrow.stream, and a data query request.
 */
import { dateTime } from '@grafana/data';
import type { DataQueryRequest } from '@grafana/data';
import {
  Bool,
  Field,
  Float64,
  RecordBatch,
  Schema,
  Struct,
  Table,
  TimestampMillisecond,
  Utf8,
  makeData,
  tableToIPC,
  vectorFromArray,
} from 'apache-arrow';
import type { DataType } from 'apache-arrow';

import type { Catalogue, DeskpulseQuery } from '../types';

const csv = (what: string) => ({
  type: 'string',
  description: `comma-separated: only these ${what}`,
});
const instant = { type: 'string', format: 'date-time' };

export const CATALOGUE: Catalogue = {
  queries: [
    {
      name: 'sla.attainment',
      title: 'SLA attainment',
      description: 'Met and breached clocks per bucket.',
      range: true,
      large: false,
      params: {
        type: 'object',
        properties: {
          from: instant,
          to: instant,
          interval: { type: 'string', enum: ['hour', 'day', 'week'], default: 'hour' },
          tz: { type: 'string', default: 'UTC' },
          priority: csv('priorities'),
          queue: csv('queues'),
          metric: {
            type: 'array',
            items: { type: 'string', enum: ['first_response', 'resolution'] },
          },
          version: { type: 'integer', minimum: 1, description: 'policy version' },
        },
      },
      fields: [{ name: 'bucket', type: 'time' }],
    },
    {
      name: 'sla.breach_risk',
      title: 'Breach risk',
      description: 'Clocks closest to breaching.',
      range: false,
      large: true,
      params: {
        type: 'object',
        properties: {
          limit: { type: 'integer', minimum: 1, maximum: 10000, default: 100 },
          include_breached: { type: 'boolean', default: false, description: 'also overdue' },
          queue: csv('queues'),
        },
      },
      fields: [{ name: 'ticket_id', type: 'string' }],
    },
    {
      name: 'sla.live',
      title: 'Live clocks',
      description: 'Running and paused clocks now.',
      range: false,
      large: false,
      params: { type: 'object', properties: { priority: csv('priorities'), queue: csv('queues') } },
      fields: [{ name: 'metric', type: 'string' }],
    },
    {
      name: 'reliability.metrics',
      title: 'Reliability metrics',
      description: 'Crashes, boots and pressure per bucket.',
      range: true,
      large: false,
      params: {
        type: 'object',
        properties: {
          from: instant,
          to: instant,
          bucket: { type: 'string', enum: ['none', 'hour', 'day', 'week', 'month'] },
          site: csv('sites'),
        },
      },
      fields: [{ name: 'bucket', type: 'time' }],
    },
  ],
};

/** 2024-03-04T00:00:00Z, a Monday. */
export const FROM_MS = Date.UTC(2024, 2, 4);
export const TO_MS = FROM_MS + 7 * 86_400_000;

export function makeRequest(
  targets: DeskpulseQuery[],
  overrides: Partial<DataQueryRequest<DeskpulseQuery>> = {},
): DataQueryRequest<DeskpulseQuery> {
  const from = dateTime(FROM_MS);
  const to = dateTime(TO_MS);
  return {
    requestId: 'Q1',
    interval: '10m',
    intervalMs: 600_000,
    range: { from, to, raw: { from, to } },
    scopedVars: {},
    targets,
    timezone: 'utc',
    app: 'dashboard',
    startTime: 0,
    ...overrides,
  };
}

interface ArrowColumn {
  name: string;
  type: DataType;
  values: unknown[];
  config?: Record<string, unknown>;
}

/** An Arrow IPC stream laid out as the Deskpulse query API writes one. */
export function arrowStream(columns: ArrowColumn[], metadata: Record<string, string>): Uint8Array {
  const fields = columns.map(
    (column) =>
      new Field(
        column.name,
        column.type,
        true,
        new Map(column.config === undefined ? [] : [['config', JSON.stringify(column.config)]]),
      ),
  );
  const schema = new Schema(fields, new Map(Object.entries(metadata)));
  const children = columns.map((column) => {
    const data = vectorFromArray(column.values, column.type).data[0];
    if (data === undefined) {
      throw new Error(`column ${column.name} has no data`);
    }
    return data;
  });
  const length = columns[0]?.values.length ?? 0;
  const data = makeData({ type: new Struct(fields), length, nullCount: 0, children });
  return tableToIPC(new Table(schema, [new RecordBatch(schema, data)]), 'stream');
}

export const BREACH_RISK_ARROW_COLUMNS: ArrowColumn[] = [
  { name: 'ticket_id', type: new Utf8(), values: ['T-1', 'T-2', null] },
  { name: 'breach_at', type: new TimestampMillisecond('UTC'), values: [FROM_MS, null, TO_MS] },
  {
    name: 'seconds_left',
    type: new Float64(),
    values: [120.5, null, -30],
    config: { unit: 's', decimals: 0 },
  },
  { name: 'paused', type: new Bool(), values: [false, true, null] },
];
