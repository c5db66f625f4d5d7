/** Command-line flags of `npm run bench:reliability -- [flags]` (same conventions as bench:sla). */
import type { ParseArgsConfig } from 'node:util';
import { parseFlags, UsageError, positiveInt } from '../common/cli.ts';

export interface BenchOptions {
  devices: number;
  /** Samples each device has sent by the end of the loaded history. */
  samplesPerDevice: number;
  seed: number;
  /** Rows per insert while loading. */
  chunkRows: number;
  /** Samples loaded twice (with and without the views) to measure the rollups' cost. */
  overheadSamples: number;
  /** Samples in the late batch of the catch-up phase; 0.1 % of the history when absent. */
  lateSamples: number | undefined;
  /** Timed runs of each dashboard query, after one warm-up. */
  runs: number;
  /** Timed runs of each raw-table counterpart (slow at full scale), after one warm-up. */
  rawRuns: number;
  tenant: string;
  /** Where the run's fresh data directory is created; the OS temp dir when absent. */
  dataDir: string | undefined;
  keep: boolean;
  /** Also times OPTIMIZE … FINAL of the rollup tables after the late batch. */
  optimize: boolean;
}

export const USAGE = `usage: npm run bench:reliability -- [--devices 20000] [--samples-per-device 5000]
       [--seed 1] [--runs 20] [--raw-runs 3] [--chunk-rows 500000]
       [--overhead-samples 5000000] [--late-samples N (0.1 % of samples)] [--tenant bench]
       [--data-dir DIR] [--keep] [--no-optimize]
  --data-dir: where the run's fresh data directory is created (default: the OS temp dir);
              it is removed at the end unless --keep
  smoke run: --devices 200 --samples-per-device 500`;

const FLAGS = {
  devices: { type: 'string' },
  'samples-per-device': { type: 'string' },
  seed: { type: 'string' },
  'chunk-rows': { type: 'string' },
  'overhead-samples': { type: 'string' },
  'late-samples': { type: 'string' },
  runs: { type: 'string' },
  'raw-runs': { type: 'string' },
  tenant: { type: 'string', default: 'bench' },
  'data-dir': { type: 'string' },
  keep: { type: 'boolean', default: false },
  'no-optimize': { type: 'boolean', default: false },
  help: { type: 'boolean', default: false },
} as const satisfies ParseArgsConfig['options'];

// Device ids and per-day random streams are packed into 32 bits (device × 1024 + day).
const MAX_DEVICES = 4_000_000;
// …which also bounds the loaded history to under 1,024 days (see workload.ts).
const MAX_SAMPLES_PER_DEVICE = 50_000;

export function parseOptions(argv: string[]): BenchOptions {
  const values = parseFlags(argv, FLAGS, USAGE);
  const devices = positiveInt('devices', values.devices, 20_000);
  if (devices > MAX_DEVICES) throw new UsageError(`--devices must be at most ${MAX_DEVICES}`);
  const samplesPerDevice = positiveInt('samples-per-device', values['samples-per-device'], 5_000);
  if (samplesPerDevice > MAX_SAMPLES_PER_DEVICE)
    throw new UsageError(`--samples-per-device must be at most ${MAX_SAMPLES_PER_DEVICE}`);
  return {
    devices,
    samplesPerDevice,
    seed: positiveInt('seed', values.seed, 1),
    chunkRows: positiveInt('chunk-rows', values['chunk-rows'], 500_000),
    overheadSamples: positiveInt('overhead-samples', values['overhead-samples'], 5_000_000),
    lateSamples:
      values['late-samples'] === undefined
        ? undefined
        : positiveInt('late-samples', values['late-samples'], 0),
    runs: positiveInt('runs', values.runs, 20),
    rawRuns: positiveInt('raw-runs', values['raw-runs'], 3),
    tenant: values.tenant,
    dataDir: values['data-dir'],
    keep: values.keep,
    optimize: !values['no-optimize'],
  };
}
