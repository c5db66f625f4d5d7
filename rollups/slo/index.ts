export type { Fraction } from './budget.ts';
export { budgetShare, errorBudget, exactDecimal, sliRatio } from './budget.ts';
export type { BurnAlertRule } from './burn-rate.ts';
export {
  BURN_ALERT_RULES,
  burnRate,
  burnRates,
  burnReaches,
  firingAlerts,
  sloStatusOf,
} from './burn-rate.ts';
export { evaluateSlo } from './evaluate.ts';
export type { SloReport } from './read.ts';
export { readSloCounts, readSloStatus } from './read.ts';
export type { Counts, WindowCounts, WindowName } from './windows.ts';
export {
  BURN_WINDOW_SECONDS,
  SLO_WINDOW_SECONDS,
  WINDOW_NAMES,
  emptyCounts,
  windowStartsMs,
} from './windows.ts';
