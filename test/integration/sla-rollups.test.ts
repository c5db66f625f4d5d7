import Fastify, { type FastifyInstance } from 'fastify';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CachedAuthenticator, registerAuth } from '../../ingest/auth.ts';
import { registerErrorHandler } from '../../ingest/error-handler.ts';
import { registerSlaRollupRoutes } from '../../ingest/routes/sla-rollups.ts';
import { SlaEngine } from '../../rollups/sla/engine/engine.ts';
import {
  readAtRisk,
  readAttainment,
  readBacklog,
  readLive,
  readSatisfaction,
} from '../../rollups/sla/read/rollups.ts';
import { slaPolicySchema, type SlaPolicy } from '../../schemas/sla-policy.ts';
import {
  atRiskQuerySchema,
  attainmentQuerySchema,
  backlogQuerySchema,
  liveQuerySchema,
  satisfactionQuerySchema,
} from '../../schemas/sla-rollups.ts';
import type { TicketEvent } from '../../schemas/ticket-event.ts';
import { ApiKeyStore } from '../../store/api-keys.ts';
import type { Store } from '../../store/client.ts';
import { rowPrefix, ticketEventRow } from '../../store/rows.ts';
import { migratedStore, testConfig } from '../helpers/store.ts';

/*
 * Hand-computed rollups over a small desk on Monday 2026-03-02 (UTC), 24x7
 * calendar, so business seconds are wall seconds:
 *   rule p1 (priority P1): first_response 30m, resolution 4h
 *   rule std (the rest):   first_response 1h,  resolution 8h, no next_response target
 * "now" for live figures is 10:15.
 */
const NOW = Date.parse('2026-03-02T10:15:00Z');
const DAY = { from: '2026-03-02T00:00:00Z', to: '2026-03-03T00:00:00Z' };

type Step = Omit<TicketEvent, 'event_id' | 'ticket_id'>;
const at = (hhmm: string, day = '2026-03-02'): string => `${day}T${hhmm}:00Z`;
const created = (time: string, priority: string, queue: string): Step => ({
  type: 'created',
  occurred_at: time,
  status: 'new',
  priority,
  queue,
});
const reply = (time: string, role: 'agent' | 'customer' = 'agent'): Step => ({
  type: 'commented',
  occurred_at: time,
  comment: { author_role: role, public: true },
});
const status = (time: string, name: string): Step => ({
  type: 'status_changed',
  occurred_at: time,
  status: name,
});
const rated = (time: string, score: number): Step => ({
  type: 'satisfaction',
  occurred_at: time,
  satisfaction: { score },
});

function ticket(id: string, steps: Step[]): TicketEvent[] {
  return steps.map((step, i) => ({ event_id: `${id}-${String(i + 1)}`, ticket_id: id, ...step }));
}

const POLICY = slaPolicySchema.parse({
  status_map: { waiting_vendor: 'on_hold' },
  rules: [
    { id: 'p1', match: { priority: 'P1' }, targets: { first_response: '30m', resolution: '4h' } },
    { id: 'std', targets: { first_response: '1h', resolution: '8h' } },
  ],
});

