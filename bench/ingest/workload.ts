/**
 * The benchmark workload: ticket events from the deterministic demo desk,
 * cut into NDJSON batches of a fixed number of lines, written once to one
 * file plus an index of byte ranges, so every child process posts or inserts
 * exactly the same bytes.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DemoSimulator } from '../../cli/demo/index.ts';

const DAY_MS = 86_400_000;
// A fixed window in the past: the same bytes whatever the date, and far from
// the clock-skew rule. Ticket events have no retention, so age does not matter.
const HISTORY_FROM_MS = Date.UTC(2025, 0, 6);
const HISTORY_MAX_DAYS = 120;
// A busy desk (10× the demo default), so the history needed stays short.
const TICKETS_PER_DAY = 6000;
// Telemetry is not measured here: sample so rarely that it costs nothing to skip.
const SAMPLE_INTERVAL_S = 10_000_000;

const DATA_FILE = 'tickets.ndjson';
const INDEX_FILE = 'index.json';

export interface WorkloadIndex {
  /** [offset, length, lines] of each batch in the data file. */
  batches: [number, number, number][];
  events: number;
  bytes: number;
}

export interface Workload {
  batches: Buffer[];
  /** Lines (events) per batch, aligned with `batches`. */
  lines: number[];
  events: number;
  bytes: number;
}

/** Generates at most `events` ticket events into `dir`, `batchLines` per batch. */
export function writeWorkload(
  dir: string,
  options: { events: number; batchLines: number; seed: number },
): WorkloadIndex {
  const simulator = new DemoSimulator({
    seed: options.seed,
    ticketsPerDay: TICKETS_PER_DAY,
    historySampleIntervalS: SAMPLE_INTERVAL_S,
  });
  const parts: Buffer[] = [];
  const index: WorkloadIndex = { batches: [], events: 0, bytes: 0 };
  let pending: string[] = [];
  const cut = (): void => {
    if (pending.length === 0) return;
    const bytes = Buffer.from(`${pending.join('\n')}\n`);
    index.batches.push([index.bytes, bytes.length, pending.length]);
    index.events += pending.length;
    index.bytes += bytes.length;
    parts.push(bytes);
    pending = [];
  };
  const toMs = HISTORY_FROM_MS + HISTORY_MAX_DAYS * DAY_MS;
  outer: for (const batch of simulator.history(HISTORY_FROM_MS, toMs)) {
    for (const event of batch.tickets) {
      pending.push(JSON.stringify(event));
      if (pending.length === options.batchLines) cut();
      if (index.events + pending.length >= options.events) break outer;
    }
  }
  cut();
  writeFileSync(join(dir, DATA_FILE), Buffer.concat(parts));
  writeFileSync(join(dir, INDEX_FILE), JSON.stringify(index));
  return index;
}

/** The batches `writeWorkload` wrote, as Buffers over one file read. */
export function loadWorkload(dir: string): Workload {
  const index = JSON.parse(readFileSync(join(dir, INDEX_FILE), 'utf8')) as WorkloadIndex;
  const data = readFileSync(join(dir, DATA_FILE));
  return {
    batches: index.batches.map(([offset, length]) => data.subarray(offset, offset + length)),
    lines: index.batches.map(([, , lines]) => lines),
    events: index.events,
    bytes: index.bytes,
  };
}

/**
 * The batches a measured run may use: those after the warm-up, up to an
 * event budget (at least one batch).
 */
export function measuredRange(
  workload: Workload,
  warmupBatches: number,
  maxEvents: number,
): { start: number; end: number } {
  const start = Math.min(warmupBatches, workload.batches.length - 1);
  let end = start;
  let events = 0;
  while (end < workload.batches.length) {
    const lines = workload.lines[end] ?? 0;
    if (end > start && events + lines > maxEvents) break;
    events += lines;
    end += 1;
  }
  return { start, end };
}
