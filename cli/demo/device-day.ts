/**
 * One device's local day: when it is switched on and off, when its owner is
 * at the keyboard, and the discrete endpoint events (boots, crashes, patches)
 * of that day. Samples are not planned here; telemetry.ts fills them in.
 */
import { berlinAt, berlinDayStart, isWorkday, MINUTE_MS, HOUR_MS } from './calendar.ts';
import type { Device } from './fleet.ts';
import { Rng } from './random.ts';

export type PlannedEvent =
  | { atMs: number; type: 'boot'; bootDurationS: number }
  | { atMs: number; type: 'shutdown'; clean: boolean }
  | { atMs: number; type: 'os_crash' | 'service_failure' | 'patch_installed'; code: string }
  | { atMs: number; type: 'app_crash' | 'app_hang'; app: string; appVersion: string };

export interface PowerState {
  on: boolean;
  bootMs: number;
  /** Boot finished, desktop usable: samples start after this. */
  readyMs: number;
  /** A weekly patch was released while the device was off. */
  pendingPatch: boolean;
}

export interface DayPlan {
  startMs: number;
  endMs: number;
  events: PlannedEvent[];
  /** When the owner is at the keyboard, if at all today. */
  presence: readonly [number, number] | undefined;
  end: PowerState;
}

interface App {
  name: string;
  version: string;
  crashPerHour: number;
  hangPerHour: number;
  windowsOnly: boolean;
}

// Per usage hour on a device of crash factor 1; Teams and the SAP client are
// the usual suspects on a real desk.
const APPS: readonly App[] = [
  {
    name: 'Microsoft Teams',
    version: '24295.605.3225.8804',
    crashPerHour: 0.01,
    hangPerHour: 0.025,
    windowsOnly: false,
  },
  {
    name: 'Microsoft Outlook',
    version: '16.0.18129.20158',
    crashPerHour: 0.006,
    hangPerHour: 0.016,
    windowsOnly: false,
  },
  {
    name: 'Google Chrome',
    version: '131.0.6778.205',
    crashPerHour: 0.004,
    hangPerHour: 0.01,
    windowsOnly: false,
  },
  {
    name: 'Microsoft Excel',
    version: '16.0.18129.20158',
    crashPerHour: 0.005,
    hangPerHour: 0.012,
    windowsOnly: false,
  },
  {
    name: 'SAP GUI',
    version: '8.00.11',
    crashPerHour: 0.012,
    hangPerHour: 0.02,
    windowsOnly: true,
  },
];

/** The apps the demo fleet runs; software tickets about an app error name one of them. */
export const DEMO_APP_NAMES: readonly string[] = APPS.map((app) => app.name);

const WINDOWS_SERVICES = ['Spooler', 'wuauserv', 'BITS', 'CcmExec', 'WinDefend', 'Dnscache'];
const MAC_SERVICES = [
  'com.apple.mdmclient',
  'com.apple.softwareupdated',
  'com.microsoft.autoupdate',
];
const WINDOWS_BUGCHECKS = ['0x0000009F', '0x00000116', '0x000000EF', '0x0000001E', '0x00000133'];
const MAC_PANICS = ['panic-watchdog', 'panic-gpu', 'panic-kext'];

const SERVICE_FAILURES_PER_HOUR = 0.004;
// Share of mid-day interruptions that are blue screens / kernel panics, per crash factor.
const OS_CRASH_SHARE = 0.03;

/** The patch a device installs in a given week: one KB per week for the whole fleet. */
function patchCode(device: Device, dayIndex: number): string {
  const week = Math.floor((dayIndex + 3) / 7);
  return device.os === 'macOS' ? `macOS-RSR-${week % 1000}` : `KB${5_030_000 + (week % 10_000)}`;
}

function presenceOf(
  device: Device,
  dayIndex: number,
  weekday: number,
  rng: Rng,
): readonly [number, number] | undefined {
  if (device.kiosk) return undefined;
  if (isWorkday(weekday)) {
    if (rng.bernoulli(0.08)) return undefined; // leave, sick day, offsite
    const arrive = device.startHour + rng.normal() * 0.4;
    const length = Math.max(3, device.workHours + rng.normal() * 0.7);
    return [
      berlinAt(dayIndex, arrive),
      berlinAt(dayIndex, Math.min(23.5, arrive + length)),
    ] as const;
  }
  if (!rng.bernoulli(0.05)) return undefined;
  const arrive = rng.uniform(10, 16);
  return [berlinAt(dayIndex, arrive), berlinAt(dayIndex, arrive + rng.uniform(1, 3))] as const;
}

