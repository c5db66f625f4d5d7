import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IngestResponse } from '../../schemas/api.ts';
import { reliabilityMetricsResponseSchema } from '../../schemas/reliability.ts';
import { event, samples } from '../fixtures/reliability.ts';
import { ndjson, startTestServer, type TestServer } from '../helpers/server.ts';

/*
 * Telemetry through the real service into the reliability reads. These use
 * the wall clock (the skew rule is relative to now), so the fixture is the
 * last whole hour before the test runs.
 */

let t: TestServer;
let key: string;

beforeAll(async () => {
  t = await startTestServer({ config: { limits: { ...testLimits() } } });
  key = await t.key('skew');
});

afterAll(async () => {
  await t.close();
});

function testLimits() {
  return {
    maxBodyBytes: 1024 * 1024,
    maxDecompressedBytes: 4 * 1024 * 1024,
    maxLineBytes: 4096,
    maxEventsPerRequest: 1000,
    maxClockSkewSeconds: 300,
  };
}

describe('POST /v1/telemetry into /v1/reliability/metrics', () => {
  it('refuses samples from the future beyond the clock skew, and counts the rest', async () => {
    const hour = Math.floor(Date.now() / 3_600_000) * 3_600_000 - 3_600_000;
    const iso = (ms: number): string => new Date(ms).toISOString();
    const future = samples('A', iso(Date.now() + 3_600_000), iso(Date.now() + 3_660_000));
    const good = [
      ...samples('A', iso(hour), iso(hour + 3_600_000), { fields: { model: 'M1' } }),
      event('A', 'app_crash', iso(hour + 600_000), { app: 'Outlook' }),
    ];
    const response = await t.post('/v1/telemetry', key, ndjson([...future, ...good]));
    expect(response.status).toBe(200);
    const body = (await response.json()) as IngestResponse;
    expect(body.accepted).toBe(13);
    expect(body.rejected).toEqual([
      {
        line: 1,
        path: 'occurred_at',
        message: 'is in the future by more than the allowed clock skew of 300 seconds',
      },
    ]);
    // A 200 means durable: the rollups already hold the hour (12 samples in 4 slots, 1 crash).
    const range = new URLSearchParams({ from: iso(hour), to: iso(hour + 3_600_000) });
    const read = await t.get(`/v1/reliability/metrics?${range.toString()}`, key);
    expect(read.status).toBe(200);
    const metrics = reliabilityMetricsResponseSchema.parse(await read.json());
    expect(metrics.rows).toMatchObject([
      { devices: 1, usage_hours: 1, app_crashes: 1, app_failures_per_1000h: 1000 },
    ]);
  });
});
