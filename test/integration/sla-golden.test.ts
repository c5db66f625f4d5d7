import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../store/client.ts';
import { Timeline } from '../fixtures/sla-events.ts';
import { migratedStore } from '../helpers/store.ts';
import { clockOf, clocksFor, policyOf } from '../helpers/sla.ts';

// Golden cases from vendors' documentation and bug reports, computed by the
// ClickHouse engine end to end (events stored, clocks recomputed in SQL, read
// back through the API's reader). The TypeScript reference has the same cases
// in rollups/sla/reference/; the property test keeps the two in agreement.

const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri'] as const;
const weekdays = (start: string, end: string): { day: string; start: string; end: string }[] =>
  WEEKDAYS.map((day) => ({ day, start, end }));
const everyDay = (start: string, end: string): { day: string; start: string; end: string }[] =>
  [...WEEKDAYS, 'sat', 'sun'].map((day) => ({ day, start, end }));

function resolutionPolicy(
  calendar: { time_zone: string; weekly: { day: string; start: string; end: string }[] } | null,
  resolution: string,
) {
  return policyOf({
    calendars: calendar === null ? [] : [{ id: 'cal', ...calendar } as never],
    rules: [{ id: 'all', calendar: calendar === null ? '24x7' : 'cal', targets: { resolution } }],
  });
}

let store: Store;
let n = 0;
const tenant = (): string => `golden-${String((n += 1))}`;

beforeAll(async () => {
  store = await migratedStore();
});
afterAll(async () => {
  await store.close();
});

