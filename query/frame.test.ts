import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { atRiskRowSchema, attainmentRowSchema } from '../schemas/sla-rollups.ts';
import { fieldsOf, presentFields, unitOf } from './fields.ts';
import { buildFrame, withRefId } from './frame.ts';

describe('frame fields from row contracts', () => {
  it('takes names, order, types and optionality from the row schema', () => {
    const fields = fieldsOf(attainmentRowSchema, { time: ['bucket'] });
    expect(fields.slice(0, 5)).toEqual([
      { name: 'bucket', type: 'time', optional: false },
      { name: 'metric', type: 'string', optional: false },
      { name: 'priority', type: 'string', optional: true },
      { name: 'queue', type: 'string', optional: true },
      { name: 'measured', type: 'number', optional: false },
    ]);
    expect(fields.find((f) => f.name === 'attainment_pct')).toMatchObject({ unit: 'percent' });
    expect(fields.find((f) => f.name === 'elapsed_p95_s')).toMatchObject({ unit: 's' });
  });

  it('makes nullable instants time fields and honours unit overrides', () => {
    const fields = fieldsOf(atRiskRowSchema, {
      time: ['breach_at', 'warn_at'],
      units: { cycle: 'none' },
    });
    expect(fields.find((f) => f.name === 'warn_at')).toEqual({
      name: 'warn_at',
      type: 'time',
      optional: false,
    });
    expect(fields.find((f) => f.name === 'cycle')).toMatchObject({ unit: 'none' });
    expect(fields.find((f) => f.name === 'seconds_left')).toMatchObject({ unit: 's' });
  });

  it('names units by the field-name conventions', () => {
    expect(
      [
        'reopen_pct',
        'pct_satisfied',
        'p50_s',
        'seconds_left',
        'usage_hours',
        'hours_silent',
        'x',
      ].map(unitOf),
    ).toEqual(['percent', 'percent', 's', 's', 'h', 'h', undefined]);
  });

  it('maps booleans, and refuses a field it cannot type', () => {
    expect(fieldsOf(z.object({ ok: z.boolean().nullable() }))).toEqual([
      { name: 'ok', type: 'boolean', optional: false },
    ]);
    expect(() => fieldsOf(z.object({ nested: z.object({ a: z.string() }) }))).toThrow(/nested/);
  });

  it('keeps optional fields only when the parameters fill them', () => {
    const fields = fieldsOf(attainmentRowSchema, { time: ['bucket'] });
    const names = (list: { name: string }[]) => list.map((f) => f.name).slice(0, 4);
    expect(names(presentFields(fields, []))).toEqual(['bucket', 'metric', 'measured', 'met']);
    expect(names(presentFields(fields, ['queue']))).toEqual([
      'bucket',
      'metric',
      'queue',
      'measured',
    ]);
  });
});

describe('buildFrame', () => {
  const row = z.object({
    at: z.string().nullable(),
    name: z.string(),
    n: z.number().nullable(),
    ok: z.boolean(),
    extra: z.string().optional(),
  });
  const fields = fieldsOf(row, { time: ['at'] });

  it('lays rows out in columns, instants as epoch milliseconds, missing values as null', () => {
    const frame = buildFrame(
      'test.query',
      fields,
      [
        { at: '2026-03-02T10:00:00Z', name: 'a', n: 1.5, ok: true },
        { at: null, name: 'b', n: null, ok: false, extra: 'x' },
      ],
      { policy_version: 3 },
    );
    expect(frame).toEqual({
      schema: {
        name: 'test.query',
        fields: [
          { name: 'at', type: 'time' },
          { name: 'name', type: 'string' },
          { name: 'n', type: 'number' },
          { name: 'ok', type: 'boolean' },
          { name: 'extra', type: 'string' },
        ],
        meta: { custom: { policy_version: 3 } },
      },
      data: {
        values: [
          [Date.parse('2026-03-02T10:00:00Z'), null],
          ['a', 'b'],
          [1.5, null],
          [true, false],
          [null, 'x'],
        ],
      },
    });
  });

  it('answers an empty frame with its fields, and labels a copy with the refId', () => {
    const frame = buildFrame('empty', fields, []);
    expect(frame.data.values).toEqual([[], [], [], [], []]);
    expect(frame.schema).not.toHaveProperty('meta');
    const labelled = withRefId(frame, 'A');
    expect(labelled.schema.refId).toBe('A');
    expect(frame.schema.refId).toBeUndefined();
    expect(withRefId(frame, undefined)).toBe(frame);
  });

  it('units go to the field config', () => {
    const frame = buildFrame('t', fieldsOf(z.object({ share_pct: z.number() })), [
      { share_pct: 50 },
    ]);
    expect(frame.schema.fields).toEqual([
      { name: 'share_pct', type: 'number', config: { unit: 'percent' } },
    ]);
  });
});
