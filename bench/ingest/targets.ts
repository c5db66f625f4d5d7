/**
 * The systems under test behind one interface: "process batches [start, end)
 * of the workload and say how it went". Each target is one process; CPU is
 * accounted per slice for it, for the load generator (this process) and for
 * everything else on the machine.
 */
import type { RunningService } from '../../test/helpers/child.ts';
import { stopService, type FloorChild } from './children.ts';
import { drive } from './driver.ts';
import { cpuSeconds, machineCpuSeconds, memory, ownCpuSeconds, rssBytes } from './proc.ts';
import type { Workload } from './workload.ts';

export interface SliceResult {
  /** Acknowledged events (HTTP) or inserted events (floor). */
  events: number;
  /** NDJSON bytes of the batches taken, uncompressed. */
  bytes: number;
  seconds: number;
  latenciesMs: number[];
  /** Non-2xx answers and network errors, by status or error code. */
  failures: Map<string, number>;
  rejected: number;
  /** CPU seconds of the target's process (all threads). */
  cpuSeconds: number;
  /** CPU seconds of this process: the HTTP load generator, or IPC for the floor. */
  driverCpuSeconds: number;
  /** CPU seconds of every other process on the machine. */
  otherCpuSeconds: number;
  /** Highest anonymous / file-backed resident memory seen, sampled every MEMORY_SAMPLE_MS. */
  peakAnonBytes: number;
  peakFileBytes: number;
}

const MEMORY_SAMPLE_MS = 20;

export interface Target {
  readonly name: string;
  readonly pid: number;
  /** RSS once ready, before any load, and its anonymous part. */
  readonly readyRssBytes: number;
  readonly readyAnonBytes: number;
  /** Events acknowledged so far, warm-up included. */
  readonly acknowledged: number;
  run(start: number, end: number): Promise<SliceResult>;
  close(): Promise<void>;
}

type Work = Omit<
  SliceResult,
  'cpuSeconds' | 'driverCpuSeconds' | 'otherCpuSeconds' | 'peakAnonBytes' | 'peakFileBytes'
>;

async function accounted(pid: number, work: () => Promise<Work>): Promise<SliceResult> {
  const peak = { anon: 0, file: 0 };
  const sample = (): void => {
    const now = memory(pid);
    peak.anon = Math.max(peak.anon, now.anon);
    peak.file = Math.max(peak.file, now.file);
  };
  const sampler = setInterval(sample, MEMORY_SAMPLE_MS);
  const target = cpuSeconds(pid);
  const own = ownCpuSeconds();
  const machine = machineCpuSeconds();
  try {
    const result = await work();
    const cpu = cpuSeconds(pid) - target;
    const driver = ownCpuSeconds() - own;
    sample();
    return {
      ...result,
      cpuSeconds: cpu,
      driverCpuSeconds: driver,
      otherCpuSeconds: machineCpuSeconds() - machine - cpu - driver,
      peakAnonBytes: peak.anon,
      peakFileBytes: peak.file,
    };
  } finally {
    clearInterval(sampler);
  }
}

function ndjsonBytes(workload: Workload, start: number, count: number): number {
  let bytes = 0;
  for (let i = start; i < start + count; i++) bytes += workload.batches[i]?.length ?? 0;
  return bytes;
}

export interface HttpTargetOptions {
  name: string;
  service: RunningService;
  workload: Workload;
  /** What goes on the wire, aligned with workload.batches (the same or gzip-compressed). */
  bodies: readonly Buffer[];
  clients: number;
  path: string;
  key?: string;
  encoding?: 'gzip';
}

export function httpTarget(options: HttpTargetOptions): Target {
  const { service, workload } = options;
  const pid = service.child.pid ?? 0;
  let acknowledged = 0;
  return {
    name: options.name,
    pid,
    readyRssBytes: rssBytes(pid),
    readyAnonBytes: memory(pid).anon,
    get acknowledged() {
      return acknowledged;
    },
    run: (start, end) =>
      accounted(pid, async () => {
        const result = await drive({
          url: service.url,
          path: options.path,
          ...(options.key === undefined ? {} : { key: options.key }),
          ...(options.encoding === undefined ? {} : { contentEncoding: options.encoding }),
          batches: options.bodies,
          clients: options.clients,
          start,
          end,
          seconds: Number.POSITIVE_INFINITY,
        });
        acknowledged += result.accepted;
        return {
          events: result.accepted,
          bytes: ndjsonBytes(workload, start, result.taken),
          seconds: result.seconds,
          latenciesMs: result.latenciesMs,
          failures: result.failures,
          rejected: result.rejected,
        };
      }),
    close: () => stopService(service),
  };
}

export function floorTarget(name: string, child: FloorChild): Target {
  let acknowledged = 0;
  return {
    name,
    pid: child.pid,
    readyRssBytes: rssBytes(child.pid),
    readyAnonBytes: memory(child.pid).anon,
    get acknowledged() {
      return acknowledged;
    },
    run: (start, end) =>
      accounted(child.pid, async () => {
        const answer = await child.request({ op: 'insert', start, end });
        if (answer.op !== 'inserted') throw new Error(`floor child answered ${answer.op}`);
        acknowledged += answer.events;
        return {
          events: answer.events,
          bytes: answer.bytes,
          seconds: answer.seconds,
          latenciesMs: answer.latenciesMs,
          failures: new Map(),
          rejected: 0,
        };
      }),
    close: () => child.close(),
  };
}
