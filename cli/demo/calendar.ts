/**
 * The desk's working-time calendar: Europe/Berlin, Monday–Friday 08:00–18:00.
 * Only the UTC offset comes from Intl; everything else is arithmetic on
 * "local wall-clock milliseconds", which keeps the hot paths cheap.
 */
import { at } from './random.ts';

export const MINUTE_MS = 60_000;
export const HOUR_MS = 3_600_000;
export const DAY_MS = 86_400_000;

export const BUSINESS_OPEN_HOUR = 8;
export const BUSINESS_CLOSE_HOUR = 18;

const berlinFormat = new Intl.DateTimeFormat('en-US', {
  timeZone: 'Europe/Berlin',
  hourCycle: 'h23',
  year: 'numeric',
  month: 'numeric',
  day: 'numeric',
  hour: 'numeric',
  minute: 'numeric',
  second: 'numeric',
});

// Berlin changes offset only on whole UTC hours, so one entry per UTC hour is exact.
const offsetCache = new Map<number, number>();
const OFFSET_CACHE_LIMIT = 50_000;

function computeOffsetMinutes(epochMs: number): number {
  const fields: Record<string, number> = {};
  for (const part of berlinFormat.formatToParts(new Date(epochMs))) {
    if (part.type !== 'literal') fields[part.type] = Number(part.value);
  }
  const wall = Date.UTC(
    fields['year'] ?? 1970,
    (fields['month'] ?? 1) - 1,
    fields['day'] ?? 1,
    fields['hour'] ?? 0,
    fields['minute'] ?? 0,
    fields['second'] ?? 0,
  );
  return Math.round((wall - Math.floor(epochMs / 1000) * 1000) / MINUTE_MS);
}

/** Minutes Berlin is ahead of UTC at this instant (60 or 120). */
export function berlinOffsetMinutes(epochMs: number): number {
  const bucket = Math.floor(epochMs / HOUR_MS);
  let offset = offsetCache.get(bucket);
  if (offset === undefined) {
    if (offsetCache.size >= OFFSET_CACHE_LIMIT) offsetCache.clear();
    offset = computeOffsetMinutes(bucket * HOUR_MS);
    offsetCache.set(bucket, offset);
  }
  return offset;
}

export interface LocalTime {
  /** Local calendar days since 1970-01-01. */
  dayIndex: number;
  /** 0 = Sunday … 6 = Saturday. */
  weekday: number;
  /** Fractional local hour of the day, 0 ≤ hour < 24. */
  hour: number;
}

export function berlinLocal(epochMs: number): LocalTime {
  const wall = epochMs + berlinOffsetMinutes(epochMs) * MINUTE_MS;
  const dayIndex = Math.floor(wall / DAY_MS);
  return {
    dayIndex,
    weekday: (((dayIndex + 4) % 7) + 7) % 7, // 1970-01-01 was a Thursday
    hour: (wall - dayIndex * DAY_MS) / HOUR_MS,
  };
}

/** The instant at which Berlin's wall clock shows `wallMs` (wall time written as if UTC). */
export function berlinWallToEpoch(wallMs: number): number {
  const guess = wallMs - berlinOffsetMinutes(wallMs) * MINUTE_MS;
  return wallMs - berlinOffsetMinutes(guess) * MINUTE_MS;
}

/** The instant of local midnight that starts local day `dayIndex`. */
export function berlinDayStart(dayIndex: number): number {
  return berlinWallToEpoch(dayIndex * DAY_MS);
}

/** The instant of local time `hour` (fractional) on local day `dayIndex`. */
export function berlinAt(dayIndex: number, hour: number): number {
  return berlinWallToEpoch(dayIndex * DAY_MS + Math.round(hour * HOUR_MS));
}

export function isWorkday(weekday: number): boolean {
  return weekday >= 1 && weekday <= 5;
}

export function isBusinessHours(epochMs: number): boolean {
  const local = berlinLocal(epochMs);
  return (
    isWorkday(local.weekday) && local.hour >= BUSINESS_OPEN_HOUR && local.hour < BUSINESS_CLOSE_HOUR
  );
}

// Relative ticket arrivals per local hour: a 9–10 o'clock peak, a lunch dip,
// a long afternoon tail; a trickle at night (on-call, night shifts) and at weekends.
const WEEKDAY_SHAPE = [
  0.04, 0.04, 0.04, 0.04, 0.04, 0.04, 0.08, 0.3, 1.2, 1.6, 1.4, 1.1, 0.8, 1.0, 1.0, 0.9, 0.7, 0.5,
  0.2, 0.08, 0.08, 0.08, 0.04, 0.04,
] as const;
const WEEKEND_SHAPE = [
  0.03, 0.03, 0.03, 0.03, 0.03, 0.03, 0.03, 0.03, 0.04, 0.06, 0.06, 0.06, 0.06, 0.06, 0.06, 0.06,
  0.06, 0.05, 0.04, 0.03, 0.03, 0.03, 0.03, 0.03,
] as const;

/** Relative arrival weight at a local weekday and fractional hour. */
export function arrivalShape(weekday: number, hour: number): number {
  const table = isWorkday(weekday) ? WEEKDAY_SHAPE : WEEKEND_SHAPE;
  // Linear between hour centres, so dashboards show ramps rather than steps.
  const x = Math.min(Math.max(hour - 0.5, 0), 23);
  const i = Math.floor(x);
  const lo = at(table, i);
  const hi = at(table, Math.min(i + 1, 23));
  return lo + (hi - lo) * (x - i);
}

/** Relative ticket arrival intensity at an instant (about 1 around the working-day average). */
export function arrivalIntensity(epochMs: number): number {
  const local = berlinLocal(epochMs);
  return arrivalShape(local.weekday, local.hour);
}

/** ∫ arrivalShape over one working day, in hours: converts "tickets per day" into a rate. */
export const WEEKDAY_SHAPE_HOURS = ((): number => {
  let sum = 0;
  for (let minute = 0; minute < 1440; minute++) sum += arrivalShape(1, (minute + 0.5) / 60);
  return sum / 60;
})();

/**
 * The instant after `durationMs` of working time has elapsed from `startMs`;
 * time outside Monday–Friday 08:00–18:00 Berlin does not count.
 */
export function addBusinessTime(startMs: number, durationMs: number): number {
  let t = startMs;
  let remaining = Math.max(0, durationMs);
  for (let guard = 0; guard < 10_000; guard++) {
    const local = berlinLocal(t);
    if (isWorkday(local.weekday)) {
      const open = berlinAt(local.dayIndex, BUSINESS_OPEN_HOUR);
      const close = berlinAt(local.dayIndex, BUSINESS_CLOSE_HOUR);
      if (t < close) {
        const from = Math.max(t, open);
        if (remaining <= close - from) return from + remaining;
        remaining -= close - from;
      }
    }
    t = berlinDayStart(local.dayIndex + 1);
  }
  return t;
}
