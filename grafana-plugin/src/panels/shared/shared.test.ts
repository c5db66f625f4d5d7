import { createTheme, FieldType, type Field } from '@grafana/data';
import { describe, expect, it } from 'vitest';

import {
  columnValues,
  frameLength,
  numberColumn,
  pickFrame,
  textColumn,
  timeColumn,
  toEpochMs,
} from './frames';
import { humanize, unitFormatter } from './format';
import { fixtureFrame } from './testing/panelProps';

const field = (values: unknown): Field =>
  ({ name: 'x', type: FieldType.number, config: {}, values }) as Field;

describe('columnValues', () => {
  it('accepts arrays, typed arrays, Arrow-like vectors and iterables', () => {
    expect(Array.from(columnValues(field([1, null])))).toEqual([1, null]);
    expect(Array.from(columnValues(field(Float64Array.from([1.5, 2]))))).toEqual([1.5, 2]);
    expect(Array.from(columnValues(field({ toArray: () => [3, 4] })))).toEqual([3, 4]);
    expect(Array.from(columnValues(field(new Set([5]))))).toEqual([5]);
    expect(Array.from(columnValues(undefined))).toEqual([]);
    expect(Array.from(columnValues(field(42)))).toEqual([]);
  });
});

describe('columns', () => {
  const frame = fixtureFrame('q', [
    { name: 'n', type: FieldType.number, values: [1, Number.NaN, null, '7'] },
    { name: 's', type: FieldType.string, values: ['a', 2, null, true] },
    { name: 't', type: FieldType.time, values: [0, '2026-03-02T10:00:00Z', null, '1000'] },
  ]);

  it('reads numbers, text and instants, null for gaps and missing fields', () => {
    const n = numberColumn(frame, 'n');
    expect([0, 1, 2, 3].map(n)).toEqual([1, null, null, 7]);
    const s = textColumn(frame, 's');
    expect([0, 1, 2, 3].map(s)).toEqual(['a', '2', null, 'true']);
    const t = timeColumn(frame, 't');
    expect([0, 1, 2, 3].map(t)).toEqual([0, Date.UTC(2026, 2, 2, 10), null, 1000]);
    expect(numberColumn(frame, 'missing')(0)).toBeNull();
    expect(frameLength(frame)).toBe(4);
  });

  it('converts instants of every shape to epoch ms', () => {
    expect(toEpochMs(new Date(5))).toBe(5);
    expect(toEpochMs(BigInt(6))).toBe(6);
    expect(toEpochMs('not a date')).toBeNull();
  });
});

describe('pickFrame', () => {
  const a = fixtureFrame('sla.live', [{ name: 'x', type: FieldType.number, values: [1] }], 'A');
  const b = fixtureFrame('sla.backlog', [{ name: 'y', type: FieldType.number, values: [1] }], 'B');
  const unnamed = { ...b, name: undefined, refId: 'sla.live' };

  it('finds by query name, then refId, then by fields', () => {
    expect(pickFrame([b, a], 'sla.live', ['nope'])).toBe(a);
    expect(pickFrame([b, unnamed], 'sla.live', ['nope'])).toBe(unnamed);
    expect(pickFrame([a, b], 'other', ['y'])).toBe(b);
    expect(pickFrame([a, b], 'other', ['z'])).toBeUndefined();
  });
});

describe('format', () => {
  it('humanises field names and formats units', () => {
    expect(humanize('app_failures_per_1000h')).toBe('App failures per 1000h');
    const pct = unitFormatter(createTheme(), 'percent', 1);
    expect(pct(97.25)).toBe('97.3%');
    expect(pct(null)).toBe('–');
  });
});
