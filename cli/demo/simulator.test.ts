import { describe, expect, it } from 'vitest';
import { telemetrySchema } from '../../schemas/telemetry.ts';
import { ticketEventSchema } from '../../schemas/ticket-event.ts';
import { DemoSimulator } from './simulator.ts';
import type { Batch } from './simulator.ts';
import { collectHistory, DAY, MONDAY } from './test-support.ts';

const HOUR = 3_600_000;

function concat(batches: Iterable<Batch>): Batch {
  const out: Batch = { tickets: [], telemetry: [] };
  for (const batch of batches) {
    out.tickets.push(...batch.tickets);
    out.telemetry.push(...batch.telemetry);
  }
  return out;
}

describe('DemoSimulator output', () => {
  it('passes the v1 contracts for every record of a 2-day history with 200 devices', () => {
    const { tickets, telemetry } = collectHistory(
      { seed: 1, devices: 200 },
      MONDAY,
      MONDAY + 2 * DAY,
    );
    expect(tickets.length).toBeGreaterThan(500);
    expect(telemetry.length).toBeGreaterThan(5000);
    const badTickets = tickets.filter((e) => !ticketEventSchema.safeParse(e).success);
    const badTelemetry = telemetry.filter((r) => !telemetrySchema.safeParse(r).success);
    expect(badTickets).toEqual([]);
    expect(badTelemetry).toEqual([]);
    const iso = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;
    const outside = [...tickets, ...telemetry].filter((record) => {
      const ms = Date.parse(record.occurred_at);
      return !iso.test(record.occurred_at) || ms < MONDAY || ms >= MONDAY + 2 * DAY;
    });
    expect(outside).toEqual([]);
  });

  it('yields batches of a few thousand records, each in time order', () => {
    const simulator = new DemoSimulator({ seed: 3, devices: 300, batchSize: 3000 });
    let previous = '';
    let outOfOrder = 0;
    let batches = 0;
    for (const batch of simulator.history(MONDAY, MONDAY + DAY)) {
      batches++;
      expect(batch.tickets.length + batch.telemetry.length).toBeLessThan(6000);
      for (const record of batch.telemetry) {
        if (record.occurred_at < previous) outOfOrder++;
        previous = record.occurred_at;
      }
    }
    expect(batches).toBeGreaterThan(2);
    expect(outOfOrder).toBe(0);
  });

  it('is deterministic: the same seed gives identical output, another seed does not', () => {
    const run = (seed: number): string => {
      const simulator = new DemoSimulator({ seed, devices: 50, ticketsPerDay: 300 });
      const history = concat(simulator.history(MONDAY, MONDAY + DAY / 2));
      const live = simulator.live(MONDAY + DAY / 2, MONDAY + DAY / 2 + HOUR);
      return JSON.stringify([history, live]);
    };
    expect(run(11)).toEqual(run(11));
    expect(run(11)).not.toEqual(run(12));
  });

  it('only releases events before toMs; open tickets finish in live', () => {
    const simulator = new DemoSimulator({ seed: 5, devices: 20, ticketsPerDay: 400 });
    const history = concat(simulator.history(MONDAY, MONDAY + DAY));
    const created = new Set(
      history.tickets.filter((e) => e.type === 'created').map((e) => e.ticket_id),
    );
    expect(simulator.openTickets).toBeGreaterThan(0);
    // Long on-hold chains make a few tickets live for weeks; 45 quiet days later all are closed.
    simulator.rateScale = 0;
    const live = simulator.live(MONDAY + DAY, MONDAY + 46 * DAY);
    const closed = new Set(
      [...history.tickets, ...live.tickets]
        .filter((e) => e.type === 'status_changed' && e.status === 'closed')
        .map((e) => e.ticket_id),
    );
    for (const id of created) expect(closed.has(id)).toBe(true);
    // Finished tickets are dropped: nothing is held any more.
    expect(simulator.openTickets).toBe(0);
  });

  it('gives the same tickets whether the span is backfilled or streamed', () => {
    const whole = concat(
      new DemoSimulator({ seed: 8, devices: 10 }).history(MONDAY, MONDAY + 3 * DAY),
    );
    const simulator = new DemoSimulator({ seed: 8, devices: 10 });
    const split = concat(simulator.history(MONDAY, MONDAY + DAY));
    split.tickets.push(...simulator.live(MONDAY + DAY, MONDAY + 3 * DAY).tickets);
    expect(split.tickets).toEqual(whole.tickets);
  });
});

describe('live windows', () => {
  it('stitched together equal one long window: no loss, no duplicates at the seams', () => {
    const options = { seed: 21, devices: 150, ticketsPerDay: 3000, sampleIntervalS: 60 };
    const from = MONDAY + 7 * HOUR; // 08:00 Berlin: busy
    const span = 3 * HOUR;
    const one = new DemoSimulator(options).live(from, from + span);

    const simulator = new DemoSimulator(options);
    const stitched: Batch = { tickets: [], telemetry: [] };
    const windows = [1000, 999, 1, 37_000, 60_000, 300_000, 1234, 5000];
    let t = from;
    for (let i = 0; t < from + span; i++) {
      const end = Math.min(from + span, t + (windows[i % windows.length] ?? 1000));
      const batch = simulator.live(t, end);
      stitched.tickets.push(...batch.tickets);
      stitched.telemetry.push(...batch.telemetry);
      t = end;
    }
    expect(one.tickets.length).toBeGreaterThan(100);
    expect(one.telemetry.length).toBeGreaterThan(10_000);
    expect(stitched.tickets).toEqual(one.tickets);
    expect(stitched.telemetry).toEqual(one.telemetry);
    expect(new Set(stitched.tickets.map((e) => e.event_id)).size).toBe(stitched.tickets.length);
  });

  it('a higher rateScale yields proportionally more records', () => {
    const from = MONDAY + 8 * HOUR;
    const count = (rateScale: number): number => {
      const simulator = new DemoSimulator({ seed: 4, devices: 200, rateScale });
      simulator.live(from - HOUR, from);
      const batch = simulator.live(from, from + HOUR);
      return batch.tickets.length + batch.telemetry.length;
    };
    const base = count(1);
    const scaled = count(10);
    expect(scaled / base).toBeGreaterThan(6);
    expect(scaled / base).toBeLessThan(12);
  });
});

describe('options', () => {
  it('refuses sizes and intervals that cannot work', () => {
    expect(() => new DemoSimulator({ seed: 1, devices: -1 })).toThrow(RangeError);
    expect(() => new DemoSimulator({ seed: 1, sampleIntervalS: 0 })).toThrow(/≥ 1 s/);
    expect(() => new DemoSimulator({ seed: Number.NaN })).toThrow(RangeError);
  });

  it('handles an empty fleet and a window that starts after a gap', () => {
    const simulator = new DemoSimulator({ seed: 1, devices: 0, ticketsPerDay: 2000 });
    const first = simulator.live(MONDAY + 8 * HOUR, MONDAY + 9 * HOUR);
    const later = simulator.live(MONDAY + 10 * HOUR, MONDAY + 11 * HOUR);
    expect(first.telemetry).toEqual([]);
    expect(first.tickets.length).toBeGreaterThan(0);
    // Nothing from the skipped hour leaks into the next window.
    const early = later.tickets.filter((e) => Date.parse(e.occurred_at) < MONDAY + 10 * HOUR);
    expect(early).toEqual([]);
  });
});
