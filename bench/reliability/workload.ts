/**
 * How a device spends a day: when it is switched on and off, reboots for
 * patches, crashes, and which stretches of the day it sends samples for
 * (every 5 minutes while on; the rollups count usage in 15-minute slots).
 *
 * A day is simulated from its own random stream, derived from (seed, device,
 * day), plus a little state carried over midnight (a machine left running).
 * The samples' and app events' randomness comes from other streams, so the
 * counting pass (which only needs when samples happen) and the emitting pass
 * simulate exactly the same days.
 */
import type { Random } from '../sla/random.ts';
import { below, streamOf, streamState } from '../sla/random.ts';
import { lognormal, type Device } from './fleet.ts';

export const DAY_S = 86_400;
export const SAMPLE_INTERVAL_S = 300;
/** The dashboards' "now": the loaded history ends here (a Sunday, midnight UTC). */
export const NOW_MS = Date.UTC(2026, 10, 1);
export const NOW_S = NOW_MS / 1000;
/** The dashboards' range: the last 30 days. */
export const RANGE_DAYS = 30;

/**
 * Days of history to simulate. Devices are enrolled (start reporting) as late
 * as lets them send exactly --samples-per-device samples by NOW; a laptop on
 * a short working day sends about 45 a day, so the history is long enough
 * for nearly all of them.
 */
export function historyDays(samplesPerDevice: number): number {
  return Math.ceil(samplesPerDevice / 40) + 14;
}

/** Independent seeds for each kind of randomness, derived from the bench seed. */
export interface Seeds {
  device: number;
  day: number;
  gauge: number;
  app: number;
  late: number;
}

export function seedsOf(seed: number): Seeds {
  return {
    device: streamState(seed, 1),
    day: streamState(seed, 2),
    gauge: streamState(seed, 3),
    app: streamState(seed, 4),
    late: streamState(seed, 5),
  };
}

/** A device-day's stream: 1,024 days per device fit in 32 bits (options.ts bounds both). */
export function dayStream(seed: number, device: number, day: number): Random {
  return streamOf(seed, device * 1024 + day);
}

export const POWER = {
  boot: 0,
  cleanShutdown: 1,
  uncleanShutdown: 2,
  osCrash: 3,
  patch: 4,
} as const;
export type PowerKind = (typeof POWER)[keyof typeof POWER];

export class DeviceState {
  on = false;
  bootAt = 0;
  nextSampleAt = 0;
  /** Samples simulated so far (sent or not). */
  samples = 0;
}

/** One day of one device, in reusable arrays (no object per sample or event). */
export class DayOut {
  /** Stretches with samples: first sample at `segFirst`, one every 5 min before `segEnd`. */
  readonly segFirst: number[] = [];
  readonly segEnd: number[] = [];
  /** The boot each stretch's uptime counts from. */
  readonly segBoot: number[] = [];
  readonly powerKind: PowerKind[] = [];
  /** Seconds. */
  readonly powerAt: number[] = [];
  /** Boot duration (s) for reported boots, else 0. */
  readonly powerBootS: number[] = [];

  reset(): void {
    this.segFirst.length = 0;
    this.segEnd.length = 0;
    this.segBoot.length = 0;
    this.powerKind.length = 0;
    this.powerAt.length = 0;
    this.powerBootS.length = 0;
  }
}

/** Samples in a stretch. */
export function samplesIn(first: number, end: number): number {
  return first < end ? Math.ceil((end - first) / SAMPLE_INTERVAL_S) : 0;
}

// OS crashes (blue screens, kernel panics) per hour switched on, before the
// device's crash factor: about one per device every 4 months of office use.
const OS_CRASH_PER_S = 0.0012 / 3600;
// Chance a working day is a day off (leave, sickness, travel), and that the
// machine is used on a weekend day.
const WORKDAY_USE = 0.93;
const WEEKEND_USE = 0.04;
// A boot the agent never reports (it starts after the event): the rollups
// still see the reboot through the uptime counter.
const BOOT_REPORTED = 0.97;

