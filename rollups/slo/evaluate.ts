import type { SloDefinition, SloStatus } from '../../schemas/slo.ts';
import { errorBudget, sliRatio } from './budget.ts';
import { burnRates, firingAlerts, sloStatusOf } from './burn-rate.ts';
import type { WindowCounts } from './windows.ts';

/** An SLO's status from its window counts: pure, so every number can be checked by hand. */
export function evaluateSlo(slo: SloDefinition, counts: WindowCounts): SloStatus {
  const alerts = firingAlerts(counts, slo.objective);
  return {
    name: slo.name,
    ...(slo.description === undefined ? {} : { description: slo.description }),
    objective: slo.objective,
    window: slo.window,
    indicator: slo.sli,
    sli: { ...counts.slo, ratio: sliRatio(counts.slo) },
    error_budget: errorBudget(counts.slo, slo.objective),
    burn_rates: burnRates(counts, slo.objective),
    alerts,
    status: sloStatusOf(counts, alerts),
  };
}
