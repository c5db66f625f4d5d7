import { describe, expect, it } from 'vitest';

import { allowedValues, editableParams, paramKind } from './paramSchema';
import { CATALOGUE } from './testing/fixtures';

describe('paramKind', () => {
  it('chooses an input from the JSON Schema', () => {
    expect(paramKind({ type: 'string', enum: ['hour', 'day'] })).toBe('enum');
    expect(paramKind({ type: 'array', items: { type: 'string', enum: ['a'] } })).toBe('multi');
    expect(paramKind({ type: 'array', items: { type: 'string' } })).toBe('list');
    expect(
      paramKind({ anyOf: [{ type: 'string' }, { type: 'array', items: { enum: ['x'] } }] }),
    ).toBe('multi');
    expect(paramKind({ type: 'integer' })).toBe('number');
    expect(paramKind({ type: ['number', 'null'] })).toBe('number');
    expect(paramKind({ type: 'boolean' })).toBe('boolean');
    expect(paramKind({ type: 'string' })).toBe('text');
    expect(paramKind({})).toBe('text');
  });
});

describe('allowedValues', () => {
  it('lists enum values of the schema and of its list items, once each', () => {
    expect(allowedValues({ enum: ['a', 'b', 1] })).toEqual(['a', 'b', '1']);
    expect(
      allowedValues({ anyOf: [{ enum: ['a'] }, { type: 'array', items: { enum: ['a', 'b'] } }] }),
    ).toEqual(['a', 'b']);
  });
});

describe('editableParams', () => {
  it('hides from/to of range queries, whose range comes from the panel', () => {
    const attainment = CATALOGUE.queries[0];
    expect(attainment?.name).toBe('sla.attainment');
    const names = attainment === undefined ? [] : editableParams(attainment).map(([name]) => name);
    expect(names).not.toContain('from');
    expect(names).toContain('interval');
  });
});