type Action = 'arrive' | 'leave' | 'interrupt' | 'release' | 'patch' | 'patchReboot' | 'boot';

/** Builds the day by replaying a few scheduled actions against the power state. */
class DayBuilder {
  readonly events: PlannedEvent[] = [];
  private readonly actions: { atMs: number; action: Action }[] = [];

  constructor(
    private readonly device: Device,
    private readonly dayIndex: number,
    private readonly endMs: number,
    readonly state: PowerState,
    private readonly rng: Rng,
  ) {}

  schedule(atMs: number, action: Action): void {
    if (atMs < this.endMs) this.actions.push({ atMs: Math.round(atMs), action });
  }

  run(leaveOn: boolean): void {
    for (;;) {
      let best = -1;
      this.actions.forEach((a, i) => {
        const current = this.actions[best];
        if (current === undefined || a.atMs < current.atMs) best = i;
      });
      const next = this.actions.splice(best, 1)[0];
      if (next === undefined) return;
      this.apply(next.atMs, next.action, leaveOn);
    }
  }

  private apply(t: number, action: Action, leaveOn: boolean): void {
    const { state, rng } = this;
    switch (action) {
      case 'arrive':
        if (!state.on) this.boot(t);
        else if (rng.bernoulli(0.05)) this.restart(t, true);
        break;
      case 'boot':
        if (!state.on) this.boot(t);
        break;
      case 'leave':
        if (state.on && !leaveOn) this.shutdown(t, !rng.bernoulli(0.025));
        break;
      case 'interrupt':
        if (state.on) this.interrupt(t);
        break;
      case 'release':
        state.pendingPatch = true;
        if (state.on) this.installPatch(t);
        break;
      case 'patch':
        if (state.on && state.pendingPatch) this.installPatch(t);
        break;
      case 'patchReboot':
        if (state.on) this.restart(t, true);
        break;
    }
  }

  private boot(t: number): void {
    const duration = Math.min(
      900,
      Math.max(5, this.rng.lognormal(this.device.model.bootMedianS, 0.35)),
    );
    const bootDurationS = Math.round(duration * 10) / 10;
    this.events.push({ atMs: t, type: 'boot', bootDurationS });
    Object.assign(this.state, { on: true, bootMs: t, readyMs: t + Math.round(duration * 1000) });
    if (this.state.pendingPatch) this.schedule(t + this.rng.uniform(10, 25) * MINUTE_MS, 'patch');
  }

  private shutdown(t: number, clean: boolean): void {
    this.events.push({ atMs: t, type: 'shutdown', clean });
    this.state.on = false;
  }

  private restart(t: number, clean: boolean): void {
    this.shutdown(t, clean);
    this.schedule(t + this.rng.uniform(1, 3) * MINUTE_MS, 'boot');
  }

  private interrupt(t: number): void {
    const { rng, device } = this;
    if (rng.bernoulli(Math.min(0.5, OS_CRASH_SHARE * device.model.crashFactor))) {
      const code = rng.pick(device.os === 'macOS' ? MAC_PANICS : WINDOWS_BUGCHECKS);
      this.events.push({ atMs: t, type: 'os_crash', code });
      this.state.on = false;
      this.schedule(t + rng.uniform(2, 6) * MINUTE_MS, 'boot');
    } else if (rng.bernoulli(0.15)) {
      this.shutdown(t, false); // battery ran flat, power button held
      this.schedule(t + rng.uniform(3, 20) * MINUTE_MS, 'boot');
    } else {
      this.restart(t, true); // "have you tried turning it off and on again"
    }
  }

  private installPatch(t: number): void {
    const code = patchCode(this.device, this.dayIndex);
    this.events.push({ atMs: t, type: 'patch_installed', code });
    this.state.pendingPatch = false;
    this.schedule(t + this.rng.uniform(5, 45) * MINUTE_MS, 'patchReboot');
  }
}

/** On-intervals of the day, each from "usable" to power-off (or the end of the day). */
function onSegments(plan: PlannedEvent[], start: PowerState, dayStart: number, dayEnd: number) {
  const segments: [number, number][] = [];
  let from = start.on ? Math.max(dayStart, start.readyMs) : undefined;
  for (const event of plan) {
    if (event.type === 'boot') from = event.atMs + Math.ceil(event.bootDurationS * 1000);
    else if ((event.type === 'shutdown' || event.type === 'os_crash') && from !== undefined) {
      if (event.atMs > from) segments.push([from, event.atMs]);
      from = undefined;
    }
  }
  if (from !== undefined && from < dayEnd) segments.push([from, dayEnd]);
  return segments;
}

