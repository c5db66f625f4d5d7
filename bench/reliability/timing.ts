/** Repeated runs of a query: one warm-up, then `runs` timed ones, as p50 and p95. */

export interface Timing {
  runs: number;
  /** Rows the query returned (from the warm-up). */
  rows: number;
  p50Ms: number;
  p95Ms: number;
}

/** Nearest-rank quantile of a non-empty list. */
export function quantile(values: readonly number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.max(0, Math.ceil(q * sorted.length) - 1)] ?? Number.NaN;
}

export async function timeRuns(run: () => Promise<number>, runs: number): Promise<Timing> {
  const rows = await run();
  const ms: number[] = [];
  for (let i = 0; i < runs; i += 1) {
    const started = performance.now();
    await run();
    ms.push(performance.now() - started);
  }
  return { runs, rows, p50Ms: quantile(ms, 0.5), p95Ms: quantile(ms, 0.95) };
}

/** Seconds a promise took, with its value. */
export async function timed<T>(work: () => Promise<T>): Promise<{ value: T; seconds: number }> {
  const started = performance.now();
  const value = await work();
  return { value, seconds: (performance.now() - started) / 1000 };
}
