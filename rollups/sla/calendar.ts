import type { OffsetSource } from './zone-offsets.ts';
import { ZoneOffsets } from './zone-offsets.ts';
import type { SlaCalendar } from '../../schemas/sla-calendar.ts';
import { WEEKDAYS, minutesOfDay, wallMinutes } from '../../schemas/sla-calendar.ts';

/**
 * One stretch of business time in UTC, half-open [startMs, endMs).
 * `cumBeforeS` is the business time before it, counted from the start of the
 * expansion: business(a, b) = cum(b) − cum(a), the same lookup the calendar
 * table in ClickHouse answers with an ASOF join.
 */
export interface BusinessInterval {
  startMs: number;
  endMs: number;
  cumBeforeS: number;
}

const MS_PER_MINUTE = 60_000;
const MS_PER_DAY = 86_400_000;

/** A weekly interval reduced to numbers: ISO weekday (1 = Monday) and wall minutes. */
interface Rule {
  startMin: number;
  lengthMin: number;
}

interface CompiledCalendar {
  zone: OffsetSource;
  /** Rules by ISO weekday, index 1..7 (index 0 unused). */
  rulesByWeekday: Rule[][];
  /** Holidays as UTC-midnight milliseconds of the local date. */
  holidays: Set<number>;
}

const compiled = new WeakMap<SlaCalendar, CompiledCalendar>();

function compile(calendar: SlaCalendar): CompiledCalendar {
  const cached = compiled.get(calendar);
  if (cached !== undefined) return cached;
  const rulesByWeekday: Rule[][] = Array.from({ length: 8 }, () => []);
  for (const interval of calendar.weekly) {
    rulesByWeekday[WEEKDAYS.indexOf(interval.day) + 1]?.push({
      startMin: minutesOfDay(interval.start),
      lengthMin: wallMinutes(interval),
    });
  }
  const holidays = new Set(calendar.holidays.map((date) => Date.parse(`${date}T00:00:00Z`)));
  const result = { zone: ZoneOffsets.of(calendar.time_zone), rulesByWeekday, holidays };
  compiled.set(calendar, result);
  return result;
}

/**
 * The UTC instant of a local wall-clock reading, given as milliseconds "as if
 * the wall clock were UTC".
 *
 * A reading that does not exist (the spring-forward gap) or exists twice (the
 * fall-back hour) is read with the UTC offset in force *before* the
 * transition, as RFC 5545 §3.3.5 and Temporal's "compatible" mode do: 02:30 on
 * a Berlin spring-forward day is 03:30 CEST (moved forward by the gap, like
 * luxon and `Date`), and 02:30 on a fall-back day is its first occurrence.
 *
 * We do not use `DateTime.fromObject` for this: luxon resolves the repeated
 * hour from an offset guessed at the *current* date, so the same calendar
 * would yield different instants in January and July of the year it runs.
 */
export function wallToUtc(zone: OffsetSource, wallMs: number): number {
  const before = zone.offset(wallMs - MS_PER_DAY);
  const after = zone.offset(wallMs + MS_PER_DAY);
  const withBefore = wallMs - before * MS_PER_MINUTE;
  if (before === after || zone.offset(withBefore) === before) return withBefore;
  const withAfter = wallMs - after * MS_PER_MINUTE;
  if (zone.offset(withAfter) === after) return withAfter;
  // In the gap neither offset fits: read with the one before, i.e. move forward.
  return withBefore;
}

/** The local date (as UTC-midnight ms) of an instant in a zone. */
function localDateMs(zone: OffsetSource, instantMs: number): number {
  const wallMs = instantMs + zone.offset(instantMs) * MS_PER_MINUTE;
  return Math.floor(wallMs / MS_PER_DAY) * MS_PER_DAY;
}

/** ISO weekday (1 = Monday … 7 = Sunday) of a UTC-midnight date. */
function isoWeekday(dateMs: number): number {
  return ((new Date(dateMs).getUTCDay() + 6) % 7) + 1;
}

/**
 * The business intervals of `calendar` inside [fromMs, toMs), in UTC, sorted,
 * clipped to the range and merged where they touch.
 *
 * - Each weekly interval belongs to the local date it starts on. A holiday
 *   removes every interval that starts on it, in full, including the part of a
 *   crossing-midnight interval that runs into the next day; an interval that
 *   started the evening before a holiday runs to its end.
 * - Start and end are resolved independently as wall-clock readings (see
 *   `wallToUtc`), so an interval that spans a DST change at night counts the
 *   real elapsed time (22:00→06:00 is 7 h or 9 h), while a 09:00–17:00 day is
 *   8 h on every day and moves in UTC with the offset.
 * - Touching intervals merge, so 00:00–24:00 every day (or 22:00→06:00
 *   followed by 06:00–…) has no gap at midnight (Zammad #3180).
 */
