import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IngestResponse, IngestStatus } from '../../schemas/api.ts';
import { deviceHour, ticketLifecycle } from '../fixtures/events.ts';
import { ndjson, startTestServer, type TestServer } from '../helpers/server.ts';
import { queryRows } from '../helpers/store.ts';

let t: TestServer;
let key: string;

beforeAll(async () => {
  t = await startTestServer();
  key = await t.key('idem');
});

afterAll(async () => {
  await t.close();
});

async function status(): Promise<IngestStatus> {
  return (await (await t.get('/v1/ingest/status', key)).json()) as IngestStatus;
}

async function counts(): Promise<Record<string, number>> {
  const [row] = await queryRows<Record<string, number>>(
    t.runtime.store,
    `SELECT
       (SELECT count() FROM deskpulse.ticket_events FINAL WHERE tenant = 'idem') AS events,
       (SELECT countIf(type = 'commented') FROM deskpulse.ticket_events FINAL WHERE tenant = 'idem') AS comments,
       (SELECT uniqExact(ticket_id) FROM deskpulse.ticket_events FINAL WHERE tenant = 'idem' AND status = 'solved') AS solved,
       (SELECT count() FROM deskpulse.endpoint_samples FINAL WHERE tenant = 'idem') AS samples,
       (SELECT sum(cpu_pct) FROM deskpulse.endpoint_samples FINAL WHERE tenant = 'idem') AS cpu_sum,
       (SELECT count() FROM deskpulse.endpoint_events FINAL WHERE tenant = 'idem' AND type = 'app_crash') AS crashes,
       (SELECT count() FROM deskpulse.devices_latest WHERE tenant = 'idem') AS devices`,
  );
  return row ?? {};
}

describe('retries are idempotent by event_id', () => {
  it('the same batch sent three times stores each event once and changes no count', async () => {
    const tickets = ['I-1', 'I-2', 'I-3'].flatMap((id) => ticketLifecycle(id));
    const telemetry = ['PC-I1', 'PC-I2'].flatMap((id) => deviceHour(id));
    const responses: IngestResponse[] = [];
    for (let attempt = 0; attempt < 3; attempt++) {
      responses.push(
        (await (await t.post('/v1/tickets/events', key, ndjson(tickets))).json()) as IngestResponse,
      );
      responses.push(
        (await (await t.post('/v1/telemetry', key, ndjson(telemetry))).json()) as IngestResponse,
      );
      if (attempt === 0) {
        const first = await counts();
        expect(first).toEqual({
          events: 15,
          comments: 3,
          solved: 3,
          samples: 24,
          cpu_sum: 2 * (10 + 21) * 6,
          crashes: 2,
          devices: 2,
        });
      }
    }
    expect(responses.every((r) => r.rejected_count === 0)).toBe(true);
    expect(await counts()).toEqual({
      events: 15,
      comments: 3,
      solved: 3,
      samples: 24,
      cpu_sum: 372,
      crashes: 2,
      devices: 2,
    });
    expect(await status()).toMatchObject({
      ticket_events: 15,
      tickets: 3,
      endpoint_samples: 24,
      endpoint_events: 4,
      devices: 2,
    });
  });

  it('every event sent twice within one batch and across batches counts once', async () => {
    const tickets = ticketLifecycle('I-4');
    const doubled = tickets.flatMap((e) => [e, e]);
    await t.post('/v1/tickets/events', key, ndjson(doubled));
    await t.post('/v1/tickets/events', key, ndjson(tickets.reverse()));
    const [row] = await queryRows<{ n: number }>(
      t.runtime.store,
      `SELECT count() AS n FROM deskpulse.ticket_events FINAL WHERE tenant = 'idem' AND ticket_id = 'I-4'`,
    );
    expect(row?.n).toBe(5);
  });
});
