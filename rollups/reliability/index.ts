/*
 * Endpoint reliability (docs/reliability.md): metrics over the reliability
 * rollups, scores 0–100, agent freshness and the ticket ↔ device link.
 * Each read is `(store, tenant, query, nowMs[, options])` → its response.
 */
export type { ReliabilityReadOptions } from './read/metrics.ts';
export { readReliabilityMetrics } from './read/metrics.ts';
export { readReliabilityScores } from './read/scores.ts';
export { readSilentDevices } from './read/silent.ts';
export { readDeviceTickets } from './read/tickets.ts';
export { BOOT_MERGE_S, LOOKBACK_DAYS, restartRuleSql } from './read/power.ts';
export { DEFAULT_HOURLY_ROLLUP_DAYS, SHORT_RANGE_HOURS, planRange } from './range.ts';
export type { ScoreInputs, ScoreResult } from './score.ts';
export {
  BOOT_ALLOWANCE_S,
  MIN_POPULATION,
  SCORE_COMPONENTS,
  halfPointScore,
  scoreOf,
} from './score.ts';
export { DAYS_PER_MONTH, USAGE_SLOT_MINUTES, deriveMetrics } from './derive.ts';
