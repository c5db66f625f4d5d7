import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ErrorBody } from '../../schemas/api.ts';
import {
  catalogueResponseSchema,
  type DataFrame,
  type QueryResponse,
} from '../../schemas/query.ts';
import { queryApiClient, rowsOf, type Params, type QueryApiClient } from './query-api-client.ts';
import { DAY, OTHER, TENANT, startQueryApiWorld, type QueryApiWorld } from './query-api-fixture.ts';

/*
 * POST and GET /v1/query over the real server: located errors, scopes,
 * tenants kept apart, the catalogue, and the cache sharing executions.
 */

let world: QueryApiWorld;
let api: QueryApiClient;
let key: string;
let otherKey: string;

beforeAll(async () => {
  world = await startQueryApiWorld();
  key = (await world.runtime.keys.create(TENANT, ['query'], 'test')).key;
  otherKey = (await world.runtime.keys.create(OTHER, ['query'], 'test')).key;
  api = queryApiClient(world.url, key);
});

afterAll(async () => {
  await world.close();
});

const post = (body: unknown, apiKey?: string | null, accept?: string): Promise<Response> =>
  api.post(body, apiKey, accept);
const frameOf = (query: string, params: Params, apiKey?: string): Promise<DataFrame> =>
  api.frameOf(query, params, apiKey);
const getJson = <T>(path: string): Promise<T> => api.getJson<T>(path);

describe('errors', () => {
  async function errorOf(response: Response): Promise<ErrorBody['error']> {
    return ((await response.json()) as ErrorBody).error;
  }

  it('names the known queries when asked for an unknown one', async () => {
    const response = await post({ query: 'sla.everything' });
    expect(response.status).toBe(400);
    const error = await errorOf(response);
    expect(error.code).toBe('UNKNOWN_QUERY');
    expect(error.details?.['known']).toContain('sla.attainment_summary');
  });

  it('locates a bad parameter or body field', async () => {
    const cases: [unknown, string, string][] = [
      [
        { query: 'sla.attainment', params: { from: 'yesterday', to: DAY.to } },
        'params.from',
        'must be an RFC 3339 timestamp',
      ],
      [
        { query: 'sla.backlog', params: { group_by: ['priority', 'tenant'] } },
        'params.group_by[1]',
        'Invalid option',
      ],
      [{ query: 'sla.live', params: { tenant: OTHER } }, 'params.tenant', 'unknown field'],
      [{ query: 'sla.breach_risk', params: { limit: 10_001 } }, 'params.limit', '10000'],
      [
        { query: 'sla.live', params: { priority: { P1: true } } },
        'params.priority',
        'must be a string',
      ],
      [{ params: {} }, 'query', ''],
      [{ query: 'sla.live', tenant: OTHER }, 'tenant', 'unknown field'],
    ];
    for (const [body, path, message] of cases) {
      const response = await post(body);
      const error = await errorOf(response);
      expect(response.status, JSON.stringify(body)).toBe(400);
      expect(error, JSON.stringify(body)).toMatchObject({
        code: 'INVALID_QUERY',
        details: { path },
      });
      expect(error.message.startsWith(`${path}: `)).toBe(true);
      expect(error.message).toContain(message);
    }
  });

  it('answers 406 for a media type it cannot send, 401 without a key, 403 without the scope', async () => {
    const csv = await post({ query: 'sla.live' }, key, 'text/csv');
    expect(csv.status).toBe(406);
    expect((await errorOf(csv)).code).toBe('NOT_ACCEPTABLE');
    const anonymous = await post({ query: 'sla.live' }, null);
    expect(anonymous.status).toBe(401);
    expect((await errorOf(anonymous)).code).toBe('UNAUTHENTICATED');
    const ingest = (await world.runtime.keys.create(TENANT, ['ingest'], 'test')).key;
    expect((await post({ query: 'sla.live' }, ingest)).status).toBe(403);
    const catalogue = await fetch(`${world.url}/v1/query`);
    expect(catalogue.status).toBe(401);
  });

  it('says when no SLA figures are computed yet, and refuses other bodies', async () => {
    const fresh = (await world.runtime.keys.create('query-fresh', ['query'], 'test')).key;
    const response = await post({ query: 'sla.live' }, fresh);
    expect(response.status).toBe(404);
    expect((await errorOf(response)).code).toBe('SLA_NOT_READY');
    const yaml = await fetch(`${world.url}/v1/query`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'text/csv' },
      body: 'query,sla.live',
    });
    expect(yaml.status).toBe(415);
  });
});

