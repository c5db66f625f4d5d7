import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  readDeviceTickets,
  readReliabilityScores,
  readSilentDevices,
} from '../../rollups/reliability/index.ts';
import {
  deviceTicketsQuerySchema,
  reliabilityScoresQuerySchema,
  silentDevicesQuerySchema,
} from '../../schemas/reliability.ts';
import type { Store } from '../../store/client.ts';
import {
  at,
  deviceChanged,
  event,
  insertTelemetry,
  insertTickets,
  samples,
  ticket,
} from '../fixtures/reliability.ts';
import { migratedStore, testConfig } from '../helpers/store.ts';

/* Scores, agent freshness and tickets per device over the real store, hand-computed. */

const NOW = Date.parse('2026-03-10T12:00:00Z');
const DAY1 = { from: at('00:00'), to: at('00:00', '2026-03-03') };

let store: Store;

beforeAll(async () => {
  store = await migratedStore(testConfig());
});

afterAll(async () => {
  await store.close();
});

const columns = (rows: readonly object[], keys: readonly string[]): unknown[][] =>
  rows.map((row) => keys.map((key) => (row as Record<string, unknown>)[key]));

describe('scores', () => {
  const tenant = 'scores';
  beforeAll(async () => {
    const day = (device: string, model: string, site: string, end = at('00:00', '2026-03-03')) =>
      samples(device, at('00:00'), end, { fields: { model, site } });
    await insertTelemetry(store, tenant, [
      // 288 samples fill 96 slots of 15 min = 24 usage hours each; S2 stops one slot short
      // (last sample 23:40: 95 slots, 23.75 h).
      ...day('S1', 'X', 'A'),
      ...day('S2', 'X', 'A', at('23:45')),
      ...day('S3', 'X', 'A'),
      ...day('S4', 'X', 'B'),
      ...day('S5', 'X', 'B'),
      ...day('S6', 'Y', 'B'),
      event('S3', 'os_crash', at('10:00')),
      event('S4', 'app_crash', at('11:00'), { app: 'Outlook' }),
      event('S6', 'boot', at('07:00'), { boot_duration_s: 150 }),
    ]);
  });
  const scores = async (params: Record<string, string>) =>
    readReliabilityScores(store, tenant, reliabilityScoresQuerySchema.parse(params), NOW);

  it('scores devices worst first, each over its own usage', async () => {
    const result = await scores(DAY1);
    expect(result).toMatchObject({ source: 'hourly', from: DAY1.from, to: DAY1.to });
    // S4: 1 crash / 24 h = 41.67 per 1,000 h → 100 × 10 / 51.67 = 19.35; with OS 100 (0.25) and
    //     pressure 100 (0.15): (0.35 × 19.35 + 25 + 15) / 0.75 = 62.37 → 62.4.
    // S3: 1 OS crash / (1 device-day / 30) = 30 → 100 × 0.5 / 30.5 = 1.64;
    //     (35 + 0.25 × 1.64 + 15) / 0.75 = 67.21 → 67.2.
    // S6: boot p95 150 s is 120 s over the allowance → 100 × 60 / 180 = 33.33;
    //     (35 + 25 + 0.10 × 33.33 + 15) / 0.85 = 92.16 → 92.2.
    // S2 has 23.75 usage hours: below the 24 h minimum, last.
    const keys = ['device_id', 'model', 'site', 'score', 'app_failures_score', 'os_crashes_score'];
    expect(columns(result.rows, [...keys, 'boot_score'])).toEqual([
      ['S4', 'X', 'B', 62.4, 19.4, 100, null],
      ['S3', 'X', 'A', 67.2, 100, 1.6, null],
      ['S6', 'Y', 'B', 92.2, 100, 100, 33.3],
      ['S1', 'X', 'A', 100, 100, 100, null],
      ['S5', 'X', 'B', 100, 100, 100, null],
      ['S2', 'X', 'A', null, null, null, null],
    ]);
    expect(result.rows[5]?.reason).toBe(
      'a device score needs at least 24 usage hours; this one has 1 device(s) and 23.8 usage hours',
    );
    expect((await scores({ ...DAY1, limit: '2' })).rows.map((row) => row.device_id)).toEqual([
      'S4',
      'S3',
    ]);
  });

  it('scores models and apps only above their minimum population', async () => {
    const models = await scores({ ...DAY1, entity: 'model' });
    // X: 5 devices, 4 × 24 + 23.75 = 119.75 h. App: 1 / 119.75 h = 8.35 per 1,000 h →
    // 100 × 10 / 18.35 = 54.49; OS: 1 / (5 device-days / 30) = 6 → 100 × 0.5 / 6.5 = 7.69;
    // pressure 100; no boots. (0.35 × 54.49 + 0.25 × 7.69 + 0.15 × 100) / 0.75 = 47.99 → 48.0.
    // Y has 1 device.
    expect(columns(models.rows, ['model', 'devices', 'score', 'os_crashes_score'])).toEqual([
      ['X', 5, 48, 7.7],
      ['Y', 1, null, null],
    ]);
    expect(models.rows[0]?.usage_hours).toBe(119.75);
    expect(models.rows[1]?.reason).toMatch(/needs at least 5 devices and 100 usage hours/);
    // Outlook over the fleet's 143.75 h: 6.96 per 1,000 h → 100 × 10 / 16.96 = 58.97 → 59.0, its
    // only part.
    const apps = await scores({ ...DAY1, entity: 'app' });
    expect(columns(apps.rows, ['app', 'devices', 'score', 'os_crashes_score'])).toEqual([
      ['Outlook', 6, 59, null],
    ]);
    // Sites: A has 3 devices, B 3: neither is scored.
    const sites = await scores({ ...DAY1, entity: 'site' });
    expect(columns(sites.rows, ['site', 'devices', 'score'])).toEqual([
      ['A', 3, null],
      ['B', 3, null],
    ]);
  });
});

