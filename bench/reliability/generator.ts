/**
 * The loaded history, generated day by day across the whole fleet (the order
 * agents deliver it in): samples, endpoint events and tickets as JSONEachRow
 * text in row buffers, handed to the loader whenever one is full. Nothing is
 * kept per row; per device there is a profile, its row prefixes and a little
 * state.
 *
 * Pass 1 (`buildPlan`) counts each device's samples over the history; pass 2
 * (`Generator`) simulates the same days again and starts sending each device's
 * rows at the sample that leaves exactly --samples-per-device by NOW (earlier
 * days happened before its agent was installed).
 */
import type { Random } from '../sla/random.ts';
import { below, pick, weighted } from '../sla/random.ts';
import { APP_WEIGHTS, APPS, buildDevice, type Device } from './fleet.ts';
import { Clock, deviceRows, gauge, type DeviceRows, type RowBuffer } from './rows.ts';
import {
  countSamples,
  DAY_S,
  dayStream,
  DayOut,
  DeviceState,
  historyDays,
  NOW_S,
  POWER,
  RANGE_DAYS,
  SAMPLE_INTERVAL_S,
  samplesIn,
  seedsOf,
  simulateDay,
  type Seeds,
} from './workload.ts';

export interface Plan {
  tenant: string;
  devices: readonly Device[];
  rows: readonly DeviceRows[];
  seeds: Seeds;
  firstDayS: number;
  days: number;
  clock: Clock;
  /** Per device: samples simulated before its first sent one. */
  skip: Int32Array;
  /** Samples that will be sent (devices × samples per device, less devices short of history). */
  samples: number;
}

export function buildPlan(options: {
  tenant: string;
  seed: number;
  devices: number;
  samplesPerDevice: number;
}): Plan {
  const seeds = seedsOf(options.seed);
  const days = historyDays(options.samplesPerDevice);
  const firstDayS = NOW_S - days * DAY_S;
  const devices = Array.from({ length: options.devices }, (_, i) =>
    buildDevice(seeds.device, i, days, RANGE_DAYS),
  );
  const totals = countSamples(devices, seeds, firstDayS, days);
  const skip = totals.map((total) => Math.max(0, total - options.samplesPerDevice));
  const samples = totals.reduce((sum, total) => sum + Math.min(total, options.samplesPerDevice), 0);
  return {
    tenant: options.tenant,
    devices,
    rows: devices.map((device) => deviceRows(options.tenant, device)),
    seeds,
    firstDayS,
    days,
    clock: clockFor(firstDayS),
    skip,
    samples,
  };
}

/**
 * Timestamps for the history and the dashboards' range (the late batch
 * falls in it even when a smoke run's history is shorter), with a margin:
 * reboots may spill a little past either end.
 */
function clockFor(firstDayS: number): Clock {
  const start = Math.min(firstDayS, NOW_S - RANGE_DAYS * DAY_S) - 2 * DAY_S;
  return new Clock(start, (NOW_S - start) / DAY_S + 3);
}

export interface Buffers {
  samples: RowBuffer;
  events: RowBuffer;
  tickets: RowBuffer;
}

export interface Emit {
  events: boolean;
  tickets: boolean;
  /** Stop after the device-day that reaches this many samples. */
  maxSamples: number;
}

export interface Generated {
  /** Distinct samples sent, and the re-sent copies among the rows. */
  samples: number;
  sampleResends: number;
  events: number;
  eventResends: number;
  tickets: number;
  /** Distinct events by type. */
  byType: Map<string, number>;
}

// Agents re-send a batch now and then (a lost acknowledgement): the same
// sample or event again, which every count must ignore.
const SAMPLE_RESEND = 0.002;
const EVENT_RESEND = 0.005;
// App crashes and hangs per hour switched on, before the device's factor.
const APP_CRASH_PER_S = 0.025 / 3600;
const APP_HANG_PER_S = 0.02 / 3600;
// About one ticket per 20 devices a week, more on a day something crashed.
const TICKET_BASE = 0.004;
const TICKET_PER_CRASH = 0.012;

const OS_CRASH_CODES = ['0x0000007e', '0x00000050', '0x0000003b', '0x00000116', '0x000000d1'];
const APP_CRASH_CODES = ['0xc0000005', '0xc0000409', '0xe0434352', '0xc0000374'];
const PATCHES = ['KB5046617', 'KB5044284', 'KB5043145'];
const CATEGORIES = ['application-error', 'laptop-fault', 'slow-device', 'update-issue'];

