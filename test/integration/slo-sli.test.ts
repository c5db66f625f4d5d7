import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sloDefinitionSchema, type SloDefinitionInput } from '../../schemas/slo.ts';
import type { Telemetry } from '../../schemas/telemetry.ts';
import type { Store } from '../../store/client.ts';
import { rowPrefix, telemetryRow } from '../../store/rows.ts';
import { readSloCounts, readSloStatus, type WindowCounts } from '../../rollups/slo/index.ts';
import { Timeline } from '../fixtures/sla-events.ts';
import { engineFor, insertEvents, policyOf } from '../helpers/sla.ts';
import { migratedStore } from '../helpers/store.ts';

// Each SLI's SQL against fixtures with fixed instants, counted by hand. Every
// window ends at NOW and holds the events after its start: 5m is
// (11:55, 12:00], 30m (11:30, …], 1h (11:00, …], 2h (10:00, …], 6h (06:00, …],
// 1d (03-29 12:00, …], 3d (03-27 12:00, …] and the 7d SLO window
// (03-23 12:00, …].
const NOW = Date.parse('2026-03-30T12:00:00Z');

let store: Store;
beforeAll(async () => {
  store = await migratedStore();
});
afterAll(async () => {
  await store.close();
});

async function insertTelemetry(tenant: string, records: readonly Telemetry[]): Promise<void> {
  const prefix = rowPrefix(tenant);
  for (const table of ['endpoint_samples', 'endpoint_events'] as const) {
    const rows = records.map((r) => telemetryRow(prefix, r)).filter((r) => r.table === table);
    if (rows.length > 0) {
      await store.sink.insert(table, Buffer.from(`${rows.map((r) => r.row).join('\n')}\n`));
    }
  }
}

const sample = (device_id: string, at: string, extra: Partial<Telemetry> = {}): Telemetry =>
  ({ kind: 'sample', device_id, occurred_at: at, cpu_pct: 10, ...extra }) as Telemetry;

const event = (
  device_id: string,
  type: 'boot' | 'shutdown' | 'app_crash' | 'app_hang' | 'os_crash',
  at: string,
  extra: Record<string, unknown> = {},
): Telemetry => ({
  kind: 'event',
  device_id,
  type,
  occurred_at: at,
  ...(type === 'app_crash' || type === 'app_hang' ? { app: 'Outlook' } : {}),
  ...extra,
});

function slo(sli: SloDefinitionInput['sli']) {
  return sloDefinitionSchema.parse({ name: 's', objective: '99%', window: '7d', sli });
}

/** [total, good] per window, in the order of the comment above. */
function table(counts: WindowCounts): Record<string, [number, number]> {
  return Object.fromEntries(
    Object.entries(counts).map(([name, c]) => [name, [c.total, c.good] as [number, number]]),
  );
}

