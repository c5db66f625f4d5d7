import { describe, expect, it } from 'vitest';
import {
  addBusinessTime,
  arrivalIntensity,
  berlinDayStart,
  berlinLocal,
  berlinOffsetMinutes,
  isBusinessHours,
  WEEKDAY_SHAPE_HOURS,
} from './calendar.ts';

const at = (iso: string): number => Date.parse(iso);

describe('Berlin calendar', () => {
  it('knows winter and summer time, switching on the last Sundays of March and October', () => {
    expect(berlinOffsetMinutes(at('2026-01-15T12:00:00Z'))).toBe(60);
    expect(berlinOffsetMinutes(at('2026-07-15T12:00:00Z'))).toBe(120);
    expect(berlinOffsetMinutes(at('2026-03-29T00:59:59Z'))).toBe(60);
    expect(berlinOffsetMinutes(at('2026-03-29T01:00:00Z'))).toBe(120);
    expect(berlinOffsetMinutes(at('2026-10-25T00:59:59Z'))).toBe(120);
    expect(berlinOffsetMinutes(at('2026-10-25T01:00:00Z'))).toBe(60);
  });

  it('computes local weekday, hour and midnight', () => {
    const local = berlinLocal(at('2026-03-02T08:30:00Z')); // Monday 09:30 CET
    expect(local.weekday).toBe(1);
    expect(local.hour).toBeCloseTo(9.5);
    expect(berlinDayStart(local.dayIndex)).toBe(at('2026-03-01T23:00:00Z'));
    expect(berlinDayStart(berlinLocal(at('2026-07-01T12:00:00Z')).dayIndex)).toBe(
      at('2026-06-30T22:00:00Z'),
    );
  });

  it('treats Monday–Friday 08:00–18:00 local as business hours', () => {
    expect(isBusinessHours(at('2026-03-02T07:00:00Z'))).toBe(true); // Mon 08:00
    expect(isBusinessHours(at('2026-03-02T06:59:59Z'))).toBe(false);
    expect(isBusinessHours(at('2026-03-02T17:00:00Z'))).toBe(false); // Mon 18:00
    expect(isBusinessHours(at('2026-03-07T10:00:00Z'))).toBe(false); // Saturday
    expect(isBusinessHours(at('2026-07-01T06:30:00Z'))).toBe(true); // Wed 08:30 CEST
  });

  it('peaks in the morning and is quiet at night and at weekends', () => {
    const peak = arrivalIntensity(at('2026-03-03T08:30:00Z')); // Tue 09:30
    expect(peak).toBeGreaterThan(arrivalIntensity(at('2026-03-03T14:00:00Z')));
    expect(peak).toBeGreaterThan(20 * arrivalIntensity(at('2026-03-03T02:00:00Z')));
    expect(peak).toBeGreaterThan(15 * arrivalIntensity(at('2026-03-07T10:00:00Z')));
    expect(WEEKDAY_SHAPE_HOURS).toBeGreaterThan(10);
    expect(WEEKDAY_SHAPE_HOURS).toBeLessThan(13);
  });

  it('adds working time only: Friday 17:00 plus two hours is Monday 09:00', () => {
    expect(addBusinessTime(at('2026-03-06T16:00:00Z'), 2 * 3_600_000)).toBe(
      at('2026-03-09T08:00:00Z'),
    );
    // From the night, the clock starts at 08:00.
    expect(addBusinessTime(at('2026-03-03T01:00:00Z'), 30 * 60_000)).toBe(
      at('2026-03-03T07:30:00Z'),
    );
    // Across the switch to summer time: Fri 17:00 CET + 2 h → Mon 09:00 CEST.
    expect(addBusinessTime(at('2026-03-27T16:00:00Z'), 2 * 3_600_000)).toBe(
      at('2026-03-30T07:00:00Z'),
    );
  });
});