export class Generator {
  readonly #plan: Plan;
  readonly #buffers: Buffers;
  readonly #out = new DayOut();
  readonly #states: DeviceState[];
  readonly #enrolledAt: Float64Array;
  /** The app that crashed last on the device-day being generated, for its ticket. */
  #crashedApp: string | undefined;
  readonly stats: Generated = {
    samples: 0,
    sampleResends: 0,
    events: 0,
    eventResends: 0,
    tickets: 0,
    byType: new Map(),
  };

  constructor(plan: Plan, buffers: Buffers) {
    this.#plan = plan;
    this.#buffers = buffers;
    this.#states = plan.devices.map(() => new DeviceState());
    this.#enrolledAt = new Float64Array(plan.devices.length).fill(Infinity);
  }

  /** Generates the history; `full()` is awaited whenever a buffer holds a chunk. */
  async run(emit: Emit, chunkRows: number, full: () => Promise<void>): Promise<Generated> {
    const { devices, firstDayS, days, seeds } = this.#plan;
    const { samples, events, tickets } = this.#buffers;
    for (let day = 0; day < days; day += 1) {
      const dayStart = firstDayS + day * DAY_S;
      for (const device of devices) {
        this.#device(device, day, dayStart, seeds, emit);
        if (samples.rows >= chunkRows || events.rows >= chunkRows || tickets.rows >= chunkRows)
          await full();
        if (this.stats.samples >= emit.maxSamples) return this.stats;
      }
    }
    return this.stats;
  }

  #device(device: Device, day: number, dayStart: number, seeds: Seeds, emit: Emit): void {
    const out = this.#out;
    const state = this.#states[device.index] ?? new DeviceState();
    simulateDay(device, state, dayStart, day, dayStream(seeds.day, device.index, day), out);
    if (out.segFirst.length === 0 && out.powerAt.length === 0) return;
    const skip = this.#plan.skip[device.index] ?? 0;
    const gauges = dayStream(seeds.gauge, device.index, day);
    for (let i = 0; i < out.segFirst.length; i += 1) {
      const first = out.segFirst[i] ?? 0;
      const n = samplesIn(first, out.segEnd[i] ?? 0);
      const before = state.samples;
      state.samples += n;
      if (before + n <= skip) continue;
      const from = Math.max(0, skip - before);
      if (this.#enrolledAt[device.index] === Infinity)
        this.#enrolledAt[device.index] = first + from * SAMPLE_INTERVAL_S;
      for (let k = from; k < n; k += 1) {
        const t = first + k * SAMPLE_INTERVAL_S;
        this.#sample(device, t, t - (out.segBoot[i] ?? t), gauges);
      }
    }
    const enrolledAt = this.#enrolledAt[device.index] ?? Infinity;
    if (!emit.events || enrolledAt === Infinity) return;
    const apps = dayStream(seeds.app, device.index, day);
    let crashes = 0;
    this.#crashedApp = undefined;
    for (let i = 0; i < out.powerAt.length; i += 1) {
      const at = out.powerAt[i] ?? 0;
      if (at < enrolledAt) continue;
      const kind = out.powerKind[i] ?? POWER.boot;
      if (kind === POWER.osCrash) crashes += 2;
      this.#power(device, kind, at, out.powerBootS[i] ?? 0, apps);
    }
    let firstOn = Infinity;
    for (let i = 0; i < out.segFirst.length; i += 1) {
      const from = Math.max(out.segFirst[i] ?? 0, enrolledAt);
      const until = out.segEnd[i] ?? 0;
      if (from >= until) continue;
      firstOn = Math.min(firstOn, from);
      crashes += this.#appEvents(device, from, until, apps);
    }
    if (emit.tickets && firstOn !== Infinity) {
      const p = TICKET_BASE + TICKET_PER_CRASH * Math.min(3, crashes);
      if (apps() < p) this.#ticket(device, day, firstOn + below(apps, 4 * 3600), apps);
    }
  }

