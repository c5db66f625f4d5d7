import type { SAMPLE_GAUGES } from '../../schemas/telemetry.ts';
import { stringAttribute } from './attributes.ts';
import type { Attributes } from './attributes.ts';

/*
 * hostmetrics-style `system.*` data points of one device and one second →
 * the native sample gauges. The attribute names of the collector's hostmetrics
 * receiver (`state`, `cpu`, `mountpoint`…) are read first, then those of the
 * newer semantic conventions (`cpu.mode`, `system.memory.state`…).
 */

export type Gauge = (typeof SAMPLE_GAUGES)[number];

/** One data point, checked and ready to aggregate. */
export interface Reading {
  value: number;
  attributes: Attributes;
  /** `resource 0 (host.name=pc-1) metric system.uptime point 2`. */
  where: string;
}

export const METRICS = {
  cpuUtilization: 'system.cpu.utilization',
  memoryUtilization: 'system.memory.utilization',
  memoryUsage: 'system.memory.usage',
  memoryLimit: 'system.memory.limit',
  filesystemUtilization: 'system.filesystem.utilization',
  filesystemUsage: 'system.filesystem.usage',
  uptime: 'system.uptime',
} as const;

/** The metrics Deskpulse reads, by the range their values must lie in. */
export const READ_METRICS: ReadonlyMap<string, 'ratio' | 'bytes' | 'seconds'> = new Map([
  [METRICS.cpuUtilization, 'ratio'],
  [METRICS.memoryUtilization, 'ratio'],
  [METRICS.memoryUsage, 'bytes'],
  [METRICS.memoryLimit, 'bytes'],
  [METRICS.filesystemUtilization, 'ratio'],
  [METRICS.filesystemUsage, 'bytes'],
  [METRICS.uptime, 'seconds'],
]);

/** A gauge's value and the readings it was computed from. */
export interface GaugeValue {
  value: number;
  readings: readonly Reading[];
}

/** Readings of one device and second, by metric name. */
export type ReadingsByMetric = ReadonlyMap<string, readonly Reading[]>;

/** Slab memory is already counted in `used` on Linux; adding it would count it twice. */
const MEMORY_STATES_OUTSIDE_TOTAL = new Set(['slab_reclaimable', 'slab_unreclaimable']);

/** Filesystems whose fullness says nothing about the device running out of disk. */
const PSEUDO_FILESYSTEMS = new Set([
  'autofs',
  'cdfs',
  'devfs',
  'devtmpfs',
  'iso9660',
  'nullfs',
  'overlay',
  'proc',
  'ramfs',
  'squashfs',
  'sysfs',
  'tmpfs',
  'udf',
]);

function attribute(reading: Reading, ...keys: string[]): string {
  for (const key of keys) {
    const value = stringAttribute(reading.attributes, key);
    if (value !== undefined) return value;
  }
  return '';
}

// Two decimals: far below what any of these measures can resolve.
function percent(share: number): number {
  return Math.round(Math.min(1, Math.max(0, share)) * 10_000) / 100;
}

function sum(readings: readonly Reading[]): number {
  return readings.reduce((total, reading) => total + reading.value, 0);
}

/**
 * cpu_pct: per CPU, the busy share is 1 − idle when an idle point is there,
 * else the sum of the other states; cpu_pct is 100 × their mean over CPUs.
 */
export function cpuPct(readings: readonly Reading[]): GaugeValue | undefined {
  if (readings.length === 0) return undefined;
  const cpus = new Map<string, { idle: number | undefined; busy: number }>();
  for (const reading of readings) {
    const cpu = attribute(reading, 'cpu', 'cpu.logical_number', 'system.cpu.logical_number');
    const state = attribute(reading, 'state', 'cpu.mode', 'system.cpu.state');
    const entry = cpus.get(cpu) ?? { idle: undefined, busy: 0 };
    if (state === 'idle') entry.idle = (entry.idle ?? 0) + reading.value;
    else entry.busy += reading.value;
    cpus.set(cpu, entry);
  }
  let total = 0;
  for (const { idle, busy } of cpus.values()) {
    total += Math.min(1, Math.max(0, idle === undefined ? busy : 1 - idle));
  }
  return { value: percent(total / cpus.size), readings };
}

