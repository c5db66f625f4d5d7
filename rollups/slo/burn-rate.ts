import type { AlertSeverity, BurnWindow, SloAlert, SloStatusName } from '../../schemas/slo.ts';
import { BURN_WINDOWS } from '../../schemas/slo.ts';
import { budgetShare, exactDecimal, type Fraction } from './budget.ts';
import type { Counts, WindowCounts } from './windows.ts';

/** One row of the multi-window, multi-burn-rate table. */
export interface BurnAlertRule {
  severity: AlertSeverity;
  long: BurnWindow;
  short: BurnWindow;
  threshold: number;
}

/**
 * Google SRE workbook, "Alerting on SLOs", table 5-8: an alert fires when
 * both its long and its short window burn at least `threshold` times the
 * sustainable rate. The long window makes it significant, the short one
 * makes it stop soon after the problem does.
 */
export const BURN_ALERT_RULES: readonly BurnAlertRule[] = [
  { severity: 'page', long: '1h', short: '5m', threshold: 14.4 },
  { severity: 'page', long: '6h', short: '30m', threshold: 6 },
  { severity: 'ticket', long: '1d', short: '2h', threshold: 3 },
  { severity: 'ticket', long: '3d', short: '6h', threshold: 1 },
];

/**
 * burn = (bad / total) / (1 − objective): 1 spends the budget exactly over
 * the SLO window, 14.4 spends 2 % of a 30-day budget in an hour. A window
 * without events burns nothing: 0.
 */
export function burnRate(counts: Counts, objective: number): number {
  if (counts.total === 0) return 0;
  const share = budgetShare(objective);
  const bad = BigInt(counts.total - counts.good);
  return Number(bad * share.den) / Number(BigInt(counts.total) * share.num);
}

/** burn ≥ threshold, decided exactly (in integers), so a burn of exactly 14.4 reaches 14.4. */
export function burnReaches(counts: Counts, share: Fraction, threshold: Fraction): boolean {
  if (counts.total === 0) return false;
  const bad = BigInt(counts.total - counts.good);
  // bad / total / (num / den) ≥ t.num / t.den  ⇔  bad · den · t.den ≥ t.num · total · num
  return bad * share.den * threshold.den >= threshold.num * BigInt(counts.total) * share.num;
}

export function burnRates(counts: WindowCounts, objective: number): Record<BurnWindow, number> {
  const rates = BURN_WINDOWS.map((window) => [window, burnRate(counts[window], objective)]);
  return Object.fromEntries(rates) as Record<BurnWindow, number>;
}

/** The alerts of the table that fire: both windows at or above the threshold. */
export function firingAlerts(counts: WindowCounts, objective: number): SloAlert[] {
  const share = budgetShare(objective);
  return BURN_ALERT_RULES.filter((rule) => {
    const threshold = exactDecimal(rule.threshold);
    return (
      burnReaches(counts[rule.long], share, threshold) &&
      burnReaches(counts[rule.short], share, threshold)
    );
  }).map((rule) => ({
    severity: rule.severity,
    long_window: rule.long,
    short_window: rule.short,
    threshold: rule.threshold,
  }));
}

/** The worst firing severity; no_data when the SLO window holds no event at all. */
export function sloStatusOf(counts: WindowCounts, alerts: readonly SloAlert[]): SloStatusName {
  if (counts.slo.total === 0) return 'no_data';
  if (alerts.some((alert) => alert.severity === 'page')) return 'page';
  if (alerts.some((alert) => alert.severity === 'ticket')) return 'ticket';
  return 'ok';
}
