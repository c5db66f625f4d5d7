/**
 * The same year through the pure TypeScript reference: every ticket is
 * regenerated from the seed (untimed) and its clocks computed (timed), a
 * batch at a time, with one CalendarCache for the whole run as a service
 * would keep it. `computeClockRows` is `computeClocks` without building
 * `explain`: the SQL engine does not build it either.
 */
import { setImmediate as yieldToLoop } from 'node:timers/promises';
import type { SlaPolicy } from '../../schemas/sla-policy.ts';
import type { TicketEvent } from '../../schemas/ticket-event.ts';
import {
  CalendarCache,
  compilePolicy,
  computeClockRows,
} from '../../rollups/sla/reference/index.ts';
import { ownCpuSeconds } from '../ingest/proc.ts';
import { NOW_MS } from './desk.ts';
import { ticketEvents } from './tickets.ts';

const BATCH_TICKETS = 5_000;

export interface ReferenceResult {
  tickets: number;
  events: number;
  clocks: number;
  /** Time in computeClockRows only. */
  computeSeconds: number;
  /** CPU seconds in computeClockRows (garbage collection included). */
  computeCpuSeconds: number;
  /** Time regenerating the events (not part of the comparison). */
  generateSeconds: number;
  failures: number;
  firstFailure: string | undefined;
}

export async function runReference(
  options: { seed: number; tickets: number; policy: SlaPolicy },
  onProgress: (done: number, result: ReferenceResult) => void,
): Promise<ReferenceResult> {
  const compiled = compilePolicy(options.policy);
  const calendars = new CalendarCache(options.policy);
  const compute = { policyVersion: 1, nowMs: NOW_MS, calendars };
  const result: ReferenceResult = {
    tickets: 0,
    events: 0,
    clocks: 0,
    computeSeconds: 0,
    computeCpuSeconds: 0,
    generateSeconds: 0,
    failures: 0,
    firstFailure: undefined,
  };
  for (let start = 0; start < options.tickets; start += BATCH_TICKETS) {
    const end = Math.min(options.tickets, start + BATCH_TICKETS);
    const generated = performance.now();
    const batch: TicketEvent[][] = [];
    for (let index = start; index < end; index += 1) {
      batch.push(ticketEvents(options.seed, index, { tickets: options.tickets }).events);
    }
    const computed = performance.now();
    const cpu = ownCpuSeconds();
    for (const events of batch) {
      try {
        result.clocks += computeClockRows(events, compiled, compute).length;
      } catch (error) {
        result.failures += 1;
        result.firstFailure ??= `${events[0]?.ticket_id ?? '?'}: ${String(error)}`;
      }
      result.events += events.length;
    }
    result.computeSeconds += (performance.now() - computed) / 1000;
    result.computeCpuSeconds += ownCpuSeconds() - cpu;
    result.generateSeconds += (computed - generated) / 1000;
    result.tickets = end;
    onProgress(end, result);
    // Lets progress lines and timers through between batches.
    await yieldToLoop();
  }
  return result;
}
