/** Command-line flags of `npm run bench:query -- [flags]` (same conventions as the other benchmarks). */
import type { ParseArgsConfig } from 'node:util';
import { parseFlags, positiveInt } from '../common/cli.ts';

export interface BenchOptions {
  tickets: number;
  devices: number;
  samplesPerDevice: number;
  seed: number;
  chunkRows: number;
  /** Timed runs of each dashboard query with the cache off, after one warm-up. */
  runs: number;
  /** Managers refreshing the SLA live dashboard at once, with the cache on. */
  managers: number;
  /** Tickets posted one by one to measure freshness. */
  freshness: number;
  tenant: string;
  /** An existing data directory from an earlier `--keep` run: the load is skipped. */
  reuse: string | undefined;
  dataDir: string | undefined;
  keep: boolean;
}

export const USAGE = `usage: npm run bench:query -- [--tickets 1000000] [--devices 20000] [--samples-per-device 5000]
       [--seed 1] [--runs 20] [--managers 50] [--freshness 10] [--chunk-rows 500000]
       [--tenant bench] [--data-dir DIR] [--keep] [--reuse DIR]
  --keep:  keep the data directory (its path is printed) so that --reuse DIR can skip the load
  smoke run: --tickets 20000 --devices 200 --samples-per-device 500`;

const FLAGS = {
  tickets: { type: 'string' },
  devices: { type: 'string' },
  'samples-per-device': { type: 'string' },
  seed: { type: 'string' },
  'chunk-rows': { type: 'string' },
  runs: { type: 'string' },
  managers: { type: 'string' },
  freshness: { type: 'string' },
  tenant: { type: 'string', default: 'bench' },
  'data-dir': { type: 'string' },
  reuse: { type: 'string' },
  keep: { type: 'boolean', default: false },
  help: { type: 'boolean', default: false },
} as const satisfies ParseArgsConfig['options'];

export function parseOptions(argv: string[]): BenchOptions {
  const values = parseFlags(argv, FLAGS, USAGE);
  return {
    tickets: positiveInt('tickets', values.tickets, 1_000_000),
    devices: positiveInt('devices', values.devices, 20_000),
    samplesPerDevice: positiveInt('samples-per-device', values['samples-per-device'], 5_000),
    seed: positiveInt('seed', values.seed, 1),
    chunkRows: positiveInt('chunk-rows', values['chunk-rows'], 500_000),
    runs: positiveInt('runs', values.runs, 20),
    managers: positiveInt('managers', values.managers, 50),
    freshness: positiveInt('freshness', values.freshness, 10),
    tenant: values.tenant,
    reuse: values.reuse,
    dataDir: values['data-dir'],
    keep: values.keep || values.reuse !== undefined,
  };
}
