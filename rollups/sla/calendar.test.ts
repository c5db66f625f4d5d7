import fc from 'fast-check';
import { DateTime, Settings } from 'luxon';
import { describe, expect, it } from 'vitest';
import type { SlaCalendar, SlaCalendarInput } from '../../schemas/sla-calendar.ts';
import { CALENDAR_24X7, WEEKDAYS, slaCalendarSchema } from '../../schemas/sla-calendar.ts';
import {
  BusinessCalendar,
  addBusinessSeconds,
  businessSeconds,
  expandCalendar,
} from './calendar.ts';

const HOUR = 3600;
const at = (iso: string): number => {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) throw new Error(`bad test timestamp ${iso}`);
  return ms;
};
const iso = (ms: number): string => new Date(ms).toISOString();

function calendar(
  time_zone: string,
  weekly: SlaCalendarInput['weekly'],
  holidays: string[] = [],
): SlaCalendar {
  return slaCalendarSchema.parse({ id: 'test', time_zone, weekly, holidays });
}

const WEEKDAYS_MON_FRI = ['mon', 'tue', 'wed', 'thu', 'fri'] as const;
const everyDay = (start: string, end: string): SlaCalendarInput['weekly'] =>
  WEEKDAYS.map((day) => ({ day, start, end }));
const monToFri = (start: string, end: string): SlaCalendarInput['weekly'] =>
  WEEKDAYS_MON_FRI.map((day) => ({ day, start, end }));

