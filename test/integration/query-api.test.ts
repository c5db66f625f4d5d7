import { tableFromIPC } from 'apache-arrow';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DataFrame, FrameField } from '../../schemas/query.ts';
import type { SloStatusResponse } from '../../schemas/slo.ts';
import {
  ARROW,
  names,
  queryApiClient,
  rowsOf,
  type Params,
  type QueryApiClient,
  type Row,
} from './query-api-client.ts';
import { DAY, NOW, TENANT, startQueryApiWorld, type QueryApiWorld } from './query-api-fixture.ts';

/*
 * POST /v1/query against the real server on the embedded store: every named
 * query answers the numbers its GET route answers, as JSON frames and as
 * Arrow (errors, tenants and the cache: query-api-errors.test.ts).
 */

let world: QueryApiWorld;
let api: QueryApiClient;

beforeAll(async () => {
  world = await startQueryApiWorld();
  api = queryApiClient(world.url, (await world.runtime.keys.create(TENANT, ['query'], 'test')).key);
});

afterAll(async () => {
  await world.close();
});

const frameOf = (query: string, params: Params): Promise<DataFrame> => api.frameOf(query, params);
const getJson = <T>(path: string, params?: Record<string, string>): Promise<T> =>
  api.getJson<T>(path, params);

/** Route rows as the columns of a frame with these fields: instants as epoch ms, absent as null. */
function columnsOf(fields: readonly FrameField[], rows: readonly Row[]): unknown[][] {
  return fields.map((field) =>
    rows.map((row) => {
      const value = row[field.name];
      if (value === undefined || value === null) return null;
      return field.type === 'time' ? Date.parse(value as string) : value;
    }),
  );
}

interface Case {
  query: string;
  params: Params;
  route: string;
  routeParams: Record<string, string>;
  /** The route's answer as the rows the frame must hold. */
  expected: (body: Row) => Row[];
}

const rowsField = (body: Row): Row[] => body['rows'] as Row[];
const DAY_MS = { from: Date.parse(DAY.from), to: Date.parse(DAY.to) };

const CASES: Case[] = [
  {
    query: 'sla.attainment',
    params: { ...DAY_MS, group_by: ['priority'], metric: ['first_response', 'resolution'] },
    route: '/v1/sla/attainment',
    routeParams: { ...DAY, group_by: 'priority', metric: 'first_response,resolution' },
    expected: rowsField,
  },
  {
    query: 'sla.response_percentiles',
    params: { ...DAY, interval: 'day', group_by: 'queue' },
    route: '/v1/sla/attainment',
    routeParams: { ...DAY, interval: 'day', group_by: 'queue', metric: 'first_response' },
    expected: (body) =>
      rowsField(body).map((row) => ({
        ...row,
        p50_s: row['elapsed_p50_s'],
        p90_s: row['elapsed_p90_s'],
        p95_s: row['elapsed_p95_s'],
      })),
  },
  {
    query: 'sla.live',
    params: {},
    route: '/v1/sla/live',
    routeParams: {},
    expected: rowsField,
  },
  {
    query: 'sla.breach_risk',
    params: { include_breached: true, limit: 5000 },
    route: '/v1/sla/at-risk',
    routeParams: { include_breached: 'true', limit: '1000' },
    expected: (body) => rowsField(body).map((row) => ({ ...row, breach_probability: null })),
  },
  {
    query: 'sla.backlog',
    params: { group_by: ['queue', 'priority'] },
    route: '/v1/sla/backlog',
    routeParams: { group_by: 'priority,queue' },
    expected: rowsField,
  },
  {
    query: 'sla.satisfaction',
    params: { ...DAY, interval: 'hour', priority: 'P1,P2' },
    route: '/v1/sla/satisfaction',
    routeParams: { ...DAY, priority: 'P1,P2' },
    expected: rowsField,
  },
  {
    query: 'reliability.metrics',
    params: { ...DAY_MS, interval: 'hour', group_by: ['model'] },
    route: '/v1/reliability/metrics',
    routeParams: { ...DAY, interval: 'hour', group_by: 'model' },
    expected: rowsField,
  },
  {
    query: 'reliability.scores',
    params: { ...DAY, entity: 'site' },
    route: '/v1/reliability/scores',
    routeParams: { ...DAY, entity: 'site' },
    expected: rowsField,
  },
  {
    query: 'reliability.silent_devices',
    params: { hours: 2 },
    route: '/v1/reliability/silent-devices',
    routeParams: { hours: '2' },
    expected: rowsField,
  },
  {
    query: 'reliability.tickets',
    params: { ...DAY, group_by: 'app' },
    route: '/v1/reliability/tickets',
    routeParams: { ...DAY, group_by: 'app' },
    expected: rowsField,
  },
  {
    query: 'slo.status',
    params: {},
    route: '/v1/slos',
    routeParams: {},
    expected: (body) =>
      (body as unknown as SloStatusResponse).slos.map((slo) => ({
        name: slo.name,
        kind: slo.indicator.kind,
        objective_pct: Math.round(slo.objective * 1e6) / 1e4,
        window: slo.window,
        sli_good: slo.sli.good,
        sli_total: slo.sli.total,
        sli_pct: slo.sli.ratio === null ? null : slo.sli.ratio * 100,
        budget_allowed: slo.error_budget.allowed_bad,
        budget_bad: slo.error_budget.bad,
        budget_remaining_pct:
          slo.error_budget.remaining === null ? null : slo.error_budget.remaining * 100,
        burn_1h: slo.burn_rates['1h'],
        burn_6h: slo.burn_rates['6h'],
        burn_1d: slo.burn_rates['1d'],
        burn_3d: slo.burn_rates['3d'],
        status: slo.status,
      })),
  },
];