/** Simulates `day` (0-based, starting at `dayStart` seconds) for one device into `out`. */
export function simulateDay(
  device: Device,
  state: DeviceState,
  dayStart: number,
  day: number,
  random: Random,
  out: DayOut,
): void {
  out.reset();
  if (day >= device.silentFromDay) {
    state.on = false;
    return;
  }
  const weekday = new Date(dayStart * 1000).getUTCDay();
  const workday = weekday >= 1 && weekday <= 5;
  const kiosk = device.kind === 'kiosk';
  const used = kiosk || random() < (workday ? WORKDAY_USE : WEEKEND_USE);
  const start =
    dayStart + Math.round((device.startHour + (workday ? 0 : 2) + (random() - 0.5) * 0.8) * 3600);
  const hours = workday ? device.workHours + (random() - 0.5) * 1.6 : 1 + random() * 3;
  const leftOn = kiosk || random() < device.leaveOnProb;
  if (!state.on && !used) return;
  // A machine left running stays on through days nobody uses it.
  const continuing = kiosk || (state.on && !used) || leftOn;
  const dayEnd = dayStart + DAY_S;
  let end = continuing ? dayEnd : start + Math.round(hours * 3600);

  const push = (kind: PowerKind, at: number, bootS = 0): void => {
    out.powerKind.push(kind);
    out.powerAt.push(at);
    out.powerBootS.push(bootS);
  };
  const boot = (at: number): void => {
    const seconds = Math.min(900, Math.max(5, device.model.bootMedianS * lognormal(random, 0.35)));
    state.on = true;
    state.bootAt = at;
    state.nextSampleAt = at + Math.ceil(seconds) + 5 + below(random, 30);
    if (random() < BOOT_REPORTED) push(POWER.boot, at, Math.round(seconds * 10) / 10);
  };
  const segment = (until: number): void => {
    const first = state.nextSampleAt;
    const n = samplesIn(first, until);
    if (n === 0) return;
    out.segFirst.push(first);
    out.segEnd.push(until);
    out.segBoot.push(state.bootAt);
    state.nextSampleAt = first + n * SAMPLE_INTERVAL_S;
  };

  let cursor = dayStart;
  if (!state.on) {
    boot(start);
    cursor = start;
  }
  const patchAt =
    workday && weekday === device.patchWeekday
      ? dayStart + Math.round(device.patchHour * 3600)
      : -1;
  let patched = false;
  const crashRate = OS_CRASH_PER_S * device.crashFactor;
  for (;;) {
    // After a reboot late in the session the user stays on a few minutes at least.
    if (cursor + 600 > end && !continuing) end = cursor + 600;
    const crashAt = cursor + Math.round(-Math.log(1 - random()) / crashRate);
    let next = end;
    let kind: 'end' | 'crash' | 'patch' = 'end';
    if (crashAt < next) {
      next = crashAt;
      kind = 'crash';
    }
    if (!patched && patchAt > cursor && patchAt < next) {
      next = patchAt;
      kind = 'patch';
    }
    segment(next);
    if (kind === 'end') break;
    if (kind === 'crash') {
      push(POWER.osCrash, next);
      push(POWER.uncleanShutdown, next);
    } else {
      patched = true;
      push(POWER.patch, next - 120);
      push(POWER.cleanShutdown, next);
    }
    boot(next + 60 + below(random, 240));
    cursor = state.bootAt;
    if (continuing && cursor >= dayEnd) break;
  }
  if (continuing) return;
  push(random() < device.uncleanShare ? POWER.uncleanShutdown : POWER.cleanShutdown, end);
  state.on = false;
}

/** Pass 1: how many samples each device would send over the whole history. */
export function countSamples(
  devices: readonly Device[],
  seeds: Seeds,
  firstDayS: number,
  days: number,
): Int32Array {
  const totals = new Int32Array(devices.length);
  const out = new DayOut();
  for (const device of devices) {
    const state = new DeviceState();
    for (let day = 0; day < days; day += 1) {
      simulateDay(
        device,
        state,
        firstDayS + day * DAY_S,
        day,
        dayStream(seeds.day, device.index, day),
        out,
      );
      for (let i = 0; i < out.segFirst.length; i += 1)
        state.samples += samplesIn(out.segFirst[i] ?? 0, out.segEnd[i] ?? 0);
    }
    totals[device.index] = state.samples;
  }
  return totals;
}
