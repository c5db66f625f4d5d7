/**
 * Runs one device forward in time: replays its planned day events and fills
 * the on-periods with gauge samples. State only moves forward, and every
 * random draw happens in time order, so cutting the time axis into windows
 * anywhere yields the same records.
 */
import type { EndpointEvent, EndpointSample, Telemetry } from '../../schemas/telemetry.ts';
import { berlinDayStart, berlinLocal, HOUR_MS, MINUTE_MS } from './calendar.ts';
import { initialPowerState, planDeviceDay } from './device-day.ts';
import type { DayPlan, PlannedEvent, PowerState } from './device-day.ts';
import { diskFreePct } from './fleet.ts';
import type { Device } from './fleet.ts';
import { Rng } from './random.ts';

const round1 = (x: number): number => Math.round(x * 10) / 10;
const clamp = (x: number, lo: number, hi: number): number => Math.min(hi, Math.max(lo, x));

/** Records with their instants kept alongside, so merging devices sorts numbers, not strings. */
export interface TelemetrySink {
  records: Telemetry[];
  times: number[];
}

export class DeviceSim {
  private readonly samples: Rng;
  private plan: DayPlan;
  private pos = 0;
  private power: PowerState;
  private nextSampleMs = Number.POSITIVE_INFINITY;
  private lastSampleMs = Number.NEGATIVE_INFINITY;
  /** Everything before this instant has been emitted. */
  private doneMs = Number.NEGATIVE_INFINITY;
  private lastInventoryMs = Number.NEGATIVE_INFINITY;
  private cpuBurstLeft = 0;

  /** Starts the device at local midnight before `startMs` and fast-forwards silently. */
  constructor(
    readonly device: Device,
    startMs: number,
    intervalMs: number,
  ) {
    const local = berlinLocal(startMs);
    this.samples = Rng.derive(device.seed, 'samples', local.dayIndex);
    const dayRng = Rng.derive(device.seed, 'initial', local.dayIndex);
    const start = initialPowerState(device, berlinDayStart(local.dayIndex), dayRng);
    this.power = { ...start };
    this.plan = planDeviceDay(device, local.dayIndex, local.weekday, start);
    if (start.on) this.nextSampleMs = this.plan.startMs + Math.floor(dayRng.uniform(0, intervalMs));
    this.advance(startMs, intervalMs, undefined);
  }

  get isOn(): boolean {
    return this.power.on;
  }

  /** Emits every record with occurred_at < toMs not emitted yet (into `out`, if given). */
  advance(toMs: number, intervalMs: number, out: TelemetrySink | undefined): void {
    // A shorter interval (backfill → live, or a higher rate) applies from now, not after the old gap.
    const due = this.lastSampleMs + intervalMs;
    if (this.power.on && Number.isFinite(due) && due < this.nextSampleMs) {
      // Already overdue: spread the catch-up over one interval instead of a fleet-wide spike.
      const catchUp = this.doneMs + Math.floor(this.samples.uniform(0, intervalMs));
      this.nextSampleMs = due >= this.doneMs ? due : Math.min(this.nextSampleMs, catchUp);
    }
    this.doneMs = Math.max(this.doneMs, toMs);
    for (;;) {
      const event = this.plan.events[this.pos];
      const eventMs = event?.atMs ?? this.plan.endMs;
      if (this.nextSampleMs < eventMs) {
        if (this.nextSampleMs >= toMs) return;
        const sample = this.sample(this.nextSampleMs);
        out?.records.push(sample);
        out?.times.push(this.nextSampleMs);
        this.lastSampleMs = this.nextSampleMs;
        this.nextSampleMs += intervalMs;
        continue;
      }
      if (eventMs >= toMs) return;
      if (event === undefined) this.nextDay();
      else {
        this.pos++;
        this.apply(event, intervalMs);
        out?.records.push(this.toRecord(event));
        out?.times.push(event.atMs);
      }
    }
  }

  private nextDay(): void {
    const local = berlinLocal(this.plan.endMs);
    this.plan = planDeviceDay(this.device, local.dayIndex, local.weekday, this.plan.end);
    this.pos = 0;
  }

  private apply(event: PlannedEvent, intervalMs: number): void {
    if (event.type === 'boot') {
      this.power = { ...this.power, on: true, bootMs: event.atMs };
      this.power.readyMs = event.atMs + Math.ceil(event.bootDurationS * 1000);
      // The agent starts with the desktop; its first report lands within a minute.
      this.nextSampleMs = this.power.readyMs + Math.floor(this.samples.uniform(5_000, 60_000));
      this.cpuBurstLeft = Math.max(1, Math.round((5 * MINUTE_MS) / intervalMs));
    } else if (event.type === 'shutdown' || event.type === 'os_crash') {
      this.power = { ...this.power, on: false };
      this.nextSampleMs = Number.POSITIVE_INFINITY;
      this.lastSampleMs = Number.NEGATIVE_INFINITY;
    }
  }

  private toRecord(event: PlannedEvent): EndpointEvent {
    const base = {
      kind: 'event' as const,
      device_id: this.device.id,
      occurred_at: new Date(event.atMs).toISOString(),
      type: event.type,
    };
    switch (event.type) {
      case 'boot':
        return { ...base, boot_duration_s: event.bootDurationS };
      case 'shutdown':
        return { ...base, clean: event.clean };
      case 'app_crash':
      case 'app_hang':
        return { ...base, app: event.app, app_version: event.appVersion };
      default:
        return { ...base, code: event.code };
    }
  }

  private sample(t: number): EndpointSample {
    const { device, samples: rng, plan } = this;
    const present = plan.presence !== undefined && t >= plan.presence[0] && t < plan.presence[1];
    const uptimeS = Math.max(0, Math.floor((t - this.power.bootMs) / 1000));
    let cpu: number;
    if (this.cpuBurstLeft > 0) {
      this.cpuBurstLeft--; // post-boot: updates, indexing, login scripts
      cpu = rng.uniform(35, 90);
    } else if (present) {
      cpu = rng.lognormal(device.cpuMedianPct, 0.6);
    } else {
      cpu = rng.uniform(0.5, 4);
    }
    // Memory creeps up with uptime (leaks, browser tabs) and resets with a reboot.
    const mem =
      device.memBasePct + Math.min(25, uptimeS / 3600) + (present ? 8 : 0) + rng.normal() * 3;
    const record: EndpointSample = {
      kind: 'sample',
      device_id: device.id,
      occurred_at: new Date(t).toISOString(),
      cpu_pct: round1(clamp(cpu, 0.1, 100)),
      mem_pct: round1(clamp(mem, 5, 99)),
      disk_free_pct: round1(clamp(diskFreePct(device, t) + rng.normal() * 0.05, 0.5, 100)),
      uptime_s: uptimeS,
    };
    // Inventory rides on the first sample after boot and then once an hour.
    if (this.lastInventoryMs < this.power.bootMs || t - this.lastInventoryMs >= HOUR_MS) {
      this.lastInventoryMs = t;
      Object.assign(record, {
        os: device.os,
        os_version: device.osVersion,
        model: device.model.name,
        site: device.site,
        agent_version: device.agentVersion,
      });
    }
    return record;
  }
}
