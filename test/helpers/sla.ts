import { pino } from 'pino';
import type { SlaClock } from '../../schemas/sla-clock.ts';
import type { SlaPolicy, SlaPolicyInput } from '../../schemas/sla-policy.ts';
import { slaPolicySchema } from '../../schemas/sla-policy.ts';
import type { TicketEvent } from '../../schemas/ticket-event.ts';
import type { Store } from '../../store/client.ts';
import { rowPrefix, ticketEventRow } from '../../store/rows.ts';
import { SlaEngine } from '../../rollups/sla/engine/engine.ts';
import { readTicketClocks } from '../../rollups/sla/read/ticket-clocks.ts';

export function policyOf(input: SlaPolicyInput): SlaPolicy {
  return slaPolicySchema.parse(input);
}

export async function insertEvents(
  store: Store,
  tenant: string,
  events: readonly TicketEvent[],
): Promise<void> {
  const prefix = rowPrefix(tenant);
  const body = events.map((event) => ticketEventRow(prefix, event)).join('\n');
  await store.sink.insert('ticket_events', Buffer.from(`${body}\n`));
}

/** An engine over one tenant whose active policy a test can swap. */
export function engineFor(
  store: Store,
  tenant: string,
  active: () => { version: number; policy: SlaPolicy },
  options: { maxEventsPerTicket?: number; safetyLagMs?: number } = {},
): SlaEngine {
  return new SlaEngine({
    store,
    logger: pino({ level: 'silent' }),
    policies: {
      tenants: () => Promise.resolve([tenant]),
      active: () => Promise.resolve(active()),
    },
    ...options,
  });
}

/** Stores a timeline, computes it under `policy` (version 1), and returns its clocks at `nowIso`. */
export async function clocksFor(
  store: Store,
  tenant: string,
  events: readonly TicketEvent[],
  policy: SlaPolicy,
  nowIso: string,
): Promise<SlaClock[]> {
  await insertEvents(store, tenant, events);
  await engineFor(store, tenant, () => ({ version: 1, policy })).recomputeAll(tenant, 1, policy);
  const ticketId = events[0]?.ticket_id ?? '';
  return readTicketClocks(store, {
    tenant,
    ticketId,
    version: 1,
    policy,
    nowMs: Date.parse(nowIso),
  });
}

export function clockOf(
  clocks: readonly SlaClock[],
  metric: SlaClock['metric'],
  cycle = 1,
): SlaClock {
  const clock = clocks.find((c) => c.metric === metric && c.cycle === cycle);
  if (clock === undefined) {
    throw new Error(`no ${metric} clock #${String(cycle)} in ${JSON.stringify(clocks)}`);
  }
  return clock;
}
