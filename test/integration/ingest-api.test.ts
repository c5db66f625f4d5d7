import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ErrorBody, IngestResponse, IngestStatus } from '../../schemas/api.ts';
import { deviceHour, ticketLifecycle } from '../fixtures/events.ts';
import { ndjson, startTestServer, type TestServer } from '../helpers/server.ts';
import { queryRows } from '../helpers/store.ts';

let t: TestServer;
let key: string;

beforeAll(async () => {
  t = await startTestServer({
    config: {
      limits: {
        maxBodyBytes: 256 * 1024,
        maxDecompressedBytes: 1024 * 1024,
        maxLineBytes: 4096,
        maxEventsPerRequest: 500,
        maxClockSkewSeconds: 300,
      },
    },
  });
  key = await t.key('acme');
});

afterAll(async () => {
  await t.close();
});

async function errorOf(response: Response): Promise<ErrorBody['error']> {
  const body = (await response.json()) as ErrorBody;
  return body.error;
}

describe('POST /v1/tickets/events', () => {
  it('stores good lines, rejects bad ones with line, path and reason', async () => {
    const events = ticketLifecycle('C-1');
    const lines = [
      JSON.stringify(events[0]),
      '{"event_id":"x"',
      JSON.stringify({ ...events[1], tenant: 'evil' }),
      '',
      JSON.stringify(events[2]),
    ];
    const response = await t.post('/v1/tickets/events', key, lines.join('\n'));
    expect(response.status).toBe(200);
    const body = (await response.json()) as IngestResponse;
    expect(body.accepted).toBe(2);
    expect(body.rejected_count).toBe(2);
    expect(body.rejected[0]).toMatchObject({ line: 2, path: '' });
    expect(body.rejected[0]?.message).toMatch(/JSON/);
    expect(body.rejected[1]).toEqual({ line: 3, path: 'tenant', message: 'unknown field' });
    const rows = await queryRows<{ event_id: string; tenant: string }>(
      t.runtime.store,
      `SELECT event_id, tenant FROM deskpulse.ticket_events FINAL WHERE ticket_id = 'C-1' ORDER BY event_id`,
    );
    expect(rows).toEqual([
      { event_id: 'C-1-1', tenant: 'acme' },
      { event_id: 'C-1-3', tenant: 'acme' },
    ]);
  });

  it('accepts a JSON array and gzip-encoded NDJSON', async () => {
    const arrayResponse = await t.post(
      '/v1/tickets/events',
      key,
      JSON.stringify(ticketLifecycle('C-2')),
      { 'content-type': 'application/json' },
    );
    expect(((await arrayResponse.json()) as IngestResponse).accepted).toBe(5);
    const gz = await t.post('/v1/tickets/events', key, gzipSync(ndjson(ticketLifecycle('C-3'))), {
      'content-encoding': 'gzip',
    });
    expect(((await gz.json()) as IngestResponse).accepted).toBe(5);
  });

  it('answers 400 NO_VALID_EVENTS when no line is valid, listing them', async () => {
    const response = await t.post('/v1/tickets/events', key, '{"nope":1}\n[1]\n');
    expect(response.status).toBe(400);
    const error = await errorOf(response);
    expect(error.code).toBe('NO_VALID_EVENTS');
    expect(error.details?.['rejected']).toHaveLength(2);
    const empty = await t.post('/v1/tickets/events', key, '');
    expect((await errorOf(empty)).code).toBe('NO_VALID_EVENTS');
  });

  it('answers 400 INVALID_BODY for a broken JSON array or broken gzip', async () => {
    const broken = await t.post('/v1/tickets/events', key, '[{"a":', {
      'content-type': 'application/json',
    });
    expect(broken.status).toBe(400);
    expect((await errorOf(broken)).code).toBe('INVALID_BODY');
    const gz = await t.post('/v1/tickets/events', key, Buffer.from('not gzip at all'), {
      'content-encoding': 'gzip',
    });
    expect((await errorOf(gz)).code).toBe('INVALID_BODY');
  });

  it('rejects events from the future beyond the clock-skew tolerance', async () => {
    const future = {
      ...ticketLifecycle('C-4')[0],
      occurred_at: new Date(Date.now() + 3_600_000).toISOString(),
    };
    const response = await t.post(
      '/v1/tickets/events',
      key,
      ndjson([future, ticketLifecycle('C-4')[1]]),
    );
    const body = (await response.json()) as IngestResponse;
    expect(body.rejected[0]).toMatchObject({ line: 1, path: 'occurred_at' });
  });
});