// T1 P1: first response 08:20 (1200 s, met), solved 10:00 (7200 s, met), rated 5 at 11:10.
const T1 = ticket('T1', [
  created(at('08:00'), 'P1', 'network'),
  reply(at('08:20')),
  status(at('10:00'), 'solved'),
  rated(at('11:10'), 5),
]);
// T2 P1: first response 09:00 (3600 > 1800, breached), solved 13:00 (18000 > 14400, breached), rated 2.
const T2 = ticket('T2', [
  created(at('08:00'), 'P1', 'network'),
  reply(at('09:00')),
  status(at('13:00'), 'solved'),
  rated(at('13:30'), 2),
]);
const DESK = [
  ...T1,
  ...T2,
  // T3 P2: first response 08:45 (2700, met); next_response 09:00→09:30 (1800, untargeted);
  // solved 09:50, reopened 10:30, solved 11:00: resolution 6600 + 1800 = 8400 (met), 2 agent replies.
  ...ticket('T3', [
    created(at('08:00'), 'P2', 'apps'),
    reply(at('08:45')),
    reply(at('09:00'), 'customer'),
    reply(at('09:30')),
    status(at('09:50'), 'solved'),
    status(at('10:30'), 'open'),
    status(at('11:00'), 'solved'),
  ]),
  // T4 P2: solved 09:10 with no reply: first response cancelled (600), resolution met (600).
  ...ticket('T4', [created(at('09:00'), 'P2', 'apps'), status(at('09:10'), 'solved')]),
  // T5 P2, open: first response breaches 09:00 (warn 08:45); resolution breaches 16:00 (warn 14:00).
  ...ticket('T5', [created(at('08:00'), 'P2', 'network')]),
  // T6 P1, open: first response warns 10:12:30 (75 % of 30m), breaches 10:20; resolution paused.
  ...ticket('T6', [created(at('09:50'), 'P1', 'apps'), status(at('10:00'), 'pending')]),
];

let store: Store;

async function insert(tenant: string, events: readonly TicketEvent[]): Promise<void> {
  const prefix = rowPrefix(tenant);
  const ndjson = events.map((event) => ticketEventRow(prefix, event)).join('\n');
  await store.sink.insert('ticket_events', Buffer.from(`${ndjson}\n`));
}

async function compute(tenant: string, policy: SlaPolicy = POLICY): Promise<void> {
  const engine = new SlaEngine({
    store,
    policies: {
      tenants: () => Promise.resolve([tenant]),
      active: () => Promise.resolve({ version: 1, policy }),
    },
    logger: pino({ level: 'silent' }),
  });
  await engine.recomputeAll(tenant, 1, policy);
}

beforeAll(async () => {
  store = await migratedStore(testConfig());
  await insert('desk', DESK);
  await compute('desk');
});

afterAll(async () => {
  await store.close();
});

const attainment = (tenant: string, params: Record<string, string>) =>
  readAttainment(store, tenant, 1, attainmentQuerySchema.parse(params), NOW);
const satisfaction = (tenant: string, params: Record<string, string>) =>
  readSatisfaction(store, tenant, 1, satisfactionQuerySchema.parse(params), NOW);

/** Chosen fields of each row as a tuple: one short line per expected row. */
const columns = (rows: readonly object[], keys: readonly string[]): unknown[][] =>
  rows.map((row) => keys.map((key) => (row as Record<string, unknown>)[key]));
const hour = (hh: string): string => `2026-03-02T${hh}:00:00Z`;