export function expandCalendar(
  calendar: SlaCalendar,
  fromMs: number,
  toMs: number,
): BusinessInterval[] {
  if (!(Number.isFinite(fromMs) && Number.isFinite(toMs))) {
    throw new RangeError('expandCalendar needs finite instants');
  }
  if (toMs <= fromMs) return [];
  const { zone, rulesByWeekday, holidays } = compile(calendar);
  // An interval lasts at most a wall-clock day, so one that starts two local
  // dates before `fromMs` has ended by then.
  const firstDate = localDateMs(zone, fromMs) - 2 * MS_PER_DAY;
  const lastDate = localDateMs(zone, toMs);

  const raw: { startMs: number; endMs: number }[] = [];
  for (let date = firstDate; date <= lastDate; date += MS_PER_DAY) {
    const rules = rulesByWeekday[isoWeekday(date)] ?? [];
    if (rules.length === 0 || holidays.has(date)) continue;
    // This date's readings lie within two wall-clock days of its midnight, so
    // within [date − 1 day, date + 3 days] in UTC. Zone lookups dominate the
    // cost: when the offset is the same at both ends, one offset serves them
    // all (assuming no two changes that cancel within four days; not verified
    // against the whole tz database).
    const offset = zone.offset(date - MS_PER_DAY);
    const steady = offset === zone.offset(date + 3 * MS_PER_DAY);
    const toUtc = (wallMs: number): number =>
      steady ? wallMs - offset * MS_PER_MINUTE : wallToUtc(zone, wallMs);
    for (const rule of rules) {
      const startWall = date + rule.startMin * MS_PER_MINUTE;
      const startMs = Math.max(fromMs, toUtc(startWall));
      const endMs = Math.min(toMs, toUtc(startWall + rule.lengthMin * MS_PER_MINUTE));
      // Both ends move forward by a gap they fall in, but an interval that starts in
      // the gap and ends less than the gap's length after it comes out empty.
      if (endMs > startMs) raw.push({ startMs, endMs });
    }
  }
  raw.sort((a, b) => a.startMs - b.startMs);

  const merged: BusinessInterval[] = [];
  let cumMs = 0;
  let last: BusinessInterval | undefined;
  for (const { startMs, endMs } of raw) {
    // Validated calendars never overlap on the wall clock, but a DST gap can
    // make two neighbours overlap in UTC; the union counts each instant once.
    if (last !== undefined && startMs <= last.endMs) {
      if (endMs > last.endMs) {
        cumMs += endMs - last.endMs;
        last.endMs = endMs;
      }
      continue;
    }
    last = { startMs, endMs, cumBeforeS: cumMs / 1000 };
    merged.push(last);
    cumMs += endMs - startMs;
  }
  return merged;
}

/**
 * The first index in [from, length) whose interval satisfies `test`, or
 * `length` when none does. `test` must be monotone over the intervals
 * (false…false true…true): both lookups below are of that kind.
 */