describe('silent devices', () => {
  const tenant = 'silent';
  const now = Date.parse('2026-03-03T12:00:00Z');
  beforeAll(async () => {
    const inventory = { model: 'X', site: 'A', os: 'Windows 11', os_version: '24H2' };
    await insertTelemetry(store, tenant, [
      // Last samples 1 h, 26 h and 11 days (264 h) before now.
      ...samples('F1', at('10:00', '2026-03-03'), at('11:01', '2026-03-03'), {
        everyMin: 60,
        fields: { ...inventory, agent_version: '1.4.2' },
      }),
      ...samples('F2', at('09:00'), at('10:01'), { everyMin: 60, fields: inventory }),
      ...samples('F3', at('12:00', '2026-02-20'), at('12:01', '2026-02-20'), {
        fields: { model: 'Y' },
      }),
    ]);
  });
  const silent = (params: Record<string, string>) =>
    readSilentDevices(store, tenant, silentDevicesQuerySchema.parse(params), now);

  it('lists devices silent for more than N hours, most recently silent first', async () => {
    const result = await silent({});
    expect(result).toMatchObject({ tenant, as_of: '2026-03-03T12:00:00Z', silent_devices: 2 });
    expect(result.rows).toEqual([
      {
        ...{ device_id: 'F2', model: 'X', site: 'A', os: 'Windows 11', os_version: '24H2' },
        ...{ agent_version: '', last_seen: '2026-03-02T10:00:00Z', hours_silent: 26 },
      },
      {
        ...{ device_id: 'F3', model: 'Y', site: '', os: '', os_version: '' },
        ...{ agent_version: '', last_seen: '2026-02-20T12:00:00Z', hours_silent: 264 },
      },
    ]);
    expect(columns((await silent({ hours: '0.5' })).rows, ['device_id', 'hours_silent'])).toEqual([
      ['F1', 1],
      ['F2', 26],
      ['F3', 264],
    ]);
    // The count covers every silent device, the rows only the first `limit`.
    const first = await silent({ limit: '1' });
    expect([first.silent_devices, first.rows.map((row) => row.device_id)]).toEqual([2, ['F2']]);
    expect((await silent({ model: 'Y' })).rows.map((row) => row.device_id)).toEqual(['F3']);
    expect((await silent({ device: 'F1' })).silent_devices).toBe(0);
  });
});