describe('attainment', () => {
  it('counts stopped clocks per day and metric, with exact percentiles', async () => {
    const rows = await attainment('desk', { ...DAY, interval: 'day' });
    const bucket = '2026-03-02T00:00:00Z';
    expect(rows).toEqual([
      // T1 met 1200, T3 met 2700, T2 breached 3600; T4 cancelled. 2/3 met.
      // Exact weighted quantile = the first value whose cumulative count reaches
      // ceil(n × level): p50 → ceil(1.5) = 2nd = 2700, p90/p95 → 3rd = 3600.
      {
        ...{ bucket, metric: 'first_response', measured: 3, met: 2, breached: 1 },
        ...{ cancelled: 1, untargeted: 0, attainment_pct: (100 * 2) / 3, timed: 3 },
        ...{ elapsed_p50_s: 2700, elapsed_p90_s: 3600, elapsed_p95_s: 3600 },
      },
      // T3's reply cycle has no target: timed, never measured.
      {
        ...{ bucket, metric: 'next_response', measured: 0, met: 0, breached: 0 },
        ...{ cancelled: 0, untargeted: 1, attainment_pct: null, timed: 1 },
        ...{ elapsed_p50_s: 1800, elapsed_p90_s: 1800, elapsed_p95_s: 1800 },
      },
      // 600, 7200, 8400 met; 18000 breached: 3/4. p50 → ceil(2) = 2nd = 7200; p90 → ceil(3.6) = 4th.
      {
        ...{ bucket, metric: 'resolution', measured: 4, met: 3, breached: 1 },
        ...{ cancelled: 0, untargeted: 0, attainment_pct: 75, timed: 4 },
        ...{ elapsed_p50_s: 7200, elapsed_p90_s: 18000, elapsed_p95_s: 18000 },
      },
    ]);
  });

  it('buckets by the stop hour, grouped and filtered', async () => {
    const grouped = { ...DAY, metric: 'first_response', group_by: 'priority' };
    const rows = await attainment('desk', grouped);
    const keys = [
      'bucket',
      'priority',
      'measured',
      'met',
      'breached',
      'cancelled',
      'elapsed_p50_s',
    ];
    expect(columns(rows, keys)).toEqual([
      // 08:20 T1 (P1) and 08:45 T3 (P2), both met.
      [hour('08'), 'P1', 1, 1, 0, 0, 1200],
      [hour('08'), 'P2', 1, 1, 0, 0, 2700],
      // 09:00 T2 (P1) breached; 09:10 T4 (P2) cancelled: nothing timed, so no percentile.
      [hour('09'), 'P1', 1, 0, 1, 0, 3600],
      [hour('09'), 'P2', 0, 0, 0, 1, null],
    ]);
    expect(rows[0]).not.toHaveProperty('queue');

    // P1 only, whole day: resolution T1 7200 met, T2 18000 breached → 50 %, p50 = 1st of 2 = 7200.
    const p1 = { ...DAY, interval: 'day', priority: 'P1', metric: 'resolution' };
    const p1Keys = ['measured', 'met', 'attainment_pct', 'elapsed_p50_s', 'elapsed_p95_s'];
    expect(columns(await attainment('desk', p1), p1Keys)).toEqual([[2, 1, 50, 7200, 18000]]);
  });

  it('buckets days and weeks at local midnight; hours stay the stored UTC hours', async () => {
    const resolution = { ...DAY, metric: 'resolution' };
    const buckets = async (params: Record<string, string>): Promise<string[]> =>
      (await attainment('desk', { ...resolution, ...params })).map((row) => row.bucket);
    // Stops at 09:10, 10:00, 11:00, 13:00 UTC = 10:10–14:00 in Berlin (UTC+1): one Berlin day.
    expect(await buckets({ interval: 'day', tz: 'Europe/Berlin' })).toEqual([
      '2026-03-01T23:00:00Z',
    ]);
    // Monday 2 March is the week's first day; a zone's name is taken in any case.
    expect(await buckets({ interval: 'week', tz: 'europe/berlin' })).toEqual([
      '2026-03-01T23:00:00Z',
    ]);
    // Kolkata is UTC+5:30: its day starts at 18:30 UTC; hour buckets are not shifted by 30 min.
    expect(await buckets({ interval: 'day', tz: 'Asia/Kolkata' })).toEqual([
      '2026-03-01T18:30:00Z',
    ]);
    expect(await buckets({ interval: 'hour', tz: 'Asia/Kolkata' })).toEqual(
      ['09', '10', '11', '13'].map((hour) => `2026-03-02T${hour}:00:00Z`),
    );
    // A range starting mid-day still returns that day whole; one ending at 09:00 stops before it.
    expect(await buckets({ interval: 'day', from: '2026-03-02T12:00:00Z' })).toEqual([
      '2026-03-02T00:00:00Z',
    ]);
    expect(await buckets({ interval: 'hour', to: '2026-03-02T10:00:00Z' })).toEqual([
      '2026-03-02T09:00:00Z',
    ]);
  });
});

