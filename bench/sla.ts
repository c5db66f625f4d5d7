/**
 * `npm run bench:sla`: the SLA engine on a year of a busy desk, in the
 * embedded engine, against the TypeScript reference.
 *
 *  1. load       N tickets (~8 events each) generated from the seed, rawInsert-ed
 *  2. full       engine.recomputeAll(tenant, 1, policy)          target < 30 s
 *  3. increment  10,000 new events (late, on open tickets, new tickets),
 *                then engine.syncTenant(tenant)                   target < 2 s
 *  4. reference  the same tickets regenerated and computed by the TypeScript
 *                reference, as a ratio of the SQL full recompute
 *  5. verify     (--verify K) K tickets compared clock by clock, SQL vs reference
 *  6. variants   (--tickets-per-chunk A,B,…) extra full recomputes as versions 2, 3, …
 * Missing a target is reported, never an error.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { openMigratedStore } from '../cli/runtime.ts';
import { loadPolicyFile } from '../cli/policy.ts';
import { configSchema } from '../schemas/config.ts';
import type { Store } from '../store/client.ts';
import { machine } from './ingest/proc.ts';
import { validateSample } from './sla/load.ts';
import { runBench } from './common/cli.ts';
import { parseOptions, USAGE, type BenchOptions } from './sla/options.ts';
import { fullPhase, incrementPhase, loadPhase, referencePhase, type Bench } from './sla/phases.ts';
import {
  int,
  machineLine,
  mb,
  secs,
  statementTable,
  summaryTable,
  type SummaryRow,
} from './sla/report.ts';
import { highestRss, StatementLog } from './sla/statements.ts';
import { END_MS, NOW_MS, SPAN_MS } from './sla/desk.ts';
import { verify } from './sla/verify.ts';

const began = performance.now();
function log(phase: string, message: string): void {
  const at = ((performance.now() - began) / 1000).toFixed(1).padStart(6);
  process.stdout.write(`[${at}s] ${phase.padEnd(11)} ${message}\n`);
}

const print = (lines: readonly string[]): void => {
  for (const line of lines) process.stdout.write(`${line}\n`);
};

function header(options: BenchOptions): string[] {
  const iso = (ms: number): string => new Date(ms).toISOString().slice(0, 10);
  return [
    machineLine(machine()),
    `workload: ${int(options.tickets)} tickets, seed ${options.seed}, created ${iso(END_MS - SPAN_MS)} … ${iso(END_MS)}; ` +
      `increment ${int(options.increment)} events; open clocks evaluated at ${new Date(NOW_MS).toISOString()}`,
    `policy: ${options.policyFile}; engine: embedded chDB, safetyLagMs 0, ticketsPerChunk ${options.ticketsPerChunk.map(int).join(', ')}`,
    '',
  ];
}

const NOISY_CORES = 0.2;

/** A warning when other processes competed for the cores during a phase. */
function noise(rows: readonly SummaryRow[]): string[] {
  const noisy = rows.filter((row) => row.cpu.otherCores > NOISY_CORES);
  if (noisy.length === 0) return [];
  const worst = Math.max(...noisy.map((row) => row.cpu.otherCores));
  return [
    `warning: other processes kept up to ${worst.toFixed(2)} cores busy during ${noisy.length} phase(s): ` +
      'wall times are inflated; the CPU column is the steadier figure',
  ];
}

async function extraVariants(bench: Bench, events: number): Promise<SummaryRow[]> {
  const rows: SummaryRow[] = [];
  const chunks = bench.options.ticketsPerChunk.slice(1);
  for (const [i, ticketsPerChunk] of chunks.entries()) {
    try {
      // A fresh version each, so every variant computes from nothing like the main run.
      const phase = await fullPhase(bench, events, i + 2, ticketsPerChunk);
      rows.push(phase.row);
      print(['', `v${i + 2} statements:`, ...statementTable(phase.statements)]);
    } catch (error) {
      log('full', `ticketsPerChunk ${int(ticketsPerChunk)} FAILED: ${String(error)}`);
    }
  }
  return rows;
}

async function run(store: Store, options: BenchOptions): Promise<void> {
  const policy = loadPolicyFile(options.policyFile).policy;
  const bench: Bench = { store, options, policy, log, statements: new StatementLog() };
  log('load', `${int(validateSample(options.seed, options.tickets, 2_000))} sample events valid`);
  const { row: loadRow, load } = await loadPhase(bench);
  const full = await fullPhase(bench, load.events, 1, options.ticketsPerChunk[0] ?? 250_000);
  const increment = await incrementPhase(bench, load.openIndices);
  const rows = [loadRow, full.row, increment.row];
  if (options.reference) rows.push((await referencePhase(bench, full.row.seconds)).row);
  let verified: string[] = [];
  if (options.verify > 0) {
    const result = await verify(store, {
      ...options,
      policy,
      increment: increment.increment,
      k: options.verify,
    });
    verified = [
      `verify: ${int(result.checked)} tickets, ${int(result.mismatched)} differ between SQL and reference`,
      ...result.examples.map((line) => `  ${line}`),
    ];
    print(verified);
  }
  // The variants run after the increment: they compute its events too.
  rows.push(...(await extraVariants(bench, load.events + increment.increment.events.length)));
  print(['', 'full recompute, by statement:', ...statementTable(full.statements)]);
  print(['', 'increment, by statement:', ...statementTable(increment.statements)]);
  print(['', `summary (peak RSS is this process's: chDB runs inside it):`, '']);
  print([machineLine(machine()), '', ...summaryTable(rows), '']);
  print([`peak RSS over the run: ${mb(highestRss())}`, ...verified, ...noise(rows)]);
  const ratio = rows.find((row) => row.phase.startsWith('reference'))?.target;
  if (ratio !== undefined) print([`reference / SQL full recompute: ${ratio}`]);
  print([`total: ${secs((performance.now() - began) / 1000)}`]);
}

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  print(header(options));
  const root = mkdtempSync(join(tmpdir(), 'deskpulse-bench-sla-'));
  // As test/helpers/store.ts's testConfig: defaults, quiet, nothing expires.
  const config = configSchema.parse({
    dataDir: root,
    logLevel: 'silent',
    retention: { samplesDays: 0, endpointEventsDays: 0 },
  });
  try {
    const store = await openMigratedStore(config, pino({ level: 'warn' }, process.stderr));
    log('store', store.location);
    try {
      await run(store, options);
    } finally {
      await store.close();
    }
  } finally {
    if (options.keep) process.stderr.write(`(kept ${root})\n`);
    else rmSync(root, { recursive: true, force: true });
  }
}

await runBench('bench:sla', USAGE, main);
