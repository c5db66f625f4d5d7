import { pino } from 'pino';
import type { Telemetry } from '../../schemas/telemetry.ts';
import type { TicketEvent } from '../../schemas/ticket-event.ts';
import { buildIngestServer, type IngestServer } from '../../ingest/server.ts';
import { openRuntime, type Runtime } from '../../cli/runtime.ts';
import { PolicyStore } from '../../store/policies.ts';
import { at, event, insertTelemetry, insertTickets, samples } from '../fixtures/reliability.ts';
import { Timeline } from '../fixtures/sla-events.ts';
import { engineFor } from '../helpers/sla.ts';
import { testConfig } from '../helpers/store.ts';

/*
 * A small desk on Monday 2026-03-02 (UTC, 24x7), evaluated at 12:00, for the
 * named-query tests, and a second tenant that must never show through.
 *   rule p1 (priority P1): first_response 30m, resolution 4h
 *   rule std (the rest):   first_response 1h,  resolution 8h
 */

export const NOW = Date.parse('2026-03-02T12:00:00Z');
export const DAY = { from: '2026-03-02T00:00:00Z', to: '2026-03-03T00:00:00Z' };
export const TENANT = 'query-desk';
export const OTHER = 'query-other';

export const DESK_POLICY = `rules:
  - id: p1
    match: { priority: P1 }
    targets: { first_response: 30m, resolution: 4h }
  - id: std
    targets: { first_response: 1h, resolution: 8h }
slos:
  - name: p1-resolution
    objective: 90%
    window: 30d
    sli: { kind: sla_attainment, metric: resolution, priority: P1 }
  - name: all-resolution
    objective: 80%
    window: 30d
    sli: { kind: sla_attainment, metric: resolution }
  - name: crash-free
    objective: 99%
    window: 7d
    sli: { kind: crash_free_device_days }
`;

const OTHER_POLICY = `rules:
  - id: all
    targets: { first_response: 2h, resolution: 1d }
`;

const t = (hhmm: string): string => at(hhmm);

export const DESK_TICKETS: TicketEvent[] = [
  // P1: first response 08:20 (met), solved 10:00 (2 h, met), rated 5.
  ...new Timeline('T1')
    .created(t('08:00'), { priority: 'P1', queue: 'network' })
    .agentReply(t('08:20'))
    .status(t('10:00'), 'solved')
    .rated(t('10:30'), 5).events,
  // P1: first response 07:00 (1 h, breached), solved 11:00 (5 h, breached), rated 2.
  ...new Timeline('T2')
    .created(t('06:00'), { priority: 'P1', queue: 'network' })
    .agentReply(t('07:00'))
    .status(t('11:00'), 'solved')
    .rated(t('11:10'), 2).events,
  // P2 about device A and Outlook: met throughout, rated 4.
  ...new Timeline('T3')
    .created(t('08:00'), {
      priority: 'P2',
      queue: 'apps',
      device_id: 'A',
      attributes: { app: 'Outlook' },
    })
    .agentReply(t('08:45'))
    .status(t('09:50'), 'solved')
    .rated(t('10:00'), 4).events,
  // P2 about device B and Teams: solved without a reply, rated 3.
  ...new Timeline('T4')
    .created(t('09:00'), {
      priority: 'P2',
      queue: 'network',
      device_id: 'B',
      attributes: { app: 'Teams' },
    })
    .status(t('09:10'), 'solved')
    .rated(t('09:20'), 3).events,
  // P2, open: first response breached at 09:00; resolution breaches at 16:00.
  ...new Timeline('T5').created(t('08:00'), { priority: 'P2', queue: 'network' }).events,
  // P1, open: first response breaches at 12:20, resolution at 15:50.
  ...new Timeline('T6').created(t('11:50'), { priority: 'P1', queue: 'apps' }).events,
  // P3, open and waiting on the requester: resolution paused (never at risk), first response breached at 11:00.
  ...new Timeline('T7')
    .created(t('10:00'), { priority: 'P3', queue: 'apps' })
    .status(t('10:05'), 'pending').events,
];

const OTHER_TICKETS: TicketEvent[] = new Timeline('X1').created(t('09:00'), {
  priority: 'P9',
  queue: 'other-q',
}).events;

export const DESK_TELEMETRY: Telemetry[] = [
  ...samples('A', t('08:00'), t('09:00'), {
    fields: { model: 'M1', site: 'Berlin', os_version: '11' },
  }),
  event('A', 'app_crash', t('08:30'), { app: 'Outlook' }),
  // Silent since the day before.
  ...samples('B', at('06:00', '2026-03-01'), at('07:00', '2026-03-01'), {
    fields: { model: 'M2', site: 'Paris', os_version: '12' },
  }),
];

const OTHER_TELEMETRY: Telemetry[] = samples('C', at('06:00', '2026-02-27'), t('07:00'), {
  everyMin: 60,
  fields: { model: 'M9', site: 'Tokyo', os_version: '13' },
});

export interface QueryApiWorld {
  runtime: Runtime;
  server: IngestServer;
  url: string;
  close(): Promise<void>;
}

async function seed(runtime: Runtime, server: IngestServer): Promise<void> {
  const admin = async (tenant: string) =>
    (await runtime.keys.create(tenant, ['admin'], 'fixture')).key;
  const tenants: [string, string, TicketEvent[], Telemetry[]][] = [
    [TENANT, DESK_POLICY, DESK_TICKETS, DESK_TELEMETRY],
    [OTHER, OTHER_POLICY, OTHER_TICKETS, OTHER_TELEMETRY],
  ];
  for (const [tenant, policy, tickets, telemetry] of tenants) {
    const put = await server.app.inject({
      method: 'PUT',
      url: '/v1/policies',
      headers: {
        authorization: `Bearer ${await admin(tenant)}`,
        'content-type': 'application/yaml',
      },
      payload: policy,
    });
    if (put.statusCode !== 200) throw new Error(`policy of ${tenant}: ${put.body}`);
    await insertTickets(runtime.store, tenant, tickets);
    await insertTelemetry(runtime.store, tenant, telemetry);
    const active = await new PolicyStore(runtime.store).active(tenant);
    if (active === undefined) throw new Error(`no policy for ${tenant}`);
    const engine = engineFor(runtime.store, tenant, () => active);
    await engine.recomputeAll(tenant, active.version, active.policy);
  }
}

/** The real server (embedded store, every route) on loopback, seeded, its clock at NOW. */
export async function startQueryApiWorld(cacheSeconds = 2): Promise<QueryApiWorld> {
  const logger = pino({ level: 'silent' });
  const config = testConfig();
  const runtime = await openRuntime({ ...config, query: { cacheSeconds } }, { logger });
  const server = await buildIngestServer({ ...runtime, logger, version: 'test', now: () => NOW });
  const url = await server.app.listen({ host: '127.0.0.1', port: 0 });
  server.setReady(true, 'ok');
  await seed(runtime, server);
  return {
    runtime,
    server,
    url,
    async close() {
      await server.app.close();
      await runtime.close();
    },
  };
}
