/**
 * Interleaved measurement. The cores of a shared or virtual machine change
 * speed from second to second, so measuring one target after the other
 * compares different machines. Instead every target processes the same slice
 * of batches in turn, round after round (the order rotating each round), and
 * the totals are compared: drift hits all targets alike, and every target
 * has processed exactly the same bytes.
 */
import type { PhaseResult } from './report.ts';
import type { SliceResult, Target } from './targets.ts';

export interface RoundsOptions {
  /** Batch range to measure, [start, end). */
  start: number;
  end: number;
  sliceBatches: number;
  /** No new round once the slowest target would go past this much measured time. */
  seconds: number;
  /** Quiet time between slices, so one target's leftovers (merges, GC) do not land in the next's. */
  pauseMs: number;
  onRound?: (round: number, slices: readonly [Target, SliceResult][]) => void;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export async function runRounds(
  targets: readonly Target[],
  options: RoundsOptions,
): Promise<Map<Target, SliceResult[]>> {
  const results = new Map<Target, SliceResult[]>(targets.map((t) => [t, []]));
  const spent = (t: Target): number =>
    (results.get(t) ?? []).reduce((sum, slice) => sum + slice.seconds, 0);
  const last = (t: Target): number => results.get(t)?.at(-1)?.seconds ?? 0;
  let round = 0;
  for (let at = options.start; at < options.end; at += options.sliceBatches) {
    if (round > 0 && targets.some((t) => spent(t) + last(t) > options.seconds)) break;
    const end = Math.min(options.end, at + options.sliceBatches);
    const order = targets.map((_, i) => targets[(i + round) % targets.length]);
    const slices: [Target, SliceResult][] = [];
    for (const target of order) {
      if (target === undefined) continue;
      const slice = await target.run(at, end);
      results.get(target)?.push(slice);
      slices.push([target, slice]);
      await sleep(options.pauseMs);
    }
    round += 1;
    options.onRound?.(round, slices);
  }
  return results;
}

/** The slices of one target, added up. */
export function combine(name: string, target: Target, slices: readonly SliceResult[]): PhaseResult {
  const failures = new Map<string, number>();
  const total = {
    events: 0,
    bytes: 0,
    seconds: 0,
    rejected: 0,
    cpuSeconds: 0,
    driverCpuSeconds: 0,
    otherCpuSeconds: 0,
  };
  const latenciesMs: number[] = [];
  let peakAnonBytes = 0;
  let peakFileBytes = 0;
  for (const slice of slices) {
    peakAnonBytes = Math.max(peakAnonBytes, slice.peakAnonBytes);
    peakFileBytes = Math.max(peakFileBytes, slice.peakFileBytes);
    for (const key of Object.keys(total) as (keyof typeof total)[]) total[key] += slice[key];
    for (const latency of slice.latenciesMs) latenciesMs.push(latency);
    for (const [why, n] of slice.failures) failures.set(why, (failures.get(why) ?? 0) + n);
  }
  return {
    name,
    ...total,
    slices: slices.length,
    latenciesMs,
    failures,
    readyRssBytes: target.readyRssBytes,
    readyAnonBytes: target.readyAnonBytes,
    peakAnonBytes,
    peakFileBytes,
    peakRssBytes: 0,
  };
}
