/**
 * The desk's ticket stream: arrivals per minute, each ticket's whole life
 * decided at creation and released in time order. Arrivals are drawn per
 * minute from (seed, minute) alone, so the same seed produces the same
 * tickets — with the same ids — however and whenever the demo is started.
 */
import type { TicketEvent } from '../../schemas/ticket-event.ts';
import { arrivalIntensity, MINUTE_MS, WEEKDAY_SHAPE_HOURS } from './calendar.ts';
import { MinHeap } from './heap.ts';
import { Rng } from './random.ts';
import { simulateTicket } from './tickets.ts';
import type { SimTicket, TicketDesk } from './tickets.ts';

// Ticket numbers count arrival minutes from here: DEMO-<minute><nnn>.
const SLOT_EPOCH_MS = Date.UTC(2020, 0, 1);
const MAX_TICKETS_PER_SLOT = 999;
// A ticket that waits longer than this for its next event (pending, on hold,
// solved → closed) drops its event objects and rebuilds them when due: memory
// then follows the few tickets in motion, not the many that are waiting.
const COLD_GAP_MS = 6 * 3_600_000;

interface OpenTicket {
  order: number;
  slot: number;
  k: number;
  createdMs: number;
  times: Float64Array;
  pos: number;
  events: TicketEvent[] | undefined;
}

const earlier = (a: OpenTicket, b: OpenTicket): boolean => {
  const ta = a.times[a.pos] ?? Infinity;
  const tb = b.times[b.pos] ?? Infinity;
  return ta < tb || (ta === tb && a.order < b.order);
};

export class TicketFeed {
  private readonly open = new MinHeap<OpenTicket>(earlier);
  private nextSlot: number | undefined;

  constructor(
    private readonly seed: number,
    private readonly desk: TicketDesk,
    private readonly ticketsPerDay: number,
  ) {}

  /** Tickets created and not yet closed. */
  get size(): number {
    return this.open.size;
  }

  /** Expected arrivals per millisecond at an instant, at scale 1. */
  arrivalRate(atMs: number): number {
    return (this.ticketsPerDay * arrivalIntensity(atMs)) / (WEEKDAY_SHAPE_HOURS * 3_600_000);
  }

  /** Opens the tickets of every arrival minute that starts before `toMs`. */
  create(toMs: number, scale: number, createdFromMs: number): void {
    this.nextSlot ??= Math.floor((createdFromMs - SLOT_EPOCH_MS) / MINUTE_MS);
    for (;;) {
      const slot = this.nextSlot;
      const slotStart = SLOT_EPOCH_MS + slot * MINUTE_MS;
      if (slotStart >= toMs) return;
      this.nextSlot++;
      const rng = Rng.derive(this.seed, 'slot', slot);
      const mean = this.arrivalRate(slotStart + MINUTE_MS / 2) * MINUTE_MS * scale;
      const count = Math.min(MAX_TICKETS_PER_SLOT, rng.poisson(mean));
      const offsets = Array.from({ length: count }, () => Math.floor(rng.uniform(0, MINUTE_MS)));
      offsets.sort((a, b) => a - b);
      offsets.forEach((offset, k) => {
        const createdMs = slotStart + offset;
        if (createdMs < createdFromMs) return; // before the feed began: never announced
        const order = slot * 1000 + k;
        const { events, times } = this.simulate({ slot, k, createdMs, order });
        this.open.push({
          order,
          slot,
          k,
          createdMs,
          times: Float64Array.from(times),
          pos: 0,
          events,
        });
      });
    }
  }

  /** Pops every event before `toMs`, in time order; a ticket leaves memory after its last one. */
  release(toMs: number, out: TicketEvent[] | undefined): void {
    for (;;) {
      const ticket = this.open.peek();
      const t = ticket?.times[ticket.pos];
      if (ticket === undefined || t === undefined || t >= toMs) return;
      this.open.pop();
      ticket.events ??= this.simulate(ticket).events;
      const event = ticket.events[ticket.pos];
      if (out !== undefined && event !== undefined) out.push(event);
      ticket.pos++;
      const next = ticket.times[ticket.pos];
      if (next === undefined) continue;
      if (next - t > COLD_GAP_MS) ticket.events = undefined;
      this.open.push(ticket);
    }
  }

  /** A pure function of the seed and the arrival: rebuilding a cold ticket gives the same events. */
  private simulate(ticket: Pick<OpenTicket, 'slot' | 'k' | 'createdMs' | 'order'>): SimTicket {
    const id = `DEMO-${String(ticket.order).padStart(6, '0')}`;
    const rng = Rng.derive(this.seed, 'ticket', ticket.slot, ticket.k);
    return simulateTicket(this.desk, id, ticket.createdMs, rng);
  }
}
