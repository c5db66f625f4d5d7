import { FieldType } from '@grafana/data';
import { describe, expect, it } from 'vitest';

import { arrowToDataFrame } from './arrow';
import { BREACH_RISK_ARROW_COLUMNS, FROM_MS, TO_MS, arrowStream } from './testing/fixtures';

const METADATA = {
  name: 'sla.breach_risk',
  refId: 'B',
  query: 'sla.breach_risk',
  tenant: 'acme',
  as_of: '2024-03-11T00:00:00.000Z',
  meta: JSON.stringify({ custom: { policy_version: 3 } }),
};

describe('arrowToDataFrame', () => {
  it('maps Arrow types to Grafana field types, keeping nulls and field config', () => {
    const frame = arrowToDataFrame(arrowStream(BREACH_RISK_ARROW_COLUMNS, METADATA));
    expect(frame.length).toBe(3);
    expect(frame.fields.map((field) => [field.name, field.type])).toEqual([
      ['ticket_id', FieldType.string],
      ['breach_at', FieldType.time],
      ['seconds_left', FieldType.number],
      ['paused', FieldType.boolean],
    ]);
    expect(frame.fields.map((field) => field.values as unknown[])).toEqual([
      ['T-1', 'T-2', null],
      [FROM_MS, null, TO_MS],
      [120.5, null, -30],
      [false, true, null],
    ]);
    expect(frame.fields[2]?.config).toEqual({ unit: 's', decimals: 0 });
    expect(frame.fields[0]?.config).toEqual({});
  });

  it('gives every column a plain array, times as epoch milliseconds', () => {
    const frame = arrowToDataFrame(arrowStream(BREACH_RISK_ARROW_COLUMNS, METADATA));
    for (const field of frame.fields) {
      expect(Array.isArray(field.values)).toBe(true);
    }
    expect(typeof frame.fields[1]?.values[0]).toBe('number');
  });

  it('takes name, refId and meta from the schema metadata and adds as_of', () => {
    const bytes = arrowStream(BREACH_RISK_ARROW_COLUMNS, METADATA);
    const frame = arrowToDataFrame(
      bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength),
    );
    expect(frame.name).toBe('sla.breach_risk');
    expect(frame.refId).toBe('B');
    expect(frame.meta?.custom).toEqual({ as_of: '2024-03-11T00:00:00.000Z', policy_version: 3 });
  });

  it('decodes an empty result', () => {
    const empty = BREACH_RISK_ARROW_COLUMNS.map((column) => ({ ...column, values: [] }));
    const frame = arrowToDataFrame(arrowStream(empty, METADATA));
    expect(frame.length).toBe(0);
    expect(frame.fields.every((field) => field.values.length === 0)).toBe(true);
  });
});