// 2026-03-02 is a Monday.
describe('golden cases from vendors and bug reports', () => {
  // GLPI PR #22678 (https://github.com/glpi-project/glpi/pull/22678): a 4 h
  // target on a Mon–Fri 08:00–18:00 calendar.
  it('GLPI #22678: 4 h from Mon 10:00 is Mon 14:00, from Mon 17:00 is Tue 11:00', () => {
    const cal = new BusinessCalendar(calendar('Europe/Paris', monToFri('08:00', '18:00')));
    expect(iso(cal.addBusinessSeconds(at('2026-03-02T10:00:00+01:00'), 4 * HOUR))).toBe(
      iso(at('2026-03-02T14:00:00+01:00')),
    );
    expect(iso(cal.addBusinessSeconds(at('2026-03-02T17:00:00+01:00'), 4 * HOUR))).toBe(
      iso(at('2026-03-03T11:00:00+01:00')),
    );
    // A deadline that lands on the end of the day is that end, not the next morning.
    expect(iso(cal.addBusinessSeconds(at('2026-03-02T14:00:00+01:00'), 4 * HOUR))).toBe(
      iso(at('2026-03-02T18:00:00+01:00')),
    );
    // Created outside business time, the clock starts at the next opening.
    expect(iso(cal.addBusinessSeconds(at('2026-03-02T20:00:00+01:00'), 4 * HOUR))).toBe(
      iso(at('2026-03-03T12:00:00+01:00')),
    );
  });

  // ServiceNow docs, "Relative duration / SLA schedules": a 24 h SLA on an
  // 8-hour 9–5 weekday schedule takes three working days.
  it('ServiceNow: 24 h on a 9–5 weekday schedule spans three working days', () => {
    const cal = new BusinessCalendar(calendar('America/Los_Angeles', monToFri('09:00', '17:00')));
    expect(iso(cal.addBusinessSeconds(at('2026-03-02T09:00:00-08:00'), 24 * HOUR))).toBe(
      iso(at('2026-03-04T17:00:00-08:00')),
    );
    // Thursday morning runs over the weekend to Monday evening.
    expect(iso(cal.addBusinessSeconds(at('2026-03-05T09:00:00-08:00'), 24 * HOUR))).toBe(
      iso(at('2026-03-09T17:00:00-07:00')), // Los Angeles moved to PDT on 2026-03-08
    );
  });

  // Zammad issue #3180 (https://github.com/zammad/zammad/issues/3180): a
  // calendar open 00:00–24:00 every day lost time at midnight.
  it('Zammad #3180: 00:00–24:00 every day is exactly 24x7, with no gap at midnight', () => {
    const allDay = calendar('UTC', everyDay('00:00', '24:00'));
    const from = at('2026-01-01T00:00:00Z');
    const to = at('2026-02-01T00:00:00Z');
    expect(expandCalendar(allDay, from, to)).toEqual([{ startMs: from, endMs: to, cumBeforeS: 0 }]);
    expect(expandCalendar(CALENDAR_24X7, from, to)).toEqual(expandCalendar(allDay, from, to));
    const cal = new BusinessCalendar(allDay);
    const reference = new BusinessCalendar(CALENDAR_24X7);
    const beforeMidnight = at('2026-01-05T23:59:30Z');
    expect(cal.businessSeconds(beforeMidnight, beforeMidnight + 60_000)).toBe(60);
    expect(iso(cal.addBusinessSeconds(beforeMidnight, 60))).toBe('2026-01-06T00:00:30.000Z');
    expect(reference.businessSeconds(beforeMidnight, beforeMidnight + 60_000)).toBe(60);

    // The same holds in a zone with DST: midnight is never a gap.
    const berlin = new BusinessCalendar(calendar('Europe/Berlin', everyDay('00:00', '24:00')));
    expect(berlin.businessSeconds(from, to)).toBe((to - from) / 1000);
  });

  it('Zammad #3180: 00:00–23:59 is not stretched; it leaves one minute a day (say 24:00)', () => {
    const cal = new BusinessCalendar(calendar('UTC', everyDay('00:00', '23:59')));
    expect(cal.businessSeconds(at('2026-01-05T00:00:00Z'), at('2026-01-06T00:00:00Z'))).toBe(
      24 * HOUR - 60,
    );
    expect(iso(cal.addBusinessSeconds(at('2026-01-05T23:58:30Z'), 60))).toBe(
      '2026-01-06T00:00:30.000Z',
    );
  });

  // Zammad issue #2497 (https://github.com/zammad/zammad/issues/2497): an
  // interval ending at 00:00 (or crossing midnight) hung the calculation.
  it('Zammad #2497: 09:00→00:00 and 22:00→06:00 work and terminate', () => {
    const lateDay = new BusinessCalendar(calendar('Europe/Berlin', everyDay('09:00', '00:00')));
    expect(
      lateDay.businessSeconds(at('2026-03-02T00:00:00+01:00'), at('2026-03-03T00:00:00+01:00')),
    ).toBe(15 * HOUR);
    expect(iso(lateDay.addBusinessSeconds(at('2026-03-02T23:00:00+01:00'), 2 * HOUR))).toBe(
      iso(at('2026-03-03T10:00:00+01:00')),
    );

    const nights = new BusinessCalendar(calendar('Europe/Berlin', monToFri('22:00', '06:00')));
    expect(
      nights.businessSeconds(at('2026-03-02T21:00:00+01:00'), at('2026-03-03T07:00:00+01:00')),
    ).toBe(8 * HOUR);
    expect(iso(nights.addBusinessSeconds(at('2026-03-02T22:00:00+01:00'), 8 * HOUR))).toBe(
      iso(at('2026-03-03T06:00:00+01:00')),
    );
    expect(iso(nights.addBusinessSeconds(at('2026-03-02T22:00:00+01:00'), 9 * HOUR))).toBe(
      iso(at('2026-03-03T23:00:00+01:00')),
    );
    // Friday night runs into Saturday morning; nothing on Saturday or Sunday night.
    expect(iso(nights.addBusinessSeconds(at('2026-03-07T05:00:00+01:00'), 2 * HOUR))).toBe(
      iso(at('2026-03-09T23:00:00+01:00')),
    );
  });

  // dbt_zendesk issue #25 (https://github.com/fivetran/dbt_zendesk/issues/25):
  // business minutes of historical tickets used today's UTC offset.
  it('dbt_zendesk #25: the offset in force at the time is used (January vs July)', () => {
    const cal = new BusinessCalendar(calendar('America/New_York', monToFri('09:00', '17:00')));
    // Wednesday 10:00 to Thursday 14:00, local time, in winter and in summer.
    const winter = [at('2026-01-14T10:00:00-05:00'), at('2026-01-15T14:00:00-05:00')] as const;
    const summer = [at('2026-07-15T10:00:00-04:00'), at('2026-07-16T14:00:00-04:00')] as const;
    expect(cal.businessSeconds(...winter)).toBe(12 * HOUR);
    expect(cal.businessSeconds(...summer)).toBe(12 * HOUR);
    const [winterDay] = cal.intervals(winter[0], winter[1]);
    const [, summerDay] = cal.intervals(at('2026-07-15T00:00:00Z'), summer[1]);
    expect(iso(winterDay?.endMs ?? 0)).toBe('2026-01-14T22:00:00.000Z');
    expect(iso(summerDay?.startMs ?? 0)).toBe('2026-07-16T13:00:00.000Z');
    const [winterNext] = cal.intervals(at('2026-01-15T00:00:00Z'), winter[1]);
    expect(iso(winterNext?.startMs ?? 0)).toBe('2026-01-15T14:00:00.000Z');
  });

  // GLPI issue #10594 (https://github.com/glpi-project/glpi/issues/10594):
  // business time across a weekend.
  it('GLPI #10594: Friday 17:00 to Monday 09:00 on 08:00–18:00 weekdays is 2 h', () => {
    const cal = new BusinessCalendar(calendar('Europe/Paris', monToFri('08:00', '18:00')));
    expect(
      cal.businessSeconds(at('2026-03-06T17:00:00+01:00'), at('2026-03-09T09:00:00+01:00')),
    ).toBe(2 * HOUR);
  });
});

