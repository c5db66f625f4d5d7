/*
 * The SLA rollup reads (issue 3: attainment, live clocks, breach risk,
 * backlog, satisfaction and its score distribution). Each is a pure query
 * over the tables the engine keeps: `(store, tenant, version, params,
 * nowMs)` → plain JSON rows. readableVersion picks the version they read.
 */
export { readAttainment } from './attainment.ts';
export { readAtRisk, readLive } from './live.ts';
export { readBacklog } from './backlog.ts';
export { readSatisfaction } from './satisfaction.ts';
export { readSatisfactionDistribution } from './satisfaction-distribution.ts';
export { readableVersion } from './readable-version.ts';
