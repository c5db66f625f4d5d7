/**
 * `npm run bench:reliability`: endpoint reliability at fleet scale, in the
 * embedded engine.
 *
 *  1. plan       the fleet and each device's history from the seed (pass 1: counts only)
 *  2. overhead   the first samples inserted with and without the rollup views, same bytes
 *  3. load       the whole history (samples, endpoint events, tickets), views folding it in
 *  4. catch-up   a late batch over the last 30 days → time until the read shows it;
 *                then OPTIMIZE … FINAL of the rollups (unless --no-optimize)
 *  5. queries    the dashboards over the last 30 days through the product's reads,
 *                p50/p95 of --runs runs after a warm-up               target p95 < 200 ms
 *  6. raw        the same figures from the raw tables, as a ratio
 *  7. check      rollups and raw rows compared figure by figure
 * Missing a target is reported, never an error.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { openMigratedStore } from '../cli/runtime.ts';
import { configSchema } from '../schemas/config.ts';
import type { Store } from '../store/client.ts';
import { runBench } from './common/cli.ts';
import { machine } from './ingest/proc.ts';
import { highestRss } from './sla/statements.ts';
import { int, machineLine, mb, secs } from './sla/report.ts';
import { APPS, assertAsciiNames } from './reliability/fleet.ts';
import { buildPlan, Generator, type Plan } from './reliability/generator.ts';
import { newBuffers } from './reliability/load.ts';
import { parseOptions, USAGE, type BenchOptions } from './reliability/options.ts';
import {
  catchUpPhase,
  crossCheckPhase,
  loadPhase,
  overheadPhase,
  queryPhase,
  type Bench,
} from './reliability/phases.ts';
import {
  agreementTable,
  agrees,
  modelAgreementTable,
  phaseTable,
  queryTable,
  TARGET_P95_MS,
} from './reliability/report.ts';
import { validateRows } from './reliability/validate.ts';
import { DAY_S, NOW_MS, RANGE_DAYS } from './reliability/workload.ts';

const began = performance.now();
function log(phase: string, message: string): void {
  const at = ((performance.now() - began) / 1000).toFixed(1).padStart(6);
  process.stdout.write(`[${at}s] ${phase.padEnd(9)} ${message}\n`);
}

const print = (lines: readonly string[]): void => {
  for (const line of lines) process.stdout.write(`${line}\n`);
};

const day = (ms: number): string => new Date(ms).toISOString().slice(0, 10);

function header(options: BenchOptions, plan: Plan): string[] {
  const first = plan.firstDayS * 1000;
  const short = plan.devices.length * options.samplesPerDevice - plan.samples;
  return [
    `workload: ${int(options.devices)} devices × ${int(options.samplesPerDevice)} samples = ${int(plan.samples)} samples` +
      (short > 0 ? ` (${int(short)} short: devices without enough history)` : '') +
      `, one every 5 min while a device is switched on (office laptops and desktops on working days, ` +
      `some desktops left running, kiosks always on; ≈ 115 samples on a day a device is used), plus boots, shutdowns, ` +
      `patch reboots, OS and app crashes and hangs (${APPS.length} apps), tickets linked to devices; ` +
      `re-sent duplicates 0.2 % of samples, 0.5 % of events; seed ${options.seed}`,
    `history: ${plan.days} days, ${day(first)} … ${day(NOW_MS)}; each device enrolled so that it has sent ` +
      `exactly ${int(options.samplesPerDevice)} samples by ${new Date(NOW_MS).toISOString()} (now); ` +
      `dashboards: the last ${RANGE_DAYS} days, ${day(NOW_MS - RANGE_DAYS * DAY_S * 1000)} … ${day(NOW_MS)}`,
    `engine: embedded chDB; ${int(options.chunkRows)} rows per insert; ${options.runs} runs per rollup query, ` +
      `${options.rawRuns} per raw query, each after a warm-up`,
    '',
  ];
}

const NOISY_CORES = 0.2;

/** A warning when other processes competed for the cores (this machine may be shared). */
function noise(otherCores: readonly number[]): string[] {
  const worst = Math.max(0, ...otherCores);
  if (worst <= NOISY_CORES) return [];
  return [
    `warning: other processes kept up to ${worst.toFixed(2)} cores busy during the load or a query: ` +
      'times are inflated',
  ];
}

