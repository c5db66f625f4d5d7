import { DeskpulseError } from '../../schemas/errors.ts';
import type { ReliabilityInterval, ReliabilitySource } from '../../schemas/reliability.ts';

/*
 * Which rollup a read uses, and the exact range it covers. Pure: the
 * range logic is unit-tested without a store.
 */

/** `interval=none` reads the hourly rollup up to this range, the daily one beyond (docs). */
export const SHORT_RANGE_HOURS = 72;
/** The configuration's default for `retention.hourlyRollupDays`. */
export const DEFAULT_HOURLY_ROLLUP_DAYS = 90;

const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;

type Unit = Exclude<ReliabilityInterval, 'none'>;

export interface ReadPlan {
  source: ReliabilitySource;
  interval: ReliabilityInterval;
  /** The range read, widened to whole buckets (or whole source units for interval=none). */
  fromMs: number;
  toMs: number;
}

/** The start of the UTC `unit` holding `ms`. */
export function floorTo(unit: Unit, ms: number): number {
  const date = new Date(ms);
  switch (unit) {
    case 'hour':
      return Math.floor(ms / HOUR_MS) * HOUR_MS;
    case 'day':
      return Math.floor(ms / DAY_MS) * DAY_MS;
    case 'week':
      // getUTCDay: Sunday 0 … Saturday 6; weeks start on Monday.
      return floorTo('day', ms) - ((date.getUTCDay() + 6) % 7) * DAY_MS;
    case 'month':
      return Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), 1);
  }
}

/** The end of the UTC `unit` holding `ms - 1`: `ms` itself when it is a boundary. */
export function ceilTo(unit: Unit, ms: number): number {
  const start = floorTo(unit, ms);
  if (start === ms) return ms;
  const date = new Date(start);
  switch (unit) {
    case 'hour':
      return start + HOUR_MS;
    case 'day':
      return start + DAY_MS;
    case 'week':
      return start + 7 * DAY_MS;
    case 'month':
      return Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + 1, 1);
  }
}

/** The oldest hour the hourly rollup still holds at `nowMs`; none when kept forever. */
function hourlyHorizon(nowMs: number, hourlyRollupDays: number): number {
  return hourlyRollupDays > 0 ? floorTo('hour', nowMs) - hourlyRollupDays * DAY_MS : -Infinity;
}

/**
 * Hour buckets read the hourly rollup (refused past its retention rather
 * than answered with silently missing hours); `interval=none` reads it for
 * ranges of up to SHORT_RANGE_HOURS inside its retention, so short ranges
 * stay exact to the hour; everything else reads the daily rollup (UTC days).
 */
export function planRange(
  query: { from: number; to: number; interval: ReliabilityInterval },
  nowMs: number,
  hourlyRollupDays = DEFAULT_HOURLY_ROLLUP_DAYS,
): ReadPlan {
  const { from, to, interval } = query;
  const horizon = hourlyHorizon(nowMs, hourlyRollupDays);
  const fromHour = floorTo('hour', from);
  if (interval === 'hour' && fromHour < horizon) {
    throw new DeskpulseError(
      'BAD_REQUEST',
      `from: hour buckets are kept ${hourlyRollupDays} days; use interval=day or later for older ranges`,
      { path: 'from', message: `hour buckets are kept ${hourlyRollupDays} days` },
    );
  }
  const short = to - from <= SHORT_RANGE_HOURS * HOUR_MS && fromHour >= horizon;
  const source: ReliabilitySource =
    interval === 'hour' || (interval === 'none' && short) ? 'hourly' : 'daily';
  const unit: Unit = interval !== 'none' ? interval : source === 'hourly' ? 'hour' : 'day';
  return { source, interval, fromMs: floorTo(unit, from), toMs: ceilTo(unit, to) };
}
