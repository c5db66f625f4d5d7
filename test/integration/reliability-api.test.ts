import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CachedAuthenticator, registerAuth } from '../../ingest/auth.ts';
import { registerErrorHandler } from '../../ingest/error-handler.ts';
import { registerReliabilityRoutes } from '../../ingest/routes/reliability.ts';
import {
  deviceTicketsResponseSchema,
  reliabilityMetricsResponseSchema,
  reliabilityScoresResponseSchema,
  silentDevicesResponseSchema,
} from '../../schemas/reliability.ts';
import { ApiKeyStore } from '../../store/api-keys.ts';
import type { Store } from '../../store/client.ts';
import {
  at,
  event,
  insertTelemetry,
  insertTickets,
  samples,
  ticket,
} from '../fixtures/reliability.ts';
import { migratedStore, testConfig } from '../helpers/store.ts';

/* The four routes over HTTP: the key's tenant, the contracts, located 400s, scopes. */

const NOW = Date.parse('2026-03-03T12:00:00Z');
const DAY1 = { from: at('00:00'), to: at('00:00', '2026-03-03') };
const OLD_DAY = { from: at('00:00', '2025-11-01'), to: at('00:00', '2025-11-02') };

let store: Store;
let app: FastifyInstance;
let key: string;

const keys = (): ApiKeyStore => new ApiKeyStore(store);
const get = async (url: string, apiKey?: string) => {
  const response = await app.inject({
    url,
    headers: apiKey === undefined ? {} : { authorization: `Bearer ${apiKey}` },
  });
  return { status: response.statusCode, body: response.json<Record<string, unknown>>() };
};
const qs = (params: Record<string, string>): string => new URLSearchParams(params).toString();

beforeAll(async () => {
  store = await migratedStore(testConfig());
  for (const tenant of ['fleet', 'other']) {
    await insertTelemetry(store, tenant, [
      // 12 samples in 4 slots = 1 h, then silent since 08:55 the day before now.
      ...samples('A', at('08:00'), at('09:00'), { fields: { model: 'M1', site: 'Berlin' } }),
      event('A', 'app_crash', at('08:30'), { app: 'Outlook' }),
    ]);
  }
  await insertTickets(store, 'fleet', ticket('T1', at('10:00'), { device: 'A', app: 'Outlook' }));
  // The other tenant has a second device: it must never show up for 'fleet'.
  await insertTelemetry(store, 'other', samples('B', at('08:00'), at('09:00')));
  app = Fastify();
  registerErrorHandler(app);
  registerAuth(app, new CachedAuthenticator(keys()));
  registerReliabilityRoutes(app, { store, now: () => NOW, hourlyRollupDays: 90 });
  await app.ready();
  key = (await keys().create('fleet', ['query'])).key;
});

afterAll(async () => {
  await app.close();
  await store.close();
});

describe('GET /v1/reliability/*', () => {
  it('answers metrics for the key’s tenant, in the published contract', async () => {
    const res = await get(`/v1/reliability/metrics?${qs({ ...DAY1, group_by: 'model' })}`, key);
    expect(res.status).toBe(200);
    const body = reliabilityMetricsResponseSchema.parse(res.body);
    // 1 crash over 1 h → 1,000 per 1,000 h.
    expect(body).toMatchObject({
      ...{ tenant: 'fleet', as_of: '2026-03-03T12:00:00Z', source: 'hourly' },
      rows: [{ model: 'M1', devices: 1, usage_hours: 1, app_failures_per_1000h: 1000 }],
    });
    expect(body.rows[0]).not.toHaveProperty('bucket');
  });

  it('answers scores, silent devices and tickets', async () => {
    const scores = await get(`/v1/reliability/scores?${qs(DAY1)}`, key);
    const scored = reliabilityScoresResponseSchema.parse(scores.body);
    // 1 usage hour is below the device minimum of 24.
    expect(scored.rows).toMatchObject([{ device_id: 'A', score: null }]);
    const silent = await get('/v1/reliability/silent-devices?hours=24', key);
    // Last sample 08:55 the day before: 27.08 h.
    expect(silentDevicesResponseSchema.parse(silent.body)).toMatchObject({
      silent_devices: 1,
      rows: [{ device_id: 'A', model: 'M1', last_seen: '2026-03-02T08:55:00Z' }],
    });
    const tickets = await get(`/v1/reliability/tickets?${qs({ ...DAY1, group_by: 'app' })}`, key);
    expect(deviceTicketsResponseSchema.parse(tickets.body)).toMatchObject({
      tickets_without_device: 0,
      rows: [{ app: 'Outlook', tickets: 1, devices: 1, tickets_per_100_devices: 100 }],
    });
  });

  it('reads the 30 days before now when from and to are left out', async () => {
    const res = await get('/v1/reliability/metrics', key);
    expect(reliabilityMetricsResponseSchema.parse(res.body)).toMatchObject({
      // 30 days of daily rows: 2026-02-01T12:00 widened to whole UTC days.
      ...{ from: '2026-02-01T00:00:00Z', to: '2026-03-04T00:00:00Z', source: 'daily' },
      rows: [{ devices: 1, usage_hours: 1 }],
    });
  });

  it('refuses bad parameters with their location', async () => {
    const cases: [string, string][] = [
      [`/v1/reliability/metrics?${qs({ ...DAY1, from: 'yesterday' })}`, 'from'],
      [`/v1/reliability/metrics?${qs({ ...DAY1, group_by: 'model,tenant' })}`, 'group_by[1]'],
      [`/v1/reliability/metrics?${qs({ ...DAY1, tenant: 'other' })}`, 'tenant'],
      [`/v1/reliability/metrics?from=${DAY1.to}&to=${DAY1.from}`, 'to'],
      // Hour buckets from before the hourly rollup's 90 days (since 2025-12-03).
      [`/v1/reliability/metrics?${qs({ ...OLD_DAY, interval: 'hour' })}`, 'from'],
      [`/v1/reliability/scores?${qs({ ...DAY1, entity: 'ticket' })}`, 'entity'],
      ['/v1/reliability/silent-devices?hours=-1', 'hours'],
      [`/v1/reliability/tickets?${qs({ ...DAY1, limit: '100000' })}`, 'limit'],
    ];
    for (const [url, path] of cases) {
      const res = await get(url, key);
      expect(res.status, url).toBe(400);
      expect(res.body['error'], url).toMatchObject({ code: 'BAD_REQUEST', details: { path } });
    }
  });

  it('needs a query key', async () => {
    expect((await get('/v1/reliability/silent-devices')).status).toBe(401);
    const ingestOnly = (await keys().create('fleet', ['ingest'])).key;
    expect((await get('/v1/reliability/silent-devices', ingestOnly)).status).toBe(403);
  });
});