describe('daylight saving time', () => {
  const berlinAllDay = calendar('Europe/Berlin', everyDay('00:00', '24:00'));

  it('Europe/Berlin 00:00–24:00 counts 23 h on spring-forward day and 25 h on fall-back day', () => {
    const cal = new BusinessCalendar(berlinAllDay);
    expect(
      cal.businessSeconds(at('2026-03-29T00:00:00+01:00'), at('2026-03-30T00:00:00+02:00')),
    ).toBe(23 * HOUR);
    expect(
      cal.businessSeconds(at('2026-10-25T00:00:00+02:00'), at('2026-10-26T00:00:00+01:00')),
    ).toBe(25 * HOUR);
    // One merged interval through both transitions.
    expect(
      expandCalendar(berlinAllDay, at('2026-03-01T00:00:00Z'), at('2026-11-01T00:00:00Z')),
    ).toHaveLength(1);
  });

  it('a 09:00–17:00 day stays 8 h of local time and moves in UTC', () => {
    const cal = calendar('Europe/Berlin', everyDay('09:00', '17:00'));
    const days = expandCalendar(cal, at('2026-03-28T00:00:00Z'), at('2026-03-30T00:00:00Z'));
    expect(days.map((d) => [iso(d.startMs), iso(d.endMs)])).toEqual([
      ['2026-03-28T08:00:00.000Z', '2026-03-28T16:00:00.000Z'],
      ['2026-03-29T07:00:00.000Z', '2026-03-29T15:00:00.000Z'],
    ]);
    expect(days[1]?.cumBeforeS).toBe(8 * HOUR);
  });

  it('a night interval spanning the change counts the real elapsed time', () => {
    const cal = new BusinessCalendar(calendar('Europe/Berlin', everyDay('22:00', '06:00')));
    expect(cal.businessSeconds(at('2026-03-28T12:00:00Z'), at('2026-03-29T12:00:00Z'))).toBe(
      7 * HOUR,
    );
    expect(cal.businessSeconds(at('2026-10-24T12:00:00Z'), at('2026-10-25T12:00:00Z'))).toBe(
      9 * HOUR,
    );
  });

  it('a reading in the spring-forward gap moves forward by the gap (02:30 → 03:30 CEST)', () => {
    const cal = calendar('Europe/Berlin', everyDay('02:30', '05:00'));
    const [spring] = expandCalendar(cal, at('2026-03-29T00:00:00Z'), at('2026-03-30T00:00:00Z'));
    expect(spring && [iso(spring.startMs), iso(spring.endMs)]).toEqual([
      '2026-03-29T01:30:00.000Z', // 03:30 CEST
      '2026-03-29T03:00:00.000Z', // 05:00 CEST
    ]);
  });

  it('a repeated reading on fall-back day is its first occurrence, whatever today is', () => {
    const cal = calendar('Europe/Berlin', everyDay('00:00', '02:30'));
    const expand = (): string[] =>
      expandCalendar(cal, at('2026-10-24T12:00:00Z'), at('2026-10-25T12:00:00Z')).map(
        (d) => `${iso(d.startMs)}/${iso(d.endMs)}`,
      );
    const expected = ['2026-10-24T22:00:00.000Z/2026-10-25T00:30:00.000Z']; // 02:30 CEST
    // luxon's DateTime.fromObject resolves this hour from the current date's
    // offset; our resolution must not depend on when the code runs.
    const realNow = Settings.now;
    try {
      for (const now of [at('2026-01-15T00:00:00Z'), at('2026-07-15T00:00:00Z')]) {
        Settings.now = () => now;
        expect(expand()).toEqual(expected);
      }
    } finally {
      Settings.now = realNow;
    }
  });

  it('Australia/Lord_Howe moves by 30 minutes: 23.5 h and 24.5 h days', () => {
    const cal = new BusinessCalendar(calendar('Australia/Lord_Howe', everyDay('00:00', '24:00')));
    // DST starts on the first Sunday of October and ends on the first Sunday of April.
    expect(
      cal.businessSeconds(at('2026-10-04T00:00:00+10:30'), at('2026-10-05T00:00:00+11:00')),
    ).toBe(23.5 * HOUR);
    expect(
      cal.businessSeconds(at('2026-04-05T00:00:00+11:00'), at('2026-04-06T00:00:00+10:30')),
    ).toBe(24.5 * HOUR);
    const nine = new BusinessCalendar(calendar('Australia/Lord_Howe', monToFri('09:00', '17:00')));
    expect(iso(nine.addBusinessSeconds(at('2026-10-02T16:00:00+10:30'), 2 * HOUR))).toBe(
      iso(at('2026-10-05T10:00:00+11:00')),
    );
  });

  it('Asia/Kolkata has no DST and a +05:30 offset', () => {
    const cal = calendar('Asia/Kolkata', monToFri('09:00', '17:00'));
    // Monday 5 January and Monday 6 July 2026.
    for (const date of ['2026-01-05', '2026-07-06']) {
      const [day] = expandCalendar(cal, at(`${date}T00:00:00Z`), at(`${date}T23:00:00Z`));
      expect(day && [iso(day.startMs), iso(day.endMs)]).toEqual([
        `${date}T03:30:00.000Z`,
        `${date}T11:30:00.000Z`,
      ]);
    }
  });
});