describe('tickets per device', () => {
  const tenant = 'tickets';
  beforeAll(async () => {
    await insertTelemetry(store, tenant, [
      // Active on the day: K1 (X, A), K2 (X, B), K3 (Y, A). K4 (Y, B) was last seen in February.
      ...samples('K1', at('08:00'), at('09:00'), { fields: { model: 'X', site: 'A' } }),
      ...samples('K2', at('08:00'), at('09:00'), { fields: { model: 'X', site: 'B' } }),
      ...samples('K3', at('08:00'), at('09:00'), { fields: { model: 'Y', site: 'A' } }),
      ...samples('K4', at('08:00', '2026-02-01'), at('08:05', '2026-02-01'), {
        fields: { model: 'Y', site: 'B' },
      }),
    ]);
    await insertTickets(store, tenant, [
      ...ticket('T1', at('09:00'), { device: 'K1', app: 'Outlook' }),
      ...ticket('T2', at('10:00'), { device: 'K1', app: 'Teams' }),
      ...ticket('T3', at('11:00'), { device: 'K2', app: 'Outlook' }),
      ...ticket('T4', at('12:00'), { device: 'K4' }),
      ...ticket('T5', at('13:00'), { app: 'Outlook' }),
      ...ticket('T6', at('14:00')),
      // Created before the range: not counted.
      ...ticket('T7', at('09:00', '2026-02-25'), { device: 'K1' }),
      // No `created` event: its first event dates it.
      ...deviceChanged('T8', 1, at('15:00'), 'K3'),
      // Moved from K2 to K3: the newest device named wins.
      ...ticket('T9', at('16:00'), { device: 'K2' }),
      ...deviceChanged('T9', 2, at('17:00'), 'K3'),
    ]);
  });
  const tickets = (params: Record<string, string>) =>
    readDeviceTickets(store, tenant, deviceTicketsQuerySchema.parse({ ...DAY1, ...params }), NOW);
  const keys = ['tickets', 'devices', 'tickets_per_100_devices'];

  it('counts tickets per device in scope, and those naming no device apart', async () => {
    const all = await tickets({});
    // T1, T2, T3, T4, T8, T9 over 3 active devices → 200 per 100; T5 and T6 name no device.
    expect(all).toMatchObject({ tickets_without_device: 2, source: 'hourly' });
    expect(columns(all.rows, keys)).toEqual([[6, 3, 200]]);
    const devices = await tickets({ group_by: 'device' });
    // K4 was not active in the range: no denominator.
    expect(columns(devices.rows, ['device_id', ...keys])).toEqual([
      ['K1', 2, 1, 200],
      ['K3', 2, 1, 200],
      ['K2', 1, 1, 100],
      ['K4', 1, 0, null],
    ]);
    expect((await tickets({ group_by: 'device', limit: '1' })).rows).toHaveLength(1);
  });

  it('groups by current model and site', async () => {
    const models = await tickets({ group_by: 'model' });
    // X: T1–T3 over K1, K2 → 150; Y: T4, T8, T9 over K3 alone (K4 inactive) → 300.
    expect(columns(models.rows, ['model', ...keys])).toEqual([
      ['X', 3, 2, 150],
      ['Y', 3, 1, 300],
    ]);
    const siteA = await tickets({ site: 'A' });
    // K1 and K3: T1, T2, T8, T9 over 2 devices.
    expect(columns(siteA.rows, keys)).toEqual([[4, 2, 200]]);
  });

  it('groups by the ticket’s app, over the fleet in scope', async () => {
    const apps = await tickets({ group_by: 'app' });
    expect(columns(apps.rows, ['app', 'tickets', 'devices'])).toEqual([
      ['', 3, 3],
      ['Outlook', 2, 3],
      ['Teams', 1, 3],
    ]);
    expect(apps.rows[1]?.tickets_per_100_devices).toBeCloseTo(200 / 3, 12);
    const outlook = await tickets({ app: 'Outlook' });
    expect(outlook.tickets_without_device).toBe(1);
    expect(columns(outlook.rows, keys)).toEqual([[2, 3, (100 * 2) / 3]]);
  });
});
