import { describe, expect, it } from 'vitest';
import { assembleMetrics } from './assemble.ts';

const DAY = 1_772_409_600; // 2026-03-02T00:00:00Z
const none = { usage: [], events: [], restarts: [], boots: [] };

describe('assembleMetrics', () => {
  it('joins the reads on bucket and group, each count from its own read', () => {
    const rows = assembleMetrics(
      {
        usage: [
          // 15-minute slots: 4 = 1 h, 8 = 2 h.
          { bucket_s: DAY, model: 'M2', devices: 1, device_days: 1, usage_slots: 4 },
          { bucket_s: DAY, model: 'M1', devices: 2, device_days: 2, usage_slots: 8 },
        ],
        events: [{ bucket_s: DAY, model: 'M1', app_crashes: 1, os_crashes: 1 }],
        restarts: [{ bucket_s: DAY, model: 'M1', shutdowns: 2, unclean_shutdowns: 1 }],
        boots: [{ bucket_s: DAY, model: 'M3', boots: 2, q: [30, 50] }],
      },
      ['model'],
      'day',
      false,
    );
    // Sorted by group; M3 exists only through its boots.
    expect(rows.map((row) => [row.bucket, row.model, row.usage_hours])).toEqual([
      ['2026-03-02T00:00:00Z', 'M1', 2],
      ['2026-03-02T00:00:00Z', 'M2', 1],
      ['2026-03-02T00:00:00Z', 'M3', 0],
    ]);
    // M1: 1 crash over 2 h → 500 per 1,000 h; 1 of 2 restarts unclean.
    expect(rows[0]).toMatchObject({
      app_failures_per_1000h: 500,
      failures: 2,
      unclean_shutdown_rate: 0.5,
    });
    expect(rows[2]).toMatchObject({ boots: 2, boot_p50_s: 30, boot_p95_s: 50 });
  });

  it('gives each app row the usage of its devices’ group', () => {
    const rows = assembleMetrics(
      {
        ...none,
        usage: [
          // 12 slots = 3 h, 4 slots = 1 h.
          { bucket_s: DAY, site: 'Berlin', devices: 3, usage_slots: 12 },
          { bucket_s: DAY, site: 'Paris', devices: 1, usage_slots: 4 },
        ],
        events: [
          { bucket_s: DAY, site: 'Berlin', app: 'Teams', app_hangs: 3 },
          { bucket_s: DAY, site: 'Paris', app: 'Teams', app_hangs: 1 },
        ],
      },
      ['site', 'app'],
      'none',
      true,
    );
    // Berlin: 3 hangs over its 3 h → 1,000; Paris: 1 over 1 h → 1,000. No bucket with none.
    expect(rows).toMatchObject([
      { site: 'Berlin', app: 'Teams', devices: 3, usage_hours: 3, app_failures_per_1000h: 1000 },
      { site: 'Paris', app: 'Teams', devices: 1, usage_hours: 1, app_failures_per_1000h: 1000 },
    ]);
    expect(rows[0]).not.toHaveProperty('bucket');
  });
});