/** Poisson-scattered crashes, hangs and service failures over the on-intervals. */
function scatterFailures(
  device: Device,
  segments: readonly [number, number][],
  presence: readonly [number, number] | undefined,
  rng: Rng,
): PlannedEvent[] {
  const out: PlannedEvent[] = [];
  const factor = device.model.crashFactor;
  const apps = APPS.filter((app) => device.os !== 'macOS' || !app.windowsOnly);
  for (const [from, to] of segments) {
    const onHours = (to - from) / HOUR_MS;
    const failures = rng.poisson(onHours * SERVICE_FAILURES_PER_HOUR * Math.sqrt(factor));
    for (let i = 0; i < failures; i++) {
      const code = rng.pick(device.os === 'macOS' ? MAC_SERVICES : WINDOWS_SERVICES);
      out.push({ atMs: Math.floor(rng.uniform(from, to)), type: 'service_failure', code });
    }
    // Apps crash while people use them; kiosks run a browser all day at low load.
    const useFrom = device.kiosk ? from : Math.max(from, presence?.[0] ?? to);
    const useTo = device.kiosk ? to : Math.min(to, presence?.[1] ?? from);
    if (useTo <= useFrom) continue;
    const useHours = ((useTo - useFrom) / HOUR_MS) * (device.kiosk ? 0.3 : 1);
    for (const app of device.kiosk ? apps.filter((a) => a.name === 'Google Chrome') : apps) {
      for (const type of ['app_crash', 'app_hang'] as const) {
        const rate =
          type === 'app_crash' ? app.crashPerHour * factor : app.hangPerHour * Math.sqrt(factor);
        const count = rng.poisson(rate * useHours);
        for (let i = 0; i < count; i++) {
          const atMs = Math.floor(rng.uniform(useFrom, useTo));
          out.push({ atMs, type, app: app.name, appVersion: app.version });
        }
      }
    }
  }
  return out;
}

/** Plans local day `dayIndex` for a device that enters it in power state `start`. */
export function planDeviceDay(
  device: Device,
  dayIndex: number,
  weekday: number,
  start: PowerState,
): DayPlan {
  const rng = Rng.derive(device.seed, 'day', dayIndex);
  const startMs = berlinDayStart(dayIndex);
  const endMs = berlinDayStart(dayIndex + 1);
  const presence = presenceOf(device, dayIndex, weekday, rng);
  const builder = new DayBuilder(device, dayIndex, endMs, { ...start }, rng);
  if (presence !== undefined) {
    const [arrive, leave] = presence;
    builder.schedule(arrive, 'arrive');
    builder.schedule(leave, 'leave');
    const span = leave - arrive - 40 * MINUTE_MS;
    if (span > 0 && rng.bernoulli(0.07))
      builder.schedule(arrive + 20 * MINUTE_MS + rng.uniform(0, span), 'interrupt');
  }
  if (weekday === device.patchWeekday) {
    const hour = device.kiosk ? 3 : device.patchHour;
    builder.schedule(berlinAt(dayIndex, hour), 'release');
  }
  if (start.on && start.pendingPatch) {
    builder.schedule(berlinAt(dayIndex, 3), 'patch'); // the overnight maintenance window
  }
  builder.run(rng.bernoulli(device.leaveOnProb));
  const segments = onSegments(builder.events, start, startMs, endMs);
  const events = [...builder.events, ...scatterFailures(device, segments, presence, rng)];
  events.sort((a, b) => a.atMs - b.atMs);
  return { startMs, endMs, events, presence, end: builder.state };
}

/** Power state of a device when the simulation first looks at it. */
export function initialPowerState(device: Device, dayStartMs: number, rng: Rng): PowerState {
  const leftOn = device.kiosk || rng.bernoulli(device.leaveOnProb);
  const bootMs = device.kiosk
    ? dayStartMs - Math.round(rng.uniform(1, 6) * 24 * HOUR_MS)
    : dayStartMs - Math.round(rng.uniform(13, 16) * HOUR_MS);
  return { on: leftOn, bootMs, readyMs: bootMs + 60_000, pendingPatch: false };
}
