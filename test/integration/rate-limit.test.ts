import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ErrorBody } from '../../schemas/api.ts';
import { ticketLifecycle } from '../fixtures/events.ts';
import { ndjson, startTestServer, type TestServer } from '../helpers/server.ts';

let limited: TestServer;

beforeAll(async () => {
  limited = await startTestServer({ config: { rateLimit: { perKeyPerMinute: 2 } } });
});

afterAll(async () => {
  await limited.close();
});

describe('rate limit', () => {
  it('429 RATE_LIMITED with Retry-After once a key exceeds its limit', async () => {
    const k = await limited.key('acme');
    const body = ndjson(ticketLifecycle('RL-1'));
    expect((await limited.post('/v1/tickets/events', k, body)).status).toBe(200);
    expect((await limited.post('/v1/tickets/events', k, body)).status).toBe(200);
    const third = await limited.post('/v1/tickets/events', k, body);
    expect(third.status).toBe(429);
    expect(third.headers.get('retry-after')).toMatch(/^\d+$/);
    expect(((await third.json()) as ErrorBody).error.code).toBe('RATE_LIMITED');
    const other = await limited.key('acme');
    expect((await limited.post('/v1/tickets/events', other, body)).status).toBe(200);
  });
});
