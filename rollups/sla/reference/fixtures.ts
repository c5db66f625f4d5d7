/**
 * Test fixtures for the reference clocks (used by the *.test.ts files beside
 * it): compact event builders and a runner that checks every result against
 * the public schemas.
 */
import { slaClockSchema } from '../../../schemas/sla-clock.ts';
import type { SlaClock } from '../../../schemas/sla-clock.ts';
import type { SlaMetric, SlaPolicy, SlaPolicyInput } from '../../../schemas/sla-policy.ts';
import { slaPolicySchema } from '../../../schemas/sla-policy.ts';
import type { TicketEvent } from '../../../schemas/ticket-event.ts';
import { slaExplainSchema } from '../../../schemas/sla-explain.ts';
import type { SlaExplain } from '../../../schemas/sla-explain.ts';
import { computeClocks } from './index.ts';

export const MINUTE = 60;
export const HOUR = 3_600;

/** A policy as the YAML loader would produce it (defaults applied). */
export function policy(input: SlaPolicyInput): SlaPolicy {
  return slaPolicySchema.parse(input);
}

/** A Mon–Fri calendar from `start` to `end` in `time_zone`. */
export function weekdays(id: string, time_zone: string, start: string, end: string) {
  return {
    id,
    time_zone,
    weekly: (['mon', 'tue', 'wed', 'thu', 'fri'] as const).map((day) => ({ day, start, end })),
  };
}

/** A calendar with the same hours every day. */
export function everyDay(id: string, time_zone: string, start: string, end: string) {
  return {
    id,
    time_zone,
    weekly: (['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const).map((day) => ({
      day,
      start,
      end,
    })),
  };
}

type Extra = Partial<Omit<TicketEvent, 'type' | 'occurred_at'>>;
export type EventSpec = [at: string, type: TicketEvent['type'], extra?: Extra];

/** Events with ids e01, e02, … in the order given, all on ticket T-1. */
export function events(...specs: EventSpec[]): TicketEvent[] {
  return specs.map(([at, type, extra], index) => ({
    event_id: `e${String(index + 1).padStart(2, '0')}`,
    ticket_id: 'T-1',
    type,
    occurred_at: at,
    ...extra,
  }));
}

export const agentReply: Extra = { comment: { author_role: 'agent', public: true } };
export const agentNote: Extra = { comment: { author_role: 'agent', public: false } };
export const customerReply: Extra = { comment: { author_role: 'customer', public: true } };
export const status = (name: string, extra: Extra = {}): Extra => ({ status: name, ...extra });

export interface RunResult {
  clocks: SlaClock[];
  explain: SlaExplain;
  /** The clock of `metric` and `cycle` (1 by default); throws when absent. */
  clock: (metric: SlaMetric, cycle?: number) => SlaClock;
}

/** computeClocks at `now`, checking every output against its schema. */
export function run(list: readonly TicketEvent[], slaPolicy: SlaPolicy, now: string): RunResult {
  const { clocks, explain } = computeClocks(list, slaPolicy, {
    policyVersion: 1,
    nowMs: Date.parse(now),
  });
  for (const clock of clocks) slaClockSchema.parse(clock);
  slaExplainSchema.parse(explain);
  return {
    clocks,
    explain,
    clock: (metric, cycle = 1) => {
      const found = clocks.find((c) => c.metric === metric && c.cycle === cycle);
      if (found === undefined) throw new Error(`no ${metric} clock, cycle ${String(cycle)}`);
      return found;
    },
  };
}

/** 24x7, one catch-all rule with all three targets. */
export const basic = policy({
  rules: [{ id: 'all', targets: { first_response: '1h', next_response: '2h', resolution: '4h' } }],
});

/** P1 is strict, P3 lenient; no catch-all, so a ticket without priority matches nothing. */
export const byPriority = policy({
  rules: [
    { id: 'p1', match: { priority: 'P1' }, targets: { first_response: '15m', resolution: '1h' } },
    { id: 'p3', match: { priority: 'P3' }, targets: { first_response: '2h', resolution: '4h' } },
  ],
});

/** A time on Monday 2026-03-02, UTC. */
export const at = (time: string): string => `2026-03-02T${time}Z`;