function memoryState(reading: Reading): string {
  return attribute(reading, 'state', 'system.memory.state');
}

/**
 * mem_pct: 100 × the `used` utilization; without it, 100 × used bytes over
 * `system.memory.limit`, or over the sum of the usage states.
 */
export function memPct(byMetric: ReadingsByMetric): GaugeValue | undefined {
  const utilization = byMetric.get(METRICS.memoryUtilization) ?? [];
  const usedShare = utilization.filter((reading) => memoryState(reading) === 'used');
  if (usedShare.length > 0) return { value: percent(sum(usedShare)), readings: utilization };
  const usage = byMetric.get(METRICS.memoryUsage) ?? [];
  const used = usage.filter((reading) => memoryState(reading) === 'used');
  if (used.length === 0) return undefined;
  const limits = byMetric.get(METRICS.memoryLimit) ?? [];
  const limit = limits.at(-1)?.value ?? 0;
  const total =
    limit > 0
      ? limit
      : sum(usage.filter((reading) => !MEMORY_STATES_OUTSIDE_TOTAL.has(memoryState(reading))));
  if (total <= 0) return undefined;
  return {
    value: percent(sum(used) / total),
    readings: limit > 0 ? [...usage, ...limits] : usage,
  };
}

function writable(reading: Reading): boolean {
  const mode = attribute(reading, 'mode', 'system.filesystem.mode');
  const type = attribute(reading, 'type', 'system.filesystem.type').toLowerCase();
  return mode !== 'ro' && !PSEUDO_FILESYSTEMS.has(type);
}

/**
 * disk_free_pct: the free share of the fullest writable filesystem, from
 * `system.filesystem.utilization` (100 × (1 − max)) or, without it, from
 * `system.filesystem.usage` (free / (used + free + reserved) per filesystem).
 */
export function diskFreePct(byMetric: ReadingsByMetric): GaugeValue | undefined {
  const utilization = (byMetric.get(METRICS.filesystemUtilization) ?? []).filter(writable);
  if (utilization.length > 0) {
    const fullest = Math.max(...utilization.map((reading) => reading.value));
    return { value: percent(1 - fullest), readings: utilization };
  }
  const usage = (byMetric.get(METRICS.filesystemUsage) ?? []).filter(writable);
  const filesystems = new Map<string, { free: number; total: number }>();
  for (const reading of usage) {
    const device = attribute(reading, 'device', 'system.device');
    const mountpoint = attribute(reading, 'mountpoint', 'system.filesystem.mountpoint');
    const key = `${device}\u0000${mountpoint}`;
    const entry = filesystems.get(key) ?? { free: 0, total: 0 };
    entry.total += reading.value;
    if (attribute(reading, 'state', 'system.filesystem.state') === 'free')
      entry.free += reading.value;
    filesystems.set(key, entry);
  }
  const shares = [...filesystems.values()]
    .filter(({ total }) => total > 0)
    .map(({ free, total }) => free / total);
  if (shares.length === 0) return undefined;
  return { value: percent(Math.min(...shares)), readings: usage };
}

/** uptime_s: the last `system.uptime` reading, in whole seconds (truncated). */
export function uptimeS(readings: readonly Reading[]): GaugeValue | undefined {
  const last = readings.at(-1);
  return last === undefined ? undefined : { value: Math.floor(last.value), readings };
}

/** Every gauge the readings of one device and second yield. */
export function gaugesOf(byMetric: ReadingsByMetric): Partial<Record<Gauge, GaugeValue>> {
  const gauges: Partial<Record<Gauge, GaugeValue>> = {
    cpu_pct: cpuPct(byMetric.get(METRICS.cpuUtilization) ?? []),
    mem_pct: memPct(byMetric),
    disk_free_pct: diskFreePct(byMetric),
    uptime_s: uptimeS(byMetric.get(METRICS.uptime) ?? []),
  };
  for (const gauge of Object.keys(gauges) as Gauge[]) {
    if (gauges[gauge] === undefined) Reflect.deleteProperty(gauges, gauge);
  }
  return gauges;
}
