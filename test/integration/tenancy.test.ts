import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type {
  ApiKeyInfo,
  CreateKeyResponse,
  IngestResponse,
  IngestStatus,
} from '../../schemas/api.ts';
import { deviceHour, ticketLifecycle } from '../fixtures/events.ts';
import { ndjson, startTestServer, type TestServer } from '../helpers/server.ts';
import { queryRows } from '../helpers/store.ts';

let t: TestServer;
let keyA: string;
let keyB: string;

beforeAll(async () => {
  t = await startTestServer();
  keyA = await t.key('tenant-a');
  keyB = await t.key('tenant-b');
});

afterAll(async () => {
  await t.close();
});

describe('tenancy', () => {
  it('the tenant comes from the key: a tenant field in the body is refused', async () => {
    const smuggled = { ...ticketLifecycle('X-1')[0], tenant: 'tenant-b' };
    const response = await t.post(
      '/v1/tickets/events',
      keyA,
      ndjson([smuggled, ticketLifecycle('X-1')[1]]),
    );
    const body = (await response.json()) as IngestResponse;
    expect(body.rejected).toEqual([{ line: 1, path: 'tenant', message: 'unknown field' }]);
    const rows = await queryRows<{ tenant: string }>(
      t.runtime.store,
      `SELECT DISTINCT tenant FROM deskpulse.ticket_events WHERE ticket_id = 'X-1'`,
    );
    expect(rows).toEqual([{ tenant: 'tenant-a' }]);
  });

  it("tenant B reads none of tenant A's data", async () => {
    await t.post('/v1/tickets/events', keyA, ndjson(ticketLifecycle('A-1')));
    await t.post('/v1/telemetry', keyA, ndjson(deviceHour('PC-A1')));
    const a = (await (await t.get('/v1/ingest/status', keyA)).json()) as IngestStatus;
    const b = (await (await t.get('/v1/ingest/status', keyB)).json()) as IngestStatus;
    expect(a.ticket_events).toBeGreaterThan(0);
    expect(a.endpoint_samples).toBe(12);
    expect(b).toMatchObject({
      tenant: 'tenant-b',
      ticket_events: 0,
      endpoint_samples: 0,
      devices: 0,
      last_ticket_event_at: null,
    });
  });

  it("an admin key manages only its own tenant's keys", async () => {
    const created = (await (
      await fetch(`${t.url}/v1/keys`, {
        method: 'POST',
        headers: { authorization: `Bearer ${keyB}`, 'content-type': 'application/json' },
        body: JSON.stringify({ scopes: ['ingest'] }),
      })
    ).json()) as CreateKeyResponse;
    expect(created.tenant).toBe('tenant-b');
    const listA = (await (await t.get('/v1/keys', keyA)).json()) as ApiKeyInfo[];
    expect(listA.every((k) => k.tenant === 'tenant-a')).toBe(true);
    expect(listA.map((k) => k.key_id)).not.toContain(created.key_id);
    const revoke = await fetch(`${t.url}/v1/keys/${created.key_id}`, {
      method: 'DELETE',
      headers: { authorization: `Bearer ${keyA}` },
    });
    expect(revoke.status).toBe(404);
    const stillWorks = await t.post(
      '/v1/tickets/events',
      created.key,
      ndjson(ticketLifecycle('B-1')),
    );
    expect(stillWorks.status).toBe(200);
  });

  it('400 BAD_REQUEST with the field for a malformed key request', async () => {
    const response = await fetch(`${t.url}/v1/keys`, {
      method: 'POST',
      headers: { authorization: `Bearer ${keyA}`, 'content-type': 'application/json' },
      body: JSON.stringify({ scopes: ['root'] }),
    });
    expect(response.status).toBe(400);
    const body = (await response.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe('BAD_REQUEST');
    expect(body.error.message).toMatch(/^scopes\[0\]: /);
  });
});