describe('crash_free_device_days', () => {
  const tenant = 'slo-crash';
  const crashFree = slo({ kind: 'crash_free_device_days' });

  beforeAll(async () => {
    await insertTelemetry(tenant, [
      // a: good 03-29 (event at its first sample, 08:00), bad today at its crash, 11:57.
      sample('a', '2026-03-29T08:00:00Z'),
      sample('a', '2026-03-29T12:00:00Z'),
      sample('a', '2026-03-30T11:00:00Z'),
      sample('a', '2026-03-30T11:00:00Z'), // re-sent: the same sample
      event('a', 'app_crash', '2026-03-30T11:57:00Z'),
      // b: bad today, first crash at 06:00 (before its samples): on the 6h boundary, outside.
      event('b', 'os_crash', '2026-03-30T06:00:00Z'),
      sample('b', '2026-03-30T09:00:00Z'),
      event('b', 'app_crash', '2026-03-30T10:30:00Z'),
      // c: good at 11:59:59.5; its crash comes 1 ms after NOW, so not yet.
      sample('c', '2026-03-30T11:59:59.500Z'),
      event('c', 'app_crash', '2026-03-30T12:00:00.001Z'),
      // d: exactly at the SLO window's start, outside; e: just inside.
      sample('d', '2026-03-23T12:00:00Z'),
      sample('e', '2026-03-23T12:30:00Z'),
      // f: a crash on a day without samples is no device-day.
      event('f', 'os_crash', '2026-03-28T10:00:00Z'),
      // g: samples only after NOW; h: before the window.
      sample('g', '2026-03-30T13:00:00Z'),
      sample('h', '2026-03-22T10:00:00Z'),
      event('h', 'os_crash', '2026-03-22T11:00:00Z'),
      // i: a hang is no crash.
      sample('i', '2026-03-24T10:00:00Z'),
      event('i', 'app_hang', '2026-03-24T11:00:00Z'),
      // j, k, l: good today at 10:30, 11:40 and 07:00.
      sample('j', '2026-03-30T10:30:00Z'),
      sample('k', '2026-03-30T11:40:00Z'),
      sample('l', '2026-03-30T07:00:00Z'),
    ]);
  });

  it('counts device-days at their first sample, or at their first crash when bad', async () => {
    const counts = await readSloCounts(store, tenant, crashFree, NOW, undefined);
    // Events: a@03-29 08:00 good, a 11:57 bad, b 06:00 bad, c 11:59:59.5 good,
    // e@03-23 12:30 good, i@03-24 10:00 good, j 10:30, k 11:40, l 07:00 good.
    expect(table(counts)).toEqual({
      slo: [9, 7],
      '3d': [7, 5], // without e and i
      '1d': [6, 4], // without a@03-29
      '6h': [5, 4], // without b (06:00 is the start, excluded)
      '2h': [4, 3], // without l
      '1h': [3, 2], // without j
      '30m': [3, 2],
      '5m': [2, 1], // a's crash at 11:57 and c
    });
  });

  it('sees a crash once it has happened, at its instant', async () => {
    const later = NOW + 1_000;
    const counts = await readSloCounts(store, tenant, crashFree, later, undefined);
    // c's crash at 12:00:00.001 now counts: c turns bad, still in the 5m window.
    expect(counts['5m']).toEqual({ total: 2, good: 0 });
    expect(counts.slo).toEqual({ total: 9, good: 6 });
  });
});

describe('boot_duration and clean_shutdowns', () => {
  const tenant = 'slo-power';

  beforeAll(async () => {
    await insertTelemetry(tenant, [
      event('1', 'boot', '2026-03-30T11:58:00Z', { boot_duration_s: 45 }),
      event('1', 'boot', '2026-03-30T11:58:00Z', { boot_duration_s: 45 }), // re-sent
      event('2', 'boot', '2026-03-30T11:50:00Z', { boot_duration_s: 60 }), // at the threshold: good
      event('3', 'boot', '2026-03-30T11:20:00Z', { boot_duration_s: 60.5 }),
      event('4', 'boot', '2026-03-30T09:00:00Z', { boot_duration_s: 120 }),
      event('5', 'boot', '2026-03-29T13:00:00Z'), // no duration: no event
      event('6', 'boot', '2026-03-29T13:00:00Z', { boot_duration_s: 30 }),
      event('7', 'boot', '2026-03-20T13:00:00Z', { boot_duration_s: 30 }), // before the window
      // A falling uptime is a boot too, but one without a duration.
      sample('8', '2026-03-30T11:00:00Z', { uptime_s: 100 }),
      event('1', 'shutdown', '2026-03-30T11:59:00Z', { clean: true }),
      event('2', 'shutdown', '2026-03-30T10:00:00Z', { clean: false }), // on the 2h boundary
      event('3', 'shutdown', '2026-03-29T20:00:00Z'), // no flag: no event
    ]);
  });

  it('counts reported boots with a duration, good at or under the threshold', async () => {
    const boots = slo({ kind: 'boot_duration', under: '60s' });
    const counts = await readSloCounts(store, tenant, boots, NOW, undefined);
    // Boots: 1 (45 s) 11:58, 2 (60 s) 11:50, 3 (60.5 s) 11:20, 4 (120 s) 09:00, 6 (30 s) 03-29 13:00.
    expect(table(counts)).toEqual({
      slo: [5, 3],
      '3d': [5, 3],
      '1d': [5, 3],
      '6h': [4, 2],
      '2h': [3, 2],
      '1h': [3, 2],
      '30m': [2, 2],
      '5m': [1, 1],
    });
    const strict = slo({ kind: 'boot_duration', under: 59.5 });
    expect((await readSloCounts(store, tenant, strict, NOW, undefined)).slo).toEqual({
      total: 5,
      good: 2,
    });
  });

  it('counts shutdowns that say whether they were clean', async () => {
    const clean = slo({ kind: 'clean_shutdowns' });
    const counts = await readSloCounts(store, tenant, clean, NOW, undefined);
    expect(table(counts)).toMatchObject({
      slo: [2, 1],
      '6h': [2, 1],
      '2h': [1, 1], // the unclean one at 10:00 is on the boundary, outside
      '5m': [1, 1],
    });
  });
});

