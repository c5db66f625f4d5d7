/*
 * The SLA rollup reads (issue 3: attainment, live clocks, breach risk,
 * backlog, satisfaction). Each is a pure query over the rollup tables the
 * engine keeps: `(store, tenant, version, params, nowMs)` → plain JSON rows.
 */
export { readAttainment } from './attainment.ts';
export { readAtRisk, readLive } from './live.ts';
export { readBacklog } from './backlog.ts';
export { readSatisfaction } from './satisfaction.ts';
