/** The measured phases of bench:reliability, each logging as it goes and returning its summary. */
import type { Store } from '../../store/client.ts';
import { peakRssBytes } from '../ingest/proc.ts';
import { cpuMeter } from '../sla/cpu.ts';
import { int, secs } from '../sla/report.ts';
import { resetPeakRss } from '../sla/statements.ts';
import { catchUp, optimizeRollups, rollupParts, type CatchUp } from './catchup.ts';
import { crossCheck, type ModelAgreement } from './crosscheck.ts';
import type { Plan } from './generator.ts';
import { loadHistory, type Log, type LoadResult } from './load.ts';
import type { BenchOptions } from './options.ts';
import { measureOverhead, type Overhead } from './overhead.ts';
import { dashboards, type Reads } from './queries.ts';
import type { Agreement, PhaseRow, QueryRow } from './report.ts';
import { StatementTimer } from './statements.ts';
import { timed, timeRuns } from './timing.ts';

export interface Bench {
  store: Store;
  dataDir: string;
  options: BenchOptions;
  plan: Plan;
  reads: Reads;
  log: Log;
}

export async function overheadPhase(
  bench: Bench,
): Promise<{ overhead: Overhead; rows: PhaseRow[] }> {
  const { options, log } = bench;
  const samples = Math.min(options.overheadSamples, bench.plan.samples);
  log('overhead', `the first ${int(samples)} samples, with and without the views`);
  const overhead = await measureOverhead(bench.store, bench.dataDir, bench.plan, options, log);
  const ratio = overhead.withViewsSeconds / overhead.withoutViewsSeconds;
  log(
    'overhead',
    `${int(overhead.rows)} rows in ${overhead.inserts} inserts: with views ${secs(overhead.withViewsSeconds)}, ` +
      `without ${secs(overhead.withoutViewsSeconds)} → ${ratio.toFixed(2)}× (scratch copy dropped, tables emptied)`,
  );
  const row = (phase: string, seconds: number, note: string): PhaseRow => ({
    phase,
    rows: overhead.rows,
    seconds,
    cpu: undefined,
    peakRssBytes: undefined,
    note,
  });
  return {
    overhead,
    rows: [
      row(
        'samples into endpoint_samples, views on',
        overhead.withViewsSeconds,
        `${ratio.toFixed(2)}× the time without views`,
      ),
      row(
        'same bytes into a copy without views',
        overhead.withoutViewsSeconds,
        'CREATE TABLE … AS endpoint_samples',
      ),
    ],
  };
}

export async function loadPhase(bench: Bench): Promise<{ load: LoadResult; row: PhaseRow }> {
  const { store, plan, options, log } = bench;
  resetPeakRss();
  const cpu = cpuMeter();
  const load = await loadHistory(store, plan, options.chunkRows, log);
  const used = cpu();
  const peak = peakRssBytes(process.pid);
  const g = load.generated;
  const types = [...g.byType.entries()].sort(([a], [b]) => (a < b ? -1 : 1));
  log(
    'load',
    `${int(g.samples)} samples (+${int(g.sampleResends)} re-sent), ${int(g.events)} endpoint events ` +
      `(+${int(g.eventResends)} re-sent: ${types.map(([type, n]) => `${int(n)} ${type}`).join(', ')}), ` +
      `${int(g.tickets)} tickets`,
  );
  for (const part of await rollupParts(store))
    log('load', `${part.table}: ${int(part.rows)} rows in ${int(part.parts)} active parts`);
  return {
    load,
    row: {
      phase: `load with views (rawInsert, ${int(options.chunkRows)} rows/insert)`,
      rows: load.rows,
      seconds: load.seconds,
      cpu: used,
      peakRssBytes: peak,
      note: `${int(g.samples / load.seconds)} samples/s; ${secs(load.waitSeconds)} waiting on inserts`,
    },
  };
}

