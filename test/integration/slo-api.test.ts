import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ErrorBody } from '../../schemas/api.ts';
import type { PolicyResponse } from '../../schemas/policy-api.ts';
import { sloStatusResponseSchema, type SloStatusResponse } from '../../schemas/slo.ts';
import { buildIngestServer, type IngestServer } from '../../ingest/server.ts';
import { openRuntime, type Runtime } from '../../cli/runtime.ts';
import { PolicyStore } from '../../store/policies.ts';
import { Timeline } from '../fixtures/sla-events.ts';
import { engineFor } from '../helpers/sla.ts';
import { ndjson } from '../helpers/server.ts';
import { testConfig } from '../helpers/store.ts';

// SLOs end to end: defined in the policy over PUT /v1/policies (versioned
// apart from the SLA policy), telemetry and tickets POSTed, the SLA engine
// run, and GET /v1/slos read at a fixed instant.
const NOW = Date.parse('2026-03-30T12:00:00Z');
const TENANT = 'slo-api';

const SLA = `description: contract
rules:
  - id: p1
    match: { priority: P1 }
    targets: { first_response: 15m }
  - id: rest
    targets: { first_response: 4h }
`;
const SLOS = `slos:
  - name: crash-free
    description: devices get through the day
    objective: 99%
    window: 7d
    sli: { kind: crash_free_device_days }
  - name: boots
    objective: 95%
    window: 7d
    sli: { kind: boot_duration, under: 60s }
  - name: p1-first-response
    objective: 95%
    window: 30d
    sli: { kind: sla_attainment, metric: first_response, priority: P1 }
  - name: clean
    objective: 0.9
    window: 28d
    sli: { kind: clean_shutdowns }
`;

let runtime: Runtime;
let server: IngestServer;
let admin: string;

beforeAll(async () => {
  const logger = pino({ level: 'silent' });
  runtime = await openRuntime(testConfig(), { logger });
  server = await buildIngestServer({ ...runtime, logger, version: 'test', now: () => NOW });
  await server.app.ready();
  server.setReady(true, 'ok');
  admin = (await runtime.keys.create(TENANT, ['ingest', 'query', 'admin'], 'test')).key;
});

afterAll(async () => {
  await server.app.close();
  await runtime.close();
});

async function call(
  method: 'GET' | 'PUT' | 'POST',
  url: string,
  key: string | undefined,
  body?: { type: string; payload: string },
) {
  const response = await server.app.inject({
    method,
    url,
    headers: {
      ...(key === undefined ? {} : { authorization: `Bearer ${key}` }),
      ...(body === undefined ? {} : { 'content-type': body.type }),
    },
    ...(body === undefined ? {} : { payload: body.payload }),
  });
  return { status: response.statusCode, body: response.json<unknown>() };
}

const putYaml = (text: string) =>
  call('PUT', '/v1/policies', admin, { type: 'application/yaml', payload: text });

function errorOf(result: { status: number; body: unknown }): ErrorBody['error'] {
  return (result.body as ErrorBody).error;
}

