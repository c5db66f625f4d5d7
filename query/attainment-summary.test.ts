import { describe, expect, it } from 'vitest';
import type { AttainmentRow } from '../schemas/sla-rollups.ts';
import { sloDefinitionSchema, type SloDefinitionInput } from '../schemas/slo.ts';
import { percentOf, summariseAttainment, targetOf } from './attainment-summary.ts';

const slo = (input: SloDefinitionInput) => sloDefinitionSchema.parse(input);
const SLOS = [
  slo({ name: 'crash', objective: 0.99, window: '7d', sli: { kind: 'crash_free_device_days' } }),
  slo({
    name: 'any-resolution',
    objective: '80%',
    window: '30d',
    sli: { kind: 'sla_attainment', metric: 'resolution' },
  }),
  slo({
    name: 'p1-resolution',
    objective: '99.9%',
    window: '30d',
    sli: { kind: 'sla_attainment', metric: 'resolution', priority: ['P1', 'P0'] },
  }),
  slo({
    name: 'vip-first',
    objective: 0.95,
    window: '30d',
    sli: { kind: 'sla_attainment', metric: 'first_response', queue: 'vip' },
  }),
];

const row = (priority: string, met: number, breached: number): AttainmentRow => ({
  bucket: '2026-03-02T08:00:00Z',
  metric: 'resolution',
  priority,
  measured: met + breached,
  met,
  breached,
  cancelled: 0,
  untargeted: 0,
  attainment_pct: null,
  timed: met + breached,
  elapsed_p50_s: null,
  elapsed_p90_s: null,
  elapsed_p95_s: null,
});

describe('targetOf', () => {
  it('prefers the SLO naming the priority, then one without a priority', () => {
    expect(targetOf(SLOS, 'resolution', 'P1')).toBe(0.999);
    expect(targetOf(SLOS, 'resolution', 'P3')).toBe(0.8);
    expect(targetOf(SLOS, 'next_response', 'P1')).toBeUndefined();
  });

  it('uses a queue-restricted SLO only for requests within its queues', () => {
    expect(targetOf(SLOS, 'first_response', 'P1')).toBeUndefined();
    expect(targetOf(SLOS, 'first_response', 'P1', ['vip'])).toBe(0.95);
    expect(targetOf(SLOS, 'first_response', 'P1', ['vip', 'other'])).toBeUndefined();
  });
});

describe('summariseAttainment', () => {
  it('sums the range per priority and spends the error budget', () => {
    const rows = [row('P2', 3, 0), row('P1', 1, 0), row('P1', 0, 1), row('P2', 1, 1)];
    const summary = summariseAttainment(rows, SLOS, { metric: 'resolution', queue: undefined });
    expect(summary).toEqual([
      {
        priority: 'P1',
        metric: 'resolution',
        ...{ measured: 2, met: 1, breached: 1, attainment_pct: 50 },
        target_pct: 99.9,
        budget_breaches_allowed: 0.002,
        // 1 breach against 0.002 allowed: 500 budgets spent.
        budget_remaining_pct: -49_900,
      },
      {
        priority: 'P2',
        metric: 'resolution',
        ...{ measured: 5, met: 4, breached: 1, attainment_pct: 80 },
        target_pct: 80,
        budget_breaches_allowed: 1,
        budget_remaining_pct: 0,
      },
    ]);
  });

  it('has no target or budget without a matching SLO', () => {
    const [summary] = summariseAttainment([row('P1', 2, 0)], [], { metric: 'resolution' });
    expect(summary).toMatchObject({
      attainment_pct: 100,
      target_pct: null,
      budget_breaches_allowed: null,
      budget_remaining_pct: null,
    });
  });

  it('prints percentages without binary noise', () => {
    expect(percentOf(0.999)).toBe(99.9);
    expect(percentOf(0.07)).toBe(7);
    expect(percentOf(-1)).toBe(-100);
  });
});
