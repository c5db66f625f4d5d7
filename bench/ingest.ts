/**
 * `npm run bench:ingest`: the ingest service against the engine's floor and a
 * naive implementation, on the same NDJSON bytes, in one run.
 *
 *  1. workload  ticket events from the demo desk, cut into 1,000-line batches (one file)
 *  2. targets   three processes, each with its own fresh data directory:
 *               floor     — the same bytes rawInsert-ed into the embedded engine (no HTTP)
 *               deskpulse — `deskpulse start`, driven over loopback HTTP by this process
 *               naive     — fastify + JSON.parse + zod + client.insert per request, same driver
 *  3. rounds    every target processes the same slice of batches in turn (rounds.ts)
 *  4. gzip      a fresh `deskpulse start`, the same batches gzip-compressed (informational)
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { gzip as gzipCallback } from 'node:zlib';
import { startFloorChild, startNaiveService } from './ingest/children.ts';
import { checkStored, SERVICE_ENV, startDeskpulse, TICKETS_PATH } from './ingest/deskpulse.ts';
import { runBench } from './common/cli.ts';
import { parseOptions, USAGE, type BenchOptions } from './ingest/options.ts';
import { machine, peakRssBytes } from './ingest/proc.ts';
import {
  int,
  machineLines,
  mb,
  noiseLines,
  phaseLines,
  ratioLines,
  resultTable,
  type PhaseResult,
} from './ingest/report.ts';
import { combine, runRounds } from './ingest/rounds.ts';
import { floorTarget, httpTarget, type Target } from './ingest/targets.ts';
import { loadWorkload, measuredRange, writeWorkload, type Workload } from './ingest/workload.ts';

const gzip = promisify(gzipCallback);

const PAUSE_BETWEEN_SLICES_MS = 250;
const LABELS: Record<string, string> = {
  floor: 'floor (rawInsert)',
  deskpulse: 'deskpulse (ndjson)',
  naive: 'naive service',
  gzip: 'deskpulse (gzip)',
};

const began = performance.now();
function log(phase: string, message: string): void {
  const at = ((performance.now() - began) / 1000).toFixed(1).padStart(6);
  process.stdout.write(`[${at}s] ${phase.padEnd(9)} ${message}\n`);
}

interface Range {
  start: number;
  end: number;
}

async function warmUp(targets: readonly Target[], range: Range): Promise<void> {
  for (const target of targets) {
    log(target.name, `warm-up: batches [0, ${range.start})`);
    const slice = await target.run(0, range.start);
    if (slice.failures.size > 0 || slice.rejected > 0)
      throw new Error(`${target.name}: warm-up failed: ${[...slice.failures].join(' ')}`);
  }
}

async function measure(
  targets: readonly Target[],
  range: Range,
  seconds: number,
  options: BenchOptions,
): Promise<PhaseResult[]> {
  await warmUp(targets, range);
  log(
    'rounds',
    `each round: every target takes the same ${options.sliceBatches} batches in turn (order rotates); ` +
      `until ${seconds} s of measured time for the slowest or batch ${range.end}`,
  );
  const results = await runRounds(targets, {
    ...range,
    sliceBatches: options.sliceBatches,
    seconds,
    pauseMs: PAUSE_BETWEEN_SLICES_MS,
    onRound: (round, slices) => {
      const parts = slices.map(
        ([t, s]) =>
          `${t.name} ${int(s.events / s.seconds)}/s${s.failures.size > 0 ? ' (FAILURES)' : ''}`,
      );
      log('rounds', `round ${round}: ${parts.join(', ')}`);
    },
  });
  return targets.map((target) => ({
    ...combine(target.name, target, results.get(target) ?? []),
    peakRssBytes: peakRssBytes(target.pid),
  }));
}

async function mainPhases(
  root: string,
  workloadDir: string,
  workload: Workload,
  range: Range,
  options: BenchOptions,
): Promise<PhaseResult[]> {
  const targets: Target[] = [];
  try {
    const floorDir = join(root, 'floor');
    mkdirSync(floorDir);
    const floorChild = await startFloorChild(floorDir, workloadDir, options.floorConcurrency);
    targets.push(floorTarget('floor', floorChild));
    log(
      'floor',
      `child ready (rawInsert of the same batches, ${options.floorConcurrency} at a time, no HTTP, no validation)`,
    );
    const deskpulse = await startDeskpulse(
      { name: 'deskpulse', dataDir: join(root, 'deskpulse'), workload, bodies: workload.batches },
      options,
      log,
    );
    targets.push(deskpulse.target);
    const naiveDir = join(root, 'naive');
    mkdirSync(naiveDir);
    const naiveService = await startNaiveService(naiveDir);
    log('naive', `naive-service.ts --data-dir ${naiveDir} ready at ${naiveService.url}`);
    targets.push(
      httpTarget({
        name: 'naive',
        service: naiveService,
        workload,
        bodies: workload.batches,
        clients: options.clients,
        path: TICKETS_PATH,
      }),
    );

    const phases = await measure(targets, range, options.seconds, options);
    await checkStored(deskpulse, log);
    const counted = await floorChild.request({ op: 'count' });
    if (counted.op === 'count') log('floor', `rows in ticket_events: ${int(counted.rows)}`);
    for (const phase of phases) for (const line of phaseLines(phase)) log(phase.name, line);
    return phases;
  } finally {
    for (const target of targets) {
      log(target.name, 'stopping');
      await target.close();
    }
  }
}

async function gzipPhase(
  root: string,
  workload: Workload,
  range: Range,
  options: BenchOptions,
): Promise<PhaseResult> {
  log('gzip', `compressing ${range.end} batches (gzip level 6, in the thread pool)`);
  const compressed = await Promise.all(
    workload.batches.slice(0, range.end).map((body) => gzip(body)),
  );
  const raw = workload.batches.slice(0, range.end).reduce((sum, b) => sum + b.length, 0);
  const wire = compressed.reduce((sum, body) => sum + body.length, 0);
  log('gzip', `${mb(raw)} NDJSON → ${mb(wire)} on the wire`);
  const deskpulse = await startDeskpulse(
    { name: 'gzip', dataDir: join(root, 'gzip'), workload, bodies: compressed, encoding: 'gzip' },
    options,
    log,
  );
  try {
    const seconds = Math.min(options.seconds, options.gzipSeconds);
    const [phase] = await measure([deskpulse.target], range, seconds, options);
    await checkStored(deskpulse, log);
    if (phase === undefined) throw new Error('gzip: no result');
    for (const line of phaseLines(phase)) log('gzip', line);
    return phase;
  } finally {
    log('gzip', 'stopping');
    await deskpulse.target.close();
  }
}

function header(options: BenchOptions): string[] {
  const lines = [
    ...machineLines(machine()),
    `service config: production defaults, except DESKPULSE_RATE_LIMIT_PER_MINUTE=${SERVICE_ENV.DESKPULSE_RATE_LIMIT_PER_MINUTE} (so the per-key limiter never interferes)`,
  ];
  const extra = Object.entries(options.serviceEnv);
  if (extra.length > 0) {
    lines.push(
      `NOT DEFAULT: deskpulse also runs with ${extra.map(([k, v]) => `${k}=${v}`).join(' ')} (a what-if run)`,
    );
  }
  const bound =
    options.events === Number.MAX_SAFE_INTEGER ? '' : ` or ${int(options.events)} events`;
  lines.push(
    `load: ${options.clients} concurrent clients, keep-alive, application/x-ndjson; ` +
      `about ${options.seconds} s of measured time for the slowest target${bound}`,
    '',
  );
  return lines;
}

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  for (const line of header(options)) process.stdout.write(`${line}\n`);
  const root = mkdtempSync(join(tmpdir(), 'deskpulse-bench-'));
  try {
    const workloadDir = join(root, 'workload');
    mkdirSync(workloadDir);
    log(
      'workload',
      `generating ${int(options.workloadEvents)} ticket events (DemoSimulator seed ${options.seed})`,
    );
    const index = writeWorkload(workloadDir, {
      events: options.workloadEvents,
      batchLines: options.batchLines,
      seed: options.seed,
    });
    const workload = loadWorkload(workloadDir);
    const range = measuredRange(workload, options.warmupBatches, options.events);
    log(
      'workload',
      `${int(index.events)} events, ${index.batches.length} batches of ≤${options.batchLines} lines, ` +
        `${mb(index.bytes)} (${int(index.bytes / index.events)} B/event); ` +
        `warm-up batches [0, ${range.start}), measured from [${range.start}, ${range.end})`,
    );

    const phases = await mainPhases(root, workloadDir, workload, range, options);
    if (options.gzip) phases.push(await gzipPhase(root, workload, range, options));

    const [floor, service, naive] = phases;
    if (floor === undefined || service === undefined || naive === undefined)
      throw new Error('missing results');
    process.stdout.write(
      `\nresults (one run, interleaved; events/s = acknowledged events / measured wall time; ` +
        `the load generator shares the cores with the process under test):\n`,
    );
    const labelled = phases.map((p) => ({ ...p, name: LABELS[p.name] ?? p.name }));
    for (const line of resultTable(labelled)) process.stdout.write(`  ${line}\n`);
    process.stdout.write('\n');
    for (const line of noiseLines(phases)) process.stdout.write(`${line}\n`);
    for (const line of ratioLines(service, floor, naive)) process.stdout.write(`${line}\n`);
  } finally {
    if (options.keep) process.stderr.write(`(kept ${root})\n`);
    else rmSync(root, { recursive: true, force: true });
  }
}

await runBench('bench:ingest', USAGE, main);