describe('golden cases (ClickHouse engine)', () => {
  it('GLPI PR #22678: Mon–Fri 08–18, 4h: created Mon 10:00 → due 14:00; Mon 17:00 → due Tue 11:00', async () => {
    // https://github.com/glpi-project/glpi/pull/22678
    const policy = resolutionPolicy({ time_zone: 'UTC', weekly: weekdays('08:00', '18:00') }, '4h');
    const morning = await clocksFor(
      store,
      tenant(),
      new Timeline('T1').created('2026-03-02T10:00:00Z').events,
      policy,
      '2026-03-02T11:00:00Z',
    );
    expect(clockOf(morning, 'resolution').breach_at).toBe('2026-03-02T14:00:00Z');
    const evening = await clocksFor(
      store,
      tenant(),
      new Timeline('T2').created('2026-03-02T17:00:00Z').events,
      policy,
      '2026-03-02T17:30:00Z',
    );
    expect(clockOf(evening, 'resolution').breach_at).toBe('2026-03-03T11:00:00Z');
  });

  it('ServiceNow docs: a 24h target on a 9–5 schedule spans three working days of 8h', async () => {
    // https://www.servicenow.com/docs (SLA duration and schedules: "24 hours on an 8-hour schedule is three days")
    const policy = resolutionPolicy(
      { time_zone: 'UTC', weekly: weekdays('09:00', '17:00') },
      '24h',
    );
    const clocks = await clocksFor(
      store,
      tenant(),
      new Timeline('SN').created('2026-03-02T09:00:00Z').events,
      policy,
      '2026-03-02T09:00:00Z',
    );
    expect(clockOf(clocks, 'resolution').breach_at).toBe('2026-03-04T17:00:00Z');
  });

  it('Znuny EscalationSuspend: 24×7, 2h, created 08:00, pending 09:00–10:05 → due 11:05', async () => {
    // Znuny/OTRS SysConfig Ticket::EscalationSuspend: escalation suspended in pending states.
    const policy = resolutionPolicy(null, '2h');
    const events = new Timeline('ZN')
      .created('2026-03-02T08:00:00Z')
      .status('2026-03-02T09:00:00Z', 'pending')
      .status('2026-03-02T10:05:00Z', 'open').events;
    const clocks = await clocksFor(store, tenant(), events, policy, '2026-03-02T10:30:00Z');
    const resolution = clockOf(clocks, 'resolution');
    expect(resolution.breach_at).toBe('2026-03-02T11:05:00Z');
    expect(resolution.paused_business_s).toBe(65 * 60);
    expect(resolution.elapsed_business_s).toBe(60 * 60 + 25 * 60);
    expect(resolution.state).toBe('running');
  });

  it('Zammad #3180: a 00:00–24:00 calendar is a true 24×7 with no minute lost at midnight', async () => {
    // https://github.com/zammad/zammad/issues/3180
    const allDay = resolutionPolicy({ time_zone: 'UTC', weekly: everyDay('00:00', '24:00') }, '1h');
    const clocks = await clocksFor(
      store,
      tenant(),
      new Timeline('Z1').created('2026-03-02T23:30:00Z').events,
      allDay,
      '2026-03-02T23:45:00Z',
    );
    expect(clockOf(clocks, 'resolution').breach_at).toBe('2026-03-03T00:30:00Z');
    // 00:00–23:59 leaves the minute before midnight out, as written; it is not stretched.
    const gap = resolutionPolicy({ time_zone: 'UTC', weekly: everyDay('00:00', '23:59') }, '1h');
    const gapped = await clocksFor(
      store,
      tenant(),
      new Timeline('Z2').created('2026-03-02T23:30:00Z').events,
      gap,
      '2026-03-02T23:45:00Z',
    );
    expect(clockOf(gapped, 'resolution').breach_at).toBe('2026-03-03T00:31:00Z');
  });

  it('Zammad #2497: intervals ending at midnight or crossing it work and terminate', async () => {
    // https://github.com/zammad/zammad/issues/2497
    const toMidnight = resolutionPolicy(
      { time_zone: 'UTC', weekly: weekdays('09:00', '00:00') },
      '6h',
    );
    const clocks = await clocksFor(
      store,
      tenant(),
      new Timeline('Z3').created('2026-03-02T20:00:00Z').events,
      toMidnight,
      '2026-03-02T21:00:00Z',
    );
    // Mon 20:00–24:00 is 4h; the remaining 2h run Tue 09:00–11:00.
    expect(clockOf(clocks, 'resolution').breach_at).toBe('2026-03-03T11:00:00Z');
    const night = resolutionPolicy({ time_zone: 'UTC', weekly: weekdays('18:00', '02:00') }, '6h');
    const nightClocks = await clocksFor(
      store,
      tenant(),
      new Timeline('Z4').created('2026-03-02T23:00:00Z').events,
      night,
      '2026-03-02T23:30:00Z',
    );
    // Mon 23:00–Tue 02:00 is 3h; Tue 18:00–21:00 is the other 3h.
    expect(clockOf(nightClocks, 'resolution').breach_at).toBe('2026-03-03T21:00:00Z');
  });

  it('dbt_zendesk #25: historical tickets use the UTC offset in force then', async () => {
    // https://github.com/fivetran/dbt_zendesk/issues/25
    const berlin = resolutionPolicy(
      { time_zone: 'Europe/Berlin', weekly: weekdays('09:00', '17:00') },
      '1h',
    );
    const winter = await clocksFor(
      store,
      tenant(),
      new Timeline('W').created('2026-01-05T08:00:00Z').events,
      berlin,
      '2026-01-05T08:10:00Z',
    );
    expect(clockOf(winter, 'resolution').breach_at).toBe('2026-01-05T09:00:00Z');
    const summer = await clocksFor(
      store,
      tenant(),
      new Timeline('S').created('2026-07-06T07:00:00Z').events,
      berlin,
      '2026-07-06T07:10:00Z',
    );
    expect(clockOf(summer, 'resolution').breach_at).toBe('2026-07-06T08:00:00Z');
  });

  it('GLPI #10594: pending across a weekend counts in business time, consistently', async () => {
    // https://github.com/glpi-project/glpi/issues/10594
    const policy = resolutionPolicy({ time_zone: 'UTC', weekly: weekdays('08:00', '18:00') }, '8h');
    const events = new Timeline('WE')
      .created('2026-03-06T14:00:00Z')
      .status('2026-03-06T16:00:00Z', 'pending')
      .status('2026-03-09T10:00:00Z', 'open')
      .status('2026-03-09T15:00:00Z', 'solved').events;
    const clocks = await clocksFor(store, tenant(), events, policy, '2026-03-10T00:00:00Z');
    const resolution = clockOf(clocks, 'resolution');
    // Paused: Fri 16–18 and Mon 08–10, 2h + 2h; running: Fri 14–16 and Mon 10–15, 2h + 5h.
    expect(resolution.paused_business_s).toBe(4 * 3600);
    expect(resolution.elapsed_business_s).toBe(7 * 3600);
    expect(resolution.state).toBe('met');
    expect(resolution.stopped_at).toBe('2026-03-09T15:00:00Z');
  });

  it('dbt_zendesk PR #136: solving closes an open next_response cycle without a breach', async () => {
    // https://github.com/fivetran/dbt_zendesk/pull/136
    const policy = policyOf({
      rules: [{ id: 'all', targets: { first_response: '1h', next_response: '1h' } }],
    });
    const solvedInTime = new Timeline('NR1')
      .created('2026-03-02T08:00:00Z')
      .agentReply('2026-03-02T08:10:00Z')
      .customerReply('2026-03-02T09:00:00Z')
      .status('2026-03-02T09:30:00Z', 'solved').events;
    const clocks = await clocksFor(store, tenant(), solvedInTime, policy, '2026-03-03T00:00:00Z');
    expect(clockOf(clocks, 'next_response')).toMatchObject({
      state: 'cancelled',
      breached: false,
      stopped_at: '2026-03-02T09:30:00Z',
      breach_at: null,
    });
    // Our choice: a deadline that had already passed before the solve stays breached.
    const solvedLate = new Timeline('NR2')
      .created('2026-03-02T08:00:00Z')
      .agentReply('2026-03-02T08:10:00Z')
      .customerReply('2026-03-02T09:00:00Z')
      .status('2026-03-02T10:30:00Z', 'solved').events;
    const late = await clocksFor(store, tenant(), solvedLate, policy, '2026-03-03T00:00:00Z');
    expect(clockOf(late, 'next_response')).toMatchObject({
      state: 'breached',
      breached: true,
      breach_at: '2026-03-02T10:00:00Z',
    });
  });
});
