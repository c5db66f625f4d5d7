/** The measured phases of bench:sla, each returning its row of the summary. */
import { setTimeout as sleep } from 'node:timers/promises';
import type { SlaPolicy } from '../../schemas/sla-policy.ts';
import type { Store } from '../../store/client.ts';
import type { RunProgress } from '../../rollups/sla/engine/engine.ts';
import { peakRssBytes } from '../ingest/proc.ts';
import { cpuMeter } from './cpu.ts';
import { incrementEvents, type Increment } from './increment.ts';
import { assertValid, insertEvents, loadTickets, type LoadResult } from './load.ts';
import type { BenchOptions } from './options.ts';
import { runReference, type ReferenceResult } from './reference.ts';
import { int, mb, secs, TARGETS, verdict, type SummaryRow } from './report.ts';
import { benchEngine, countClocks, countEvents, countParts, timed } from './sql.ts';
import type { StatementLog } from './statements.ts';
import { resetPeakRss, timedStore, type StatementStats } from './statements.ts';

export type Log = (phase: string, message: string) => void;

export interface Bench {
  store: Store;
  options: BenchOptions;
  policy: SlaPolicy;
  log: Log;
  statements: StatementLog;
}

/** A measured SQL run: its summary row and where its time went. */
export interface SqlPhase {
  row: SummaryRow;
  statements: StatementStats[];
}

/** Peak RSS of a phase: statements reset it, so the highest of theirs and the last stretch. */
const phasePeak = (stats: readonly StatementStats[]): number =>
  Math.max(peakRssBytes(process.pid), ...stats.map((s) => s.peakRssBytes));

export async function loadPhase(bench: Bench): Promise<{ row: SummaryRow; load: LoadResult }> {
  const { options, store, log } = bench;
  resetPeakRss();
  const cpu = cpuMeter();
  const load = await loadTickets(store, { ...options }, (p) => {
    log(
      'load',
      `${int(p.events)} events (${int(p.tickets)} tickets) stored, ${int(p.events / p.seconds)} rows/s`,
    );
  });
  const peak = peakRssBytes(process.pid);
  const used = cpu();
  const stored = await countEvents(store, options.tenant);
  const parts = await countParts(store);
  log(
    'load',
    `${int(load.events)} events of ${int(load.tickets)} tickets (${(load.events / load.tickets).toFixed(2)}/ticket, ` +
      `${int(load.openIndices.length)} open) in ${secs(load.seconds)} = ${int(load.events / load.seconds)} rows/s, ` +
      `${mb(load.bytes)} JSONEachRow (${secs(load.seconds - load.waitSeconds)} generating, ` +
      `${secs(load.waitSeconds)} waiting on inserts); ${int(stored)} distinct events stored in ${parts} active parts`,
  );
  if (stored !== load.events) throw new Error(`stored ${stored} events, generated ${load.events}`);
  const row: SummaryRow = {
    phase: `load (rawInsert, ${int(options.chunkRows)} rows/insert)`,
    tickets: load.tickets,
    events: load.events,
    clocks: undefined,
    seconds: load.seconds,
    rate: { per: 'events', count: load.events },
    peakRssBytes: peak,
    cpu: used,
    target: '',
  };
  return { row, load };
}

const onProgress =
  (log: Log) =>
  (p: RunProgress): void => {
    log(p.kind, `v${p.version}: chunk ${p.doneChunks}/${p.totalChunks} done`);
  };

/** `recomputeAll` of every ticket under `version`, with the engine cut into `ticketsPerChunk`. */
export async function fullPhase(
  bench: Bench,
  events: number,
  version: number,
  ticketsPerChunk: number,
): Promise<SqlPhase> {
  const { options, policy, log } = bench;
  const engine = benchEngine(timedStore(bench.store, bench.statements), {
    tenant: options.tenant,
    version,
    policy,
    ticketsPerChunk,
    onProgress: onProgress(log),
  });
  bench.statements.take();
  log('full', `v${version}: recomputeAll, ticketsPerChunk ${int(ticketsPerChunk)}`);
  const cpu = cpuMeter();
  const run = await timed(() => engine.recomputeAll(options.tenant, version, policy));
  const used = cpu();
  const statements = bench.statements.take();
  const clocks = await countClocks(bench.store, options.tenant, version);
  log(
    'full',
    `v${version}: ${int(run.report.tickets)} tickets → ${int(clocks)} clocks in ${secs(run.seconds)}` +
      (run.report.poisoned > 0 ? ` (${int(run.report.poisoned)} POISONED)` : ''),
  );
  const row: SummaryRow = {
    phase: `full recompute (SQL, ${int(ticketsPerChunk)} tickets/chunk)`,
    tickets: run.report.tickets,
    events,
    clocks,
    seconds: run.seconds,
    rate: { per: 'tickets', count: run.report.tickets },
    peakRssBytes: phasePeak(statements),
    cpu: used,
    target: verdict(run.seconds, TARGETS.fullSeconds),
  };
  return { row, statements };
}

