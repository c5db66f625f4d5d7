/**
 * The demo desk as one stream: ticket lifecycles plus fleet telemetry,
 * released strictly in time order through consecutive windows. A record is
 * emitted exactly once, by the first window that reaches its instant, so
 * `history` then repeated `live` calls behave like one continuous feed.
 */
import type { Telemetry } from '../../schemas/telemetry.ts';
import type { TicketEvent } from '../../schemas/ticket-event.ts';
import { MINUTE_MS } from './calendar.ts';
import { buildRoster } from './catalog.ts';
import { buildFleet } from './fleet.ts';
import type { Fleet } from './fleet.ts';
import { at } from './random.ts';
import { DeviceSim } from './telemetry.ts';
import type { TelemetrySink } from './telemetry.ts';
import { TicketFeed } from './ticket-feed.ts';
import { createTicketDesk } from './tickets.ts';

export interface Batch {
  tickets: TicketEvent[];
  telemetry: Telemetry[];
}

export interface DemoSimulatorOptions {
  seed: number;
  agents?: number;
  devices?: number;
  /** Expected tickets on a working day (weekends and nights get far fewer). */
  ticketsPerDay?: number;
  /** Live sample interval per device while it is on. */
  sampleIntervalS?: number;
  /** Backfill sample interval: coarser, so 14 days × 2,000 devices stays near a million samples. */
  historySampleIntervalS?: number;
  /** Live-only multiplier on ticket arrivals and sample frequency (see `demo --rate`). */
  rateScale?: number;
  /** Records per history batch, roughly. */
  batchSize?: number;
}

const HISTORY_STEP_MS = 15 * MINUTE_MS;
// Ticket arrivals stop scaling here: each open ticket is held until it closes
// (days), so unbounded arrivals would mean unbounded memory. Beyond this, a
// higher rate comes from samples alone.
export const MAX_TICKET_SCALE = 50;
// Average events per ticket on the default desk; only used for rate estimates.
const EVENTS_PER_TICKET = 11;

/** Time order across devices; ties keep fleet order, so the output is deterministic. */
function mergeByTime(sink: TelemetrySink): Telemetry[] {
  const { records, times } = sink;
  const order = Array.from({ length: records.length }, (_, i) => i);
  order.sort((a, b) => (times[a] ?? 0) - (times[b] ?? 0) || a - b);
  return order.map((i) => at(records, i));
}

function checkOptions(options: DemoSimulatorOptions): void {
  const counts = { agents: options.agents, devices: options.devices };
  for (const [name, value] of Object.entries(counts)) {
    if (value !== undefined && (!Number.isInteger(value) || value < 0)) {
      throw new RangeError(`${name} must be a whole number ≥ 0, got ${value}`);
    }
  }
  const positive = {
    ticketsPerDay: options.ticketsPerDay,
    sampleIntervalS: options.sampleIntervalS,
    historySampleIntervalS: options.historySampleIntervalS,
    batchSize: options.batchSize,
  };
  for (const [name, value] of Object.entries(positive)) {
    if (value !== undefined && !(Number.isFinite(value) && value >= 0)) {
      throw new RangeError(`${name} must be a finite number ≥ 0, got ${value}`);
    }
  }
  for (const value of [options.sampleIntervalS, options.historySampleIntervalS]) {
    // A zero interval would never let a device's clock move past its next sample.
    if (value !== undefined && value < 1)
      throw new RangeError(`sample intervals must be ≥ 1 s, got ${value}`);
  }
  if (!Number.isFinite(options.seed))
    throw new RangeError(`seed must be a number, got ${options.seed}`);
}

export class DemoSimulator {
  readonly seed: number;
  readonly fleet: Fleet;
  /** Multiplies live ticket arrivals and sample frequency; may be changed between windows. */
  rateScale: number;
  private readonly feed: TicketFeed;
  private readonly sampleIntervalMs: number;
  private readonly historyIntervalMs: number;
  private readonly batchSize: number;
  private devices: DeviceSim[] = [];
  private cursorMs: number | undefined;

