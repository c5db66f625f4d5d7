import { describe, expect, it } from 'vitest';
import { DeskpulseError } from '../../schemas/errors.ts';
import { ceilTo, floorTo, planRange } from './range.ts';

const ms = (iso: string): number => Date.parse(iso);
const iso = (value: number): string => new Date(value).toISOString();
const NOW = ms('2026-03-10T12:30:00Z');

describe('UTC bucket bounds', () => {
  it('floors and ceils hours, days, weeks (from Monday) and months', () => {
    const t = ms('2026-03-04T13:45:00Z'); // a Wednesday
    expect(iso(floorTo('hour', t))).toBe('2026-03-04T13:00:00.000Z');
    expect(iso(floorTo('day', t))).toBe('2026-03-04T00:00:00.000Z');
    expect(iso(floorTo('week', t))).toBe('2026-03-02T00:00:00.000Z');
    expect(iso(floorTo('week', ms('2026-03-08T23:00:00Z')))).toBe('2026-03-02T00:00:00.000Z');
    expect(iso(floorTo('month', t))).toBe('2026-03-01T00:00:00.000Z');
    expect(iso(ceilTo('hour', t))).toBe('2026-03-04T14:00:00.000Z');
    expect(iso(ceilTo('week', t))).toBe('2026-03-09T00:00:00.000Z');
    expect(iso(ceilTo('month', ms('2026-12-31T23:00:00Z')))).toBe('2027-01-01T00:00:00.000Z');
    // A boundary is its own ceiling: [from, to) never grows by a whole bucket.
    expect(iso(ceilTo('day', ms('2026-03-04T00:00:00Z')))).toBe('2026-03-04T00:00:00.000Z');
  });
});

describe('planRange', () => {
  const plan = (from: string, to: string, interval: 'none' | 'hour' | 'day' | 'week' | 'month') =>
    planRange({ from: ms(from), to: ms(to), interval }, NOW);

  it('reads short ranges from the hourly rollup, to the hour', () => {
    // 1 h 45 min → hourly, widened to whole hours 08:00–11:00.
    const short = plan('2026-03-09T08:30:00Z', '2026-03-09T10:15:00Z', 'none');
    expect(short).toEqual({
      source: 'hourly',
      interval: 'none',
      fromMs: ms('2026-03-09T08:00:00Z'),
      toMs: ms('2026-03-09T11:00:00Z'),
    });
    // Exactly 72 h is still short; one second more is not.
    expect(plan('2026-03-06T00:00:00Z', '2026-03-09T00:00:00Z', 'none').source).toBe('hourly');
    const long = plan('2026-03-06T00:00:00Z', '2026-03-09T00:00:01Z', 'none');
    expect(long).toMatchObject({ source: 'daily', toMs: ms('2026-03-10T00:00:00Z') });
  });

  it('reads day, week and month buckets from the daily rollup, each bucket whole', () => {
    expect(plan('2026-03-09T08:00:00Z', '2026-03-09T09:00:00Z', 'day')).toMatchObject({
      source: 'daily',
      fromMs: ms('2026-03-09T00:00:00Z'),
      toMs: ms('2026-03-10T00:00:00Z'),
    });
    expect(plan('2026-03-04T08:00:00Z', '2026-03-10T09:00:00Z', 'week')).toMatchObject({
      fromMs: ms('2026-03-02T00:00:00Z'),
      toMs: ms('2026-03-16T00:00:00Z'),
    });
    expect(plan('2026-02-10T00:00:00Z', '2026-03-01T00:00:00Z', 'month')).toMatchObject({
      fromMs: ms('2026-02-01T00:00:00Z'),
      toMs: ms('2026-03-01T00:00:00Z'),
    });
  });

  it('keeps hour buckets inside the hourly retention', () => {
    // 90 days before 2026-03-10T12:00 is 2025-12-10T12:00.
    expect(plan('2025-12-10T12:00:00Z', '2025-12-11T00:00:00Z', 'hour').source).toBe('hourly');
    expect(() => plan('2025-12-10T11:59:00Z', '2025-12-11T00:00:00Z', 'hour')).toThrow(
      DeskpulseError,
    );
    // A short range past the horizon falls back to whole days.
    expect(plan('2025-12-01T08:00:00Z', '2025-12-01T09:00:00Z', 'none')).toMatchObject({
      source: 'daily',
      fromMs: ms('2025-12-01T00:00:00Z'),
    });
    // Hourly rollups kept forever (0): any range may use them.
    const forever = planRange(
      { from: ms('2020-01-01T08:00:00Z'), to: ms('2020-01-01T09:00:00Z'), interval: 'hour' },
      NOW,
      0,
    );
    expect(forever.source).toBe('hourly');
  });
});