describe('live clocks and breach risk', () => {
  const live = (nowIso: string) =>
    readLive(store, 'desk', 1, liveQuerySchema.parse({}), Date.parse(nowIso));

  it('counts open clocks per metric × priority × queue at now', async () => {
    // Only T5 and T6 are open. At 10:15: T5's first response is 75 min past 09:00 (breached),
    // T6's warned at 10:12:30 and breaches at 10:20; T6's resolution is paused (pending).
    const keys = ['metric', 'priority', 'queue', 'running', 'paused', 'at_warning', 'breached'];
    const rows = await live('2026-03-02T10:15:00Z');
    expect(columns(rows, keys)).toEqual([
      ['first_response', 'P1', 'apps', 1, 0, 1, 0],
      ['first_response', 'P2', 'network', 1, 0, 0, 1],
      ['resolution', 'P1', 'apps', 0, 1, 0, 0],
      ['resolution', 'P2', 'network', 1, 0, 0, 0],
    ]);
    expect(Object.keys(rows[0] ?? {})).toEqual(keys);
    // At 10:25 T6's first response is past 10:20: breached, no longer "at warning".
    const later = await live('2026-03-02T10:25:00Z');
    expect(later[0]).toMatchObject({ priority: 'P1', at_warning: 0, breached: 1 });
  });

  it('lists the clocks closest to breach, soonest first', async () => {
    const atRisk = (params: Record<string, string>) =>
      readAtRisk(store, 'desk', 1, atRiskQuerySchema.parse(params), NOW);
    const t6 = {
      ...{ ticket_id: 'T6', metric: 'first_response', cycle: 1, state: 'running' },
      ...{ breach_at: '2026-03-02T10:20:00Z', warn_at: '2026-03-02T10:12:30Z', seconds_left: 300 },
      ...{ priority: 'P1', queue: 'apps', rule_id: 'p1' },
    };
    // T5 resolution: 16:00 − 10:15 = 20700 s left. Paused T6 resolution cannot breach: not listed.
    const t5 = {
      ...{ ticket_id: 'T5', metric: 'resolution', cycle: 1, state: 'running' },
      ...{
        breach_at: '2026-03-02T16:00:00Z',
        warn_at: '2026-03-02T14:00:00Z',
        seconds_left: 20700,
      },
      ...{ priority: 'P2', queue: 'network', rule_id: 'std' },
    };
    expect(await atRisk({})).toEqual([t6, t5]);
    expect(await atRisk({ limit: '1' })).toEqual([t6]);
    // T5's first response breached at 09:00: 4500 s overdue, listed first when asked for.
    const withBreached = await atRisk({ include_breached: 'true', queue: 'network' });
    expect(columns(withBreached, ['ticket_id', 'metric', 'seconds_left'])).toEqual([
      ['T5', 'first_response', -4500],
      ['T5', 'resolution', 20700],
    ]);
  });
});

describe('satisfaction', () => {
  it('sums solves by the hour solved and ratings by the hour given', async () => {
    // Solved: T4 09:10, T1 10:00, T3 11:00 (last solve, reopened once), T2 13:00.
    // First contact: no reopen and exactly one agent reply: T1, T2 (T3 has 2 replies and a
    // reopen; T4 was solved without any reply).
    // Ratings: T1 5 at 11:10, T2 2 at 13:30.
    expect(await satisfaction('desk', { ...DAY, interval: 'day' })).toEqual([
      {
        ...{ bucket: '2026-03-02T00:00:00Z', solved: 4, reopened: 1, first_contact: 2 },
        ...{ rated: 2, satisfied: 1, pct_satisfied: 50, avg_score: 3.5 },
        ...{ response_rate: 50, first_contact_pct: 50, reopen_pct: 25 },
      },
    ]);
    const hourly = await satisfaction('desk', { ...DAY });
    expect(columns(hourly, ['bucket', 'solved', 'rated', 'avg_score', 'response_rate'])).toEqual([
      [hour('09'), 1, 0, null, 0],
      [hour('10'), 1, 0, null, 0],
      [hour('11'), 1, 1, 5, 100],
      [hour('13'), 1, 1, 2, 100],
    ]);
  });
});

