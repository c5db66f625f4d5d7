import { describe, expect, it } from 'vitest';
import { countRows, isPoisonError } from './replayer.ts';
import { PoisonError } from './test-fixtures.ts';

describe('isPoisonError', () => {
  it('recognises errors about the data itself', () => {
    expect(
      isPoisonError(
        new Error(
          'Code: 27. DB::Exception: Cannot parse input (CANNOT_PARSE_INPUT_ASSERTION_FAILED)',
        ),
      ),
    ).toBe(true);
    expect(isPoisonError(new Error('Code: 53. TYPE_MISMATCH'))).toBe(true);
    expect(isPoisonError(new Error('INCORRECT_DATA: value out of range'))).toBe(true);
    expect(isPoisonError(new Error('Code: 33. CANNOT_READ_ALL_DATA'))).toBe(true);
    expect(
      isPoisonError(Object.assign(new Error('insert failed'), { type: 'CANNOT_PARSE_DATETIME' })),
    ).toBe(true);
    expect(isPoisonError(new PoisonError('anything'))).toBe(true);
    expect(isPoisonError({ poison: true })).toBe(true);
  });

  it('leaves transient failures to be retried', () => {
    expect(isPoisonError(new Error('connect ECONNREFUSED 127.0.0.1:8123'))).toBe(false);
    expect(isPoisonError(new Error('Timeout error.'))).toBe(false);
    expect(isPoisonError(new Error('Code: 209. CANNOT_READ_FROM_SOCKET'))).toBe(false);
    expect(isPoisonError({ poison: 'yes' })).toBe(false);
    expect(isPoisonError(undefined)).toBe(false);
  });
});

describe('countRows', () => {
  it('counts NDJSON lines, terminated or not', () => {
    expect(countRows(Buffer.from(''))).toBe(0);
    expect(countRows(Buffer.from('{"a":1}\n'))).toBe(1);
    expect(countRows(Buffer.from('{"a":1}\n{"a":2}\n'))).toBe(2);
    expect(countRows(Buffer.from('{"a":1}\n{"a":2}'))).toBe(2);
  });
});