describe('holidays', () => {
  it('a holiday removes its day', () => {
    const cal = new BusinessCalendar(
      calendar('Europe/Paris', monToFri('08:00', '18:00'), ['2026-03-03']),
    );
    expect(iso(cal.addBusinessSeconds(at('2026-03-02T17:00:00+01:00'), 4 * HOUR))).toBe(
      iso(at('2026-03-04T11:00:00+01:00')),
    );
    expect(
      cal.businessSeconds(at('2026-03-03T00:00:00+01:00'), at('2026-03-04T00:00:00+01:00')),
    ).toBe(0);
  });

  it('a holiday on the start day of a crossing-midnight interval removes all of it', () => {
    const nights = monToFri('22:00', '06:00');
    const monday = calendar('Europe/Berlin', nights, ['2026-03-02']);
    const mondayNight = [at('2026-03-02T12:00:00+01:00'), at('2026-03-03T12:00:00+01:00')] as const;
    expect(new BusinessCalendar(monday).businessSeconds(...mondayNight)).toBe(0);
    // A holiday on the day it ends does not cut a shift that started the evening before.
    const tuesday = calendar('Europe/Berlin', nights, ['2026-03-03']);
    expect(new BusinessCalendar(tuesday).businessSeconds(...mondayNight)).toBe(8 * HOUR);
  });

  it('holidays are local dates: a Kolkata holiday starts at 18:30 UTC the day before', () => {
    const cal = calendar('Asia/Kolkata', everyDay('00:00', '24:00'), ['2026-01-26']);
    expect(
      expandCalendar(cal, at('2026-01-25T00:00:00Z'), at('2026-01-28T00:00:00Z')).map((d) => [
        iso(d.startMs),
        iso(d.endMs),
      ]),
    ).toEqual([
      ['2026-01-25T00:00:00.000Z', '2026-01-25T18:30:00.000Z'],
      ['2026-01-26T18:30:00.000Z', '2026-01-28T00:00:00.000Z'],
    ]);
  });
});

