import { describe, expect, it } from 'vitest';
import { NO_COUNTS, deriveMetrics } from './derive.ts';

describe('deriveMetrics', () => {
  it('turns usage slots into hours and failures into rates', () => {
    const m = deriveMetrics(
      {
        ...NO_COUNTS,
        ...{ devices: 2, device_days: 6, usage_slots: 2 },
        ...{ app_crashes: 3, app_hangs: 1, os_crashes: 2, service_failures: 2, failing_devices: 2 },
      },
      false,
    );
    // 2 slots × 15 min = 30 min = 0.5 h.
    expect(m.usage_hours).toBe(0.5);
    // 3 crashes + 1 hang over 0.5 h → 8,000 per 1,000 h.
    expect(m.app_failures_per_1000h).toBeCloseTo(8000, 9);
    // 2 OS crashes over 6 device-days = 0.2 device-months → 10 per device-month.
    expect(m.os_crashes_per_device_month).toBeCloseTo(10, 12);
    // failures = 3 + 1 + 2 + 2 = 8; MTTF = 0.5 h / 8 = 0.0625 h.
    expect(m.failures).toBe(8);
    expect(m.mttf_hours).toBeCloseTo(1 / 16, 12);
  });

  it('gives null, never 0 or Infinity, where the population is empty', () => {
    const m = deriveMetrics({ ...NO_COUNTS, app_crashes: 1 }, false);
    expect(m).toMatchObject({
      usage_hours: 0,
      app_failures_per_1000h: null,
      os_crashes_per_device_month: null,
      mttf_hours: null,
      unclean_shutdown_rate: null,
      boot_p50_s: null,
      cpu_pressure_pct: null,
    });
    // No failures at all (over 4 slots = 1 h of use): MTTF is undefined, not infinite.
    expect(deriveMetrics({ ...NO_COUNTS, usage_slots: 4 }, false).mttf_hours).toBeNull();
  });

  it('computes shutdown, boot and pressure figures', () => {
    const m = deriveMetrics(
      {
        ...NO_COUNTS,
        ...{ shutdowns: 4, unclean_shutdowns: 1, boots: 3, boot_p50_s: 40, boot_p95_s: 95 },
        ...{ cpu_samples: 10, cpu_high: 3, mem_samples: 10, mem_high: 0 },
        ...{ disk_samples: 4, disk_low: 1 },
      },
      false,
    );
    expect(m).toMatchObject({
      unclean_shutdown_rate: 0.25,
      boot_p50_s: 40,
      boot_p95_s: 95,
      cpu_pressure_pct: 30,
      mem_pressure_pct: 0,
      disk_pressure_pct: 25,
    });
  });

  it('leaves device-only figures out of the app view, and OS crashes out of its failures', () => {
    const m = deriveMetrics(
      {
        ...NO_COUNTS,
        ...{ usage_slots: 8, app_crashes: 2, os_crashes: 5, service_failures: 1, shutdowns: 3 },
      },
      true,
    );
    // 2 crashes over 8 slots = 2 fleet hours → 1,000 per 1,000 h; failures 2 + 1 (no OS crashes).
    expect(m.app_failures_per_1000h).toBe(1000);
    expect(m.failures).toBe(3);
    expect(m.os_crashes).toBeNull();
    expect(m.shutdowns).toBeNull();
    expect(m.cpu_pressure_pct).toBeNull();
  });
});
