/** Command-line flags of `npm run bench:ingest -- [flags]`. */
import type { ParseArgsConfig } from 'node:util';
import { parseFlags, UsageError, positiveInt } from '../common/cli.ts';

export { UsageError };

export interface BenchOptions {
  /** Concurrent HTTP clients (and concurrent floor inserts). */
  clients: number;
  /** Bound on each measured phase. */
  seconds: number;
  /** Bound on the events each measured phase may send (after warm-up). */
  events: number;
  /** Events the workload holds (generated once). */
  workloadEvents: number;
  batchLines: number;
  warmupBatches: number;
  /** Batches each target takes per round. */
  sliceBatches: number;
  gzip: boolean;
  gzipSeconds: number;
  seed: number;
  keep: boolean;
  /** Concurrent rawInserts of the floor; 1 (sequential) is the engine's best on this workload. */
  floorConcurrency: number;
  /** Extra environment for the deskpulse service, for what-if runs and profiling only. */
  serviceEnv: Record<string, string>;
  /** Write a V8 CPU profile of the deskpulse service (ndjson phase) into this directory. */
  cpuProf: string | undefined;
}

export const USAGE = `usage: npm run bench:ingest -- [--clients 4] [--seconds 20] [--events N]
       [--workload-events 400000] [--batch-lines 1000] [--warmup-batches 20] [--slice-batches 40]
       [--gzip-seconds 10] [--no-gzip] [--seed 1] [--keep] [--floor-concurrency 1]
       [--service-env NAME=VALUE]...  (what-if runs only, e.g. DESKPULSE_FLUSH_INTERVAL_MS=5)
       [--cpu-prof DIR]               (V8 CPU profile of the deskpulse service)`;

function positive(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) throw new UsageError(`--${name} must be a number > 0`);
  return n;
}

function assignment(text: string): [string, string] {
  const eq = text.indexOf('=');
  if (eq <= 0) throw new UsageError(`--service-env wants NAME=VALUE, got "${text}"`);
  return [text.slice(0, eq), text.slice(eq + 1)];
}

const FLAGS = {
  clients: { type: 'string' },
  seconds: { type: 'string' },
  events: { type: 'string' },
  'workload-events': { type: 'string' },
  'batch-lines': { type: 'string' },
  'warmup-batches': { type: 'string' },
  'slice-batches': { type: 'string' },
  'gzip-seconds': { type: 'string' },
  'no-gzip': { type: 'boolean', default: false },
  seed: { type: 'string' },
  keep: { type: 'boolean', default: false },
  'floor-concurrency': { type: 'string' },
  'service-env': { type: 'string', multiple: true, default: [] },
  'cpu-prof': { type: 'string' },
  help: { type: 'boolean', default: false },
} as const satisfies ParseArgsConfig['options'];

export function parseOptions(argv: string[]): BenchOptions {
  const values = parseFlags(argv, FLAGS, USAGE);
  const batchLines = positiveInt('batch-lines', values['batch-lines'], 1000);
  const warmupBatches = positiveInt('warmup-batches', values['warmup-batches'], 20);
  const events = positiveInt('events', values.events, Number.MAX_SAFE_INTEGER);
  const fallbackWorkload =
    events === Number.MAX_SAFE_INTEGER ? 400_000 : events + warmupBatches * batchLines;
  return {
    clients: positiveInt('clients', values.clients, 4),
    seconds: positive('seconds', values.seconds, 20),
    events,
    workloadEvents: positiveInt('workload-events', values['workload-events'], fallbackWorkload),
    batchLines,
    warmupBatches,
    sliceBatches: positiveInt('slice-batches', values['slice-batches'], 40),
    gzip: !values['no-gzip'],
    gzipSeconds: positive('gzip-seconds', values['gzip-seconds'], 10),
    seed: positiveInt('seed', values.seed, 1),
    keep: values.keep,
    floorConcurrency: positiveInt('floor-concurrency', values['floor-concurrency'], 1),
    serviceEnv: Object.fromEntries(values['service-env'].map(assignment)),
    cpuProf: values['cpu-prof'],
  };
}