/** Numbers to 9 significant digits: percentages are printed without binary noise. */
const rounded = (columns: unknown[][]): unknown[][] =>
  columns.map((column) =>
    column.map((value) => (typeof value === 'number' ? Number(value.toPrecision(9)) : value)),
  );

describe('every named query answers what its GET route answers', () => {
  it.each(CASES)('$query', async ({ query, params, route, routeParams, expected }) => {
    const frame = await frameOf(query, params);
    const body = await getJson<Row>(route, routeParams);
    const rows = expected(body);
    expect(rows.length, 'the fixture should give rows').toBeGreaterThan(0);
    expect(rounded(frame.data.values)).toEqual(rounded(columnsOf(frame.schema.fields, rows)));
    expect(frame.schema).toMatchObject({ name: query, refId: 'A' });
  });

  it('says which policy version and range it read', async () => {
    const attainment = await frameOf('sla.live', {});
    expect(attainment.schema.meta?.custom).toEqual({ policy_version: 1 });
    const metrics = await frameOf('reliability.metrics', { ...DAY, interval: 'day' });
    expect(metrics.schema.meta?.custom).toEqual({ ...DAY, source: 'daily' });
    const silent = await frameOf('reliability.silent_devices', {});
    expect(silent.schema.meta?.custom).toEqual({ silent_devices: 1 });
  });
});

