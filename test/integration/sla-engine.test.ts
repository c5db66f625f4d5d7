import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../store/client.ts';
import { readTicketClocks } from '../../rollups/sla/read/ticket-clocks.ts';
import { readTicketEvents } from '../../rollups/sla/read/ticket-events.ts';
import type { TicketEvent } from '../../schemas/ticket-event.ts';
import { Timeline } from '../fixtures/sla-events.ts';
import { migratedStore, queryRows } from '../helpers/store.ts';
import { clockOf, engineFor, insertEvents, policyOf } from '../helpers/sla.ts';

const NOW = Date.parse('2026-03-03T12:00:00Z');
const policyV1 = policyOf({
  rules: [
    { id: 'p1', match: { priority: 'P1' }, targets: { first_response: '15m', resolution: '4h' } },
    { id: 'other', targets: { first_response: '1h', resolution: '8h' } },
  ],
});
const policyV2 = policyOf({
  rules: [{ id: 'strict', targets: { first_response: '5m', resolution: '1h' } }],
});

let store: Store;
beforeAll(async () => {
  store = await migratedStore();
});
afterAll(async () => {
  await store.close();
});

async function seqOf(tenant: string, ticket: string): Promise<number> {
  const rows = await queryRows<{ seq: number }>(
    store,
    `SELECT max(computed_seq) AS seq FROM ${store.table('sla_clocks')} FINAL
     WHERE tenant = {tenant:String} AND ticket_id = {ticket:String} AND sign = 1`,
    { tenant, ticket },
  );
  return rows[0]?.seq ?? 0;
}

const clocks = (tenant: string, ticketId: string, version = 1, policy = policyV1) =>
  readTicketClocks(store, { tenant, ticketId, version, policy, nowMs: NOW });

describe('SLA engine runs', () => {
  it('recomputes only touched tickets, and a late event for an old ticket recomputes it', async () => {
    const tenant = 'incremental';
    const engine = engineFor(store, tenant, () => ({ version: 1, policy: policyV1 }), {
      safetyLagMs: 0,
    });
    await insertEvents(store, tenant, [
      ...new Timeline('A').created('2026-03-02T08:00:00Z', { priority: 'P1' }).events,
      ...new Timeline('B').created('2026-03-02T08:00:00Z', { priority: 'P3' }).events,
    ]);
    const first = await engine.runOnce();
    expect(first).toMatchObject([{ kind: 'full', tickets: 2, poisoned: 0 }]);
    const seqB = await seqOf(tenant, 'B');

    // An agent reply that happened yesterday arrives only now.
    await insertEvents(store, tenant, [
      {
        event_id: 'A-late',
        ticket_id: 'A',
        type: 'commented',
        occurred_at: '2026-03-02T08:10:00Z',
        comment: { author_role: 'agent', public: true },
      },
    ]);
    const second = await engine.runOnce();
    expect(second).toMatchObject([{ kind: 'incremental', tickets: 1 }]);
    expect(clockOf(await clocks(tenant, 'A'), 'first_response')).toMatchObject({
      state: 'met',
      stopped_at: '2026-03-02T08:10:00Z',
      elapsed_business_s: 600,
    });
    expect(await seqOf(tenant, 'B')).toBe(seqB);
  });

  it('a new policy version recomputes history; the old version stays queryable', async () => {
    const tenant = 'versions';
    let active = { version: 1, policy: policyV1 };
    const engine = engineFor(store, tenant, () => active, { safetyLagMs: 0 });
    await insertEvents(
      store,
      tenant,
      new Timeline('T')
        .created('2026-03-02T08:00:00Z', { priority: 'P3' })
        .agentReply('2026-03-02T08:30:00Z')
        .status('2026-03-02T10:00:00Z', 'solved').events,
    );
    await engine.runOnce();
    active = { version: 2, policy: policyV2 };
    expect(await engine.runOnce()).toMatchObject([{ version: 2, kind: 'full' }]);

    const v1 = await clocks(tenant, 'T', 1, policyV1);
    const v2 = await clocks(tenant, 'T', 2, policyV2);
    // 30 min against 1h (v1) and 5m (v2); 2h against 8h (v1) and 1h (v2).
    expect(clockOf(v1, 'first_response')).toMatchObject({ state: 'met', rule_id: 'other' });
    expect(clockOf(v2, 'first_response')).toMatchObject({ state: 'breached', rule_id: 'strict' });
    expect(clockOf(v1, 'resolution').state).toBe('met');
    expect(clockOf(v2, 'resolution')).toMatchObject({
      state: 'breached',
      breach_at: '2026-03-02T09:00:00Z',
      policy_version: 2,
    });
  });

  it('reports a poisoned ticket and computes the rest', async () => {
    const tenant = 'poison';
    const engine = engineFor(store, tenant, () => ({ version: 1, policy: policyV1 }), {
      maxEventsPerTicket: 20,
    });
    const runaway = new Timeline('LOOP').created('2026-03-02T08:00:00Z');
    for (let i = 0; i < 30; i += 1) {
      runaway.status(`2026-03-02T09:${String(i).padStart(2, '0')}:00Z`, i % 2 ? 'open' : 'pending');
    }
    await insertEvents(store, tenant, [
      ...runaway.events,
      ...new Timeline('OK').created('2026-03-02T08:00:00Z').events,
    ]);
    expect(await engine.runOnce()).toMatchObject([{ tickets: 2, poisoned: 1 }]);
    expect(await clocks(tenant, 'LOOP')).toEqual([]);
    expect((await clocks(tenant, 'OK')).length).toBe(2);
    const poisoned = await queryRows<{ ticket_id: string; error: string }>(
      store,
      `SELECT ticket_id, error FROM ${store.table('sla_poisoned')} FINAL WHERE tenant = {tenant:String}`,
      { tenant },
    );
    expect(poisoned).toEqual([
      { ticket_id: 'LOOP', error: 'too_many_events: 31 events (limit 20)' },
    ]);
  });

  it('reads a ticket’s events back as they were sent (what explain works from)', async () => {
    const tenant = 'read-back';
    const events: TicketEvent[] = [
      {
        ...{
          event_id: 'R-1',
          ticket_id: 'R',
          type: 'created',
          occurred_at: '2026-03-02T08:00:00.250Z',
        },
        ...{ status: 'new', priority: 'P2', queue: 'network', channel: 'email', category: 'vpn' },
        ...{
          organization: 'acme',
          requester_id: 'u1',
          device_id: 'd1',
          attributes: { vip: 'yes' },
        },
        comment: { author_role: 'customer', public: true },
      },
      {
        event_id: 'R-2',
        ticket_id: 'R',
        type: 'assigned',
        occurred_at: '2026-03-02T08:05:00.000Z',
        assignee: 'a7',
      },
      {
        ...{
          event_id: 'R-3',
          ticket_id: 'R',
          type: 'satisfaction',
          occurred_at: '2026-03-03T09:00:00.000Z',
        },
        satisfaction: { score: 4, comment: 'quick, thanks' },
      },
    ];
    await insertEvents(store, tenant, events);
    expect(await readTicketEvents(store, tenant, 'R')).toEqual(events);
  });
});
