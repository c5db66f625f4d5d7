import type { AttainmentSummaryQuery, AttainmentSummaryRow } from '../schemas/query.ts';
import type { SlaMetric } from '../schemas/sla-policy.ts';
import type { AttainmentRow } from '../schemas/sla-rollups.ts';
import type { SloDefinition } from '../schemas/slo.ts';
import { ratio } from '../rollups/sla/read/rollup-sql.ts';
import { errorBudget } from '../rollups/slo/budget.ts';

/*
 * Attainment against target per priority, with the error budget
 * (`sla.attainment_summary`): the attainment rollup summed over the range,
 * and the objective of the tenant's sla_attainment SLO for that metric and
 * priority. Pure: the reads happen in the registry entry.
 */

type AttainmentSli = Extract<SloDefinition['sli'], { kind: 'sla_attainment' }>;

/** A percentage from a fraction, without binary noise (0.999 → 99.9, not 99.90000000000001). */
export function percentOf(fraction: number): number {
  return Number((100 * fraction).toPrecision(12));
}

/** An SLO's queue restriction covers the request when it has none or holds every queue asked for. */
function coversQueues(sli: AttainmentSli, queues: readonly string[] | undefined): boolean {
  if (sli.queue === undefined) return true;
  return queues !== undefined && queues.every((queue) => sli.queue?.includes(queue) === true);
}

/**
 * The objective (a fraction) of the sla_attainment SLO for `metric` and
 * `priority`: one naming the priority first, else one with no priority
 * restriction; the first in definition order. Undefined when none matches.
 */
export function targetOf(
  slos: readonly SloDefinition[],
  metric: SlaMetric,
  priority: string,
  queues?: readonly string[],
): number | undefined {
  const candidates = slos.filter(
    (slo): slo is SloDefinition & { sli: AttainmentSli } =>
      slo.sli.kind === 'sla_attainment' &&
      slo.sli.metric === metric &&
      coversQueues(slo.sli, queues),
  );
  const exact = candidates.find((slo) => slo.sli.priority?.includes(priority) === true);
  const general = candidates.find((slo) => slo.sli.priority === undefined);
  return (exact ?? general)?.objective;
}

interface Totals {
  measured: number;
  met: number;
  breached: number;
}

function totalsByPriority(rows: readonly AttainmentRow[]): Map<string, Totals> {
  const totals = new Map<string, Totals>();
  for (const row of rows) {
    const priority = row.priority ?? '';
    const sum = totals.get(priority) ?? { measured: 0, met: 0, breached: 0 };
    sum.measured += row.measured;
    sum.met += row.met;
    sum.breached += row.breached;
    totals.set(priority, sum);
  }
  return totals;
}

/** One row per priority seen in the range, sorted by priority. */
export function summariseAttainment(
  rows: readonly AttainmentRow[],
  slos: readonly SloDefinition[],
  query: Pick<AttainmentSummaryQuery, 'metric' | 'queue'>,
): AttainmentSummaryRow[] {
  const totals = [...totalsByPriority(rows)].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return totals.map(([priority, sum]) => {
    const target = targetOf(slos, query.metric, priority, query.queue);
    const budget =
      target === undefined
        ? undefined
        : errorBudget({ good: sum.met, total: sum.measured }, target);
    return {
      priority,
      metric: query.metric,
      measured: sum.measured,
      met: sum.met,
      breached: sum.breached,
      attainment_pct: ratio(sum.met, sum.measured),
      target_pct: target === undefined ? null : percentOf(target),
      budget_breaches_allowed: budget === undefined ? null : budget.allowed_bad,
      budget_remaining_pct:
        budget?.remaining === undefined || budget.remaining === null
          ? null
          : percentOf(budget.remaining),
    };
  });
}
