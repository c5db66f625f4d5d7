/**
 * Feeds the demo desk into a running Deskpulse over its public ingest API,
 * exactly as a real integration would: NDJSON batches, gzip for big ones,
 * and retries that never drop or duplicate a batch on 429/503/network errors.
 */
import { gzipSync } from 'node:zlib';
import { errorBodySchema, ingestResponseSchema } from '../../schemas/api.ts';
import type { Batch } from './simulator.ts';

export interface DemoProgress {
  phase: 'backfill' | 'live';
  /** Records the server has answered for (accepted or rejected). */
  sent: number;
  accepted: number;
  rejected: number;
  batches: number;
  lastError?: string;
}

/** What the driver needs from a simulator; DemoSimulator fits. */
export interface DemoSource {
  rateScale: number;
  history(fromMs: number, toMs: number): Iterable<Batch>;
  live(fromMs: number, toMs: number): Batch;
  estimateLiveRate(atMs: number): number;
}

export interface RunDemoOptions {
  baseUrl: string;
  apiKey: string;
  simulator: DemoSource;
  /** Target records per second for the live phase; the desk's natural pace when absent. */
  rate?: number;
  backfillDays: number;
  signal: AbortSignal;
  onProgress: (progress: DemoProgress) => void;
  fetchImpl?: typeof fetch;
  /** Live window length. */
  tickMs?: number;
  now?: () => number;
  /** Bodies above this many bytes are gzip-compressed. */
  gzipAboveBytes?: number;
  /** Bigger batches are split; the server accepts 100,000 by default. */
  maxRecordsPerRequest?: number;
  /** Ceiling for exponential backoff on 5xx and network errors. */
  maxBackoffMs?: number;
}

const TICKETS_PATH = '/v1/tickets/events';
const TELEMETRY_PATH = '/v1/telemetry';
const RETRY_AFTER_CAP_MS = 300_000;

/** Resolves after `ms`, or at once when the signal fires. */
function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) {
      resolve();
      return;
    }
    const done = (): void => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, Math.max(0, ms));
    signal.addEventListener('abort', done, { once: true });
  });
}

/** A call, not a property read: TypeScript would otherwise keep `aborted` narrowed across awaits. */
function isAborted(signal: AbortSignal): boolean {
  return signal.aborted;
}

/** Retry-After is either delta-seconds or an HTTP date. */
export function retryAfterMs(header: string | null, nowMs: number): number {
  if (header === null || header.trim() === '') return 1000;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.min(RETRY_AFTER_CAP_MS, Math.max(0, seconds * 1000));
  const date = Date.parse(header);
  return Number.isFinite(date) ? Math.min(RETRY_AFTER_CAP_MS, Math.max(0, date - nowMs)) : 1000;
}

async function readJson(response: Response): Promise<unknown> {
  try {
    return JSON.parse(await response.text()) as unknown;
  } catch {
    return undefined;
  }
}

function describeRejections(
  rejected: readonly { line: number; path: string; message: string }[],
): string {
  const first = rejected[0];
  if (first === undefined) return 'rejected lines';
  return `rejected line ${first.line}${first.path === '' ? '' : ` at ${first.path}`}: ${first.message} (a demo generator bug)`;
}

class Sender {
  readonly progress: DemoProgress = {
    phase: 'backfill',
    sent: 0,
    accepted: 0,
    rejected: 0,
    batches: 0,
  };
  private readonly fetchImpl: typeof fetch;
  private readonly base: string;

  constructor(private readonly options: RunDemoOptions) {
    this.fetchImpl = options.fetchImpl ?? fetch;
    this.base = options.baseUrl.replace(/\/+$/, '');
  }

  private report(lastError?: string): void {
    if (lastError !== undefined) this.progress.lastError = lastError;
    this.options.onProgress({ ...this.progress });
  }

  async sendBatch(batch: Batch): Promise<void> {
    await this.send(TICKETS_PATH, batch.tickets);
    await this.send(TELEMETRY_PATH, batch.telemetry);
    if (this.options.signal.aborted) return;
    this.progress.batches++;
    this.report();
  }

  private async send(path: string, records: readonly object[]): Promise<void> {
    const max = this.options.maxRecordsPerRequest ?? 20_000;
    for (let i = 0; i < records.length && !this.options.signal.aborted; i += max) {
      await this.sendChunk(path, records.slice(i, i + max));
    }
  }

  /** Sends one request body until the server has answered for it, or the signal fires. */
  private async sendChunk(path: string, records: readonly object[]): Promise<void> {
    const { signal, apiKey } = this.options;
    const text = records.map((r) => JSON.stringify(r)).join('\n') + '\n';
    const gzip = Buffer.byteLength(text) > (this.options.gzipAboveBytes ?? 64 * 1024);
    const headers: Record<string, string> = {
      authorization: `Bearer ${apiKey}`,
      'content-type': 'application/x-ndjson',
    };
    if (gzip) headers['content-encoding'] = 'gzip';
    const body = gzip ? gzipSync(text) : text;
    for (let attempt = 0; !signal.aborted; attempt++) {
      let response: Response;
      try {
        response = await this.fetchImpl(`${this.base}${path}`, {
          method: 'POST',
          headers,
          body,
          signal,
        });
      } catch (error) {
        if (isAborted(signal)) return;
        this.report(
          `network error on ${path}: ${error instanceof Error ? error.message : String(error)}`,
        );
        await sleep(this.backoff(attempt), signal);
        continue;
      }
      const outcome = await this.handle(path, records, response, attempt);
      if (outcome === 'done') return;
    }
  }

