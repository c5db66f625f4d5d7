import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { retryAfterMs, runDemo } from './driver.ts';
import type { DemoProgress, DemoSource } from './driver.ts';
import { DemoSimulator } from './simulator.ts';
import type { Batch } from './simulator.ts';
import { MONDAY } from './test-support.ts';

interface Recorded {
  url: string;
  headers: Headers;
  text: string;
}

type Reply = (request: Recorded) => Response | Promise<Response>;

const ok = (request: Recorded): Response => {
  const lines = request.text.split('\n').filter((l) => l !== '').length;
  return Response.json({ accepted: lines, rejected: [], rejected_count: 0 });
};

/** A fetch that records each request and answers with the scripted replies, then 200s. */
function fakeFetch(script: Reply[] = []): { fetchImpl: typeof fetch; requests: Recorded[] } {
  const requests: Recorded[] = [];
  const fetchImpl = async (
    input: string | URL | Request,
    init?: RequestInit,
  ): Promise<Response> => {
    const headers = new Headers(init?.headers);
    const raw = init?.body;
    const bytes = typeof raw === 'string' ? Buffer.from(raw) : Buffer.from(raw as Uint8Array);
    const text =
      headers.get('content-encoding') === 'gzip' ? gunzipSync(bytes).toString() : bytes.toString();
    const url = input instanceof Request ? input.url : input.toString();
    const request = { url, headers, text };
    requests.push(request);
    const reply = script.shift() ?? ok;
    return reply(request);
  };
  return { fetchImpl, requests };
}

/** A fixed two-batch backfill and empty live windows. */
function fixedSource(): DemoSource & { batches: Batch[] } {
  const simulator = new DemoSimulator({
    seed: 3,
    devices: 20,
    ticketsPerDay: 2000,
    batchSize: 500,
  });
  const batches = [...simulator.history(MONDAY + 8 * 3_600_000, MONDAY + 10 * 3_600_000)].slice(
    0,
    2,
  );
  return {
    batches,
    rateScale: 1,
    history: () => batches,
    live: () => ({ tickets: [], telemetry: [] }),
    estimateLiveRate: () => 10,
  };
}

function run(
  source: DemoSource,
  fetchImpl: typeof fetch,
  extra: { rate?: number; gzipAboveBytes?: number } = {},
) {
  const controller = new AbortController();
  const progress: DemoProgress[] = [];
  const done = runDemo({
    baseUrl: 'http://127.0.0.1:8080/',
    apiKey: 'dp_test_key',
    simulator: source,
    backfillDays: 1,
    signal: controller.signal,
    onProgress: (p) => {
      progress.push(p);
      if (p.phase === 'live') controller.abort(); // stop after the first live window
    },
    fetchImpl,
    tickMs: 5,
    maxBackoffMs: 2,
    ...extra,
  });
  return { done, progress };
}

const linesOf = (requests: Recorded[], path: string): string[] =>
  requests
    .filter((r) => r.url.endsWith(path))
    .flatMap((r) => r.text.split('\n').filter((l) => l !== ''));