describe('lookups', () => {
  const intervals = expandCalendar(
    calendar('UTC', monToFri('08:00', '18:00')),
    at('2026-03-02T00:00:00Z'),
    at('2026-03-09T00:00:00Z'),
  );

  it('expands to clipped, sorted intervals with cumulative seconds', () => {
    expect(intervals).toHaveLength(5);
    expect(intervals.map((i) => i.cumBeforeS)).toEqual([0, 1, 2, 3, 4].map((n) => n * 10 * HOUR));
    const clipped = expandCalendar(
      calendar('UTC', monToFri('08:00', '18:00')),
      at('2026-03-02T12:00:00Z'),
      at('2026-03-03T09:00:00Z'),
    );
    expect(clipped).toEqual([
      { startMs: at('2026-03-02T12:00:00Z'), endMs: at('2026-03-02T18:00:00Z'), cumBeforeS: 0 },
      {
        startMs: at('2026-03-03T08:00:00Z'),
        endMs: at('2026-03-03T09:00:00Z'),
        cumBeforeS: 6 * HOUR,
      },
    ]);
  });

  it('businessSeconds is cum(b) − cum(a), with millisecond precision', () => {
    expect(
      businessSeconds(intervals, at('2026-03-02T17:59:59.250Z'), at('2026-03-03T08:00:01Z')),
    ).toBe(1.75);
    expect(businessSeconds(intervals, at('2026-03-03T09:00:00Z'), at('2026-03-02T09:00:00Z'))).toBe(
      -10 * HOUR,
    );
  });

  it('addBusinessSeconds returns +Infinity past the expanded range and rejects negatives', () => {
    expect(addBusinessSeconds(intervals, at('2026-03-06T17:00:00Z'), 2 * HOUR)).toBe(
      Number.POSITIVE_INFINITY,
    );
    expect(addBusinessSeconds(intervals, at('2026-03-06T17:00:00Z'), 0)).toBe(
      at('2026-03-06T17:00:00Z'),
    );
    expect(() => addBusinessSeconds(intervals, 0, -1)).toThrow(RangeError);
  });

  it('BusinessCalendar crosses year chunks and refuses instants outside 1990–2100', () => {
    const cal = new BusinessCalendar(CALENDAR_24X7);
    const a = at('2025-12-31T23:00:00Z');
    expect(cal.businessSeconds(a, at('2027-01-01T01:00:00Z'))).toBe((365 * 24 + 2) * HOUR);
    expect(iso(cal.addBusinessSeconds(a, (365 * 24 + 2) * HOUR))).toBe('2027-01-01T01:00:00.000Z');
    expect(cal.businessSeconds(at('2099-12-31T00:00:00Z'), at('2100-01-01T00:00:00Z'))).toBe(
      24 * HOUR,
    );
    expect(() => cal.businessSeconds(at('1989-12-31T00:00:00Z'), a)).toThrow(RangeError);
    expect(() => cal.addBusinessSeconds(at('2099-12-31T00:00:00Z'), 2 * 24 * HOUR)).toThrow(
      /after 2100/,
    );
  });
});