describe('backlog', () => {
  const tenant = 'backlog';
  beforeAll(async () => {
    await insert(tenant, [
      // Ages at 10:15: 45 min, exactly 1 h, exactly 4 h, exactly 2 d, 10 d 15 min.
      ...ticket('B1', [created(at('09:30'), 'P2', 'network')]),
      ...ticket('B2', [created(at('09:15'), 'P2', 'apps')]),
      ...ticket('B3', [created(at('06:15'), 'P2', 'network'), status(at('07:00'), 'open')]),
      ...ticket('B4', [
        created(at('10:15', '2026-02-28'), 'P3', 'apps'),
        status(at('11:00', '2026-02-28'), 'waiting_vendor'),
      ]),
      ...ticket('B5', [
        created(at('10:00', '2026-02-20'), 'P1', 'apps'),
        status(at('12:00', '2026-02-20'), 'pending'),
      ]),
      // Solved: not in the backlog.
      ...ticket('B6', [created(at('08:00'), 'P2', 'network'), status(at('09:00'), 'solved')]),
    ]);
    await compute(tenant);
  });
  const backlog = (params: Record<string, string>) =>
    readBacklog(store, tenant, 1, backlogQuerySchema.parse(params), NOW);

  it('counts open tickets by category, status and age at now (lower bounds inclusive)', async () => {
    expect(await backlog({})).toEqual([
      { status: 'new', category: 'new', age: 'lt_1h', tickets: 1 },
      { status: 'new', category: 'new', age: '1h_4h', tickets: 1 },
      { status: 'open', category: 'open', age: '4h_24h', tickets: 1 },
      { status: 'pending', category: 'pending', age: 'gt_7d', tickets: 1 },
      { status: 'waiting_vendor', category: 'on_hold', age: '1d_3d', tickets: 1 },
    ]);
  });

  it('groups and filters by priority and queue', async () => {
    expect(await backlog({ priority: 'P2', group_by: 'queue' })).toEqual([
      { status: 'new', category: 'new', age: '1h_4h', queue: 'apps', tickets: 1 },
      { status: 'new', category: 'new', age: 'lt_1h', queue: 'network', tickets: 1 },
      { status: 'open', category: 'open', age: '4h_24h', queue: 'network', tickets: 1 },
    ]);
  });
});

describe('a late event', () => {
  it('changes the outcome once: recomputed rollups move, never double', async () => {
    const tenant = 'late';
    await insert(tenant, [...T1, ...T2]);
    await compute(tenant);
    const resolution = { ...DAY, interval: 'day', metric: 'resolution' };
    const day = ['measured', 'met', 'breached', 'elapsed_p50_s', 'elapsed_p95_s'];
    // T1 7200 met, T2 18000 breached.
    expect(columns(await attainment(tenant, resolution), day)).toEqual([[2, 1, 1, 7200, 18000]]);

    // T2 was in fact solved at 11:00 (10800 s ≤ 14400: met); the 13:00 solve is a second solve.
    const late = { ...status(at('11:00'), 'solved'), event_id: 'T2-late', ticket_id: 'T2' };
    await insert(tenant, [late]);
    await compute(tenant);
    expect(columns(await attainment(tenant, resolution), day)).toEqual([[2, 2, 0, 7200, 10800]]);
    // The clock moved from the 13:00 bucket to the 11:00 one.
    const hourly = await attainment(tenant, { ...resolution, interval: 'hour' });
    const hourKeys = ['bucket', 'measured', 'met'];
    expect(columns(hourly, hourKeys)).toEqual([
      [hour('10'), 1, 1],
      [hour('11'), 1, 1],
    ]);
    // T2's solve moved to 11:00 with it; its 13:30 rating stays where it was given.
    const sat = await satisfaction(tenant, { ...DAY });
    expect(columns(sat, ['bucket', 'solved', 'first_contact', 'rated'])).toEqual([
      [hour('10'), 1, 1, 0],
      [hour('11'), 1, 1, 1],
      [hour('13'), 0, 0, 1],
    ]);
  });
});

