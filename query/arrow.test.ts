import { tableFromIPC } from 'apache-arrow';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { frameToArrow } from './arrow.ts';
import { fieldsOf } from './fields.ts';
import { buildFrame, withRefId } from './frame.ts';

const row = z.object({
  at: z.string().nullable(),
  name: z.string().nullable(),
  left_s: z.number().nullable(),
  ok: z.boolean().nullable(),
});
const fields = fieldsOf(row, { time: ['at'] });
const head = { query: 'sla.breach_risk', tenant: 'desk', as_of: '2026-03-02T12:00:00Z' };

function decode(bytes: Uint8Array) {
  const table = tableFromIPC(bytes);
  return { table, rows: table.toArray().map((r: { toJSON(): unknown }) => r.toJSON()) };
}

describe('frameToArrow', () => {
  it('round-trips values, nulls, types and metadata through tableFromIPC', () => {
    const frame = withRefId(
      buildFrame(
        'sla.breach_risk',
        fields,
        [
          { at: '2026-03-02T10:00:00Z', name: 'Ünïcødé ✓', left_s: -1.25, ok: true },
          { at: null, name: null, left_s: null, ok: null },
          { at: '1970-01-01T00:00:00Z', name: '', left_s: 0, ok: false },
        ],
        { policy_version: 2 },
      ),
      'B',
    );
    const { table, rows } = decode(frameToArrow(frame, head));
    expect(rows).toEqual([
      { at: Date.parse('2026-03-02T10:00:00Z'), name: 'Ünïcødé ✓', left_s: -1.25, ok: true },
      { at: null, name: null, left_s: null, ok: null },
      { at: 0, name: '', left_s: 0, ok: false },
    ]);
    expect(table.schema.fields.map((f) => [f.name, String(f.type), f.nullable])).toEqual([
      ['at', 'Timestamp<MILLISECOND, UTC>', true],
      ['name', 'Utf8', true],
      ['left_s', 'Float64', true],
      ['ok', 'Bool', true],
    ]);
    expect(Object.fromEntries(table.schema.metadata)).toEqual({
      name: 'sla.breach_risk',
      refId: 'B',
      query: 'sla.breach_risk',
      tenant: 'desk',
      as_of: '2026-03-02T12:00:00Z',
      meta: JSON.stringify({ custom: { policy_version: 2 } }),
    });
    expect(table.schema.fields[2]?.metadata.get('config')).toBe('{"unit":"s"}');
    expect(table.schema.fields[0]?.metadata.has('config')).toBe(false);
  });

  it('encodes an empty frame with its schema', () => {
    const { table } = decode(frameToArrow(buildFrame('e', fields, []), head));
    expect(table.numRows).toBe(0);
    expect(table.schema.fields.map((f) => f.name)).toEqual(['at', 'name', 'left_s', 'ok']);
    expect(table.schema.metadata.has('refId')).toBe(false);
  });

  it('keeps thousands of rows and more than eight nulls exact', () => {
    const many = Array.from({ length: 5_000 }, (_, i) => ({
      at: i % 9 === 0 ? null : new Date(i * 1000).toISOString(),
      name: `T${i}`,
      left_s: i % 7 === 0 ? null : i,
      ok: i % 3 === 0,
    }));
    const frame = buildFrame('big', fields, many);
    const { table } = decode(frameToArrow(frame, head));
    expect(table.numRows).toBe(5_000);
    for (const [index, field] of ['at', 'name', 'left_s', 'ok'].entries()) {
      expect([...(table.getChild(field) ?? [])]).toEqual(frame.data.values[index]);
    }
  });
});
