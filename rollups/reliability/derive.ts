import type { ReliabilityMetricsRow } from '../../schemas/reliability.ts';
import { ratio } from '../sla/read/rollup-sql.ts';
import type { EventCounts } from './read/events.ts';
import type { PowerCounts } from './read/power.ts';
import type { UsageCounts } from './read/usage.ts';

/*
 * Counts → the published metrics (docs/reliability.md, "Metrics"). Pure,
 * so every formula is unit-tested with hand-computed numbers.
 */

/**
 * A device is in use during a 15-minute UTC slot in which it sent at least
 * one sample (the migration's `intDiv(…, 900)`). Agents sampling every 15
 * minutes or more often are counted fully; shorter slots would undercount
 * them and inflate every per-usage-hour rate (docs/reliability.md).
 */
export const USAGE_SLOT_MINUTES = 15;
/** A device-month is 30 device-days. */
export const DAYS_PER_MONTH = 30;

export interface BootCounts {
  boots: number;
  boot_p50_s: number | null;
  boot_p95_s: number | null;
}

export type MetricCounts = UsageCounts & EventCounts & PowerCounts & BootCounts;

export type MetricValues = Omit<
  ReliabilityMetricsRow,
  'bucket' | 'device_id' | 'model' | 'site' | 'os_version' | 'app'
>;

export const NO_COUNTS: MetricCounts = {
  devices: 0,
  device_days: 0,
  usage_slots: 0,
  cpu_samples: 0,
  cpu_high: 0,
  mem_samples: 0,
  mem_high: 0,
  disk_samples: 0,
  disk_low: 0,
  app_crashes: 0,
  app_hangs: 0,
  os_crashes: 0,
  service_failures: 0,
  failing_devices: 0,
  shutdowns: 0,
  unclean_shutdowns: 0,
  boots: 0,
  boot_p50_s: null,
  boot_p95_s: null,
};

type DeviceOnly = Pick<
  MetricValues,
  | 'os_crashes'
  | 'os_crashes_per_device_month'
  | 'shutdowns'
  | 'unclean_shutdowns'
  | 'unclean_shutdown_rate'
  | 'boots'
  | 'boot_p50_s'
  | 'boot_p95_s'
  | 'cpu_pressure_pct'
  | 'mem_pressure_pct'
  | 'disk_pressure_pct'
>;

/** Metrics that describe a device, not an app: null in the app view. */
function deviceOnly(c: MetricCounts): DeviceOnly {
  return {
    os_crashes: c.os_crashes,
    os_crashes_per_device_month: ratio(c.os_crashes, c.device_days, DAYS_PER_MONTH),
    shutdowns: c.shutdowns,
    unclean_shutdowns: c.unclean_shutdowns,
    unclean_shutdown_rate: ratio(c.unclean_shutdowns, c.shutdowns, 1),
    boots: c.boots,
    boot_p50_s: c.boots > 0 ? c.boot_p50_s : null,
    boot_p95_s: c.boots > 0 ? c.boot_p95_s : null,
    cpu_pressure_pct: ratio(c.cpu_high, c.cpu_samples),
    mem_pressure_pct: ratio(c.mem_high, c.mem_samples),
    disk_pressure_pct: ratio(c.disk_low, c.disk_samples),
  };
}

const APP_VIEW_NULLS: DeviceOnly = {
  os_crashes: null,
  os_crashes_per_device_month: null,
  shutdowns: null,
  unclean_shutdowns: null,
  unclean_shutdown_rate: null,
  boots: null,
  boot_p50_s: null,
  boot_p95_s: null,
  cpu_pressure_pct: null,
  mem_pressure_pct: null,
  disk_pressure_pct: null,
};

/**
 * The metrics of one bucket × group. In the app view (grouped or filtered
 * by app) failures are the app's crashes, hangs and service failures, and
 * the denominators stay those of the devices in scope (fleet usage).
 */
export function deriveMetrics(c: MetricCounts, appView: boolean): MetricValues {
  const usageHours = (c.usage_slots * USAGE_SLOT_MINUTES) / 60;
  const appFailures = c.app_crashes + c.app_hangs;
  const failures = appFailures + c.service_failures + (appView ? 0 : c.os_crashes);
  return {
    devices: c.devices,
    usage_hours: usageHours,
    device_days: c.device_days,
    app_crashes: c.app_crashes,
    app_hangs: c.app_hangs,
    app_failures_per_1000h: ratio(appFailures, usageHours, 1000),
    service_failures: c.service_failures,
    failures,
    failing_devices: c.failing_devices,
    mttf_hours: failures > 0 && usageHours > 0 ? usageHours / failures : null,
    ...(appView ? APP_VIEW_NULLS : deviceOnly(c)),
  };
}