/** New events after the full run, then `syncTenant`: the increment since the watermark. */
export async function incrementPhase(
  bench: Bench,
  openIndices: readonly number[],
): Promise<SqlPhase & { increment: Increment }> {
  const { options, policy, log } = bench;
  // ingested_at has millisecond resolution and the watermark is the full run's
  // start: a pause makes "inserted after the run" unambiguous.
  await sleep(1000);
  const increment = incrementEvents(options.seed, options.tickets, openIndices, options.increment);
  assertValid(increment.events);
  await insertEvents(bench.store, options.tenant, increment.events);
  log(
    'increment',
    `${int(increment.events.length)} events on ${int(increment.byTicket.size)} tickets inserted: ` +
      `${int(increment.late)} late events for old tickets, ${int(increment.openUpdates)} on open tickets, ` +
      `${int(increment.newTickets)} new tickets`,
  );
  const engine = benchEngine(timedStore(bench.store, bench.statements), {
    tenant: options.tenant,
    version: 1,
    policy,
    ticketsPerChunk: options.ticketsPerChunk[0] ?? 250_000,
    onProgress: onProgress(log),
  });
  bench.statements.take();
  const cpu = cpuMeter();
  const run = await timed(() => engine.syncTenant(options.tenant));
  const used = cpu();
  const statements = bench.statements.take();
  const clocks = await countClocks(bench.store, options.tenant, 1);
  log(
    'increment',
    `syncTenant (${run.report.kind}): ${int(run.report.tickets)} tickets recomputed in ${secs(run.seconds)}; ` +
      `${int(clocks)} clocks now`,
  );
  if (run.report.kind !== 'incremental')
    log('increment', 'WARNING: the engine ran a full recompute');
  const row: SummaryRow = {
    phase: `increment (+${int(increment.events.length)} events, syncTenant)`,
    tickets: run.report.tickets,
    events: increment.events.length,
    clocks,
    seconds: run.seconds,
    rate: { per: 'tickets', count: run.report.tickets },
    peakRssBytes: phasePeak(statements),
    cpu: used,
    target: verdict(run.seconds, TARGETS.incrementSeconds),
  };
  return { row, statements, increment };
}

export async function referencePhase(
  bench: Bench,
  fullSeconds: number,
): Promise<{ row: SummaryRow; result: ReferenceResult }> {
  const { options, policy, log } = bench;
  resetPeakRss();
  const cpu = cpuMeter();
  let nextReport = 0;
  const result = await runReference({ ...options, policy }, (done, r) => {
    if (done < nextReport && done < options.tickets) return;
    nextReport = done + Math.max(50_000, Math.floor(options.tickets / 10));
    log(
      'reference',
      `${int(done)} tickets, ${int(r.clocks)} clocks, ${secs(r.computeSeconds)} computing`,
    );
  });
  const used = cpu();
  if (result.failures > 0)
    log('reference', `${int(result.failures)} tickets FAILED, first: ${result.firstFailure ?? ''}`);
  const ratio = result.computeSeconds / fullSeconds;
  log(
    'reference',
    `${int(result.tickets)} tickets → ${int(result.clocks)} clocks in ${secs(result.computeSeconds)} ` +
      `(+ ${secs(result.generateSeconds)} regenerating events, not counted); ` +
      `${ratio.toFixed(2)}× the SQL full recompute`,
  );
  const row: SummaryRow = {
    phase: 'reference (TypeScript, one thread)',
    tickets: result.tickets,
    events: result.events,
    clocks: result.clocks,
    seconds: result.computeSeconds,
    rate: { per: 'tickets', count: result.tickets },
    peakRssBytes: peakRssBytes(process.pid),
    cpu: { ...used, own: result.computeCpuSeconds },
    target: `${ratio.toFixed(2)}× SQL time`,
  };
  return { row, result };
}
