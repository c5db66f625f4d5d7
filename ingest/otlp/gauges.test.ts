import { describe, expect, it } from 'vitest';
import { attributeMap } from './attributes.ts';
import { cpuPct, diskFreePct, gaugesOf, memPct, METRICS, uptimeS } from './gauges.ts';
import type { Reading } from './gauges.ts';
import { attributesJson } from './test-support.ts';

function reading(value: number, attributes: Record<string, string> = {}): Reading {
  return { value, attributes: attributeMap(attributesJson(attributes)), where: 'x' };
}

function cpu(cpuName: string, states: Record<string, number>, key = 'state'): Reading[] {
  return Object.entries(states).map(([state, value]) =>
    reading(value, { cpu: cpuName, [key]: state }),
  );
}

describe('cpuPct', () => {
  it('is 100 × (1 − idle) averaged over CPUs', () => {
    const readings = [
      ...cpu('cpu0', { idle: 0.9, user: 0.07, system: 0.03 }),
      ...cpu('cpu1', { idle: 0.5, user: 0.4, system: 0.1 }),
    ];
    expect(cpuPct(readings)).toEqual({ value: 30, readings });
  });

  it('sums the busy states of a CPU without an idle point', () => {
    const readings = [...cpu('cpu0', { user: 0.2, system: 0.05 }), ...cpu('cpu1', { idle: 0.75 })];
    expect(cpuPct(readings)?.value).toBe(25);
  });

  it('reads cpu.mode (newer conventions) and a single stateless point', () => {
    expect(cpuPct(cpu('', { idle: 0.6, user: 0.4 }, 'cpu.mode'))?.value).toBe(40);
    expect(cpuPct([reading(0.123456)])?.value).toBe(12.35);
    expect(cpuPct([])).toBeUndefined();
  });
});

describe('memPct', () => {
  it('is 100 × the used utilization', () => {
    const utilization = [reading(0.42, { state: 'used' }), reading(0.58, { state: 'free' })];
    const usage = [reading(100, { state: 'used' })];
    expect(
      memPct(
        new Map([
          [METRICS.memoryUtilization, utilization],
          [METRICS.memoryUsage, usage],
        ]),
      ),
    ).toEqual({ value: 42, readings: utilization });
  });

  it('falls back to used bytes over the sum of states, slab excluded', () => {
    const usage = [
      reading(6e9, { state: 'used' }),
      reading(1e9, { state: 'free' }),
      reading(1e9, { state: 'cached' }),
      reading(5e8, { state: 'slab_reclaimable' }),
    ];
    expect(memPct(new Map([[METRICS.memoryUsage, usage]]))).toEqual({ value: 75, readings: usage });
  });

  it('prefers system.memory.limit as the total, and reads system.memory.state', () => {
    const usage = [reading(4e9, { 'system.memory.state': 'used' })];
    const limit = [reading(16e9)];
    expect(
      memPct(
        new Map([
          [METRICS.memoryUsage, usage],
          [METRICS.memoryLimit, limit],
        ]),
      ),
    ).toEqual({ value: 25, readings: [...usage, ...limit] });
  });

  it('has no value without a used state', () => {
    expect(memPct(new Map([[METRICS.memoryUsage, [reading(1, { state: 'free' })]]]))).toBe(
      undefined,
    );
  });
});

describe('diskFreePct', () => {
  const fs = (value: number, mountpoint: string, extra: Record<string, string> = {}) =>
    reading(value, { device: mountpoint, mountpoint, type: 'ext4', mode: 'rw', ...extra });

  it('is the free share of the fullest writable filesystem', () => {
    const root = fs(0.4, '/');
    const home = fs(0.85, '/home');
    const snap = fs(1, '/snap/core/1', { type: 'squashfs' });
    const iso = fs(1, '/media/cd', { mode: 'ro' });
    expect(
      diskFreePct(new Map([[METRICS.filesystemUtilization, [root, home, snap, iso]]])),
    ).toEqual({ value: 15, readings: [root, home] });
  });

  it('falls back to usage: free / (used + free + reserved) per filesystem', () => {
    const usage = [
      fs(60, 'C:', { state: 'used' }),
      fs(40, 'C:', { state: 'free' }),
      fs(90, 'D:', { state: 'used' }),
      fs(5, 'D:', { state: 'free' }),
      fs(5, 'D:', { state: 'reserved' }),
    ];
    expect(diskFreePct(new Map([[METRICS.filesystemUsage, usage]]))?.value).toBe(5);
  });

  it('has no value when only pseudo filesystems report', () => {
    expect(
      diskFreePct(new Map([[METRICS.filesystemUtilization, [fs(1, '/run', { type: 'tmpfs' })]]])),
    ).toBeUndefined();
  });
});

describe('uptimeS and gaugesOf', () => {
  it('takes the last uptime in whole seconds', () => {
    expect(uptimeS([reading(10.2), reading(3600.9)])?.value).toBe(3600);
    expect(uptimeS([])).toBeUndefined();
  });

  it('lists only the gauges the readings yield', () => {
    const gauges = gaugesOf(new Map([[METRICS.uptime, [reading(12)]]]));
    expect(Object.keys(gauges)).toEqual(['uptime_s']);
    expect(gauges.uptime_s?.value).toBe(12);
  });
});
