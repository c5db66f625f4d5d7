/**
 * Loads the generated year into `ticket_events` the fastest way the store
 * offers: JSONEachRow rows serialised here, `chunkRows` at a time, through
 * the sink (chDB's rawInsert, which runs off the event loop). One chunk is
 * inserted while the next is generated, so the two cores both work, and at
 * most two chunks are ever in memory.
 */
import { ticketEventSchema, type TicketEvent } from '../../schemas/ticket-event.ts';
import type { Store } from '../../store/client.ts';
import { rowPrefix, ticketEventRow } from '../../store/rows.ts';
import { ticketEvents } from './tickets.ts';

export interface LoadResult {
  tickets: number;
  events: number;
  bytes: number;
  seconds: number;
  /** Of `seconds`, the time spent waiting for inserts (the rest is generating and serialising). */
  waitSeconds: number;
  /** Indices of the tickets still open at the end of the year (the increment adds to them). */
  openIndices: number[];
}

export interface LoadProgress {
  tickets: number;
  events: number;
  seconds: number;
}

/**
 * Checks the first tickets' events against the ingest contract. Rows are
 * written without zod (8M parses would dominate the load), so the generator
 * must produce only what the API would accept; a sample shows it does.
 */
export function validateSample(seed: number, tickets: number, sample: number): number {
  let checked = 0;
  for (let index = 0; index < Math.min(tickets, sample); index += 1) {
    checked += assertValid(ticketEvents(seed, index, { tickets }).events);
  }
  return checked;
}

/** Throws on the first event the ingest API would refuse; returns how many were checked. */
export function assertValid(events: readonly TicketEvent[]): number {
  for (const event of events) {
    const result = ticketEventSchema.safeParse(event);
    if (!result.success)
      throw new Error(`generated event ${event.event_id} is invalid: ${result.error.message}`);
  }
  return events.length;
}

/** Inserts events as one JSONEachRow body. */
export async function insertEvents(
  store: Store,
  tenant: string,
  events: readonly TicketEvent[],
): Promise<number> {
  const prefix = rowPrefix(tenant);
  const body = Buffer.from(`${events.map((event) => ticketEventRow(prefix, event)).join('\n')}\n`);
  await store.sink.insert('ticket_events', body);
  return body.length;
}

export async function loadTickets(
  store: Store,
  options: { tenant: string; seed: number; tickets: number; chunkRows: number },
  onChunk: (progress: LoadProgress) => void,
): Promise<LoadResult> {
  const started = performance.now();
  const prefix = rowPrefix(options.tenant);
  const result: LoadResult = {
    tickets: 0,
    events: 0,
    bytes: 0,
    seconds: 0,
    waitSeconds: 0,
    openIndices: [],
  };
  let rows: string[] = [];
  // The insert in flight; its failure is kept and thrown at the next await,
  // not left as an unhandled rejection while the next chunk is generated.
  let inFlight: Promise<void> = Promise.resolve();
  let failure: { error: unknown } | undefined;
  const settle = async (): Promise<void> => {
    const waiting = performance.now();
    await inFlight;
    result.waitSeconds += (performance.now() - waiting) / 1000;
    if (failure !== undefined) throw failure.error;
  };
  const flush = async (): Promise<void> => {
    const body = Buffer.from(`${rows.join('\n')}\n`);
    rows = [];
    await settle();
    result.bytes += body.length;
    const progress = { tickets: result.tickets, events: result.events };
    inFlight = store.sink.insert('ticket_events', body).then(
      () => {
        onChunk({ ...progress, seconds: (performance.now() - started) / 1000 });
      },
      (error: unknown) => {
        failure = { error };
      },
    );
  };
  for (let index = 0; index < options.tickets; index += 1) {
    const ticket = ticketEvents(options.seed, index, { tickets: options.tickets });
    for (const event of ticket.events) rows.push(ticketEventRow(prefix, event));
    if (ticket.open) result.openIndices.push(index);
    result.tickets += 1;
    result.events += ticket.events.length;
    if (rows.length >= options.chunkRows) await flush();
  }
  if (rows.length > 0) await flush();
  await settle();
  result.seconds = (performance.now() - started) / 1000;
  return result;
}
