import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { slaClockSchema } from '../../schemas/sla-clock.ts';
import { ticketSlaSchema } from '../../schemas/sla-api.ts';
import { PolicyStore } from '../../store/policies.ts';
import { startSlaScheduler } from '../../cli/commands/sla-scheduler.ts';
import { formatTicketSla } from '../../cli/format/sla-explain.ts';
import { Timeline } from '../fixtures/sla-events.ts';
import { ndjson, startTestServer, type TestServer } from '../helpers/server.ts';
import { pino } from 'pino';

// The ticket SLA endpoint end to end: policy PUT over HTTP, events POSTed,
// the engine's scheduler computing in the background, clocks read back.

const POLICY = `
calendars:
  - id: office
    time_zone: Europe/Berlin
    weekly:
      - { day: mon, start: "08:00", end: "18:00" }
      - { day: tue, start: "08:00", end: "18:00" }
rules:
  - id: p1
    match: { priority: P1 }
    targets: { first_response: 15m, resolution: 4h }
  - id: rest
    calendar: office
    targets: { first_response: 1h, resolution: 8h }
`;

let server: TestServer;
let key: string;
beforeAll(async () => {
  server = await startTestServer();
  key = await server.key('acme');
});
afterAll(async () => {
  await server.close();
});

async function waitForClocks(path: string): Promise<Response> {
  for (let i = 0; i < 100; i += 1) {
    const response = await server.get(path, key);
    if (response.status !== 404 && response.status !== 409) return response;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`no clocks at ${path}`);
}

describe('GET /v1/tickets/{id}/sla', () => {
  it('answers every clock, and the working with explain=1', async () => {
    const put = await fetch(`${server.url}/v1/policies`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/yaml' },
      body: POLICY,
    });
    expect(put.status).toBe(200);
    const events = new Timeline('INC-1')
      .created('2026-03-02T08:00:00Z', { priority: 'P3' })
      .agentReply('2026-03-02T08:20:00Z')
      .status('2026-03-02T09:00:00Z', 'pending')
      .status('2026-03-02T10:00:00Z', 'open').events;
    expect((await server.post('/v1/tickets/events', key, ndjson(events))).status).toBe(200);

    const scheduler = startSlaScheduler(
      server.runtime,
      new PolicyStore(server.runtime.store),
      pino({ level: 'silent' }),
    );
    try {
      const response = await waitForClocks('/v1/tickets/INC-1/sla?explain=1');
      expect(response.status).toBe(200);
      const body = ticketSlaSchema.parse(await response.json());
      expect(body.clocks.map((c) => slaClockSchema.parse(c))).toHaveLength(2);
      // Berlin 09:00–10:20 CET is 08:00–08:20Z: 20 min against 1h, met.
      expect(body.clocks[0]).toMatchObject({
        metric: 'first_response',
        state: 'met',
        elapsed_business_s: 1200,
        rule_id: 'rest',
        calendar_id: 'office',
      });
      expect(body.clocks[1]).toMatchObject({ metric: 'resolution', state: 'running' });
      expect(body.explain?.timeline.map((e) => e.event_id)).toEqual([
        'INC-1-001',
        'INC-1-002',
        'INC-1-003',
        'INC-1-004',
      ]);
      expect(body.explain?.clocks[1]?.pauses[0]).toMatchObject({
        from: '2026-03-02T09:00:00Z',
        to: '2026-03-02T10:00:00Z',
        business_s: 3600,
      });
      const text = formatTicketSla(body);
      expect(text).toContain('Ticket INC-1 · tenant acme · policy v1');
      expect(text).toContain('RES #1');
    } finally {
      await scheduler.stop();
    }
  });

  it('is 404 for a ticket without events, and 400 for a bad parameter', async () => {
    const missing = await server.get('/v1/tickets/NOPE/sla', key);
    expect(missing.status).toBe(404);
    const bad = await server.get('/v1/tickets/INC-1/sla?explain=maybe', key);
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { code: string } }).error.code).toBe('BAD_REQUEST');
  });

  it('tells a tenant without computed clocks what it needs', async () => {
    const other = await server.key('no-policy');
    const response = await server.get('/v1/tickets/X/sla', other);
    expect(response.status).toBe(404);
    const body = (await response.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe('SLA_NOT_READY');
    expect(body.error.message).toContain('PUT /v1/policies');
  });
});