export async function catchUpPhase(bench: Bench): Promise<{ catchUp: CatchUp; rows: PhaseRow[] }> {
  const { store, reads, plan, options, log } = bench;
  // 100,000 at full scale; at least 1,000 so that a smoke run measures something.
  const samples = options.lateSamples ?? Math.max(1_000, Math.round(plan.samples / 1_000));
  const late = await catchUp(store, reads, plan, samples);
  const delta = (name: 'app_crashes' | 'usage_hours'): number =>
    (late.after?.[name] ?? 0) - (late.before?.[name] ?? 0);
  const crashes = delta('app_crashes');
  const reflected = crashes === late.crashes && delta('usage_hours') > 0;
  const total = late.insertSeconds + late.querySeconds;
  log(
    'catch-up',
    `${int(late.samples)} late samples + ${int(late.crashes)} app crashes on ${int(late.devices)} devices: ` +
      `insert ${secs(late.insertSeconds)}, first query ${secs(late.querySeconds)}; app crashes +${int(crashes)} ` +
      `(expected +${int(late.crashes)}), usage hours +${delta('usage_hours').toFixed(1)}: ` +
      (reflected ? 'reflected' : 'NOT reflected'),
  );
  const rows: PhaseRow[] = [
    {
      phase: 'catch-up: late batch → visible in the read',
      rows: late.samples + late.crashes,
      seconds: total,
      cpu: undefined,
      peakRssBytes: undefined,
      note: `insert ${secs(late.insertSeconds)} + first query ${secs(late.querySeconds)}; ${reflected ? 'reflected' : 'NOT reflected'}`,
    },
  ];
  if (options.optimize) {
    const optimized = await optimizeRollups(store);
    const seconds = optimized.reduce((sum, o) => sum + o.seconds, 0);
    log('optimize', optimized.map((o) => `${o.table} ${secs(o.seconds)}`).join(', '));
    rows.push({
      phase: 'OPTIMIZE … FINAL of the rollup tables',
      rows: 0,
      seconds,
      cpu: undefined,
      peakRssBytes: undefined,
      note: `slowest: ${[...optimized].sort((a, b) => b.seconds - a.seconds)[0]?.table ?? ''}`,
    });
  }
  return { catchUp: late, rows };
}

export async function queryPhase(
  bench: Bench,
): Promise<{ rows: QueryRow[]; statements: string[] }> {
  const { options, log } = bench;
  const rows: QueryRow[] = [];
  for (const query of dashboards(bench.reads)) {
    const cpu = cpuMeter();
    const rollup = await timeRuns(query.rollup, options.runs);
    const others = cpu().otherCores;
    log(
      'queries',
      `${query.name}: ${int(rollup.rows)} rows, p50 ${rollup.p50Ms.toFixed(1)} ms, p95 ${rollup.p95Ms.toFixed(1)} ms`,
    );
    rows.push({ name: query.name, rollup, raw: undefined, otherCores: others });
  }
  // One more run of each, statement by statement: where the rollup reads' time goes.
  const timer = new StatementTimer();
  for (const query of dashboards({ ...bench.reads, store: timer.wrap(bench.reads.store) }))
    await query.rollup();
  bench.log('queries', 'statement breakdown done');
  // The raw runs are sequential already: timing their statements costs nothing extra.
  const rawTimer = new StatementTimer();
  const rawReads = { ...bench.reads, store: rawTimer.wrap(bench.reads.store) };
  for (const [i, query] of dashboards(rawReads).entries()) {
    const raw = await timeRuns(query.raw, options.rawRuns);
    log(
      'raw',
      `${query.name}: ${int(raw.rows)} rows, p50 ${raw.p50Ms.toFixed(0)} ms, p95 ${raw.p95Ms.toFixed(0)} ms`,
    );
    const row = rows[i];
    if (row !== undefined) row.raw = raw;
  }
  return {
    rows,
    statements: [
      ...timer.table('rollup reads by statement (one run of each dashboard)'),
      '',
      ...rawTimer.table(
        `raw reads by statement (all ${options.rawRuns + 1} runs of each dashboard)`,
      ),
    ],
  };
}

export async function crossCheckPhase(
  bench: Bench,
): Promise<{ fleet: Agreement[]; byModel: ModelAgreement[] }> {
  const { value, seconds } = await timed(() => crossCheck(bench.reads));
  bench.log(
    'check',
    `${value.fleet.length} fleet figures and ${value.byModel.length} models compared in ${secs(seconds)}`,
  );
  return value;
}
