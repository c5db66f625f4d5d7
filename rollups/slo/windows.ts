import { BURN_WINDOWS, type BurnWindow, type SloWindow } from '../../schemas/slo.ts';

/*
 * The windows an SLO is read over. Every window ends at "now" and holds the
 * events whose instant t satisfies now − length < t ≤ now: an event exactly
 * one window-length old has just left, one at now has just arrived.
 */

const MINUTE = 60;
const HOUR = 3_600;
const DAY = 86_400;

export const SLO_WINDOW_SECONDS: Readonly<Record<SloWindow, number>> = {
  '7d': 7 * DAY,
  '28d': 28 * DAY,
  '30d': 30 * DAY,
};

export const BURN_WINDOW_SECONDS: Readonly<Record<BurnWindow, number>> = {
  '5m': 5 * MINUTE,
  '30m': 30 * MINUTE,
  '1h': HOUR,
  '2h': 2 * HOUR,
  '6h': 6 * HOUR,
  '1d': DAY,
  '3d': 3 * DAY,
};

/** The SLO window itself (`slo`) and each burn-rate window. */
export type WindowName = 'slo' | BurnWindow;
export const WINDOW_NAMES: readonly WindowName[] = ['slo', ...BURN_WINDOWS];

/** Events in one window: `total` of them, `good` of those good. */
export interface Counts {
  good: number;
  total: number;
}

export type WindowCounts = Record<WindowName, Counts>;

export function windowSeconds(name: WindowName, sloWindow: SloWindow): number {
  return name === 'slo' ? SLO_WINDOW_SECONDS[sloWindow] : BURN_WINDOW_SECONDS[name];
}

/** Where each window starts (exclusive), in ms, for windows ending at `nowMs` (inclusive). */
export function windowStartsMs(nowMs: number, sloWindow: SloWindow): Record<WindowName, number> {
  const starts = WINDOW_NAMES.map((name) => [name, nowMs - windowSeconds(name, sloWindow) * 1000]);
  return Object.fromEntries(starts) as Record<WindowName, number>;
}

/** No events anywhere: what an SLI with nothing to read reports. */
export function emptyCounts(): WindowCounts {
  const empty = WINDOW_NAMES.map((name) => [name, { good: 0, total: 0 }]);
  return Object.fromEntries(empty) as WindowCounts;
}
