/** Command-line flags of `npm run bench:sla -- [flags]` (same conventions as bench:ingest). */
import type { ParseArgsConfig } from 'node:util';
import { parseFlags, UsageError, positiveInt } from '../common/cli.ts';

export { UsageError };
import { DEFAULT_POLICY_FILE } from '../../cli/policy.ts';

export interface BenchOptions {
  tickets: number;
  seed: number;
  /** New events inserted after the full run, then computed incrementally. */
  increment: number;
  /** Rows per insert while loading. */
  chunkRows: number;
  /** The engine's ticketsPerChunk: the first drives the main run, the others are extra full runs. */
  ticketsPerChunk: number[];
  /** Tickets to cross-check between the reference and SQL; 0 skips it. */
  verify: number;
  reference: boolean;
  tenant: string;
  policyFile: string;
  keep: boolean;
}

export const USAGE = `usage: npm run bench:sla -- [--tickets 1000000] [--seed 1] [--increment 10000]
       [--chunk-rows 200000] [--tickets-per-chunk 250000[,100000,1000000…]]
       [--verify K] [--no-reference] [--tenant bench] [--policy FILE] [--keep]`;

function intList(name: string, value: string | undefined, fallback: number): number[] {
  if (value === undefined) return [fallback];
  return value.split(',').map((item) => positiveInt(name, item.trim(), fallback));
}

const FLAGS = {
  tickets: { type: 'string' },
  seed: { type: 'string' },
  increment: { type: 'string' },
  'chunk-rows': { type: 'string' },
  'tickets-per-chunk': { type: 'string' },
  verify: { type: 'string' },
  'no-reference': { type: 'boolean', default: false },
  tenant: { type: 'string', default: 'bench' },
  policy: { type: 'string', default: DEFAULT_POLICY_FILE },
  keep: { type: 'boolean', default: false },
  help: { type: 'boolean', default: false },
} as const satisfies ParseArgsConfig['options'];

export function parseOptions(argv: string[]): BenchOptions {
  const values = parseFlags(argv, FLAGS, USAGE);
  return {
    tickets: positiveInt('tickets', values.tickets, 1_000_000),
    seed: positiveInt('seed', values.seed, 1),
    increment: positiveInt('increment', values.increment, 10_000),
    chunkRows: positiveInt('chunk-rows', values['chunk-rows'], 200_000),
    // 250,000 is the engine's own default.
    ticketsPerChunk: intList('tickets-per-chunk', values['tickets-per-chunk'], 250_000),
    verify: values.verify === undefined ? 0 : positiveInt('verify', values.verify, 0),
    reference: !values['no-reference'],
    tenant: values.tenant,
    policyFile: values.policy,
    keep: values.keep,
  };
}