describe('the queries without a GET route', () => {
  it('sla.attainment_summary: attainment against the SLO target, with the error budget', async () => {
    const frame = await frameOf('sla.attainment_summary', DAY);
    expect(rowsOf(frame)).toEqual([
      {
        priority: 'P1',
        metric: 'resolution',
        ...{ measured: 2, met: 1, breached: 1, attainment_pct: 50 },
        // The P1 SLO (90 %): 0.2 breaches allowed, 1 spent, 5 budgets.
        target_pct: 90,
        budget_breaches_allowed: 0.2,
        budget_remaining_pct: -400,
      },
      {
        priority: 'P2',
        metric: 'resolution',
        ...{ measured: 2, met: 2, breached: 0, attainment_pct: 100 },
        // No P2 SLO: the resolution SLO without a priority (80 %).
        target_pct: 80,
        budget_breaches_allowed: 0.4,
        budget_remaining_pct: 100,
      },
    ]);
    const firstResponse = await frameOf('sla.attainment_summary', {
      ...DAY,
      metric: 'first_response',
    });
    expect(rowsOf(firstResponse).map((r) => [r['priority'], r['met'], r['target_pct']])).toEqual([
      ['P1', 1, null],
      ['P2', 1, null],
    ]);
  });

  it('sla.satisfaction_distribution: every score, adding up to the responses', async () => {
    const frame = await frameOf('sla.satisfaction_distribution', DAY_MS);
    expect(rowsOf(frame)).toEqual(
      [1, 2, 3, 4, 5].map((score) => ({ score, responses: score === 1 ? 0 : 1 })),
    );
    const satisfaction = await getJson<{ rows: { rated: number }[] }>('/v1/sla/satisfaction', {
      ...DAY,
      interval: 'day',
    });
    expect(satisfaction.rows.reduce((sum, row) => sum + row.rated, 0)).toBe(4);
    const p1 = await frameOf('sla.satisfaction_distribution', { ...DAY, priority: ['P1'] });
    expect(p1.data.values[1]).toEqual([0, 1, 0, 0, 1]);
  });

  it('sla.breach_risk: soonest first, breached ones first when asked', async () => {
    const frame = await frameOf('sla.breach_risk', { include_breached: true });
    expect(rowsOf(frame).map((r) => [r['ticket_id'], r['metric'], r['seconds_left']])).toEqual([
      ['T5', 'first_response', -3 * 3600],
      // Pending pauses T7's resolution clock, not its first response.
      ['T7', 'first_response', -3600],
      ['T6', 'first_response', 20 * 60],
      ['T6', 'resolution', 3 * 3600 + 50 * 60],
      ['T5', 'resolution', 4 * 3600],
    ]);
    expect(frame.data.values[names(frame).indexOf('breach_probability')]).toEqual(
      Array.from({ length: 5 }, () => null),
    );
  });

  it.each([
    ['queue', ['apps', 'network']],
    ['priority', ['P1', 'P2', 'P3']],
    ['site', ['Berlin', 'Paris']],
    ['model', ['M1', 'M2']],
    ['os_version', ['11', '12']],
    ['app', ['Outlook', 'Teams']],
    ['metric', ['first_response', 'next_response', 'resolution']],
    ['slo', ['all-resolution', 'crash-free', 'p1-resolution']],
  ])('variables.values lists the tenant’s %s', async (variable, values) => {
    const frame = await frameOf('variables.values', { variable });
    expect(frame.data.values).toEqual([values, values]);
  });
});

describe('Arrow', () => {
  it.each(['sla.breach_risk', 'sla.attainment', 'reliability.silent_devices', 'slo.status'])(
    '%s decodes to the JSON frame’s values',
    async (query) => {
      const params = CASES.find((c) => c.query === query)?.params ?? { ...DAY };
      const json = await frameOf(query, params);
      const response = await api.post({ query, params, refId: 'B' }, undefined, ARROW);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe(ARROW);
      const table = tableFromIPC(new Uint8Array(await response.arrayBuffer()));
      expect(table.numRows).toBe(json.data.values[0]?.length);
      expect(table.schema.fields.map((f) => f.name)).toEqual(names(json));
      json.schema.fields.forEach((field, index) => {
        expect([...(table.getChild(field.name) ?? [])], field.name).toEqual(
          json.data.values[index],
        );
      });
      expect(Object.fromEntries(table.schema.metadata)).toMatchObject({
        name: query,
        refId: 'B',
        query,
        tenant: TENANT,
        as_of: new Date(NOW).toISOString().replace('.000Z', 'Z'),
      });
      expect(JSON.parse(table.schema.metadata.get('meta') ?? '')).toEqual(json.schema.meta ?? {});
    },
  );
});
