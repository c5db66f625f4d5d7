import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatDuration, isoSeconds, msToSeconds, toSeconds } from './time.ts';

describe('whole-second instants', () => {
  it('truncates to the whole UTC second, whatever the offset or fraction', () => {
    expect(toSeconds('2026-03-02T10:00:00.999Z')).toBe(Date.UTC(2026, 2, 2, 10) / 1000);
    expect(toSeconds('2026-03-02T11:00:00.123456+01:00')).toBe(Date.UTC(2026, 2, 2, 10) / 1000);
    expect(msToSeconds(1_000_999)).toBe(1000);
    expect(() => toSeconds('yesterday')).toThrow(RangeError);
  });

  it('formats like toISOString without milliseconds, for any instant 1970–9999', () => {
    fc.assert(
      fc.property(fc.integer({ min: -62_000_000_000, max: 253_402_300_799 }), (seconds) => {
        const expected = new Date(seconds * 1000).toISOString();
        if (expected.length !== 24) return; // years outside 0000–9999 use the extended form
        expect(isoSeconds(seconds)).toBe(`${expected.slice(0, 19)}Z`);
      }),
      { numRuns: 2000 },
    );
    expect(isoSeconds(Date.UTC(2026, 2, 2, 10) / 1000)).toBe('2026-03-02T10:00:00Z');
    expect(isoSeconds(Date.UTC(2024, 1, 29, 23, 59, 59) / 1000)).toBe('2024-02-29T23:59:59Z');
  });

  it('prints durations compactly', () => {
    expect(formatDuration(4 * 3600)).toBe('4h');
    expect(formatDuration(5400)).toBe('1h30m');
    expect(formatDuration(86_400 + 7200 + 5)).toBe('1d2h5s');
    expect(formatDuration(0)).toBe('0s');
    expect(formatDuration(null)).toBe('none');
  });
});