describe('HTTP routes', () => {
  let app: FastifyInstance;
  const keys = (): ApiKeyStore => new ApiKeyStore(store);
  const get = async (url: string, key?: string) => {
    const response = await app.inject({
      url,
      headers: key === undefined ? {} : { authorization: `Bearer ${key}` },
    });
    return { status: response.statusCode, body: response.json<Record<string, unknown>>() };
  };

  beforeAll(async () => {
    // The test server has no hook for extra routes: the same auth and error handling, built here.
    app = Fastify();
    registerErrorHandler(app);
    registerAuth(app, new CachedAuthenticator(keys()));
    registerSlaRollupRoutes(app, { store, now: () => NOW });
    await app.ready();
  });

  afterAll(async () => {
    await app.close();
  });

  it('answers attainment and live for the key’s tenant, as of now', async () => {
    const key = (await keys().create('desk', ['query'])).key;
    const query = new URLSearchParams({ ...DAY, interval: 'day', metric: 'resolution' });
    const attainmentRes = await get(`/v1/sla/attainment?${query.toString()}`, key);
    expect(attainmentRes.status).toBe(200);
    expect(attainmentRes.body).toMatchObject({
      tenant: 'desk',
      policy_version: 1,
      as_of: '2026-03-02T10:15:00Z',
      rows: [{ metric: 'resolution', measured: 4, met: 3, attainment_pct: 75 }],
    });
    const live = await get('/v1/sla/live?metric=first_response&priority=P2', key);
    expect(live.body['rows']).toMatchObject([
      { metric: 'first_response', priority: 'P2', queue: 'network', running: 1, breached: 1 },
    ]);
    const atRisk = await get('/v1/sla/at-risk?limit=1', key);
    expect(atRisk.body['rows']).toMatchObject([{ ticket_id: 'T6', seconds_left: 300 }]);
  });

  it('refuses bad parameters with their location', async () => {
    const key = (await keys().create('desk', ['query'])).key;
    const cases: [string, string][] = [
      ['/v1/sla/attainment?from=yesterday&to=2026-03-03T00:00:00Z', 'from'],
      ['/v1/sla/satisfaction?from=2026-01-01T00:00:00Z&to=2028-01-01T00:00:00Z', 'to'],
      ['/v1/sla/backlog?group_by=priority,tenant', 'group_by[1]'],
      ['/v1/sla/live?tenant=other', 'tenant'],
    ];
    for (const [url, path] of cases) {
      const res = await get(url, key);
      expect(res.status, url).toBe(400);
      expect(res.body['error'], url).toMatchObject({ code: 'BAD_REQUEST', details: { path } });
    }
  });

  it('needs a query key, and says when nothing is computed yet', async () => {
    expect((await get('/v1/sla/live')).status).toBe(401);
    const ingestOnly = (await keys().create('desk', ['ingest'])).key;
    expect((await get('/v1/sla/live', ingestOnly)).status).toBe(403);
    const fresh = (await keys().create('no-policy-yet', ['query'])).key;
    const notReady = await get('/v1/sla/backlog', fresh);
    expect(notReady.status).toBe(404);
    expect(notReady.body['error']).toMatchObject({ code: 'SLA_NOT_READY' });
    const desk = (await keys().create('desk', ['query'])).key;
    const noVersion = await get('/v1/sla/backlog?version=2', desk);
    expect(noVersion.body['error']).toMatchObject({
      code: 'SLA_NOT_READY',
      details: { version: 2 },
    });
  });
});
