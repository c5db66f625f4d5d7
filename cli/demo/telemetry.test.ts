import { beforeAll, describe, expect, it } from 'vitest';
import type { EndpointEvent, EndpointSample, Telemetry } from '../../schemas/telemetry.ts';
import { berlinLocal, isBusinessHours } from './calendar.ts';
import { BAD_MODEL } from './fleet.ts';
import type { Fleet } from './fleet.ts';
import { collectHistory, DAY, groupBy, MONDAY } from './test-support.ts';

const INTERVAL_S = 900;
let byDevice = new Map<string, Telemetry[]>();
let records: Telemetry[] = [];
let fleet: Fleet;

beforeAll(() => {
  const run = collectHistory(
    { seed: 77, devices: 400, ticketsPerDay: 0, historySampleIntervalS: INTERVAL_S },
    MONDAY,
    MONDAY + 7 * DAY,
  );
  records = run.telemetry;
  fleet = run.simulator.fleet;
  byDevice = groupBy(records, (r) => r.device_id);
});

const isSample = (r: Telemetry): r is EndpointSample => r.kind === 'sample';
const isEvent = (r: Telemetry): r is EndpointEvent => r.kind === 'event';
const median = (xs: number[]): number =>
  [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;

describe('fleet telemetry', () => {
  it('restarts uptime at every boot and never samples a device that is off', () => {
    const problems: string[] = [];
    let boots = 0;
    for (const [id, stream] of byDevice) {
      let bootMs: number | undefined;
      let on: boolean | undefined;
      let lastUptime = -1;
      for (const r of stream) {
        const t = Date.parse(r.occurred_at);
        if (isEvent(r) && r.type === 'boot') {
          if (on === true) problems.push(`${id} boots while on at ${r.occurred_at}`);
          [bootMs, on, lastUptime] = [t, true, -1];
          boots++;
        } else if (isEvent(r) && (r.type === 'shutdown' || r.type === 'os_crash')) {
          if (on === false) problems.push(`${id} stops while off at ${r.occurred_at}`);
          on = false;
        } else if (isSample(r)) {
          const uptime = r.uptime_s ?? -1;
          if (on === false) problems.push(`${id} samples while off at ${r.occurred_at}`);
          if (bootMs !== undefined && uptime !== Math.floor((t - bootMs) / 1000)) {
            problems.push(
              `${id} uptime ${uptime} does not count from the boot at ${r.occurred_at}`,
            );
          }
          if (uptime <= lastUptime) problems.push(`${id} uptime went backwards without a boot`);
          lastUptime = uptime;
        }
      }
    }
    expect(problems.slice(0, 5)).toEqual([]);
    expect(boots).toBeGreaterThan(400 * 4);
  });

  it('sends inventory on the first sample after boot and then at least hourly', () => {
    const problems: string[] = [];
    for (const [id, stream] of byDevice) {
      let needInventory = true;
      let lastInventoryMs = Number.NEGATIVE_INFINITY;
      for (const r of stream) {
        if (isEvent(r) && r.type === 'boot') needInventory = true;
        if (!isSample(r)) continue;
        const t = Date.parse(r.occurred_at);
        const hasInventory = r.model !== undefined && r.os !== undefined && r.site !== undefined;
        const overdue = t - lastInventoryMs >= 3_600_000;
        if ((needInventory || overdue) && !hasInventory) problems.push(`${id} at ${r.occurred_at}`);
        if (hasInventory) [needInventory, lastInventoryMs] = [false, t];
      }
    }
    expect(problems.slice(0, 5)).toEqual([]);
  });

  it('gives the unreliable model a much higher crash rate per usage hour and slower boots', () => {
    const models = new Map(fleet.devices.map((d) => [d.id, d.model.name]));
    const usage = { bad: 0, other: 0 };
    const crashes = { bad: 0, other: 0 };
    const bootS = { bad: [] as number[], other: [] as number[] };
    for (const r of records) {
      const group = models.get(r.device_id) === BAD_MODEL ? 'bad' : 'other';
      // Usage hours: on-time during the working day, from the sample cadence.
      if (isSample(r) && isBusinessHours(Date.parse(r.occurred_at)))
        usage[group] += INTERVAL_S / 3600;
      if (isEvent(r) && r.type === 'app_crash') crashes[group]++;
      if (isEvent(r) && r.type === 'boot') bootS[group].push(r.boot_duration_s ?? 0);
    }
    const badRate = crashes.bad / usage.bad;
    const otherRate = crashes.other / usage.other;
    expect(crashes.bad).toBeGreaterThan(50);
    expect(badRate).toBeGreaterThan(2 * otherRate);
    expect(median(bootS.bad)).toBeGreaterThan(1.8 * median(bootS.other));
  });

  it('shuts down cleanly about 97 % of the time and crashes apps by name', () => {
    const shutdowns = records.filter((r) => isEvent(r) && r.type === 'shutdown') as EndpointEvent[];
    const unclean = shutdowns.filter((r) => r.clean === false).length / shutdowns.length;
    expect(unclean).toBeGreaterThan(0.01);
    expect(unclean).toBeLessThan(0.06);
    const apps = new Set(
      records.filter(isEvent).flatMap((r) => (r.app === undefined ? [] : [r.app])),
    );
    expect([...apps].sort()).toEqual(
      [
        'Google Chrome',
        'Microsoft Excel',
        'Microsoft Outlook',
        'Microsoft Teams',
        'SAP GUI',
      ].sort(),
    );
  });

  it('installs the weekly patch once on nearly every device', () => {
    const patched = groupBy(
      records.filter((r) => isEvent(r) && r.type === 'patch_installed'),
      (r) => r.device_id,
    );
    expect(patched.size / fleet.devices.length).toBeGreaterThan(0.85);
    expect(Math.max(...[...patched.values()].map((p) => p.length))).toBeLessThanOrEqual(2);
  });

  it('lets disk space decline slowly rather than jump around', () => {
    let jumpy = 0;
    for (const stream of byDevice.values()) {
      const disk = stream.filter(isSample).map((s) => s.disk_free_pct ?? 0);
      if (disk.length > 1 && Math.max(...disk) - Math.min(...disk) > 3) jumpy++;
    }
    // Only devices that hit their periodic clean-up this week may jump.
    expect(jumpy / byDevice.size).toBeLessThan(0.05);
  });

  it('follows the working day: many devices report at 10:00, few at 03:00 or on Sunday', () => {
    const at = (predicate: (hour: number, weekday: number) => boolean): number =>
      records.filter((r) => {
        const local = berlinLocal(Date.parse(r.occurred_at));
        return isSample(r) && predicate(Math.floor(local.hour), local.weekday);
      }).length;
    const weekdayTen = at((h, d) => h === 10 && d >= 1 && d <= 5) / 5;
    const weekdayThree = at((h, d) => h === 3 && d >= 1 && d <= 5) / 5;
    const sunday = at((_h, d) => d === 0) / 24;
    expect(weekdayTen).toBeGreaterThan(4 * weekdayThree);
    expect(weekdayTen).toBeGreaterThan(3 * sunday);
  });
});
