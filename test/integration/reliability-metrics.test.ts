import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../store/client.ts';
import {
  at,
  columns,
  event,
  insertTelemetry,
  metricsReader,
  samples,
} from '../fixtures/reliability.ts';
import { migratedStore, testConfig } from '../helpers/store.ts';

/*
 * Each metric over the real rollups, with hand-computed figures. Every case
 * has its own tenant; samples are every 5 minutes from a quarter hour unless
 * told otherwise, so 3 samples fill one 15-minute usage slot and N samples
 * are ⌈N / 3⌉ slots = ⌈N / 3⌉ × 15 min.
 */

const NOW = Date.parse('2026-03-10T12:00:00Z');
const DAY1 = { from: at('00:00'), to: at('00:00', '2026-03-03') };

let store: Store;

beforeAll(async () => {
  store = await migratedStore(testConfig());
});

afterAll(async () => {
  await store.close();
});

const { metrics, rowsOf } = metricsReader(() => store, NOW);

describe('usage', () => {
  const tenant = 'usage';
  beforeAll(async () => {
    await insertTelemetry(store, tenant, [
      // A: 24 samples 08:00–09:55 → 8 slots = 2 h; the next day 12 samples, 4 slots = 1 h.
      ...samples('A', at('08:00'), at('10:00'), { fields: { model: 'M1', site: 'Berlin' } }),
      ...samples('A', at('08:00', '2026-03-03'), at('09:00', '2026-03-03')),
      // B: a sample a minute 09:00–09:29 → 30 samples in 2 slots = 0.5 h.
      ...samples('B', at('09:00'), at('09:30'), { everyMin: 1, fields: { model: 'M2' } }),
    ]);
  });

  it('counts active devices, usage hours (15-minute slots) and device-days', async () => {
    const range = { from: DAY1.from, to: at('00:00', '2026-03-04') };
    // 2 h + 1 h + 0.5 h = 3.5 h; device-days A×2 + B×1 = 3.
    expect(columns(await rowsOf(tenant, range), ['devices', 'usage_hours', 'device_days'])).toEqual(
      [[2, 3.5, 3]],
    );
    // Per day: B is active only on the first, so the second counts A alone.
    const days = await rowsOf(tenant, { ...range, interval: 'day' });
    expect(columns(days, ['bucket', 'devices', 'usage_hours', 'device_days'])).toEqual([
      ['2026-03-02T00:00:00Z', 2, 2.5, 2],
      ['2026-03-03T00:00:00Z', 1, 1, 1],
    ]);
    const devices = await rowsOf(tenant, { ...range, group_by: 'device' });
    expect(columns(devices, ['device_id', 'usage_hours', 'device_days'])).toEqual([
      ['A', 3, 2],
      ['B', 0.5, 1],
    ]);
    // No failures: the rates are 0 per hour of use, MTTF undefined.
    expect(devices[0]).toMatchObject({ app_failures_per_1000h: 0, failures: 0, mttf_hours: null });
  });

  it('buckets by UTC hour from the hourly rollup', async () => {
    const hours = await rowsOf(tenant, { ...DAY1, interval: 'hour' });
    // 08:00 A 4 slots = 1 h; 09:00 A 4 slots + B 2 slots = 6 slots = 1.5 h.
    expect(columns(hours, ['bucket', 'devices', 'usage_hours'])).toEqual([
      ['2026-03-02T08:00:00Z', 1, 1],
      ['2026-03-02T09:00:00Z', 2, 1.5],
    ]);
  });
});