describe('SLOs in PUT and GET /v1/policies', () => {
  it('saves the SLA policy and the SLOs as versions of their own', async () => {
    const first = await putYaml(`${SLA}${SLOS}`);
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({
      version: 1,
      created: true,
      slos: { version: 1, created: true },
    });
    // Only an SLO changes: the SLA version (and so every clock) stays.
    const sloOnly = await putYaml(`${SLA}${SLOS.replace('objective: 0.9', 'objective: 0.95')}`);
    expect(sloOnly.body).toMatchObject({
      version: 1,
      created: false,
      slos: { version: 2, created: true },
    });
    // Only the SLA policy changes: the SLOs keep their version.
    const slaOnly = await putYaml(
      `${SLA.replace('contract', 'contract 2')}${SLOS.replace('objective: 0.9', 'objective: 0.95')}`,
    );
    expect(slaOnly.body).toMatchObject({
      version: 2,
      created: true,
      slos: { version: 2, created: false },
    });
  });

  it('refuses a file with a bad SLO, located, and saves neither part', async () => {
    const bad = await putYaml(`${SLA}${SLOS.replace('objective: 95%', 'objective: 195%')}`);
    expect(bad.status).toBe(400);
    expect(errorOf(bad)).toEqual({
      code: 'INVALID_POLICY',
      message:
        'slos[1].objective: "195%" is not an objective: use a percentage such as 99.9% or a fraction such as 0.999, above 0 and below 1 (line 15, column 16)',
      details: { path: 'slos[1].objective', line: 15, column: 16 },
    });
    const policy = (await call('GET', '/v1/policies', admin)).body as PolicyResponse;
    expect(policy.version).toBe(2);
    expect(policy.slos).toMatchObject({ version: 2 });
  });

  it('shows the SLOs in force with the policy, whichever SLA version is asked for', async () => {
    const current = (await call('GET', '/v1/policies', admin)).body as PolicyResponse;
    expect(current.slos?.slos.map((slo) => [slo.name, slo.objective])).toEqual([
      ['crash-free', 0.99],
      ['boots', 0.95],
      ['p1-first-response', 0.95],
      ['clean', 0.95],
    ]);
    expect(current.slos?.created_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    const old = (await call('GET', '/v1/policies?version=1', admin)).body as PolicyResponse;
    expect(old).toMatchObject({ version: 1, active: false, slos: { version: 2 } });
  });

  it('takes the SLOs from a JSON body too', async () => {
    const other = (await runtime.keys.create('slo-json', ['admin'], 'test')).key;
    const body = {
      rules: [{ id: 'all', targets: { resolution: '1d' } }],
      slos: [
        { name: 'boots', objective: 0.9, window: '7d', sli: { kind: 'boot_duration', under: 90 } },
      ],
    };
    const put = await call('PUT', '/v1/policies', other, {
      type: 'application/json',
      payload: JSON.stringify(body),
    });
    expect(put.body).toMatchObject({ version: 1, slos: { version: 1, created: true } });
    const got = (await call('GET', '/v1/policies', other)).body as PolicyResponse;
    expect(got.slos?.slos).toEqual([
      { ...body.slos[0], sli: { kind: 'boot_duration', under: 90 } },
    ]);
  });
});

const sample = (device_id: string, at: string) =>
  ({ kind: 'sample', device_id, occurred_at: at, cpu_pct: 5 }) as const;
const boot = (device_id: string, at: string, seconds: number) =>
  ({ kind: 'event', device_id, type: 'boot', occurred_at: at, boot_duration_s: seconds }) as const;

async function seedData(): Promise<void> {
  const week = Array.from({ length: 10 }, (_, i) => sample(`old-${i}`, '2026-03-28T10:00:00Z'));
  const boots = Array.from({ length: 20 }, (_, i) => boot(`b-${i}`, '2026-03-28T08:00:00Z', 30));
  const telemetry = [
    ...week,
    ...boots,
    boot('b-slow', '2026-03-30T09:00:00Z', 90),
    sample('d1', '2026-03-30T11:10:00Z'),
    sample('d2', '2026-03-30T11:20:00Z'),
    sample('d3', '2026-03-30T11:30:00Z'),
    sample('d4', '2026-03-30T11:40:00Z'),
    {
      kind: 'event',
      device_id: 'd4',
      type: 'app_crash',
      app: 'Excel',
      occurred_at: '2026-03-30T11:58:00Z',
    },
  ];
  expect(
    (
      await call('POST', '/v1/telemetry', admin, {
        type: 'application/x-ndjson',
        payload: ndjson(telemetry),
      })
    ).status,
  ).toBe(200);
  const tickets = new Timeline('P1-1')
    .created('2026-03-30T09:00:00Z', { priority: 'P1' })
    .agentReply('2026-03-30T09:05:00Z').events;
  expect(
    (
      await call('POST', '/v1/tickets/events', admin, {
        type: 'application/x-ndjson',
        payload: ndjson(tickets),
      })
    ).status,
  ).toBe(200);
  const active = await new PolicyStore(runtime.store).active(TENANT);
  if (active === undefined) throw new Error('no policy');
  const engine = engineFor(runtime.store, TENANT, () => active);
  await engine.recomputeAll(TENANT, active.version, active.policy);
}

describe('GET /v1/slos', () => {
  let body: SloStatusResponse;

  beforeAll(async () => {
    await seedData();
    const result = await call('GET', '/v1/slos', admin);
    expect(result.status).toBe(200);
    body = sloStatusResponseSchema.parse(result.body);
  });

  it('answers as of now, with the versions it read', () => {
    expect(body).toMatchObject({
      tenant: TENANT,
      as_of: '2026-03-30T12:00:00Z',
      slo_version: 2,
      sla_policy_version: 2,
    });
    expect(body.slos.map((slo) => [slo.name, slo.status])).toEqual([
      ['crash-free', 'page'],
      ['boots', 'ok'],
      ['p1-first-response', 'ok'],
      ['clean', 'no_data'],
    ]);
  });

  it('pages on a fresh crash among few device-days, with every number worked out', () => {
    // Device-days: 10 good on 03-28, d1–d3 good at 11:10–11:30, d4 bad at its
    // crash (11:58). 1h: 1 bad of 4 = 25 % = 25 × the 1 % budget; 5m and 30m:
    // only d4 (d3's 11:30 is the 30m start, outside) = 100 ×; 3d: 1 of 14.
    const crash = body.slos[0];
    expect(crash).toMatchObject({
      description: 'devices get through the day',
      objective: 0.99,
      window: '7d',
      indicator: { kind: 'crash_free_device_days' },
      sli: { total: 14, good: 13 },
      error_budget: { bad: 1 },
    });
    expect(crash?.error_budget.allowed_bad).toBeCloseTo(0.14, 12);
    expect(crash?.error_budget.remaining).toBeCloseTo(1 - 1 / 0.14, 12);
    expect(crash?.burn_rates).toMatchObject({
      '5m': 100,
      '30m': 100,
      '1h': 25,
      '6h': 25,
      '1d': 25,
    });
    expect(crash?.burn_rates['3d']).toBeCloseTo(100 / 14, 12);
    expect(
      crash?.alerts.map((a) => `${a.severity} ${a.long_window}/${a.short_window} ${a.threshold}`),
    ).toEqual(['page 1h/5m 14.4', 'page 6h/30m 6', 'ticket 1d/2h 3', 'ticket 3d/6h 1']);
  });

  it('stays quiet while only the long windows burn', () => {
    // One slow boot of 21 at 09:00: 6h and 1d burn 20 ×, but the 30m and 2h
    // windows (after 11:30 and 10:00) hold no boot, so nothing fires.
    const boots = body.slos[1];
    expect(boots).toMatchObject({
      sli: { total: 21, good: 20 },
      burn_rates: { '5m': 0, '30m': 0, '2h': 0, '6h': 20, '1d': 20 },
      alerts: [],
      status: 'ok',
    });
    expect(body.slos[2]).toMatchObject({ sli: { total: 1, good: 1, ratio: 1 }, status: 'ok' });
    expect(body.slos[3]).toMatchObject({
      sli: { total: 0, good: 0, ratio: null },
      error_budget: { allowed_bad: 0, bad: 0, remaining: null },
    });
  });

  it('filters by name, and refuses unknown names and parameters', async () => {
    const one = await call('GET', '/v1/slos?name=boots,clean', admin);
    expect((one.body as SloStatusResponse).slos.map((slo) => slo.name)).toEqual(['boots', 'clean']);
    const missing = await call('GET', '/v1/slos?name=boots,nope', admin);
    expect(missing.status).toBe(404);
    expect(errorOf(missing).message).toContain('"nope"');
    const bad = await call('GET', '/v1/slos?names=boots', admin);
    expect(bad.status).toBe(400);
    expect(errorOf(bad)).toMatchObject({ code: 'BAD_REQUEST', details: { path: 'names' } });
  });

  it('checks scopes and keeps tenants apart', async () => {
    const ingest = (await runtime.keys.create(TENANT, ['ingest'], 'test')).key;
    expect((await call('GET', '/v1/slos', ingest)).status).toBe(403);
    expect((await call('GET', '/v1/slos', undefined)).status).toBe(401);
    const other = (await runtime.keys.create('slo-empty', ['query'], 'test')).key;
    expect((await call('GET', '/v1/slos', other)).body).toEqual({
      tenant: 'slo-empty',
      as_of: '2026-03-30T12:00:00Z',
      slo_version: null,
      sla_policy_version: null,
      slos: [],
    });
  });
});
