/**
 * CPU use over a stretch of the run: this process's (chDB's threads
 * included: it runs inside it) and everyone else's. Other processes on a
 * shared 2-core machine show up directly in wall times, so each phase reports
 * how busy the rest of the machine was.
 */
import { machineCpuSeconds, ownCpuSeconds } from '../ingest/proc.ts';

export interface CpuUse {
  /** CPU seconds this process used. */
  own: number;
  /** Average cores every other process kept busy meanwhile. */
  otherCores: number;
}

/** Starts measuring; call the result to read the use since. */
export function cpuMeter(): () => CpuUse {
  const wall = performance.now();
  const own = ownCpuSeconds();
  const machine = machineCpuSeconds();
  return () => {
    const seconds = (performance.now() - wall) / 1000;
    const ownUsed = ownCpuSeconds() - own;
    const other = machineCpuSeconds() - machine - ownUsed;
    return { own: ownUsed, otherCores: seconds > 0 ? Math.max(0, other / seconds) : 0 };
  };
}
