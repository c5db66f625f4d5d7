import type { DataFrame } from '@grafana/data';

import { clamp } from '../shared/colors';
import { frameLength, numberColumn, pickFrame, textColumn } from '../shared/frames';
import { humanize } from '../shared/format';

export const ATTAINMENT_QUERY = 'sla.attainment_summary';
const REQUIRED_FIELDS = ['priority', 'attainment_pct', 'target_pct'] as const;

/** met: at or above target; missed: below; no-target: no SLO objective; no-data: nothing measured. */
export type AttainmentStatus = 'met' | 'missed' | 'no-target' | 'no-data';
/** ok / low (under a quarter left) / overspent (negative) / none (no target). */
export type BudgetStatus = 'ok' | 'low' | 'overspent' | 'none';

export interface AttainmentRow {
  priority: string;
  metric: string | null;
  measured: number;
  met: number;
  breached: number;
  attainmentPct: number | null;
  targetPct: number | null;
  breachesAllowed: number | null;
  budgetRemainingPct: number | null;
  status: AttainmentStatus;
  budget: BudgetStatus;
}

const LOW_BUDGET_PCT = 25;

export function attainmentStatus(
  attainmentPct: number | null,
  targetPct: number | null,
): AttainmentStatus {
  if (attainmentPct === null) return 'no-data';
  if (targetPct === null) return 'no-target';
  return attainmentPct >= targetPct ? 'met' : 'missed';
}

export function budgetStatus(remainingPct: number | null): BudgetStatus {
  if (remainingPct === null) return 'none';
  if (remainingPct < 0) return 'overspent';
  return remainingPct < LOW_BUDGET_PCT ? 'low' : 'ok';
}

/** Where a percentage sits on a bar running from `scaleMin` % to 100 %, as 0–1. */
export function barFraction(pct: number, scaleMin: number): number {
  const min = clamp(Number.isFinite(scaleMin) ? scaleMin : 0, 0, 99);
  return clamp((pct - min) / (100 - min), 0, 1);
}

/** The filled share of the budget bar: remaining budget, empty once overspent. */
export function budgetFraction(remainingPct: number | null): number {
  return remainingPct === null ? 0 : clamp(remainingPct / 100, 0, 1);
}

/** One row per priority of the `sla.attainment_summary` frame, in frame order. */
export function readAttainment(series: readonly DataFrame[]): AttainmentRow[] {
  const frame = pickFrame(series, ATTAINMENT_QUERY, REQUIRED_FIELDS);
  if (frame === undefined) return [];
  const priority = textColumn(frame, 'priority');
  const metric = textColumn(frame, 'metric');
  const measured = numberColumn(frame, 'measured');
  const met = numberColumn(frame, 'met');
  const breached = numberColumn(frame, 'breached');
  const attainment = numberColumn(frame, 'attainment_pct');
  const target = numberColumn(frame, 'target_pct');
  const allowed = numberColumn(frame, 'budget_breaches_allowed');
  const remaining = numberColumn(frame, 'budget_remaining_pct');
  return Array.from({ length: frameLength(frame) }, (_, i) => {
    const attainmentPct = attainment(i);
    const targetPct = target(i);
    const budgetRemainingPct = targetPct === null ? null : remaining(i);
    return {
      priority: priority(i) ?? 'All priorities',
      metric: metric(i),
      measured: measured(i) ?? 0,
      met: met(i) ?? 0,
      breached: breached(i) ?? 0,
      attainmentPct,
      targetPct,
      breachesAllowed: targetPct === null ? null : allowed(i),
      budgetRemainingPct,
      status: attainmentStatus(attainmentPct, targetPct),
      budget: budgetStatus(budgetRemainingPct),
    };
  });
}

/** The heading: the configured label, else the metric(s) the rows measure. */
export function metricTitle(rows: readonly AttainmentRow[], label: string): string {
  if (label.trim() !== '') return label.trim();
  const metrics = [...new Set(rows.map((row) => row.metric).filter((m) => m !== null))];
  return metrics.map(humanize).join(', ');
}
