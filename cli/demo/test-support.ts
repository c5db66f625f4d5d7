/**
 * Shared, memoised simulations for the demo tests: simulating a week once
 * per test file keeps the suite fast.
 */
import type { Telemetry } from '../../schemas/telemetry.ts';
import type { TicketEvent } from '../../schemas/ticket-event.ts';
import { DemoSimulator } from './simulator.ts';
import type { DemoSimulatorOptions } from './simulator.ts';

/** Monday 2026-03-02, 00:00 UTC (01:00 in Berlin). */
export const MONDAY = Date.parse('2026-03-02T00:00:00Z');
export const DAY = 86_400_000;

export interface Collected {
  tickets: TicketEvent[];
  telemetry: Telemetry[];
  simulator: DemoSimulator;
}

export function collectHistory(
  options: DemoSimulatorOptions,
  fromMs: number,
  toMs: number,
): Collected {
  const simulator = new DemoSimulator(options);
  const tickets: TicketEvent[] = [];
  const telemetry: Telemetry[] = [];
  for (const batch of simulator.history(fromMs, toMs)) {
    tickets.push(...batch.tickets);
    telemetry.push(...batch.telemetry);
  }
  return { tickets, telemetry, simulator };
}

export function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const group = groups.get(k);
    if (group === undefined) groups.set(k, [item]);
    else group.push(item);
  }
  return groups;
}