// ---------------------------------------------------------------------------
// Properties over random calendars.

const ZONES = [
  'Europe/Berlin',
  'America/New_York',
  'Australia/Lord_Howe',
  'Asia/Kolkata',
  'UTC',
] as const;
const START_2020 = Date.UTC(2020, 0, 1);
const END_2030 = Date.UTC(2030, 0, 1);
const MINUTE = 60_000;
const DAY = 86_400_000;

const hhmm = (minutes: number): string =>
  `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;

/** Candidate intervals; the ones that would overlap an earlier one are dropped. */
const candidateArb = fc.record({
  day: fc.constantFrom(...WEEKDAYS),
  // Quarter hours make touching neighbours (and DST-hour endpoints) likely.
  start: fc.oneof(
    fc.integer({ min: 0, max: 95 }).map((q) => q * 15),
    fc.integer({ min: 0, max: 1439 }),
  ),
  length: fc.oneof(
    fc.integer({ min: 1, max: 32 }).map((q) => q * 15),
    fc.integer({ min: 1, max: 1440 }),
    fc.constant(1440),
  ),
  midnightAs2400: fc.boolean(),
});

/** A random calendar around `base`, with holidays placed where the tests will look. */
const calendarArb = (base: number): fc.Arbitrary<SlaCalendar> =>
  fc
    .record({
      zone: fc.constantFrom(...ZONES),
      candidates: fc.array(candidateArb, { minLength: 1, maxLength: 8 }),
      holidayOffsets: fc.uniqueArray(fc.integer({ min: -3, max: 20 }), { maxLength: 4 }),
    })
    .map(({ zone, candidates, holidayOffsets }) => {
      const weekly: SlaCalendar['weekly'] = [];
      for (const c of candidates) {
        const endMin = c.start + c.length;
        const end = endMin === 1440 ? (c.midnightAs2400 ? '24:00' : '00:00') : hhmm(endMin % 1440);
        const next = [...weekly, { day: c.day, start: hhmm(c.start), end }];
        if (slaCalendarSchema.safeParse({ id: 'p', time_zone: zone, weekly: next }).success) {
          weekly.splice(0, weekly.length, ...next);
        }
      }
      const holidays = holidayOffsets.map((d) =>
        new Date(base + d * DAY).toISOString().slice(0, 10),
      );
      return calendar(zone, weekly, holidays);
    });

/** A base instant in 2020–2030 and a calendar around it. */
const scenarioArb = fc
  .integer({ min: START_2020 / MINUTE, max: (END_2030 - 30 * DAY) / MINUTE })
  .map((minutes) => minutes * MINUTE)
  .chain((base) => calendarArb(base).map((cal) => ({ base, cal })));

/** Offsets (ms) after the base; a mix of exact minutes and odd milliseconds. */
const offsetArb = (maxDays: number): fc.Arbitrary<number> =>
  fc.oneof(
    fc.integer({ min: 0, max: maxDays * 1440 }).map((m) => m * MINUTE),
    fc.integer({ min: 0, max: maxDays * DAY }),
  );

describe('properties over random calendars', () => {
  it('businessSeconds is additive, non-negative and at most the wall time', () => {
    fc.assert(
      fc.property(
        scenarioArb,
        offsetArb(20),
        offsetArb(20),
        offsetArb(20),
        ({ base, cal }, ...o) => {
          const [a, b, c] = o.map((x) => base + x).sort((x, y) => x - y) as [
            number,
            number,
            number,
          ];
          const bc = new BusinessCalendar(cal);
          const ab = bc.businessSeconds(a, b);
          const bcS = bc.businessSeconds(b, c);
          // Compared in whole milliseconds: seconds carry fractions of a second.
          const ms = (s: number): number => Math.round(s * 1000);
          expect(ms(bc.businessSeconds(a, c))).toBe(ms(ab) + ms(bcS));
          expect(ab).toBeGreaterThanOrEqual(0);
          expect(ab).toBeLessThanOrEqual((b - a) / 1000);
          // The pure functions over one expansion agree with the lazy calendar.
          const intervals = expandCalendar(cal, a, c);
          expect(businessSeconds(intervals, a, b)).toBe(ab);
        },
      ),
      { numRuns: 150 },
    );
  });

  it('addBusinessSeconds inverts businessSeconds', () => {
    fc.assert(
      fc.property(scenarioArb, offsetArb(20), offsetArb(20), ({ base, cal }, o1, o2) => {
        const [start, x] = [base + Math.min(o1, o2), base + Math.max(o1, o2)];
        const bc = new BusinessCalendar(cal);
        const elapsed = bc.businessSeconds(start, x);
        const deadline = bc.addBusinessSeconds(start, elapsed);
        expect(deadline).toBeLessThanOrEqual(x);
        expect(bc.businessSeconds(start, deadline)).toBe(elapsed);
        // Any difference lies outside business time: x sits in a gap and the
        // deadline is the end of the business stretch before it (or `start`).
        expect(bc.businessSeconds(deadline, x)).toBe(0);
        if (deadline !== x) {
          const inside = bc.intervals(start, x);
          const containing = inside.find((i) => i.startMs <= x && x < i.endMs);
          expect(containing).toBeUndefined();
          expect(deadline === start || inside.some((i) => i.endMs === deadline)).toBe(true);
        }
      }),
      { numRuns: 150 },
    );
  });

  it('agrees with a minute-by-minute walk of the local clock', () => {
    fc.assert(
      fc.property(
        scenarioArb,
        fc.integer({ min: 0, max: 3 * 1440 }),
        fc.integer({ min: 0, max: 3 * 1440 }),
        ({ base, cal }, m1, m2) => {
          const a = base + Math.min(m1, m2) * MINUTE;
          const b = base + Math.max(m1, m2) * MINUTE;
          expect(new BusinessCalendar(cal).businessSeconds(a, b)).toBe(
            bruteForceMinutes(cal, a, b) * 60,
          );
        },
      ),
      { numRuns: 60 },
    );
  });

  it('agrees with the walk on the DST days of every zone', () => {
    const dstDays = [
      ['Europe/Berlin', '2026-03-29'],
      ['Europe/Berlin', '2026-10-25'],
      ['America/New_York', '2026-03-08'],
      ['America/New_York', '2026-11-01'],
      ['Australia/Lord_Howe', '2026-04-05'],
      ['Australia/Lord_Howe', '2026-10-04'],
    ] as const;
    fc.assert(
      fc.property(
        fc.constantFrom(...dstDays),
        fc.array(candidateArb, { minLength: 1, maxLength: 8 }),
        // Start endpoints in the small hours, where the transitions are.
        fc.integer({ min: 0, max: 16 }).map((q) => q * 15),
        ([zone, day], candidates, smallHours) => {
          const weekly: SlaCalendar['weekly'] = [];
          for (const c of candidates) {
            const start = (c.start % 2 === 0 ? smallHours : c.start) % 1440;
            const endMin = (start + c.length) % 1440;
            const next = [...weekly, { day: c.day, start: hhmm(start), end: hhmm(endMin) }];
            if (slaCalendarSchema.safeParse({ id: 'p', time_zone: zone, weekly: next }).success) {
              weekly.splice(0, weekly.length, ...next);
            }
          }
          const cal = calendar(zone, weekly);
          const a = Date.parse(`${day}T00:00:00Z`) - DAY;
          const b = a + 3 * DAY;
          expect(new BusinessCalendar(cal).businessSeconds(a, b)).toBe(
            bruteForceMinutes(cal, a, b) * 60,
          );
        },
      ),
      { numRuns: 60 },
    );
  });
});

/**
 * An independent count of business minutes in [a, b): walk the instants
 * minute by minute, read the local clock with luxon at each, and decide
 * membership interval by interval, without expansion, merging or cumulative
 * sums. Endpoints follow the documented rule: a reading's first occurrence on
 * the walked clock, or, for a reading skipped by a spring-forward gap, the
 * reading taken with the offset in force before the gap.
 */
function bruteForceMinutes(cal: SlaCalendar, a: number, b: number): number {
  // Intervals that start up to two local dates before `a` can reach into it;
  // their readings occur up to 14 h either side of the date, and a crossing
  // interval's end is read up to three days after `b`.
  const walkFrom = Math.floor(a / DAY) * DAY - 3 * DAY;
  const walkTo = b + 4 * DAY;
  const firstSeen = new Map<number, number>();
  const jumps: { at: number; offsetBefore: number }[] = [];
  let previousWall: number | undefined;
  let previousOffset = 0;
  let offset = 0;
  for (let t = walkFrom; t < walkTo; t += MINUTE) {
    // Every offset change since 1990 falls on a quarter hour of UTC, so the
    // clock is read afresh each quarter hour (reading it each minute is slow).
    if (t % (15 * MINUTE) === 0) {
      offset =
        DateTime.fromMillis(t, { zone: cal.time_zone })
          .setZone('UTC', { keepLocalTime: true })
          .toMillis() - t;
    }
    const wall = t + offset;
    if (!firstSeen.has(wall)) firstSeen.set(wall, t);
    if (previousWall !== undefined && wall > previousWall + MINUTE) {
      jumps.push({ at: t, offsetBefore: previousOffset });
    }
    previousWall = wall;
    previousOffset = wall - t;
  }
  const resolve = (wall: number): number => {
    const seen = firstSeen.get(wall);
    if (seen !== undefined) return seen;
    // Skipped: the reading with the offset before the nearest gap.
    const jump = jumps.reduce((best, j) =>
      Math.abs(j.at + j.offsetBefore - wall) < Math.abs(best.at + best.offsetBefore - wall)
        ? j
        : best,
    );
    return wall - jump.offsetBefore;
  };

  const spans: [number, number][] = [];
  const firstDate = Math.floor(a / DAY) * DAY - 2 * DAY;
  for (let date = firstDate; date <= b + DAY; date += DAY) {
    const ymd = new Date(date).toISOString().slice(0, 10);
    if (cal.holidays.includes(ymd)) continue;
    const weekday = WEEKDAYS[(new Date(date).getUTCDay() + 6) % 7];
    for (const interval of cal.weekly) {
      if (interval.day !== weekday) continue;
      const [sh, sm] = interval.start.split(':').map(Number) as [number, number];
      const [eh, em] = interval.end.split(':').map(Number) as [number, number];
      const startWall = date + (sh * 60 + sm) * MINUTE;
      let endWall = date + (eh * 60 + em) * MINUTE;
      if (endWall <= startWall) endWall += DAY;
      spans.push([resolve(startWall), resolve(endWall)]);
    }
  }
  let minutes = 0;
  for (let t = a; t < b; t += MINUTE) {
    if (spans.some(([s, e]) => s <= t && t < e)) minutes += 1;
  }
  return minutes;
}
