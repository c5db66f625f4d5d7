/** Numbers → the lines the benchmark prints. */
import type { Machine } from './proc.ts';

const MB = 1024 * 1024;

export const TARGETS = { vsFloor: 0.5, vsNaive: 3, peakRssMb: 400 } as const;

/** One measured phase, whatever drove it. */
export interface PhaseResult {
  name: string;
  events: number;
  seconds: number;
  latenciesMs: number[];
  /** Peak RSS (VmHWM) of the process under test at the end, 0 when not measured. */
  peakRssBytes: number;
  /** Its RSS once ready, before any load, and the anonymous part of that. */
  readyRssBytes: number;
  readyAnonBytes: number;
  /** Sampled peaks while measured: anonymous (heaps, buffers) and file-backed (libchdb.so code). */
  peakAnonBytes: number;
  peakFileBytes: number;
  /** CPU seconds of the process under test (all threads) during the measured phase. */
  cpuSeconds: number;
  /** CPU seconds of the load generator during the measured phase; NaN when there is none. */
  driverCpuSeconds: number;
  /** CPU seconds every other process on the machine used meanwhile: noise. */
  otherCpuSeconds: number;
  /** Non-2xx answers and network errors, by status or error code. */
  failures: Map<string, number>;
  /** Events the target answered as rejected (the workload has none). */
  rejected: number;
  /** NDJSON bytes processed, uncompressed. */
  bytes: number;
  /** Measured slices (rounds) this is the sum of. */
  slices: number;
}

export function failureCount(phase: PhaseResult): number {
  let n = 0;
  for (const count of phase.failures.values()) n += count;
  return n;
}

/** Nearest-rank percentile; NaN for no samples. */
export function percentile(samples: readonly number[], p: number): number {
  if (samples.length === 0) return Number.NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length)));
  return sorted[rank - 1] ?? Number.NaN;
}

export const rate = (phase: PhaseResult): number =>
  phase.seconds > 0 ? phase.events / phase.seconds : 0;

export const int = (n: number): string =>
  Number.isFinite(n) ? Math.round(n).toLocaleString('en-US') : 'n/a';

const ms = (n: number): string => (Number.isFinite(n) ? `${n.toFixed(1)} ms` : 'n/a');

/** CPU seconds per wall second: how many cores were busy on average. */
const cores = (cpuSeconds: number, seconds: number): string =>
  Number.isFinite(cpuSeconds) && seconds > 0 ? (cpuSeconds / seconds).toFixed(2) : 'n/a';

export const mb = (bytes: number): string => (bytes > 0 ? `${int(bytes / MB)} MB` : 'n/a');

export function machineLines(m: Machine): string[] {
  return [
    `machine: ${m.cpu}, ${m.cores} cores, ${(m.ramBytes / 1024 ** 3).toFixed(1)} GiB RAM, node ${m.node}`,
    `note: the load generator (this process) shares the ${m.cores} cores with the process under test`,
  ];
}

/** Two lines for a finished phase: speed, then resources. */
export function phaseLines(phase: PhaseResult): string[] {
  const failed = [...phase.failures].map(([why, n]) => `${why} ×${n}`).join(', ');
  const failures =
    (failed === '' ? '' : `, FAILED requests: ${failed}`) +
    (phase.rejected > 0 ? `, ${int(phase.rejected)} events REJECTED` : '');
  return [
    `${int(phase.events)} events in ${phase.seconds.toFixed(2)} s (${phase.slices} slices) = ` +
      `${int(rate(phase))} events/s, ${(phase.bytes / MB / phase.seconds).toFixed(1)} MB/s NDJSON, ` +
      `ack p50 ${ms(percentile(phase.latenciesMs, 50))} p99 ${ms(percentile(phase.latenciesMs, 99))}` +
      failures,
    `RSS ${mb(phase.readyRssBytes)} idle (${mb(phase.readyAnonBytes)} anon) → ${mb(phase.peakRssBytes)} peak VmHWM ` +
      `(sampled peaks: ${mb(phase.peakAnonBytes)} anon, ${mb(phase.peakFileBytes)} file-backed); ` +
      `CPU ${cores(phase.cpuSeconds, phase.seconds)} cores, ` +
      `load generator ${cores(phase.driverCpuSeconds, phase.seconds)}, ` +
      `other processes ${cores(phase.otherCpuSeconds, phase.seconds)}`,
  ];
}

export function resultTable(phases: readonly PhaseResult[]): string[] {
  const width = Math.max(...phases.map((p) => p.name.length));
  const cols = (cells: string[]): string =>
    cells.map((cell, i) => (i === 0 ? cell.padEnd(width) : cell.padStart(9))).join('  ');
  return [
    cols([
      '',
      'events/s',
      'p50 ack',
      'p99 ack',
      'peak RSS',
      'peak anon',
      'idle RSS',
      'CPU',
      'gen CPU',
      'other CPU',
      'failed',
    ]),
    ...phases.map((p) =>
      cols([
        p.name,
        int(rate(p)),
        ms(percentile(p.latenciesMs, 50)),
        ms(percentile(p.latenciesMs, 99)),
        mb(p.peakRssBytes),
        mb(p.peakAnonBytes),
        mb(p.readyRssBytes),
        cores(p.cpuSeconds, p.seconds),
        cores(p.driverCpuSeconds, p.seconds),
        cores(p.otherCpuSeconds, p.seconds),
        int(failureCount(p) + p.rejected),
      ]),
    ),
  ];
}

const NOISY_CORES = 0.2;

/** A warning when other processes competed for the cores during a measured phase. */
export function noiseLines(phases: readonly PhaseResult[]): string[] {
  const noisy = phases.filter((p) => p.otherCpuSeconds / p.seconds > NOISY_CORES);
  if (noisy.length === 0) return [];
  const worst = Math.max(...noisy.map((p) => p.otherCpuSeconds / p.seconds));
  return [
    `warning: other processes used up to ${worst.toFixed(2)} cores during ${noisy.map((p) => p.name).join(', ')}: expect noise, rerun on a quiet machine`,
  ];
}

/** The last lines of the output: the ratios against their targets. */
export function ratioLines(service: PhaseResult, floor: PhaseResult, naive: PhaseResult): string[] {
  const vsFloor = rate(service) / rate(floor);
  const vsNaive = rate(service) / rate(naive);
  const rssMb = service.peakRssBytes / MB;
  const met = [
    vsFloor >= TARGETS.vsFloor,
    vsNaive >= TARGETS.vsNaive,
    rssMb <= TARGETS.peakRssMb,
  ].filter(Boolean).length;
  return [
    `targets met: ${met} of 3`,
    `ratio vs floor: ${vsFloor.toFixed(2)}x (target >= ${TARGETS.vsFloor}x)`,
    `ratio vs naive: ${vsNaive.toFixed(2)}x (target >= ${TARGETS.vsNaive}x)`,
    `peak RSS: ${Math.round(rssMb)} MB (target <= ${TARGETS.peakRssMb} MB)`,
  ];
}