describe('data quality', () => {
  const tenant = 'quality';
  const first = samples('A', at('08:00'), at('08:30'), { fields: { model: 'M1' } });

  it('counts a re-sent batch and a second-level duplicate once', async () => {
    await insertTelemetry(store, tenant, first);
    await insertTelemetry(store, tenant, first);
    // Same second as 08:00:00 (milliseconds differ): the same sample. 08:02 is a new sample
    // but lies in the 08:00 slot, so usage stays 2 slots (08:00, 08:15) = 0.5 h.
    await insertTelemetry(store, tenant, [
      ...samples('A', '2026-03-02T08:00:00.400Z', '2026-03-02T08:00:01Z'),
      ...samples('A', at('08:02'), at('08:03')),
    ]);
    const [row] = await rowsOf(tenant, DAY1);
    // 7 distinct sample seconds, each with a cpu gauge (none above 90 %).
    expect(row).toMatchObject({ devices: 1, usage_hours: 0.5, cpu_pressure_pct: 0 });
  });

  it('folds late samples into their hour and day', async () => {
    // Arrives after the figures above were read: 08:45 adds a slot (08:45–09:00) to the
    // 08:00 hour, 23:55 the day before adds a device-day and its 23:45 slot.
    await insertTelemetry(store, tenant, [
      ...samples('A', at('08:45'), at('08:50')),
      ...samples('A', at('23:55', '2026-03-01'), at('00:00')),
    ]);
    const hours = await rowsOf(tenant, { ...DAY1, interval: 'hour' });
    // 3 slots = 45 min.
    expect(columns(hours, ['bucket', 'usage_hours'])).toEqual([
      ['2026-03-02T08:00:00Z', (3 * 15) / 60],
    ]);
    const week = { from: at('00:00', '2026-03-01'), to: DAY1.to, interval: 'day' };
    expect(columns(await rowsOf(tenant, week), ['bucket', 'usage_hours', 'device_days'])).toEqual([
      ['2026-03-01T00:00:00Z', 15 / 60, 1],
      ['2026-03-02T00:00:00Z', (3 * 15) / 60, 1],
    ]);
  });
});

describe('failures', () => {
  it('app crashes and hangs per 1,000 usage hours, each distinct event once', async () => {
    const tenant = 'apps';
    const crash = event('A', 'app_crash', at('08:05'), { app: 'Outlook' });
    await insertTelemetry(store, tenant, [
      ...samples('A', at('08:00'), at('08:40')),
      crash,
      crash,
      event('A', 'app_crash', at('08:10'), { app: 'Outlook' }),
      event('A', 'app_crash', at('08:15'), { app: 'Teams' }),
      event('A', 'app_hang', at('08:20'), { app: 'Teams' }),
    ]);
    await insertTelemetry(store, tenant, [crash]);
    const [row] = await rowsOf(tenant, DAY1);
    // 8 samples 08:00–08:35 fill 3 slots (08:00, 08:15, 08:30) = 45 min = 0.75 h.
    // 3 crashes + 1 hang over 0.75 h → 4 / 0.75 × 1,000 = 5,333.33 per 1,000 h.
    expect(row).toMatchObject({ app_crashes: 3, app_hangs: 1, failures: 4, failing_devices: 1 });
    expect(row?.app_failures_per_1000h).toBeCloseTo(16000 / 3, 9);
    // MTTF = 0.75 h / 4 failures = 0.1875 h.
    expect(row?.mttf_hours).toBeCloseTo(3 / 16, 12);
  });

  it('OS crashes per device-month (30 device-days)', async () => {
    const tenant = 'os';
    const days = ['2026-03-02', '2026-03-03', '2026-03-04'];
    await insertTelemetry(store, tenant, [
      ...days.flatMap((day) => samples('A', at('08:00', day), at('09:00', day))),
      ...days.flatMap((day) => samples('B', at('10:00', day), at('10:30', day))),
      event('A', 'os_crash', at('08:30')),
      event('B', 'os_crash', at('10:10', '2026-03-04')),
    ]);
    const range = { from: DAY1.from, to: at('00:00', '2026-03-05') };
    const [row] = await rowsOf(tenant, range);
    // 2 OS crashes over 6 device-days = 0.2 device-months → 10 per device-month.
    expect(row).toMatchObject({ os_crashes: 2, device_days: 6, failures: 2 });
    expect(row?.os_crashes_per_device_month).toBeCloseTo(10, 12);
  });

  it('service failures count as failures in MTTF', async () => {
    const tenant = 'mttf';
    await insertTelemetry(store, tenant, [
      ...samples('A', at('08:00'), at('09:00')),
      ...samples('B', at('08:00'), at('09:00')),
      event('A', 'app_crash', at('08:10'), { app: 'Excel' }),
      event('A', 'os_crash', at('08:20')),
      event('B', 'service_failure', at('08:30'), { app: 'Spooler', code: '7031' }),
      event('B', 'service_failure', at('08:40')),
      // Not failures: a patch and a boot.
      event('B', 'patch_installed', at('08:50')),
    ]);
    const [row] = await rowsOf(tenant, DAY1);
    // 1 crash + 1 OS crash + 2 service failures = 4 over 2 h of use → MTTF 0.5 h.
    expect(row).toMatchObject({ service_failures: 2, failures: 4, failing_devices: 2 });
    expect(row?.mttf_hours).toBe(0.5);
    // The app view counts only failures that name an app: Excel's crash and Spooler's failure.
    const apps = await rowsOf(tenant, { ...DAY1, group_by: 'app' });
    expect(
      columns(apps, ['app', 'app_crashes', 'service_failures', 'failures', 'mttf_hours']),
    ).toEqual([
      ['Excel', 1, 0, 1, 2],
      ['Spooler', 0, 1, 1, 2],
    ]);
  });
});