  #sample(device: Device, t: number, uptime: number, random: Random): void {
    const rows = this.#plan.rows[device.index];
    if (rows === undefined) return;
    let cpu = device.cpuMedianPct * (0.35 + 1.3 * random());
    if (random() < 0.012) cpu = 90 + 10 * random();
    let mem = device.memBasePct - 5 + 20 * random();
    if (random() < 0.005) mem = 91 + 9 * random();
    let disk =
      device.diskStartPct - (device.diskSlopePctPerDay * (t - this.#plan.firstDayS)) / DAY_S;
    while (disk < 4) disk += 50; // a clean-up frees space
    const diskField = random() < 0.01 ? '' : `,"disk_free_pct":${gauge(disk + 0.3 * random())}`;
    const row =
      `${rows.head}${this.#plan.clock.seconds(t)}","cpu_pct":${gauge(cpu)},"mem_pct":${gauge(mem)}` +
      `${diskField},"uptime_s":${uptime}${rows.inventory}`;
    this.#buffers.samples.push(row);
    this.stats.samples += 1;
    if (random() < SAMPLE_RESEND) {
      this.#buffers.samples.push(row);
      this.stats.sampleResends += 1;
    }
  }

  #event(device: Device, type: string, ms: number, fields: string, random: Random): void {
    const rows = this.#plan.rows[device.index];
    if (rows === undefined) return;
    const row = `${rows.head}${this.#plan.clock.millis(ms)}","type":"${type}"${fields}}\n`;
    this.#buffers.events.push(row);
    this.stats.events += 1;
    this.stats.byType.set(type, (this.stats.byType.get(type) ?? 0) + 1);
    if (random() < EVENT_RESEND) {
      this.#buffers.events.push(row);
      this.stats.eventResends += 1;
    }
  }

  #power(device: Device, kind: number, at: number, bootS: number, random: Random): void {
    const ms = at * 1000;
    // The agent stamps a boot when it completes, with how long it took.
    if (kind === POWER.boot)
      this.#event(
        device,
        'boot',
        ms + Math.round(bootS * 1000),
        `,"boot_duration_s":${bootS}`,
        random,
      );
    else if (kind === POWER.cleanShutdown)
      this.#event(device, 'shutdown', ms, ',"clean":true', random);
    else if (kind === POWER.uncleanShutdown)
      this.#event(device, 'shutdown', ms, ',"clean":false', random);
    else if (kind === POWER.osCrash)
      this.#event(device, 'os_crash', ms, `,"code":"${pick(random, OS_CRASH_CODES)}"`, random);
    else this.#event(device, 'patch_installed', ms, `,"code":"${pick(random, PATCHES)}"`, random);
  }

  /** App crashes and hangs while switched on in [from, until); returns the crashes. */
  #appEvents(device: Device, from: number, until: number, random: Random): number {
    let crashes = 0;
    const rates: readonly (readonly ['app_crash' | 'app_hang', number])[] = [
      ['app_crash', APP_CRASH_PER_S * device.crashFactor],
      ['app_hang', APP_HANG_PER_S * Math.sqrt(device.crashFactor)],
    ];
    for (const [type, rate] of rates) {
      let ms = from * 1000;
      for (;;) {
        ms += Math.ceil((-Math.log(1 - random()) / rate) * 1000);
        if (ms >= until * 1000) break;
        const app = APPS[weighted(random, APP_WEIGHTS)];
        if (app === undefined) continue;
        const code = type === 'app_crash' ? `,"code":"${pick(random, APP_CRASH_CODES)}"` : '';
        const fields = `,"app":"${app.name}","app_version":"${app.version}"${code}`;
        this.#event(device, type, ms, fields, random);
        if (type === 'app_crash') {
          crashes += 1;
          this.#crashedApp = app.name;
        }
      }
    }
    return crashes;
  }

  #ticket(device: Device, day: number, at: number, random: Random): void {
    const id = `T-${device.id}-${String(day).padStart(3, '0')}`;
    // A ticket on a day an app crashed usually names it; others name an app
    // now and then, and hardware complaints name none.
    const roll = random();
    const app =
      this.#crashedApp !== undefined && roll < 0.8
        ? this.#crashedApp
        : roll < 0.3
          ? APPS[weighted(random, APP_WEIGHTS)]?.name
          : undefined;
    const attributes = app === undefined ? '' : `,"attributes":{"app":"${app}"}`;
    const row =
      `{"tenant":${JSON.stringify(this.#plan.tenant)},"event_id":"${id}-1","ticket_id":"${id}",` +
      `"type":"created","occurred_at":"${this.#plan.clock.seconds(at)}","status":"New",` +
      `"priority":"${random() < 0.2 ? 'P2' : 'P3'}","queue":"${app === undefined ? 'hardware' : 'software'}",` +
      `"channel":"portal","category":"${pick(random, CATEGORIES)}",` +
      `"requester_id":"U-${device.id.slice(2)}","device_id":"${device.id}"${attributes}}\n`;
    this.#buffers.tickets.push(row);
    this.stats.tickets += 1;
  }
}
