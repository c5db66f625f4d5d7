/**
 * The increment: `count` new events touching existing tickets, the way a
 * live desk would between two engine runs —
 *   - late events for old tickets (40 %): an agent reply or an on-hold pause
 *     delivered months late by an integration (out of order: it lands inside
 *     the ticket's history and changes its clocks), or a late rating;
 *   - new activity on open tickets (40 %): replies, waiting, solves;
 *   - new tickets (20 %), created after the loaded year.
 * Deterministic from the seed and the open tickets the load found.
 */
import type { TicketEvent } from '../../schemas/ticket-event.ts';
import { below, delayMs, pick, streamOf, weighted, type Random } from './random.ts';
import { DAY_MS, END_MS, HOUR_MS, NOW_MS, STATUS } from './desk.ts';
import { ticketEvents, ticketId } from './tickets.ts';

/** Stream number of the increment's PRNG: far from any ticket index. */
const INCREMENT_STREAM = 0x7fff_fff0;

export interface Increment {
  events: TicketEvent[];
  /** Events per ticket id, for --verify. */
  byTicket: Map<string, TicketEvent[]>;
  late: number;
  openUpdates: number;
  newTickets: number;
}

/** Per touched ticket: the next event ordinal and the instant of its newest update. */
interface Touch {
  n: number;
  lastMs: number;
}

class Builder {
  readonly increment: Increment = {
    events: [],
    byTicket: new Map(),
    late: 0,
    openUpdates: 0,
    newTickets: 0,
  };
  readonly touches = new Map<number, Touch>();

  constructor(
    readonly seed: number,
    readonly tickets: number,
    readonly random: Random,
  ) {}

  push(event: TicketEvent): void {
    this.increment.events.push(event);
    const list = this.increment.byTicket.get(event.ticket_id);
    if (list === undefined) this.increment.byTicket.set(event.ticket_id, [event]);
    else list.push(event);
  }

  /** The loaded events of ticket `index`, and its touch state. */
  base(index: number): { events: TicketEvent[]; touch: Touch } {
    const { events } = ticketEvents(this.seed, index, { tickets: this.tickets });
    let touch = this.touches.get(index);
    if (touch === undefined) {
      const last = events[events.length - 1];
      touch = { n: 0, lastMs: last === undefined ? END_MS : Date.parse(last.occurred_at) };
      this.touches.set(index, touch);
    }
    return { events, touch };
  }

  add(
    index: number,
    touch: Touch,
    atMs: number,
    fields: Omit<TicketEvent, 'event_id' | 'ticket_id' | 'occurred_at'>,
  ): void {
    const id = ticketId(index);
    this.push({
      event_id: `${id}-x${String(touch.n)}`,
      ticket_id: id,
      occurred_at: new Date(atMs).toISOString(),
      ...fields,
    });
    touch.n += 1;
  }
}

/** One late event for an old ticket; 1 event. */
function late(b: Builder): void {
  const index = below(b.random, Math.max(1, Math.floor(b.tickets * 0.9)));
  const { events, touch } = b.base(index);
  const first = events[0];
  if (first === undefined) return;
  const createdMs = Date.parse(first.occurred_at);
  const secondMs = Date.parse(events[1]?.occurred_at ?? first.occurred_at) + 60_000;
  // Inside the ticket's history: between creation and its second event.
  const insideMs = createdMs + 1000 + Math.floor(b.random() * Math.max(1, secondMs - createdMs));
  const kind = weighted(b.random, [
    ['reply', 45],
    ['hold', 20],
    ['rating', 35],
  ] as const);
  if (kind === 'reply')
    b.add(index, touch, insideMs, {
      type: 'commented',
      comment: { author_role: 'agent', public: true },
    });
  else if (kind === 'hold')
    b.add(index, touch, insideMs, { type: 'status_changed', status: STATUS.onHold });
  else {
    const atMs = Math.min(touch.lastMs + delayMs(b.random, 2 * DAY_MS), END_MS - 1000);
    b.add(index, touch, atMs, {
      type: 'satisfaction',
      satisfaction: { score: 1 + below(b.random, 5) },
    });
  }
  b.increment.late += 1;
}

const UPDATES = [
  ['agent', 35],
  ['customer', 25],
  ['pending', 20],
  ['solve', 20],
] as const;

/** New activity on an open ticket, after everything it has; 1–3 events. */
function update(b: Builder, openIndices: readonly number[], budget: number): number {
  const index = pick(b.random, openIndices);
  const { touch } = b.base(index);
  const count = Math.min(budget, 1 + below(b.random, 3));
  for (let i = 0; i < count; i += 1) {
    const atMs = Math.min(
      Math.max(touch.lastMs, END_MS) + delayMs(b.random, 2 * HOUR_MS),
      NOW_MS - 1000,
    );
    touch.lastMs = atMs;
    const kind = weighted(b.random, UPDATES);
    const role = kind === 'customer' ? 'customer' : 'agent';
    const status = {
      agent: STATUS.open,
      customer: STATUS.open,
      pending: STATUS.pending,
      solve: STATUS.solved,
    }[kind];
    b.add(index, touch, atMs, {
      type: 'commented',
      comment: { author_role: role, public: true },
      status,
    });
  }
  b.increment.openUpdates += count;
  return count;
}

/** A ticket created after the loaded year, with what has happened to it by now. */
function fresh(b: Builder, serial: number, budget: number): number {
  const index = b.tickets + serial;
  const createdMs = END_MS + Math.floor(b.random() * 12 * HOUR_MS);
  const { events } = ticketEvents(b.seed, index, {
    tickets: b.tickets,
    createdMs,
    horizonMs: NOW_MS,
  });
  const taken = events.slice(0, budget);
  for (const event of taken) b.push(event);
  b.increment.newTickets += 1;
  return taken.length;
}

export function incrementEvents(
  seed: number,
  tickets: number,
  openIndices: readonly number[],
  count: number,
): Increment {
  const b = new Builder(seed, tickets, streamOf(seed, INCREMENT_STREAM));
  const freshTarget = Math.floor(count * 0.2);
  const lateTarget = Math.floor(count * 0.4);
  let made = 0;
  for (let serial = 0; made < freshTarget; serial += 1)
    made += fresh(b, serial, freshTarget - made);
  for (let i = 0; i < lateTarget; i += 1) late(b);
  made = b.increment.events.length;
  while (made < count && openIndices.length > 0) made += update(b, openIndices, count - made);
  // No open tickets (a tiny run): the rest are late events too.
  while (b.increment.events.length < count) late(b);
  return b.increment;
}
