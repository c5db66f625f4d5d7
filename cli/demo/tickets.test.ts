import { beforeAll, describe, expect, it } from 'vitest';
import type { TicketEvent } from '../../schemas/ticket-event.ts';
import { isBusinessHours } from './calendar.ts';
import { DEVICE_QUEUES } from './catalog.ts';
import type { Queue } from './catalog.ts';
import type { Fleet } from './fleet.ts';
import { collectHistory, DAY, groupBy, MONDAY } from './test-support.ts';

// One simulated week (Mon 2 – Mon 9 March 2026) of the default desk's ticket
// flow, then four quiet weeks so that every ticket reaches "closed".
let lifecycles: TicketEvent[][] = [];
let all: TicketEvent[] = [];
let fleet: Fleet;

beforeAll(() => {
  // Telemetry is not under test here: a daily sample keeps the run cheap.
  const options = { seed: 2026, devices: 300, ticketsPerDay: 600, historySampleIntervalS: 86_400 };
  const run = collectHistory(options, MONDAY, MONDAY + 7 * DAY);
  fleet = run.simulator.fleet;
  // No new arrivals after the first week; four more weeks let the stragglers close.
  run.simulator.rateScale = 0;
  all = [...run.tickets, ...run.simulator.live(MONDAY + 7 * DAY, MONDAY + 35 * DAY).tickets];
  lifecycles = [...groupBy(all, (e) => e.ticket_id).values()];
});

const share = (n: number, total: number): number => n / total;
const statuses = (events: readonly TicketEvent[]): string[] =>
  events.filter((e) => e.type === 'status_changed').map((e) => e.status ?? '');

describe('ticket lifecycles', () => {
  it('has about 3,000 tickets in a working week', () => {
    // 5 × 600 on weekdays plus a weekend trickle.
    expect(lifecycles.length).toBeGreaterThan(2700);
    expect(lifecycles.length).toBeLessThan(3500);
  });

  it('mixes priorities about 3 / 15 / 55 / 27 %, within 2.5 points', () => {
    const created = lifecycles.map((events) => events[0]?.priority);
    const expected = { P1: 0.03, P2: 0.15, P3: 0.55, P4: 0.27 };
    for (const [priority, p] of Object.entries(expected)) {
      const actual = share(created.filter((x) => x === priority).length, created.length);
      expect(Math.abs(actual - p)).toBeLessThan(0.025);
    }
  });

  it('creates at least 80 % of tickets in Berlin business hours on weekdays', () => {
    const inHours = lifecycles.filter((events) =>
      isBusinessHours(Date.parse(events[0]?.occurred_at ?? '')),
    ).length;
    expect(share(inHours, lifecycles.length)).toBeGreaterThanOrEqual(0.8);
  });

  it('orders each ticket in time, starts with "created", ends with "closed", never reuses an event_id', () => {
    expect(new Set(all.map((e) => e.event_id)).size).toBe(all.length);
    let closed = 0;
    const problems: string[] = [];
    for (const events of lifecycles) {
      const id = events[0]?.ticket_id ?? '';
      if (events[0]?.type !== 'created')
        problems.push(`${id} starts with ${events[0]?.type ?? '-'}`);
      if (events.filter((e) => e.type === 'created').length !== 1)
        problems.push(`${id} created twice`);
      for (let i = 1; i < events.length; i++) {
        if ((events[i]?.occurred_at ?? '') <= (events[i - 1]?.occurred_at ?? ''))
          problems.push(`${id} out of order`);
      }
      // "closed" is terminal: nothing may follow it.
      const closedAt = events.findIndex((e) => e.status === 'closed');
      if (closedAt !== -1 && closedAt !== events.length - 1)
        problems.push(`${id} changes after closed`);
      if (closedAt !== -1) closed++;
    }
    expect(problems).toEqual([]);
    expect(closed).toBe(lifecycles.length);
  });

  it('has pending and on-hold periods, reopens (5–8 %) and satisfaction answers (~30 %)', () => {
    const solved = lifecycles.filter((events) => statuses(events).includes('solved'));
    const pending = lifecycles.filter((events) => statuses(events).includes('pending'));
    const onHold = lifecycles.filter((events) => statuses(events).includes('on_hold'));
    const reopened = solved.filter(
      (events) => statuses(events).filter((s) => s === 'solved').length > 1,
    );
    const surveyed = solved.filter((events) => events.some((e) => e.type === 'satisfaction'));
    expect(share(pending.length, lifecycles.length)).toBeGreaterThan(0.2);
    expect(share(onHold.length, lifecycles.length)).toBeGreaterThan(0.05);
    expect(share(reopened.length, solved.length)).toBeGreaterThan(0.04);
    expect(share(reopened.length, solved.length)).toBeLessThan(0.09);
    expect(share(surveyed.length, solved.length)).toBeGreaterThan(0.26);
    expect(share(surveyed.length, solved.length)).toBeLessThan(0.34);
  });

  it('skews satisfaction to 4–5 and attaches some comments', () => {
    const answers = all.flatMap((e) => (e.satisfaction === undefined ? [] : [e.satisfaction]));
    const happy = answers.filter((a) => a.score >= 4).length;
    expect(share(happy, answers.length)).toBeGreaterThan(0.7);
    expect(answers.some((a) => a.score <= 2)).toBe(true);
    expect(
      share(answers.filter((a) => a.comment !== undefined).length, answers.length),
    ).toBeGreaterThan(0.2);
  });

  it('reopens a solved ticket whenever the customer comments on it', () => {
    let reopens = 0;
    for (const events of lifecycles) {
      let status = 'new';
      events.forEach((event, i) => {
        if (
          event.type === 'commented' &&
          event.comment?.author_role === 'customer' &&
          status === 'solved'
        ) {
          const next = events[i + 1];
          expect(next?.type).toBe('status_changed');
          expect(next?.status).toBe('open');
          reopens++;
        }
        if (event.type === 'status_changed') status = event.status ?? status;
      });
    }
    expect(reopens).toBeGreaterThan(50);
  });

  it('lets agents open phone tickets, customers the rest, and answers in public first', () => {
    for (const events of lifecycles) {
      const created = events[0];
      const role = created?.channel === 'phone' ? 'agent' : 'customer';
      expect(created?.comment).toEqual({ author_role: role, public: true });
      if (role === 'customer') {
        const firstAgent = events.find(
          (e) => e.type === 'commented' && e.comment?.author_role === 'agent',
        );
        expect(firstAgent?.comment?.public).toBe(true);
      }
    }
    const internal = lifecycles.filter((events) => events.some((e) => e.comment?.public === false));
    expect(share(internal.length, lifecycles.length)).toBeGreaterThan(0.1);
    expect(lifecycles.some((events) => events.some((e) => e.type === 'priority_changed'))).toBe(
      true,
    );
  });

  it('links hardware and software tickets to a fleet device owned by the requester', () => {
    const devices = new Map(fleet.devices.map((d) => [d.id, d]));
    let linked = 0;
    for (const events of lifecycles) {
      const created = events[0];
      if (!DEVICE_QUEUES.has(created?.queue as Queue)) {
        expect(created?.device_id).toBeUndefined();
        continue;
      }
      const device = devices.get(created?.device_id ?? '');
      expect(device).toBeDefined();
      if (device?.ownerId !== undefined) expect(created?.requester_id).toBe(device.ownerId);
      linked++;
    }
    expect(linked).toBeGreaterThan(700);
  });
});