describe('pressure', () => {
  it('shares of samples over 90 % cpu or memory, or under 10 % disk free', async () => {
    const tenant = 'pressure';
    const gauges = [
      { cpu_pct: 95, mem_pct: 50, disk_free_pct: 5 },
      { cpu_pct: 91, mem_pct: 50, disk_free_pct: 9.9 },
      { cpu_pct: 100, mem_pct: 95, disk_free_pct: 10 },
      { cpu_pct: 90, mem_pct: 90, disk_free_pct: 50 },
      { cpu_pct: 10, mem_pct: 50, disk_free_pct: 50 },
      ...Array.from({ length: 5 }, () => ({ cpu_pct: 10, mem_pct: 50 })),
    ];
    await insertTelemetry(
      store,
      tenant,
      gauges.flatMap((fields, i) =>
        samples('A', at(`08:${String(i * 5).padStart(2, '0')}`), at('09:00'), {
          everyMin: 60,
          fields,
        }),
      ),
    );
    // cpu: 95, 91, 100 of 10 (90 is not above 90) → 30 %; memory: 95 of 10 → 10 %;
    // disk: 5, 9.9 of the 5 samples carrying it (10 is not below 10) → 40 %.
    expect(await rowsOf(tenant, DAY1)).toMatchObject([
      { cpu_pressure_pct: 30, mem_pressure_pct: 10, disk_pressure_pct: 40 },
    ]);
  });
});

describe('grouping by current inventory', () => {
  const tenant = 'inventory';
  beforeAll(async () => {
    const day2 = '2026-03-03';
    await insertTelemetry(store, tenant, [
      // R1's site was renamed Munich → München; R2 moved Berlin → Hamburg; R3 stayed.
      ...samples('R1', at('08:00'), at('09:00'), { fields: { model: 'M1', site: 'Munich' } }),
      ...samples('R1', at('08:00', day2), at('09:00', day2), { fields: { site: 'München' } }),
      ...samples('R2', at('08:00'), at('10:00'), { fields: { model: 'M1', site: 'Berlin' } }),
      ...samples('R2', at('08:00', day2), at('08:30', day2), { fields: { site: 'Hamburg' } }),
      ...samples('R3', at('08:00'), at('08:30'), { fields: { model: 'M2', site: 'Berlin' } }),
      event('R2', 'app_crash', at('09:00'), { app: 'Teams' }),
      // A device known only from an event: no inventory, no usage.
      event('X9', 'os_crash', at('09:00')),
    ]);
  });
  const range = { from: DAY1.from, to: at('00:00', '2026-03-04') };

  it('shows all of a device’s history under its current site and model', async () => {
    const sites = await rowsOf(tenant, { ...range, group_by: 'site' });
    // '' holds the event-only device; Berlin keeps only R3; R2's 2.5 h are Hamburg's now.
    expect(columns(sites, ['site', 'devices', 'usage_hours', 'app_crashes', 'os_crashes'])).toEqual(
      [
        ['', 0, 0, 0, 1],
        ['Berlin', 1, 0.5, 0, 0],
        ['Hamburg', 1, 2.5, 1, 0],
        ['München', 1, 2, 0, 0],
      ],
    );
    const models = await rowsOf(tenant, { ...range, group_by: 'model,site', model: 'M1' });
    expect(columns(models, ['model', 'site', 'usage_hours'])).toEqual([
      ['M1', 'Hamburg', 2.5],
      ['M1', 'München', 2],
    ]);
  });

  it('filters by device and inventory together', async () => {
    const rows = await rowsOf(tenant, { ...range, site: 'Hamburg,Berlin', device: 'R2,R1' });
    expect(columns(rows, ['devices', 'usage_hours', 'app_crashes'])).toEqual([[1, 2.5, 1]]);
  });
});

