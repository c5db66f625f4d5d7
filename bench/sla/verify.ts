/**
 * --verify K: K tickets (half of them touched by the increment) computed by
 * the reference and read back from sla_clocks, both evaluated at NOW_MS.
 * A cheap cross-check on generated data; the property test is the real one.
 */
import type { SlaClock } from '../../schemas/sla-clock.ts';
import type { SlaPolicy } from '../../schemas/sla-policy.ts';
import type { Store } from '../../store/client.ts';
import {
  CalendarCache,
  compilePolicy,
  computeClockRows,
} from '../../rollups/sla/reference/index.ts';
import { readTicketClocks } from '../../rollups/sla/read/ticket-clocks.ts';
import type { Increment } from './increment.ts';
import { below, pick, streamOf } from './random.ts';
import { NOW_MS } from './desk.ts';
import { ticketEvents, ticketId } from './tickets.ts';

const VERIFY_STREAM = 0x7fff_fff1;

export interface VerifyResult {
  checked: number;
  mismatched: number;
  /** The first differences, one line each. */
  examples: string[];
}

const clockName = (clock: SlaClock): string => `${clock.metric}#${String(clock.cycle)}`;

/** One line per differing clock field; empty when the two agree exactly. */
export function clockDiffs(sql: readonly SlaClock[], ref: readonly SlaClock[]): string[] {
  const diffs: string[] = [];
  const refByName = new Map(ref.map((clock) => [clockName(clock), clock]));
  for (const clock of sql) {
    const other = refByName.get(clockName(clock));
    refByName.delete(clockName(clock));
    if (other === undefined) {
      diffs.push(`${clockName(clock)} only in SQL (${clock.state})`);
      continue;
    }
    for (const key of Object.keys(clock) as (keyof SlaClock)[]) {
      if (clock[key] !== other[key])
        diffs.push(
          `${clockName(clock)} ${key}: sql ${String(clock[key])} ref ${String(other[key])}`,
        );
    }
  }
  for (const [name, clock] of refByName) diffs.push(`${name} only in reference (${clock.state})`);
  return diffs;
}

/** The indices to check: half touched by the increment, half anywhere in the year. */
function sample(seed: number, tickets: number, increment: Increment, k: number): number[] {
  const random = streamOf(seed, VERIFY_STREAM);
  const touched = [...increment.byTicket.keys()].map((id) => Number(id.slice(1)));
  const chosen = new Set<number>();
  for (let i = 0; i < k * 4 && chosen.size < k; i += 1) {
    const fromIncrement = i % 2 === 0 && touched.length > 0;
    chosen.add(fromIncrement ? pick(random, touched) : below(random, tickets));
  }
  return [...chosen];
}

export async function verify(
  store: Store,
  options: {
    tenant: string;
    seed: number;
    tickets: number;
    policy: SlaPolicy;
    increment: Increment;
    k: number;
  },
): Promise<VerifyResult> {
  const compiled = compilePolicy(options.policy);
  const compute = { policyVersion: 1, nowMs: NOW_MS, calendars: new CalendarCache(options.policy) };
  const result: VerifyResult = { checked: 0, mismatched: 0, examples: [] };
  for (const index of sample(options.seed, options.tickets, options.increment, options.k)) {
    const id = ticketId(index);
    const base =
      index < options.tickets
        ? ticketEvents(options.seed, index, { tickets: options.tickets }).events
        : [];
    const events = [...base, ...(options.increment.byTicket.get(id) ?? [])];
    const ref = computeClockRows(events, compiled, compute);
    const sql = await readTicketClocks(store, {
      tenant: options.tenant,
      ticketId: id,
      version: 1,
      policy: options.policy,
      nowMs: NOW_MS,
    });
    const diffs = clockDiffs(sql, ref);
    result.checked += 1;
    if (diffs.length === 0) continue;
    result.mismatched += 1;
    if (result.examples.length < 10) result.examples.push(`${id}: ${diffs.slice(0, 3).join('; ')}`);
  }
  return result;
}
