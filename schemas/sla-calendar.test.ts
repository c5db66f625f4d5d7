import { describe, expect, it } from 'vitest';
import { issueOf as issueOfSchema, type LocatedIssue } from './issues.ts';
import { CALENDAR_24X7, slaCalendarSchema, wallMinutes } from './sla-calendar.ts';

const base = {
  id: 'office-berlin',
  time_zone: 'Europe/Berlin',
  weekly: [
    { day: 'mon', start: '08:00', end: '18:00' },
    { day: 'tue', start: '08:00', end: '12:00' },
    { day: 'tue', start: '13:00', end: '18:00' },
  ],
  holidays: ['2026-12-25'],
} as const;

const issueOf = (value: unknown): LocatedIssue | undefined =>
  issueOfSchema(slaCalendarSchema, value);

describe('SLA calendar schema', () => {
  it('accepts several intervals a day, crossing midnight, 24:00 and no holidays', () => {
    expect(issueOf(base)).toBeUndefined();
    expect(
      issueOf({
        id: 'night-shift',
        time_zone: 'America/New_York',
        weekly: [
          { day: 'mon', start: '22:00', end: '06:00' },
          { day: 'tue', start: '06:00', end: '24:00' },
          { day: 'sun', start: '09:00', end: '00:00' },
        ],
      }),
    ).toBeUndefined();
    expect(slaCalendarSchema.parse({ ...base, holidays: undefined }).holidays).toEqual([]);
  });

  it('accepts the built-in 24x7 calendar', () => {
    expect(issueOf(CALENDAR_24X7)).toBeUndefined();
    expect(CALENDAR_24X7.id).toBe('24x7');
  });

  it('counts an end at or before the start as crossing midnight', () => {
    expect(wallMinutes({ start: '22:00', end: '06:00' })).toBe(8 * 60);
    expect(wallMinutes({ start: '09:00', end: '00:00' })).toBe(15 * 60);
    expect(wallMinutes({ start: '09:00', end: '09:00' })).toBe(24 * 60);
    expect(wallMinutes({ start: '00:00', end: '24:00' })).toBe(24 * 60);
    // 23:59 is not stretched to the end of the day (Zammad #3180: say 24:00).
    expect(wallMinutes({ start: '00:00', end: '23:59' })).toBe(24 * 60 - 1);
  });

  it.each([
    [
      { ...base, time_zone: 'Mars/Olympus_Mons' },
      'time_zone',
      'unknown time zone "Mars/Olympus_Mons"',
    ],
    [{ ...base, time_zone: '+02:00' }, 'time_zone', 'unknown time zone "+02:00"'],
    [
      { ...base, weekly: [{ day: 'mon', start: '8:00', end: '18:00' }] },
      'weekly[0].start',
      'must be a time "HH:MM" from 00:00 to 23:59',
    ],
    [
      { ...base, weekly: [{ day: 'mon', start: '24:00', end: '06:00' }] },
      'weekly[0].start',
      'must be a time "HH:MM" from 00:00 to 23:59',
    ],
    [
      { ...base, weekly: [{ day: 'mon', start: '08:00', end: '18:60' }] },
      'weekly[0].end',
      'must be a time "HH:MM" from 00:00 to 24:00 (24:00 is the end of the day)',
    ],
    [
      { ...base, weekly: [{ day: 'mon', start: '08:00', end: '24:01' }] },
      'weekly[0].end',
      'must be a time "HH:MM" from 00:00 to 24:00 (24:00 is the end of the day)',
    ],
    [{ ...base, weekly: [{ day: 'monday', start: '08:00', end: '18:00' }] }, 'weekly[0].day', ''],
    [
      { ...base, weekly: [{ day: 'mon', start: '08:00', end: '18:00', tz: 'UTC' }] },
      'weekly[0].tz',
      'unknown field',
    ],
    [{ ...base, weekly: [] }, 'weekly', 'must have at least one interval'],
    [
      {
        ...base,
        weekly: [...base.weekly, { day: 'tue', start: '11:00', end: '14:00' }],
      },
      'weekly[3]',
      'tue 11:00–14:00 overlaps weekly[1] (tue 08:00–12:00)',
    ],
    // A crossing-midnight interval overlaps the next morning.
    [
      {
        ...base,
        weekly: [
          { day: 'mon', start: '22:00', end: '06:00' },
          { day: 'tue', start: '05:00', end: '09:00' },
        ],
      },
      'weekly[1]',
      'tue 05:00–09:00 overlaps weekly[0] (mon 22:00–06:00)',
    ],
    // Sunday night wraps into Monday morning.
    [
      {
        ...base,
        weekly: [
          { day: 'mon', start: '00:00', end: '08:00' },
          { day: 'sun', start: '23:00', end: '01:00' },
        ],
      },
      'weekly[1]',
      'sun 23:00–01:00 overlaps weekly[0] (mon 00:00–08:00)',
    ],
    [
      { ...base, holidays: ['2026-02-30'] },
      'holidays[0]',
      'must be a real local date "YYYY-MM-DD" between 1990 and 2099',
    ],
    [
      { ...base, holidays: ['2026-12-25', '25.12.2026'] },
      'holidays[1]',
      'must be a real local date "YYYY-MM-DD" between 1990 and 2099',
    ],
    [
      { ...base, holidays: ['1989-12-25'] },
      'holidays[0]',
      'must be a real local date "YYYY-MM-DD" between 1990 and 2099',
    ],
    [{ ...base, id: '' }, 'id', 'must not be empty'],
    [{ ...base, owner: 'x' }, 'owner', 'unknown field'],
  ])('rejects %j at %s', (value, path, message) => {
    const issue = issueOf(value);
    expect(issue).toBeDefined();
    expect(issue?.path).toBe(path);
    expect(issue?.message).toContain(message);
  });

  it('accepts intervals that only touch, including across midnight and the week end', () => {
    expect(
      issueOf({
        ...base,
        weekly: [
          { day: 'mon', start: '22:00', end: '06:00' },
          { day: 'tue', start: '06:00', end: '22:00' },
          { day: 'sun', start: '18:00', end: '24:00' },
          { day: 'mon', start: '00:00', end: '08:00' },
        ],
      }),
    ).toBeUndefined();
  });
});