describe('limits and media types', () => {
  it('413 for a body over the limit', async () => {
    const big = ndjson(
      Array.from({ length: 3000 }, (_, i) => ({ ...ticketLifecycle(`B-${i}`)[0] })),
    );
    const response = await t.post('/v1/tickets/events', key, big);
    expect(response.status).toBe(413);
    expect((await errorOf(response)).code).toBe('PAYLOAD_TOO_LARGE');
  });

  it('413 for a gzip bomb, stopped while decompressing', async () => {
    const bomb = gzipSync(Buffer.alloc(64 * 1024 * 1024, 0x20));
    expect(bomb.length).toBeLessThan(256 * 1024);
    const response = await t.post('/v1/tickets/events', key, bomb, { 'content-encoding': 'gzip' });
    expect(response.status).toBe(413);
    expect((await errorOf(response)).code).toBe('PAYLOAD_TOO_LARGE');
  });

  it('413 for more events than a request may carry', async () => {
    const many = ndjson(
      Array.from({ length: 501 }, (_, i) => ({
        kind: 'sample',
        device_id: `D-${i}`,
        occurred_at: '2026-03-02T08:00:00Z',
        cpu_pct: 1,
      })),
    );
    const response = await t.post('/v1/telemetry', key, gzipSync(many), {
      'content-encoding': 'gzip',
    });
    expect(response.status).toBe(413);
  });

  it('rejects a line over the line limit by itself', async () => {
    const long = JSON.stringify({
      ...ticketLifecycle('L-1')[0],
      attributes: { note: 'x'.repeat(5000) },
    });
    const response = await t.post(
      '/v1/tickets/events',
      key,
      `${long}\n${JSON.stringify(ticketLifecycle('L-1')[1])}\n`,
    );
    const body = (await response.json()) as IngestResponse;
    expect(body.accepted).toBe(1);
    expect(body.rejected[0]?.line).toBe(1);
    expect(body.rejected[0]?.message).toMatch(/4096/);
  });

  it('415 for other content types and encodings', async () => {
    const text = await t.post('/v1/tickets/events', key, 'hello', { 'content-type': 'text/plain' });
    expect(text.status).toBe(415);
    expect((await errorOf(text)).code).toBe('UNSUPPORTED_MEDIA_TYPE');
    const compress = await t.post('/v1/tickets/events', key, 'x', {
      'content-encoding': 'compress',
    });
    expect(compress.status).toBe(415);
  });
});

describe('authentication and scopes', () => {
  it('401 without a key, with a malformed key, with an unknown key', async () => {
    const none = await fetch(`${t.url}/v1/tickets/events`, {
      method: 'POST',
      body: '{}',
      headers: { 'content-type': 'application/x-ndjson' },
    });
    expect(none.status).toBe(401);
    expect((await errorOf(none)).code).toBe('UNAUTHENTICATED');
    expect((await t.post('/v1/tickets/events', 'not-a-key', '{}')).status).toBe(401);
    const unknown = 'dp_aaaaaaaaaaaa_' + 'A'.repeat(43);
    expect((await t.post('/v1/tickets/events', unknown, '{}')).status).toBe(401);
  });

  it('401 after the key is revoked', async () => {
    const created = await t.runtime.keys.create('acme', ['ingest'], 'short-lived');
    expect(
      (await t.post('/v1/tickets/events', created.key, ndjson(ticketLifecycle('R-1')))).status,
    ).toBe(200);
    const admin = await fetch(`${t.url}/v1/keys/${created.keyId}`, {
      method: 'DELETE',
      headers: { authorization: `Bearer ${key}` },
    });
    expect(admin.status).toBe(204);
    expect(
      (await t.post('/v1/tickets/events', created.key, ndjson(ticketLifecycle('R-1')))).status,
    ).toBe(401);
  });

  it('403 when the key lacks the scope', async () => {
    const queryOnly = await t.key('acme', ['query']);
    const response = await t.post('/v1/tickets/events', queryOnly, ndjson(ticketLifecycle('S-1')));
    expect(response.status).toBe(403);
    expect((await errorOf(response)).code).toBe('FORBIDDEN');
    expect((await t.get('/v1/keys', queryOnly)).status).toBe(403);
  });
});

describe('service routes', () => {
  it('healthz, readyz, metrics and OpenAPI', async () => {
    expect((await t.get('/healthz')).status).toBe(200);
    expect((await t.get('/readyz')).status).toBe(200);
    const metrics = await (await t.get('/metrics')).text();
    expect(metrics).toMatch(/deskpulse_ingest_events_accepted_total\{stream="tickets"\} \d+/);
    expect(metrics).toContain('deskpulse_spool_bytes');
    expect(metrics).toContain('deskpulse_writer_flush_duration_seconds_bucket');
    const openapi = (await (await t.get('/openapi.json')).json()) as {
      paths: Record<string, unknown>;
    };
    expect(Object.keys(openapi.paths)).toContain('/v1/tickets/events');
    expect((await t.get('/docs/')).status).toBe(200);
  });

  it('503 NOT_READY for writes while not ready', async () => {
    t.server.setReady(false, 'draining');
    try {
      const response = await t.post('/v1/tickets/events', key, ndjson(ticketLifecycle('N-1')));
      expect(response.status).toBe(503);
      expect((await errorOf(response)).code).toBe('NOT_READY');
      expect((await t.get('/readyz')).status).toBe(503);
    } finally {
      t.server.setReady(true, 'ok');
    }
  });

  it('404 in the error shape', async () => {
    const response = await t.get('/v1/nothing-here');
    expect(response.status).toBe(404);
    expect((await errorOf(response)).code).toBe('NOT_FOUND');
  });

  it('ingest status counts what the tenant stored', async () => {
    await t.post('/v1/telemetry', key, ndjson(deviceHour('PC-STATUS')));
    const status = (await (await t.get('/v1/ingest/status', key)).json()) as IngestStatus;
    expect(status.tenant).toBe('acme');
    expect(status.endpoint_samples).toBeGreaterThanOrEqual(12);
    expect(status.devices).toBeGreaterThanOrEqual(1);
    expect(status.last_telemetry_at).toMatch(/Z$/);
  });
});
