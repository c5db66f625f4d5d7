/** Timings of the dashboard's queries: one manager with the cache off, then many with it on. */
import { quantile } from '../reliability/timing.ts';
import type { QueryClient } from './client.ts';
import type { DashboardQuery } from './dashboard.ts';

export interface QueryTiming {
  label: string;
  query: string;
  rows: number;
  p50Ms: number;
  p95Ms: number;
}

/** Each query `runs` times after a warm-up, one at a time (the server's cache must be off). */
export async function timeQueries(
  client: QueryClient,
  queries: readonly DashboardQuery[],
  runs: number,
): Promise<QueryTiming[]> {
  const out: QueryTiming[] = [];
  for (const q of queries) {
    const { rows } = await client.query(q.query, q.params);
    const ms: number[] = [];
    for (let i = 0; i < runs; i += 1) {
      const started = performance.now();
      await client.query(q.query, q.params);
      ms.push(performance.now() - started);
    }
    out.push({
      label: q.label,
      query: q.query,
      rows,
      p50Ms: quantile(ms, 0.5),
      p95Ms: quantile(ms, 0.95),
    });
  }
  return out;
}

export interface ManagersRound {
  managers: number;
  requests: number;
  /** Answers computed by the engine (X-Deskpulse-Cache: miss); the rest came from the cache. */
  misses: number;
  wallMs: number;
  /** p95 of one manager's whole dashboard refresh (all its queries at once). */
  refreshP95Ms: number;
}

/** `managers` dashboards refreshing at the same instant, each issuing every query at once. */
export async function managersRound(
  client: QueryClient,
  queries: readonly DashboardQuery[],
  managers: number,
): Promise<ManagersRound> {
  const started = performance.now();
  let misses = 0;
  const refresh = async (): Promise<number> => {
    const began = performance.now();
    const answers = await Promise.all(queries.map((q) => client.query(q.query, q.params)));
    misses += answers.filter((a) => a.cache !== 'hit').length;
    return performance.now() - began;
  };
  const refreshes = await Promise.all(Array.from({ length: managers }, refresh));
  return {
    managers,
    requests: managers * queries.length,
    misses,
    wallMs: performance.now() - started,
    refreshP95Ms: quantile(refreshes, 0.95),
  };
}