async function run(store: Store, dataDir: string, options: BenchOptions): Promise<void> {
  log('plan', `${int(options.devices)} devices, counting each one's samples over the history`);
  const planned = performance.now();
  const plan = buildPlan(options);
  log('plan', `done in ${secs((performance.now() - planned) / 1000)}`);
  print(['', ...header(options, plan)]);
  // A fleet small enough to parse every row, with a history long enough for tickets.
  const small = buildPlan({ ...options, devices: 20, samplesPerDevice: 5_000 });
  const smallBuffers = newBuffers();
  const checked = await validateRows(small, smallBuffers, new Generator(small, smallBuffers));
  log(
    'validate',
    `${int(checked.samples)} samples, ${int(checked.events)} events, ${int(checked.tickets)} tickets of a 20-device fleet valid`,
  );
  const bench: Bench = {
    store,
    dataDir,
    options,
    plan,
    log,
    reads: { store, tenant: options.tenant, hourlyRollupDays: 0 },
  };
  const overhead = await overheadPhase(bench);
  const load = await loadPhase(bench);
  const late = await catchUpPhase(bench);
  const { rows: queries, statements } = await queryPhase(bench);
  const agreement = await crossCheckPhase(bench);

  print([
    '',
    machineLine(machine()),
    '',
    ...phaseTable([...overhead.rows, load.row, ...late.rows]),
  ]);
  print(['', ...queryTable(queries), '', ...statements]);
  const met = queries.filter((q) => q.rollup.p95Ms < TARGET_P95_MS).length;
  print([
    '',
    `p95 < ${TARGET_P95_MS} ms: ${met === queries.length ? 'target met' : 'not met'} (met by ${met} of ${queries.length} queries)`,
  ]);
  const models = agreement.byModel.filter(
    (m) => !agrees(m.usageHours[0], m.usageHours[1]) || !agrees(m.appCrashes[0], m.appCrashes[1]),
  );
  const disagree = agreement.fleet.filter((a) => !agrees(a.rollups, a.raw)).length + models.length;
  print([
    '',
    ...agreementTable(agreement.fleet),
    '',
    ...modelAgreementTable(agreement.byModel),
    '',
  ]);
  print([
    `cross-check: ${disagree === 0 ? 'rollups and raw rows agree' : `${disagree} figure(s) or model(s) DIFFER`} ` +
      `(${agreement.fleet.length} fleet figures, ${agreement.byModel.length} models; late batch included)`,
    ...noise([load.row.cpu?.otherCores ?? 0, ...queries.map((q) => q.otherCores)]),
    `peak RSS over the run: ${mb(highestRss())}`,
    `total: ${secs((performance.now() - began) / 1000)}`,
  ]);
}

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  assertAsciiNames();
  print([machineLine(machine()), '']);
  const root = mkdtempSync(join(options.dataDir ?? tmpdir(), 'deskpulse-bench-reliability-'));
  // As test/helpers/store.ts's testConfig: defaults, quiet, nothing expires
  // (the history lies in the past of the wall clock).
  const config = configSchema.parse({
    dataDir: root,
    logLevel: 'silent',
    retention: { samplesDays: 0, endpointEventsDays: 0, hourlyRollupDays: 0, dailyRollupDays: 0 },
  });
  try {
    const store = await openMigratedStore(config, pino({ level: 'warn' }, process.stderr));
    log('store', store.location);
    try {
      await run(store, root, options);
    } finally {
      await store.close();
    }
  } finally {
    if (options.keep) process.stderr.write(`(kept ${root})\n`);
    else rmSync(root, { recursive: true, force: true });
  }
}

await runBench('bench:reliability', USAGE, main);
