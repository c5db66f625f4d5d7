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
 * Restarts, unclean shutdowns and boot durations over the real store, by
 * the rule of docs/reliability.md §5, with hand-worked device histories.
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

const { rowsOf } = metricsReader(() => store, NOW);

describe('shutdowns and boots', () => {
  const tenant = 'power';
  beforeAll(async () => {
    await insertTelemetry(store, tenant, [
      // P1: booted 08:00 (reported at 08:01 after 60 s), clean shutdown 12:00, booted again
      // 12:01:30 (reported 12:03 after 90 s; uptime puts it at 12:01): one clean restart.
      event('P1', 'boot', at('08:01'), { boot_duration_s: 60 }),
      ...samples('P1', at('08:05'), at('12:00'), { everyMin: 30, bootIso: at('08:00') }),
      event('P1', 'shutdown', at('12:00'), { clean: true }),
      event('P1', 'boot', at('12:03'), { boot_duration_s: 90 }),
      ...samples('P1', at('12:05'), at('13:00'), { bootIso: at('12:01:30') }),
      // P2: no events; uptime falls between 09:00 and 10:00 (boot 07:30, then 09:58): one
      // restart, unclean (no shutdown event).
      ...samples('P2', at('08:00'), at('09:00'), { bootIso: at('07:30') }),
      ...samples('P2', at('10:00'), at('11:00'), { bootIso: at('09:58') }),
      // P3: boot 06:00; an unclean shutdown reported at 13:00; boot 13:02: unclean restart.
      event('P3', 'boot', at('06:00')),
      event('P3', 'shutdown', at('13:00'), { clean: false }),
      event('P3', 'boot', at('13:02')),
      // P4: last booted 10 days earlier; a shutdown without a flag, then a boot: clean.
      event('P4', 'boot', at('07:00', '2026-02-20')),
      event('P4', 'shutdown', at('08:59')),
      event('P4', 'boot', at('09:00')),
      // P5: one boot seen three ways — uptime puts it at 10:00 and 10:01 (jitter), the event
      // says 10:03: within 5 minutes, one boot, its first: no restart.
      ...samples('P5', at('10:05'), at('10:06'), { bootIso: at('10:00') }),
      ...samples('P5', '2026-03-02T10:10:20Z', '2026-03-02T10:10:21Z', { bootIso: at('10:01') }),
      event('P5', 'boot', at('10:03')),
      // P6: up since 08:00; clean shutdown at 14:00:40 and back at 14:00:50, which uptime
      // rounds down to 14:00:00, before the shutdown: still that restart's shutdown.
      ...samples('P6', at('08:00'), at('08:01'), { bootIso: at('08:00') }),
      event('P6', 'shutdown', '2026-03-02T14:00:40Z', { clean: true }),
      ...samples('P6', at('14:05'), at('14:06'), { bootIso: '2026-03-02T14:00:50Z' }),
    ]);
  });

  it('counts restarts, and unclean ones, by the documented rule', async () => {
    const devices = await rowsOf(tenant, { ...DAY1, group_by: 'device' });
    expect(columns(devices, ['device_id', 'shutdowns', 'unclean_shutdowns'])).toEqual([
      ['P1', 1, 0],
      ['P2', 1, 1],
      ['P3', 1, 1],
      ['P4', 1, 0],
      ['P5', 0, 0],
      ['P6', 1, 0],
    ]);
    // 5 restarts, 2 unclean → 0.4.
    expect(await rowsOf(tenant, DAY1)).toMatchObject([
      { shutdowns: 5, unclean_shutdowns: 2, unclean_shutdown_rate: 0.4 },
    ]);
  });

  it('counts a restart in the bucket of its boot', async () => {
    const hours = await rowsOf(tenant, { ...DAY1, interval: 'hour' });
    const restarts = hours.filter((row) => (row.shutdowns ?? 0) > 0);
    // P4 09:00, P2 09:58, P1 12:01, P3 13:02, P6 14:00.
    expect(columns(restarts, ['bucket', 'shutdowns', 'unclean_shutdowns'])).toEqual([
      ['2026-03-02T09:00:00Z', 2, 1],
      ['2026-03-02T12:00:00Z', 1, 0],
      ['2026-03-02T13:00:00Z', 1, 1],
      ['2026-03-02T14:00:00Z', 1, 0],
    ]);
  });

  it('looks 31 days back for the previous boot, and waits for the next boot', async () => {
    const back = 'lookback';
    await insertTelemetry(store, back, [
      // L1's previous boot is 41 days back: a first boot. L2's is 21 days back: a restart,
      // unclean (no shutdown event in between).
      event('L1', 'boot', at('10:00', '2026-01-20')),
      event('L1', 'boot', at('10:00')),
      event('L2', 'boot', at('10:00', '2026-02-09')),
      event('L2', 'boot', at('10:00')),
      // L3 shut down cleanly and has not booted since: no restart yet.
      event('L3', 'boot', at('08:00')),
      event('L3', 'shutdown', at('18:00'), { clean: true }),
    ]);
    const devices = await rowsOf(back, { ...DAY1, group_by: 'device' });
    // L1 and L3 have nothing to count (no samples, failures or restarts): no rows.
    expect(columns(devices, ['device_id', 'shutdowns', 'unclean_shutdowns'])).toEqual([
      ['L2', 1, 1],
    ]);
  });

  it('takes exact boot-duration percentiles, each reported boot once', async () => {
    const boots = 'boots';
    const boot = (device: string, time: string, seconds: number) =>
      event(device, 'boot', at(time), { boot_duration_s: seconds });
    await insertTelemetry(store, boots, [
      boot('Q1', '08:00', 40),
      boot('Q1', '12:00', 200),
      boot('Q2', '08:00', 20),
      boot('Q2', '12:00', 80),
      boot('Q2', '16:00', 60),
    ]);
    await insertTelemetry(store, boots, [boot('Q1', '12:00', 200)]);
    // 20, 40, 60, 80, 200: p50 = the ⌈5 × 0.5⌉ = 3rd = 60; p95 = the ⌈4.75⌉ = 5th = 200.
    expect(await rowsOf(boots, DAY1)).toMatchObject([
      { boots: 5, boot_p50_s: 60, boot_p95_s: 200 },
    ]);
    // Q2 alone: 20, 60, 80 → p50 the 2nd = 60, p95 the 3rd = 80.
    expect(await rowsOf(boots, { ...DAY1, device: 'Q2' })).toMatchObject([
      { boots: 3, boot_p50_s: 60, boot_p95_s: 80 },
    ]);
  });
});