describe('sla_attainment', () => {
  const tenant = 'slo-sla';
  const policy = policyOf({
    rules: [
      { id: 'p1', match: { priority: 'P1' }, targets: { first_response: '15m', resolution: '4h' } },
      { id: 'rest', targets: { first_response: '1h', resolution: '1d' } },
    ],
  });
  const ticket = (id: string, at: string, priority: string, queue = 'desk') =>
    new Timeline(id).created(at, { priority, queue });

  beforeAll(async () => {
    const events = [
      ticket('T1', '2026-03-30T11:30:00Z', 'P1', 'network').agentReply('2026-03-30T11:40:00Z'),
      ticket('T2', '2026-03-30T10:00:00Z', 'P1').agentReply('2026-03-30T10:30:00Z'), // breached
      ticket('T3', '2026-03-30T11:50:00Z', 'P1').agentReply('2026-03-30T11:56:00Z'),
      ticket('T4', '2026-03-30T11:00:00Z', 'P1').status('2026-03-30T11:05:00Z', 'solved'), // cancelled
      ticket('T5', '2026-03-30T11:00:00Z', 'P1'), // running
      ticket('T6', '2026-03-30T11:00:00Z', 'P2').agentReply('2026-03-30T11:59:00Z'),
      ticket('T7', '2026-03-29T08:00:00Z', 'P1').agentReply('2026-03-29T09:00:00Z'), // breached
      ticket('T8', '2026-03-30T11:58:00Z', 'P1').agentReply('2026-03-30T12:00:30Z'), // after NOW
      // Solved after its deadline without a reply: breached, not cancelled.
      ticket('T10', '2026-03-30T09:00:00Z', 'P1').status('2026-03-30T09:30:00Z', 'solved'),
    ].flatMap((timeline) => timeline.events);
    await insertEvents(store, tenant, events);
    await engineFor(store, tenant, () => ({ version: 1, policy })).recomputeAll(tenant, 1, policy);
  });

  const firstResponse = (filters: { priority?: string[]; queue?: string[] } = {}) =>
    slo({ kind: 'sla_attainment', metric: 'first_response', ...filters });

  it('counts met clocks at their stop and breached ones at their breach, running or not', async () => {
    const counts = await readSloCounts(store, tenant, firstResponse({ priority: ['P1'] }), NOW, 1);
    // Good: T1 met 11:40, T3 met 11:56. Bad at the breach instant (15 min after
    // creation): T7 03-29 08:15, T10 09:15, T2 10:15, and T5 11:15, still
    // running but late. T4 cancelled; T8 breaches at 12:13, after NOW.
    expect(table(counts)).toEqual({
      slo: [6, 2],
      '3d': [6, 2],
      '1d': [5, 2],
      '6h': [5, 2],
      '2h': [4, 2],
      '1h': [3, 2],
      '30m': [2, 2],
      '5m': [1, 1],
    });
  });

  it('filters by priority and queue, and reads nothing without a computed version', async () => {
    const all = await readSloCounts(store, tenant, firstResponse(), NOW, 1);
    expect(all.slo).toEqual({ total: 7, good: 3 }); // T6 (P2, met 11:59) too
    expect(all['5m']).toEqual({ total: 2, good: 2 });
    const network = await readSloCounts(
      store,
      tenant,
      firstResponse({ queue: ['network'] }),
      NOW,
      1,
    );
    expect(network.slo).toEqual({ total: 1, good: 1 });
    const none = await readSloCounts(store, tenant, firstResponse(), NOW, undefined);
    expect(none.slo).toEqual({ total: 0, good: 0 });
  });

  it('reads the newest completely computed version in readSloStatus', async () => {
    const report = await readSloStatus(store, tenant, [firstResponse({ priority: ['P1'] })], NOW);
    expect(report.sla_policy_version).toBe(1);
    expect(report.slos[0]).toMatchObject({
      sli: { total: 6, good: 2, ratio: 2 / 6 },
      // 1 % of 6 = 0.06 allowed; 4 bad: 66.7 times the budget.
      error_budget: { allowed_bad: 0.06, bad: 4, remaining: 1 - 4 / 0.06 },
      status: 'ticket',
    });
    const other = await readSloStatus(store, 'slo-none', [firstResponse()], NOW);
    expect(other).toMatchObject({ sla_policy_version: null, slos: [{ status: 'no_data' }] });
  });
});