describe('runDemo', () => {
  it('retries a batch answered with 429 + Retry-After and loses nothing', async () => {
    const source = fixedSource();
    const limited = (): Response =>
      Response.json(
        { error: { code: 'RATE_LIMITED', message: 'slow down' } },
        { status: 429, headers: { 'retry-after': '0' } },
      );
    const { fetchImpl, requests } = fakeFetch([limited]);
    const { done, progress } = run(source, fetchImpl);
    const final = await done;

    expect(requests[0]?.text).toBe(requests[1]?.text); // the same batch, sent again
    const expectedTickets = source.batches.flatMap((b) => b.tickets.map((e) => JSON.stringify(e)));
    const expectedTelemetry = source.batches.flatMap((b) =>
      b.telemetry.map((r) => JSON.stringify(r)),
    );
    // Drop the refused attempt: everything else arrived exactly once, in order.
    const delivered = requests.slice(1);
    expect(linesOf(delivered, '/v1/tickets/events')).toEqual(expectedTickets);
    expect(linesOf(delivered, '/v1/telemetry')).toEqual(expectedTelemetry);
    const total = expectedTickets.length + expectedTelemetry.length;
    expect(final).toMatchObject({ phase: 'live', sent: total, accepted: total, rejected: 0 });
    expect(progress.some((p) => p.lastError?.includes('RATE_LIMITED') === true)).toBe(true);
  });

  it('authenticates with a bearer key and posts NDJSON to the v1 endpoints', async () => {
    const { fetchImpl, requests } = fakeFetch();
    await run(fixedSource(), fetchImpl).done;
    expect(requests.length).toBeGreaterThanOrEqual(4);
    for (const request of requests) {
      expect(request.url).toMatch(/^http:\/\/127\.0\.0\.1:8080\/v1\/(tickets\/events|telemetry)$/);
      expect(request.headers.get('authorization')).toBe('Bearer dp_test_key');
      expect(request.headers.get('content-type')).toBe('application/x-ndjson');
      for (const line of request.text.trim().split('\n'))
        expect(() => JSON.parse(line) as unknown).not.toThrow();
    }
  });

  it('gzips big bodies', async () => {
    const { fetchImpl, requests } = fakeFetch();
    await run(fixedSource(), fetchImpl, { gzipAboveBytes: 1000 }).done;
    expect(requests.some((r) => r.headers.get('content-encoding') === 'gzip')).toBe(true);
  });

  it('retries 503s and network errors with backoff and reports them', async () => {
    const unavailable = (): Response =>
      Response.json({ error: { code: 'NOT_READY', message: 'starting' } }, { status: 503 });
    const down = (): Response => {
      throw new TypeError('fetch failed: ECONNREFUSED');
    };
    const source = fixedSource();
    const { fetchImpl, requests } = fakeFetch([unavailable, down, unavailable]);
    const { done, progress } = run(source, fetchImpl);
    const final = await done;
    expect(requests[0]?.text).toBe(requests[3]?.text);
    const total = source.batches.reduce((n, b) => n + b.tickets.length + b.telemetry.length, 0);
    expect(final.accepted).toBe(total);
    expect(progress.some((p) => p.lastError?.includes('ECONNREFUSED') === true)).toBe(true);
    expect(progress.some((p) => p.lastError?.includes('NOT_READY') === true)).toBe(true);
  });

  it('reports rejected lines (a generator bug) and does not resend them', async () => {
    const invalid = (): Response =>
      Response.json(
        {
          error: {
            code: 'NO_VALID_EVENTS',
            message: 'no valid event',
            details: {
              rejected: [
                { line: 1, path: 'occurred_at', message: 'must be an RFC 3339 timestamp' },
              ],
            },
          },
        },
        { status: 400 },
      );
    const partial = (request: Recorded): Response => {
      const lines = request.text.trim().split('\n').length;
      return Response.json({
        accepted: lines - 1,
        rejected: [{ line: 2, path: 'cpu_pct', message: 'must be between 0 and 100' }],
        rejected_count: 1,
      });
    };
    const source = fixedSource();
    const { fetchImpl, requests } = fakeFetch([invalid, partial]);
    const { done, progress } = run(source, fetchImpl);
    const final = await done;
    const firstTickets = source.batches[0]?.tickets.length ?? 0;
    expect(requests[1]?.url).toMatch(/telemetry$/); // no retry of the refused ticket batch
    expect(final.rejected).toBe(firstTickets + 1);
    const errors = progress.flatMap((p) => (p.lastError === undefined ? [] : [p.lastError]));
    expect(errors.some((e) => e.includes('occurred_at') && e.includes('NO_VALID_EVENTS'))).toBe(
      true,
    );
    expect(errors.some((e) => e.includes('cpu_pct'))).toBe(true);
  });

  it('stops on a refused key instead of retrying forever', async () => {
    const unauthenticated = (): Response =>
      Response.json(
        { error: { code: 'UNAUTHENTICATED', message: 'unknown key' } },
        { status: 401 },
      );
    const { fetchImpl, requests } = fakeFetch([unauthenticated]);
    await expect(run(fixedSource(), fetchImpl).done).rejects.toThrow(/UNAUTHENTICATED/);
    expect(requests).toHaveLength(1);
  });

  it('sets rateScale from the target rate', async () => {
    const source = fixedSource();
    const { fetchImpl } = fakeFetch();
    await run(source, fetchImpl, { rate: 250 }).done;
    expect(source.rateScale).toBeCloseTo(25); // 250 wanted / 10 natural
  });

  it('streams a real simulator: backfill then live', async () => {
    const simulator = new DemoSimulator({ seed: 1, devices: 30 });
    const { fetchImpl, requests } = fakeFetch();
    const controller = new AbortController();
    let clock = MONDAY + 9 * 3_600_000;
    const final = await runDemo({
      baseUrl: 'http://127.0.0.1:8080',
      apiKey: 'k',
      simulator,
      backfillDays: 0.25,
      signal: controller.signal,
      now: () => (clock += 250), // a second of simulated time per few polls
      tickMs: 1,
      onProgress: (p) => {
        if (p.phase === 'live' && p.batches > 20) controller.abort();
      },
      fetchImpl,
    });
    expect(final.phase).toBe('live');
    expect(final.accepted).toBeGreaterThan(100);
    expect(final.accepted).toBe(final.sent);
    const ids = linesOf(requests, '/v1/tickets/events').map(
      (l) => (JSON.parse(l) as { event_id: string }).event_id,
    );
    expect(new Set(ids).size).toBe(ids.length);
  });
});

describe('retryAfterMs', () => {
  it('reads seconds and HTTP dates, and defaults to a second', () => {
    expect(retryAfterMs('0', 0)).toBe(0);
    expect(retryAfterMs('3', 0)).toBe(3000);
    expect(retryAfterMs(null, 0)).toBe(1000);
    expect(retryAfterMs('Mon, 02 Mar 2026 00:00:10 GMT', MONDAY)).toBe(10_000);
  });
});
