import { IANAZone } from 'luxon';
import { z } from 'zod';
import { identifier } from './common.ts';

export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;

const MINUTES_PER_DAY = 1440;
const MINUTES_PER_WEEK = 7 * MINUTES_PER_DAY;

// "24:00" is only an end: it is how a calendar says "until the end of the day"
// (a "23:59" end leaves a one-minute gap, and we never stretch it silently).
const START_TIME = /^([01]\d|2[0-3]):[0-5]\d$/;
const END_TIME = /^(([01]\d|2[0-3]):[0-5]\d|24:00)$/;
const LOCAL_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** "HH:MM" (or "24:00") as minutes after local midnight. */
export function minutesOfDay(time: string): number {
  return Number(time.slice(0, 2)) * 60 + Number(time.slice(3, 5));
}

/**
 * How long an interval lasts on the wall clock, in minutes. An end at or
 * before the start crosses midnight, so "09:00"→"09:00" is a whole day.
 */
export function wallMinutes(interval: { start: string; end: string }): number {
  const start = minutesOfDay(interval.start);
  const end = minutesOfDay(interval.end);
  return end > start ? end - start : end + MINUTES_PER_DAY - start;
}

const timeZone = z.string().refine((name) => IANAZone.isValidZone(name), {
  // zod 4 passes the input to a message function; the name helps in a long policy file.
  error: (issue) => `unknown time zone ${JSON.stringify(issue.input)}`,
});

const holiday = z.string().refine(
  (value) => {
    const match = LOCAL_DATE.exec(value);
    if (match === null) return false;
    const [, y, m, d] = match.map(Number);
    if (y === undefined || m === undefined || d === undefined) return false;
    const date = new Date(Date.UTC(y, m - 1, d));
    // Date.UTC rolls 02-30 over into March; a real date survives the round trip.
    return (
      y >= 1990 &&
      y < 2100 &&
      date.getUTCFullYear() === y &&
      date.getUTCMonth() === m - 1 &&
      date.getUTCDate() === d
    );
  },
  { message: 'must be a real local date "YYYY-MM-DD" between 1990 and 2099' },
);

export const weeklyIntervalSchema = z.strictObject({
  day: z.enum(WEEKDAYS),
  start: z.string().regex(START_TIME, 'must be a time "HH:MM" from 00:00 to 23:59'),
  end: z
    .string()
    .regex(END_TIME, 'must be a time "HH:MM" from 00:00 to 24:00 (24:00 is the end of the day)'),
});

export type WeeklyInterval = z.infer<typeof weeklyIntervalSchema>;

function describe(interval: WeeklyInterval): string {
  return `${interval.day} ${interval.start}–${interval.end}`;
}

/**
 * Overlaps are checked on the week's wall clock, wrapping Sunday night into
 * Monday: two intervals that both claim a minute would count it twice in the
 * customer's eyes, and which one "wins" would be arbitrary.
 */
function checkOverlaps(weekly: readonly WeeklyInterval[], ctx: z.RefinementCtx): void {
  const spans = weekly.map((interval, index) => {
    const start = WEEKDAYS.indexOf(interval.day) * MINUTES_PER_DAY + minutesOfDay(interval.start);
    return { index, start, end: start + wallMinutes(interval), interval };
  });
  for (const later of spans) {
    for (const earlier of spans) {
      if (earlier.index >= later.index) break;
      // Compare on a circle: shift one span by a week either way.
      const overlaps = [-MINUTES_PER_WEEK, 0, MINUTES_PER_WEEK].some(
        (shift) => later.start + shift < earlier.end && earlier.start < later.end + shift,
      );
      if (overlaps) {
        ctx.addIssue({
          code: 'custom',
          path: ['weekly', later.index],
          message: `${describe(later.interval)} overlaps weekly[${earlier.index}] (${describe(earlier.interval)})`,
        });
        return;
      }
    }
  }
}

/** A business calendar as written in the SLA policy file (DESIGN.md "SLA policy"). */
export const slaCalendarSchema = z
  .strictObject({
    id: identifier,
    time_zone: timeZone,
    weekly: z
      .array(weeklyIntervalSchema)
      // A calendar without business time would never let a clock reach its target.
      .min(1, 'must have at least one interval')
      .max(7 * 48, 'must have at most 336 intervals'),
    holidays: z.array(holiday).max(10_000, 'must have at most 10000 holidays').default([]),
  })
  .superRefine((calendar, ctx) => {
    checkOverlaps(calendar.weekly, ctx);
  });

export type SlaCalendar = z.infer<typeof slaCalendarSchema>;
export type SlaCalendarInput = z.input<typeof slaCalendarSchema>;
export type Weekday = (typeof WEEKDAYS)[number];

export const BUILTIN_24X7_ID = '24x7';

/** The built-in calendar: every instant is business time, in every zone. */
export const CALENDAR_24X7: SlaCalendar = Object.freeze({
  id: BUILTIN_24X7_ID,
  time_zone: 'UTC',
  weekly: WEEKDAYS.map((day) => ({ day, start: '00:00', end: '24:00' })),
  holidays: [],
});