function firstIndexWhere(
  intervals: readonly BusinessInterval[],
  from: number,
  test: (interval: BusinessInterval) => boolean,
): number {
  let lo = from;
  let hi = intervals.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const interval = intervals[mid];
    if (interval !== undefined && test(interval)) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/** Index of the last interval starting at or before `t`, or -1. */
function lastStartingAtOrBefore(intervals: readonly BusinessInterval[], t: number): number {
  return firstIndexWhere(intervals, 0, (interval) => interval.startMs > t) - 1;
}

// Cumulative time is kept in whole milliseconds, which doubles hold exactly;
// seconds are derived last so a difference never picks up rounding noise.
function cumBeforeMs(interval: BusinessInterval): number {
  return Math.round(interval.cumBeforeS * 1000);
}

/** Business milliseconds from the start of the expansion up to `t`. */
function cumulativeMs(intervals: readonly BusinessInterval[], t: number): number {
  const interval = intervals[lastStartingAtOrBefore(intervals, t)];
  if (interval === undefined) return 0;
  return cumBeforeMs(interval) + Math.min(t, interval.endMs) - interval.startMs;
}

/**
 * Business seconds in [aMs, bMs): cum(b) − cum(a), negative when b < a.
 * Both instants must lie inside the range the intervals were expanded for
 * (`BusinessCalendar` takes care of that); the result has millisecond
 * precision.
 */
export function businessSeconds(
  intervals: readonly BusinessInterval[],
  aMs: number,
  bMs: number,
): number {
  return (cumulativeMs(intervals, bMs) - cumulativeMs(intervals, aMs)) / 1000;
}

/**
 * The deadline: the earliest instant at or after `startMs` by which `seconds`
 * of business time have elapsed. A clock started outside business time starts
 * at the next interval; a deadline that falls exactly on the end of an
 * interval is that end (18:00), not the start of the next one (08:00 the next
 * morning). Returns +Infinity when the intervals run out first.
 */
export function addBusinessSeconds(
  intervals: readonly BusinessInterval[],
  startMs: number,
  seconds: number,
): number {
  if (!(seconds >= 0)) throw new RangeError(`seconds must be >= 0, got ${seconds}`);
  const remainingMs = Math.round(seconds * 1000);
  if (remainingMs === 0) return startMs;
  const targetMs = cumulativeMs(intervals, startMs) + remainingMs;
  // The first interval whose cumulative end reaches the target.
  const found = firstIndexWhere(
    intervals,
    Math.max(0, lastStartingAtOrBefore(intervals, startMs)),
    (interval) => cumBeforeMs(interval) + interval.endMs - interval.startMs >= targetMs,
  );
  const interval = intervals[found];
  if (interval === undefined) return Number.POSITIVE_INFINITY;
  return interval.startMs + (targetMs - cumBeforeMs(interval));
}

/** Instants the lazy calendar answers for: the accepted range of timestamps. */
export const CALENDAR_MIN_YEAR = 1990;
export const CALENDAR_END_YEAR = 2100;
const RANGE_START_MS = Date.UTC(CALENDAR_MIN_YEAR, 0, 1);
const RANGE_END_MS = Date.UTC(CALENDAR_END_YEAR, 0, 1);

interface YearChunk {
  intervals: BusinessInterval[];
  totalMs: number;
}

/**
 * A calendar that expands itself one UTC year at a time, on demand, so a
 * caller can ask about any instant from 1990 to 2100 without expanding 110
 * years first. Chunks are clipped at year boundaries; sums across chunks add
 * their totals, so the split never shows in a result.
 */
export class BusinessCalendar {
  readonly calendar: SlaCalendar;
  readonly #chunks = new Map<number, YearChunk>();

  constructor(calendar: SlaCalendar) {
    this.calendar = calendar;
  }

  get id(): string {
    return this.calendar.id;
  }

  /** Business seconds in [aMs, bMs); negative when b < a. */
  businessSeconds(aMs: number, bMs: number): number {
    if (bMs < aMs) return -this.businessSeconds(bMs, aMs);
    const yearA = yearOf(aMs);
    const yearB = yearOf(bMs);
    if (yearA === yearB) return businessSeconds(this.#chunk(yearA).intervals, aMs, bMs);
    const first = this.#chunk(yearA);
    let totalMs = first.totalMs - cumulativeMs(first.intervals, aMs);
    for (let year = yearA + 1; year < yearB; year += 1) totalMs += this.#chunk(year).totalMs;
    totalMs += cumulativeMs(this.#chunk(yearB).intervals, bMs);
    return totalMs / 1000;
  }

  /**
   * The deadline `seconds` of business time after `startMs` (see
   * `addBusinessSeconds`). Throws a RangeError when it would fall after 2100.
   */
  addBusinessSeconds(startMs: number, seconds: number): number {
    if (!(seconds >= 0)) throw new RangeError(`seconds must be >= 0, got ${seconds}`);
    let remainingMs = Math.round(seconds * 1000);
    if (remainingMs === 0) return startMs;
    let year = yearOf(startMs);
    let from = startMs;
    for (;;) {
      const chunk = this.#chunk(year);
      const deadline = addBusinessSeconds(chunk.intervals, from, remainingMs / 1000);
      if (Number.isFinite(deadline)) return deadline;
      remainingMs -= chunk.totalMs - cumulativeMs(chunk.intervals, from);
      year += 1;
      if (year >= CALENDAR_END_YEAR) {
        throw new RangeError(
          `calendar "${this.calendar.id}": the deadline falls after ${CALENDAR_END_YEAR}`,
        );
      }
      from = Date.UTC(year, 0, 1);
    }
  }

  /** The business intervals in [fromMs, toMs), with cumBeforeS counted from `fromMs` (for `explain`). */
  intervals(fromMs: number, toMs: number): BusinessInterval[] {
    checkRange(fromMs);
    checkRange(toMs);
    return expandCalendar(this.calendar, fromMs, toMs);
  }

  #chunk(year: number): YearChunk {
    let chunk = this.#chunks.get(year);
    if (chunk === undefined) {
      const intervals = expandCalendar(
        this.calendar,
        Date.UTC(year, 0, 1),
        Date.UTC(year + 1, 0, 1),
      );
      const last = intervals.at(-1);
      const totalMs = last === undefined ? 0 : cumBeforeMs(last) + last.endMs - last.startMs;
      chunk = { intervals, totalMs };
      this.#chunks.set(year, chunk);
    }
    return chunk;
  }
}

function checkRange(ms: number): void {
  // The range end itself is allowed: it closes the last half-open interval.
  if (!(ms >= RANGE_START_MS && ms <= RANGE_END_MS)) {
    throw new RangeError(
      `instant ${String(ms)} is outside the calendar range ${CALENDAR_MIN_YEAR}–${CALENDAR_END_YEAR}`,
    );
  }
}

/** The UTC year whose chunk holds `ms`; the range end belongs to the last chunk. */
function yearOf(ms: number): number {
  checkRange(ms);
  return ms === RANGE_END_MS ? CALENDAR_END_YEAR - 1 : new Date(ms).getUTCFullYear();
}