describe('the app view', () => {
  const tenant = 'appview';
  beforeAll(async () => {
    await insertTelemetry(store, tenant, [
      ...samples('A', at('08:00'), at('09:00'), { fields: { model: 'M1' } }),
      ...samples('B', at('08:00'), at('09:00'), { fields: { model: 'M2' } }),
      event('A', 'app_crash', at('08:10'), { app: 'Outlook' }),
      event('A', 'app_crash', at('08:20'), { app: 'Outlook' }),
      event('B', 'app_hang', at('08:30'), { app: 'Outlook' }),
      event('B', 'app_crash', at('08:40'), { app: 'Teams' }),
      event('A', 'os_crash', at('08:50')),
    ]);
  });

  it('rates each app per 1,000 usage hours of the whole fleet in scope', async () => {
    const apps = await rowsOf(tenant, { ...DAY1, group_by: 'app' });
    // Fleet: 2 devices × 1 h. Outlook 2 crashes + 1 hang → 1,500; Teams 1 → 500.
    const keys = ['app', 'devices', 'usage_hours', 'app_crashes', 'app_hangs'];
    expect(columns(apps, [...keys, 'app_failures_per_1000h', 'failing_devices'])).toEqual([
      ['Outlook', 2, 2, 2, 1, 1500, 2],
      ['Teams', 2, 2, 1, 0, 500, 1],
    ]);
    // OS crashes, power and pressure belong to devices, not apps.
    expect(apps[0]).toMatchObject({ os_crashes: null, shutdowns: null, cpu_pressure_pct: null });
    // Per model: each app over that model's 1 h.
    const byModel = await rowsOf(tenant, { ...DAY1, group_by: 'model,app' });
    expect(columns(byModel, ['model', 'app', 'app_failures_per_1000h'])).toEqual([
      ['M1', 'Outlook', 2000],
      ['M2', 'Outlook', 1000],
      ['M2', 'Teams', 1000],
    ]);
  });

  it('narrows failures to the apps named, keeping the fleet as denominator', async () => {
    const rows = await rowsOf(tenant, { ...DAY1, app: 'Outlook' });
    expect(columns(rows, ['devices', 'usage_hours', 'failures', 'app_failures_per_1000h'])).toEqual(
      [[2, 2, 3, 1500]],
    );
  });
});

describe('source and range', () => {
  const tenant = 'source';
  beforeAll(async () => {
    await insertTelemetry(store, tenant, [
      ...samples('A', at('08:00'), at('10:00')),
      ...samples('A', at('08:00', '2026-03-09'), at('08:30', '2026-03-09')),
      event('A', 'app_crash', at('09:10'), { app: 'Excel' }),
    ]);
  });

  it('reads a short range from hourly rows, to the hour', async () => {
    // 08:30–09:15 is widened to 08:00–10:00: both hours whole.
    const short = await metrics(tenant, { from: at('08:30'), to: at('09:15') });
    expect(short).toMatchObject({ source: 'hourly', from: at('08:00'), to: at('10:00') });
    expect(columns(short.rows, ['usage_hours', 'app_crashes'])).toEqual([[2, 1]]);
  });

  it('reads long ranges from daily rows, with the same figures', async () => {
    const range = { from: at('00:00', '2026-03-01'), to: at('00:00', '2026-03-11') };
    const long = await metrics(tenant, range);
    expect(long).toMatchObject({ source: 'daily', from: range.from, to: range.to });
    // 2 h + 0.5 h, 2 device-days, the crash over 2.5 h → 400 per 1,000 h.
    expect(long.rows).toMatchObject([
      { usage_hours: 2.5, device_days: 2, app_failures_per_1000h: 400 },
    ]);
    const weeks = await rowsOf(tenant, { ...range, interval: 'week' });
    expect(columns(weeks, ['bucket', 'usage_hours'])).toEqual([
      ['2026-03-02T00:00:00Z', 2],
      ['2026-03-09T00:00:00Z', 0.5],
    ]);
    const months = await rowsOf(tenant, { ...range, interval: 'month' });
    expect(columns(months, ['bucket', 'usage_hours'])).toEqual([['2026-03-01T00:00:00Z', 2.5]]);
  });

  it('refuses hour buckets older than the hourly rollup keeps', async () => {
    const old = {
      from: at('00:00', '2025-11-01'),
      to: at('00:00', '2025-11-02'),
      interval: 'hour',
    };
    await expect(metrics(tenant, old)).rejects.toMatchObject({
      code: 'BAD_REQUEST',
      details: { path: 'from' },
    });
  });
});