  private backoff(attempt: number): number {
    const cap = this.options.maxBackoffMs ?? 30_000;
    const base = Math.min(cap, 500 * 2 ** Math.min(attempt, 16));
    return base / 2 + (Math.random() * base) / 2; // jitter: many demos must not retry in lock-step
  }

  private async handle(
    path: string,
    records: readonly object[],
    response: Response,
    attempt: number,
  ): Promise<'done' | 'retry'> {
    const { signal } = this.options;
    const payload = await readJson(response);
    if (response.ok) {
      const parsed = ingestResponseSchema.safeParse(payload);
      const accepted = parsed.success ? parsed.data.accepted : records.length;
      const rejected = parsed.success ? parsed.data.rejected_count : 0;
      this.progress.sent += records.length;
      this.progress.accepted += accepted;
      this.progress.rejected += rejected;
      if (rejected > 0 && parsed.success)
        this.report(`${path}: ${describeRejections(parsed.data.rejected)}`);
      return 'done';
    }
    const parsedError = errorBodySchema.safeParse(payload);
    const code = parsedError.success ? parsedError.data.error.code : `HTTP ${response.status}`;
    const message = parsedError.success ? parsedError.data.error.message : response.statusText;
    if (response.status === 429) {
      const now = this.options.now?.() ?? Date.now();
      this.report(`${path}: ${code}, retrying after Retry-After`);
      await sleep(retryAfterMs(response.headers.get('retry-after'), now), signal);
      return 'retry';
    }
    if (response.status >= 500) {
      this.report(`${path}: ${code} (${response.status}) ${message}; retrying`);
      await sleep(this.backoff(attempt), signal);
      return 'retry';
    }
    if (response.status === 413 && records.length > 1) {
      const half = Math.ceil(records.length / 2);
      await this.sendChunk(path, records.slice(0, half));
      await this.sendChunk(path, records.slice(half));
      return 'done';
    }
    if (response.status === 400 || response.status === 413) {
      // The server judged the records themselves: count them, report, move on.
      const details = parsedError.success ? parsedError.data.error.details : undefined;
      const lines = ingestResponseSchema.shape.rejected.safeParse(details?.['rejected']);
      this.progress.sent += records.length;
      this.progress.rejected += records.length;
      this.report(`${path}: ${code}: ${lines.success ? describeRejections(lines.data) : message}`);
      return 'done';
    }
    // 401, 403, 404, 415: configuration problems that no retry will fix.
    throw new Error(`${path} refused by the server: ${code} (${response.status}) ${message}`);
  }
}

/** Adjusts rateScale towards the target, from what the last windows really produced. */
class RateController {
  private natural: number;

  constructor(
    private readonly target: number,
    initialNatural: number,
  ) {
    this.natural = Math.max(1e-3, initialNatural);
  }

  scaleFor(): number {
    return Math.min(10_000, Math.max(1e-3, this.target / this.natural));
  }

  observe(records: number, windowMs: number, scale: number): void {
    if (windowMs <= 0) return;
    const naturalNow = records / (windowMs / 1000) / scale;
    this.natural = Math.max(1e-3, 0.9 * this.natural + 0.1 * naturalNow);
  }
}

/**
 * Backfills `backfillDays` of history, then streams live traffic once per
 * tick until `signal` fires. Resolves with the final progress.
 */
export async function runDemo(options: RunDemoOptions): Promise<DemoProgress> {
  const { simulator, signal } = options;
  const now = options.now ?? Date.now;
  const sender = new Sender(options);
  const start = now();
  const backfillFrom = start - Math.max(0, options.backfillDays) * 86_400_000;
  for (const batch of simulator.history(backfillFrom, start)) {
    if (signal.aborted) return sender.progress;
    await sender.sendBatch(batch);
  }
  sender.progress.phase = 'live';
  simulator.live(start, start); // an empty window: starts the fleet when there was no backfill
  const tickMs = options.tickMs ?? 1000;
  const control =
    options.rate === undefined
      ? undefined
      : new RateController(options.rate, simulator.estimateLiveRate(start));
  let windowStart = start;
  let nextTick = start + tickMs;
  while (!signal.aborted) {
    await sleep(nextTick - now(), signal);
    if (isAborted(signal)) break;
    const windowEnd = Math.max(windowStart, now());
    if (control !== undefined) simulator.rateScale = control.scaleFor();
    const batch = simulator.live(windowStart, windowEnd);
    control?.observe(
      batch.tickets.length + batch.telemetry.length,
      windowEnd - windowStart,
      simulator.rateScale,
    );
    windowStart = windowEnd;
    await sender.sendBatch(batch);
    // When sending took longer than a tick, the next window is simply longer: nothing is skipped.
    nextTick = Math.max(nextTick + tickMs, now());
  }
  return sender.progress;
}