describe('tenants', () => {
  it('each key reads its own tenant, even with identical parameters', async () => {
    const mine = await frameOf('variables.values', { variable: 'queue' });
    const theirs = await frameOf('variables.values', { variable: 'queue' }, otherKey);
    expect(mine.data.values[0]).toEqual(['apps', 'network']);
    expect(theirs.data.values[0]).toEqual(['other-q']);
    const live = await frameOf('sla.live', {}, otherKey);
    expect(rowsOf(live).map((r) => [r['priority'], r['queue']])).toEqual([
      ['P9', 'other-q'],
      ['P9', 'other-q'],
    ]);
    const sites = await frameOf('variables.values', { variable: 'site' }, otherKey);
    expect(sites.data.values[0]).toEqual(['Tokyo']);
    const slos = await frameOf('slo.status', {}, otherKey);
    expect(slos.data.values[0]).toEqual([]);
  });
});

describe('the catalogue', () => {
  it('lists every query with its parameters and fields', async () => {
    const body = catalogueResponseSchema.parse(await getJson('/v1/query'));
    expect(body.queries).toHaveLength(14);
    const summary = body.queries.find((q) => q.name === 'sla.attainment_summary');
    expect(summary?.fields.map((f) => f.name)).toEqual([
      'priority',
      'metric',
      'measured',
      'met',
      'breached',
      'attainment_pct',
      'target_pct',
      'budget_breaches_allowed',
      'budget_remaining_pct',
    ]);
  });
});

describe('the cache', () => {
  const header = (response: Response) => response.headers.get('x-deskpulse-cache');

  it('answers a repeated request from the cache', async () => {
    const body = { query: 'sla.backlog', params: { group_by: 'priority' } };
    const first = await post(body);
    const second = await post(body);
    expect([header(first), header(second)]).toEqual(['miss', 'hit']);
    expect(await second.json()).toEqual(await first.json());
  });

  it('shares an entry between ranges within one cache bucket', async () => {
    const from = Date.parse('2026-03-02T06:00:00Z');
    const ask = (shift: number) =>
      post({ query: 'sla.attainment', params: { from: from + shift, to: DAY.to } });
    const [first, second, later] = [await ask(0), await ask(1_999), await ask(2_000)];
    expect([header(first), header(second), header(later)]).toEqual(['miss', 'hit', 'miss']);
  });

  it('runs 50 concurrent identical requests once', async () => {
    const client = world.runtime.store.client;
    const original = client.query.bind(client);
    let statements = 0;
    client.query = (...args) => {
      statements += 1;
      return original(...args);
    };
    try {
      // What one execution of this query costs, with parameters nobody asked before.
      await post({ query: 'sla.live', params: { metric: 'next_response', queue: 'apps' } });
      const single = statements;
      expect(single).toBeGreaterThan(0);
      statements = 0;
      const body = { query: 'sla.live', params: { metric: 'resolution', queue: 'apps' } };
      const responses = await Promise.all(Array.from({ length: 50 }, () => post(body)));
      expect(statements).toBe(single);
      expect(responses.map((r) => r.status)).toEqual(responses.map(() => 200));
      expect(responses.filter((r) => header(r) === 'miss')).toHaveLength(1);
      const bodies = await Promise.all(responses.map((r) => r.json() as Promise<QueryResponse>));
      expect(new Set(bodies.map((b) => JSON.stringify(b))).size).toBe(1);
    } finally {
      client.query = original;
    }
  });
});
