import { describe, expect, it } from 'vitest';
import {
  MIN_POPULATION,
  SCORE_COMPONENTS,
  halfPointScore,
  scoreOf,
  weightedScore,
  type ScoreInputs,
} from './score.ts';

/** A device with a day of use and nothing wrong: every component with data is 100. */
const HEALTHY: ScoreInputs = {
  devices: 1,
  usage_hours: 24,
  app_failures_per_1000h: 0,
  os_crashes_per_device_month: 0,
  unclean_shutdown_rate: 0,
  boot_p95_s: 25,
  cpu_pressure_pct: 0,
  mem_pressure_pct: 0,
  disk_pressure_pct: 0,
};

describe('halfPointScore', () => {
  it('is 100 at 0, 50 at the half-point, and falls without reaching 0', () => {
    expect(halfPointScore(0, 10)).toBe(100);
    expect(halfPointScore(10, 10)).toBe(50);
    // 3 × h → 100 × 1/4.
    expect(halfPointScore(30, 10)).toBe(25);
    expect(halfPointScore(1e9, 10)).toBeGreaterThan(0);
    expect(halfPointScore(-5, 10)).toBe(100);
  });

  it('uses weights that sum to 1', () => {
    const total = Object.values(SCORE_COMPONENTS).reduce((sum, c) => sum + c.weight, 0);
    expect(total).toBeCloseTo(1, 12);
  });
});

describe('scoreOf', () => {
  it('is 100 for a healthy device, with every sub-score shown', () => {
    expect(scoreOf('device', HEALTHY)).toMatchObject({
      score: 100,
      reason: null,
      app_failures_score: 100,
      os_crashes_score: 100,
      unclean_shutdowns_score: 100,
      // p95 25 s is inside the 30 s allowance.
      boot_score: 100,
      pressure_score: 100,
      pressure_share: 0,
    });
  });

  it('weights each component by its half-point', () => {
    const result = scoreOf('device', {
      ...HEALTHY,
      app_failures_per_1000h: 10, // = h → 50
      os_crashes_per_device_month: 1.5, // 3 × h → 25
      unclean_shutdown_rate: 0.1, // = h → 50
      boot_p95_s: 90, // 60 s over the allowance = h → 50
      cpu_pressure_pct: 5,
      mem_pressure_pct: 30, // the worst share, 0.3 = 3 × h → 25
      disk_pressure_pct: null,
    });
    // 0.35 × 50 + 0.25 × 25 + 0.15 × 50 + 0.10 × 50 + 0.15 × 25 = 17.5 + 6.25 + 7.5 + 5 + 3.75 = 40.
    expect(result).toMatchObject({
      score: 40,
      app_failures_score: 50,
      os_crashes_score: 25,
      unclean_shutdowns_score: 50,
      boot_score: 50,
      pressure_score: 25,
      pressure_share: 0.3,
    });
  });

  it('re-weights over the components that have data', () => {
    // No restarts, no reported boots, no gauges: app 50 (w 0.35), OS 100 (w 0.25).
    // (0.35 × 50 + 0.25 × 100) / 0.6 = 42.5 / 0.6 = 70.83 → 70.8.
    const result = scoreOf('device', {
      ...HEALTHY,
      app_failures_per_1000h: 10,
      unclean_shutdown_rate: null,
      boot_p95_s: null,
      cpu_pressure_pct: null,
      mem_pressure_pct: null,
      disk_pressure_pct: null,
    });
    expect(result.score).toBe(70.8);
    expect(result.unclean_shutdowns_score).toBeNull();
    expect(result.pressure_share).toBeNull();
    // An app is scored on its failures alone: 6,000 per 1,000 h → 100 × 10 / 6010 = 0.17 → 0.2.
    const app = scoreOf('app', {
      ...{ devices: 5, usage_hours: 100, app_failures_per_1000h: 6000 },
      ...{ os_crashes_per_device_month: null, unclean_shutdown_rate: null, boot_p95_s: null },
      ...{ cpu_pressure_pct: null, mem_pressure_pct: null, disk_pressure_pct: null },
    });
    expect(app.score).toBe(0.2);
  });

  it('shows no score below the minimum population, and says why', () => {
    // 24 usage hours (96 slots of 15 min) is the device minimum: 95 slots (23.75 h) is one short.
    expect(scoreOf('device', { ...HEALTHY, usage_hours: (96 * 15) / 60 }).score).toBe(100);
    const short = scoreOf('device', { ...HEALTHY, usage_hours: (95 * 15) / 60 });
    expect(short).toMatchObject({ score: null, app_failures_score: null, boot_score: null });
    expect(short.reason).toBe(
      'a device score needs at least 24 usage hours; this one has 1 device(s) and 23.8 usage hours',
    );
    // Models, sites, OS versions and apps need 5 devices and 100 usage hours, both.
    const fleet = { ...HEALTHY, devices: 5, usage_hours: 100 };
    for (const entity of ['model', 'site', 'os_version', 'app'] as const) {
      expect(MIN_POPULATION[entity]).toEqual({ devices: 5, usageHours: 100 });
      expect(scoreOf(entity, fleet).score).toBe(100);
      expect(scoreOf(entity, { ...fleet, devices: 4 }).score).toBeNull();
      expect(scoreOf(entity, { ...fleet, usage_hours: 99.9 }).score).toBeNull();
    }
    expect(scoreOf('model', { ...fleet, devices: 4 }).reason).toBe(
      'a model score needs at least 5 devices and 100 usage hours; this one has 4 device(s) and 100 usage hours',
    );
  });

  it('says so when no component has data', () => {
    const none = { app_failures: null, os_crashes: null, unclean_shutdowns: null };
    expect(weightedScore({ ...none, boot: null, pressure: null }).score).toBeNull();
    // A device without samples has no usage, so the population rule speaks first.
    const empty = scoreOf('device', {
      ...{ devices: 0, usage_hours: 0, app_failures_per_1000h: null },
      ...{ os_crashes_per_device_month: null, unclean_shutdown_rate: null, boot_p95_s: null },
      ...{ cpu_pressure_pct: null, mem_pressure_pct: null, disk_pressure_pct: null },
    });
    expect(empty).toMatchObject({ score: null, app_failures_score: null });
    expect(empty.reason).toMatch(/needs at least 24 usage hours; this one has 0 device/);
  });
});