  constructor(options: DemoSimulatorOptions) {
    checkOptions(options);
    this.seed = options.seed >>> 0;
    this.fleet = buildFleet(this.seed, options.devices ?? 2000);
    const desk = createTicketDesk(buildRoster(options.agents ?? 40), this.fleet);
    this.feed = new TicketFeed(this.seed, desk, options.ticketsPerDay ?? 600);
    this.sampleIntervalMs = (options.sampleIntervalS ?? 300) * 1000;
    this.historyIntervalMs = (options.historySampleIntervalS ?? 900) * 1000;
    this.rateScale = options.rateScale ?? 1;
    this.batchSize = options.batchSize ?? 5000;
  }

  /** Tickets created but not yet closed (what the simulator holds in memory). */
  get openTickets(): number {
    return this.feed.size;
  }

  /** Backfill [fromMs, toMs) in ordered batches; later events of open tickets wait for `live`. */
  *history(fromMs: number, toMs: number): Generator<Batch> {
    let batch: Batch = { tickets: [], telemetry: [] };
    for (let t = fromMs; t < toMs; t = Math.min(toMs, t + HISTORY_STEP_MS)) {
      this.step(t, Math.min(toMs, t + HISTORY_STEP_MS), this.historyIntervalMs, 1, batch);
      if (batch.tickets.length + batch.telemetry.length >= this.batchSize) {
        yield batch;
        batch = { tickets: [], telemetry: [] };
      }
    }
    if (batch.tickets.length + batch.telemetry.length > 0) yield batch;
  }

  /** Everything that occurs in [fromMs, toMs), continuing from the previous window. */
  live(fromMs: number, toMs: number): Batch {
    const batch: Batch = { tickets: [], telemetry: [] };
    const scale = Math.max(0, this.rateScale);
    // One sample a second per device is the ceiling; scale 0 pauses arrivals and sampling.
    const interval = Math.max(1000, Math.round(this.sampleIntervalMs / Math.max(scale, 1e-9)));
    this.step(fromMs, toMs, interval, Math.min(scale, MAX_TICKET_SCALE), batch);
    return batch;
  }

  /** Records per second that `live` would produce at this instant at rateScale 1 (a rough guide). */
  estimateLiveRate(atMs: number): number {
    const devicesOn = this.devices.filter((d) => d.isOn).length;
    const samples = devicesOn / (this.sampleIntervalMs / 1000);
    return samples + this.feed.arrivalRate(atMs) * 1000 * EVENTS_PER_TICKET;
  }

  private step(
    fromMs: number,
    toMs: number,
    intervalMs: number,
    ticketScale: number,
    out: Batch,
  ): void {
    if (this.cursorMs === undefined) {
      this.cursorMs = fromMs;
      this.devices = this.fleet.devices.map((d) => new DeviceSim(d, fromMs, intervalMs));
    }
    const cursor = this.cursorMs;
    // A window that starts later than the last one ended skips the gap, it does not replay it.
    if (fromMs > cursor) this.advance(fromMs, intervalMs, 1, undefined, fromMs);
    if (toMs <= this.cursorMs) return;
    this.advance(toMs, intervalMs, ticketScale, out, Math.max(fromMs, cursor));
  }

  private advance(
    toMs: number,
    intervalMs: number,
    ticketScale: number,
    out: Batch | undefined,
    createdFromMs: number,
  ): void {
    this.feed.create(toMs, ticketScale, createdFromMs);
    this.feed.release(toMs, out?.tickets);
    const sink: TelemetrySink | undefined =
      out === undefined ? undefined : { records: [], times: [] };
    for (const device of this.devices) device.advance(toMs, intervalMs, sink);
    if (out !== undefined && sink !== undefined) {
      for (const record of mergeByTime(sink)) out.telemetry.push(record);
    }
    this.cursorMs = toMs;
  }
}
