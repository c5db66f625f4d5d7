import { describe, expect, it } from 'vitest';
import {
  attributeMap,
  booleanAttribute,
  firstStringAttribute,
  int64,
  numberAttribute,
  stringAttribute,
  unixNanoToMs,
} from './attributes.ts';
import { OTLP } from './proto.ts';
import { attributesJson, nanos } from './test-support.ts';

// Through a protobuf round trip, so int64 values are the Long objects decode yields.
function decoded(values: Record<string, string | number | boolean>) {
  const { request } = OTLP.logs;
  const message = request.fromObject({
    resourceLogs: [{ scopeLogs: [{ logRecords: [{ attributes: attributesJson(values) }] }] }],
  });
  const roundTrip = request.decode(request.encode(message).finish());
  return attributeMap(roundTrip.resourceLogs?.[0]?.scopeLogs?.[0]?.logRecords?.[0]?.attributes);
}

describe('attributeMap', () => {
  it('keeps the first of repeated keys and skips empty keys', () => {
    const map = attributeMap([
      { key: 'a', value: { stringValue: 'first' } },
      { key: 'a', value: { stringValue: 'second' } },
      { key: '', value: { stringValue: 'nameless' } },
      { key: 'b', value: null },
    ]);
    expect([...map.keys()]).toEqual(['a']);
    expect(stringAttribute(map, 'a')).toBe('first');
  });
});

describe('scalar readers', () => {
  const map = decoded({
    text: 'pc-1',
    empty: '',
    whole: 42,
    real: 1.5,
    yes: true,
    no: 'False',
  });

  it('reads any scalar as text, but not an empty string', () => {
    expect(stringAttribute(map, 'text')).toBe('pc-1');
    expect(stringAttribute(map, 'whole')).toBe('42');
    expect(stringAttribute(map, 'real')).toBe('1.5');
    expect(stringAttribute(map, 'yes')).toBe('true');
    expect(stringAttribute(map, 'empty')).toBeUndefined();
    expect(stringAttribute(map, 'absent')).toBeUndefined();
  });

  it('picks the first present key', () => {
    expect(firstStringAttribute(map, ['absent', 'empty', 'text', 'whole'])).toEqual({
      key: 'text',
      value: 'pc-1',
    });
    expect(firstStringAttribute(map, ['absent'])).toBeUndefined();
  });

  it('reads numbers from int and double values only', () => {
    expect(numberAttribute(map, 'whole')).toBe(42);
    expect(numberAttribute(map, 'real')).toBe(1.5);
    expect(numberAttribute(map, 'text')).toBeUndefined();
  });

  it('reads booleans, and "true"/"false" text', () => {
    expect(booleanAttribute(map, 'yes')).toBe(true);
    expect(booleanAttribute(map, 'no')).toBe(false);
    expect(booleanAttribute(map, 'text')).toBeUndefined();
  });
});

describe('int64 and unix nanos', () => {
  it('reads Longs, numbers and decimal text', () => {
    expect(int64({ toString: () => '1700000000123456789' })).toBe(1700000000123456789n);
    expect(int64(12)).toBe(12n);
    expect(int64(1.5)).toBeUndefined();
    expect(int64(null)).toBeUndefined();
  });

  it('truncates to milliseconds and treats 0 as unset', () => {
    expect(unixNanoToMs({ toString: () => '1700000000123999999' })).toBe(1700000000123);
    expect(unixNanoToMs({ toString: () => nanos('2024-03-05T10:00:00.250Z') })).toBe(
      Date.parse('2024-03-05T10:00:00.250Z'),
    );
    expect(unixNanoToMs(0)).toBeUndefined();
    expect(unixNanoToMs(undefined)).toBeUndefined();
  });
});
