import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IngestResponse } from '../../schemas/api.ts';
import type { Telemetry } from '../../schemas/telemetry.ts';
import type { TicketEvent } from '../../schemas/ticket-event.ts';
import { telemetryArbitrary, ticketEventArbitrary } from '../../ingest/body/arbitraries.ts';
import { invalidTicketLineArbitrary } from '../../ingest/body/invalid-arbitraries.ts';
import { ndjson, startTestServer, type TestServer } from '../helpers/server.ts';
import { queryRows } from '../helpers/store.ts';

// Past instants only: the clock-skew rule refuses the future.
const timestamps = { fromMs: Date.UTC(2000, 0, 1), toMs: Date.UTC(2026, 0, 1) };

let t: TestServer;
let run = 0;

beforeAll(async () => {
  t = await startTestServer();
});

afterAll(async () => {
  await t.close();
});

/** A fresh tenant and key per property run, so runs never see each other's rows. */
async function freshTenant(): Promise<{ tenant: string; key: string }> {
  const tenant = `prop-${++run}`;
  return { tenant, key: await t.key(tenant, ['ingest']) };
}

interface StoredTicketEvent {
  event_id: string;
  ticket_id: string;
  type: string;
  ms: number;
  status: string;
  priority: string;
  queue: string;
  channel: string;
  category: string;
  organization: string;
  requester_id: string;
  assignee: string;
  device_id: string;
  comment: { author_role: string; public: boolean | null };
  satisfaction: { score: number | null; comment: string };
  attributes: Record<string, string>;
}

function expectedTicketRow(e: TicketEvent): StoredTicketEvent {
  return {
    event_id: e.event_id,
    ticket_id: e.ticket_id,
    type: e.type,
    ms: Date.parse(e.occurred_at),
    status: e.status ?? '',
    priority: e.priority ?? '',
    queue: e.queue ?? '',
    channel: e.channel ?? '',
    category: e.category ?? '',
    organization: e.organization ?? '',
    requester_id: e.requester_id ?? '',
    assignee: e.assignee ?? '',
    device_id: e.device_id ?? '',
    comment: { author_role: e.comment?.author_role ?? '', public: e.comment?.public ?? null },
    satisfaction: { score: e.satisfaction?.score ?? null, comment: e.satisfaction?.comment ?? '' },
    attributes: e.attributes ?? {},
  };
}

/** ClickHouse prints Float32 values as shortest decimals; compare them as Float32. */
function normaliseGauges(row: Record<string, unknown>): Record<string, unknown> {
  const f = (v: unknown): number | null => (v === null ? null : Math.fround(Number(v)));
  return {
    ...row,
    cpu_pct: f(row['cpu_pct']),
    mem_pct: f(row['mem_pct']),
    disk_free_pct: f(row['disk_free_pct']),
  };
}

describe('ingest properties against the real engine', () => {
  it('random valid ticket events round-trip exactly', { timeout: 240_000 }, async () => {
    const events = fc.uniqueArray(ticketEventArbitrary({ timestamps }), {
      minLength: 1,
      maxLength: 15,
      selector: (e) => e.event_id,
    });
    await fc.assert(
      fc.asyncProperty(events, async (batch) => {
        const { tenant, key } = await freshTenant();
        const response = await t.post('/v1/tickets/events', key, ndjson(batch));
        const body = (await response.json()) as IngestResponse;
        expect(body).toEqual({ accepted: batch.length, rejected: [], rejected_count: 0 });
        const stored = await queryRows<StoredTicketEvent>(
          t.runtime.store,
          `SELECT * EXCEPT (tenant, occurred_at, ingested_at), toUnixTimestamp64Milli(occurred_at) AS ms
           FROM deskpulse.ticket_events FINAL WHERE tenant = {tenant:String} ORDER BY event_id`,
          { tenant },
        );
        // ClickHouse orders strings by their UTF-8 bytes. JavaScript's `<` compares UTF-16
        // units, which puts U+10000 and above (surrogates) before U+E000–U+FFFF.
        const expected = batch
          .map(expectedTicketRow)
          .sort((a, b) => Buffer.compare(Buffer.from(a.event_id), Buffer.from(b.event_id)));
        expect(stored).toEqual(expected);
      }),
      { numRuns: 40 },
    );
  });

  it(
    'random valid telemetry round-trips into samples and events',
    { timeout: 240_000 },
    async () => {
      const records = fc.array(telemetryArbitrary({ timestamps }), { minLength: 1, maxLength: 15 });
      await fc.assert(
        fc.asyncProperty(records, async (batch) => {
          const { tenant, key } = await freshTenant();
          const body = (await (
            await t.post('/v1/telemetry', key, ndjson(batch))
          ).json()) as IngestResponse;
          expect(body.accepted).toBe(batch.length);
          // Samples collapse on (device, instant), events on (device, type, instant, app).
          const sampleKeys = new Set(
            batch
              .filter((r) => r.kind === 'sample')
              .map((r) => `${r.device_id}|${Date.parse(r.occurred_at)}`),
          );
          const eventKeys = new Set(
            batch
              .filter((r): r is Extract<Telemetry, { kind: 'event' }> => r.kind === 'event')
              .map((r) => `${r.device_id}|${r.type}|${Date.parse(r.occurred_at)}|${r.app ?? ''}`),
          );
          const [counts] = await queryRows<{ samples: number; events: number }>(
            t.runtime.store,
            `SELECT (SELECT count() FROM deskpulse.endpoint_samples FINAL WHERE tenant = {tenant:String}) AS samples,
                  (SELECT count() FROM deskpulse.endpoint_events FINAL WHERE tenant = {tenant:String}) AS events`,
            { tenant },
          );
          expect(counts).toEqual({ samples: sampleKeys.size, events: eventKeys.size });
          // Every sample field lands in its column (the last copy of a key wins).
          const latest = new Map<string, Extract<Telemetry, { kind: 'sample' }>>();
          for (const r of batch)
            if (r.kind === 'sample') latest.set(`${r.device_id}|${Date.parse(r.occurred_at)}`, r);
          const stored = await queryRows<Record<string, unknown>>(
            t.runtime.store,
            `SELECT device_id, toUnixTimestamp64Milli(occurred_at) AS ms, cpu_pct, mem_pct, disk_free_pct, uptime_s,
                  os, os_version, model, site, agent_version
           FROM deskpulse.endpoint_samples FINAL WHERE tenant = {tenant:String} ORDER BY device_id, ms`,
            { tenant },
          );
          const gauge = (v: number | undefined): number | null =>
            v === undefined ? null : Math.fround(v);
          const expectedSamples = [...latest.values()]
            .map((r) => ({
              device_id: r.device_id,
              ms: Date.parse(r.occurred_at),
              cpu_pct: gauge(r.cpu_pct),
              mem_pct: gauge(r.mem_pct),
              disk_free_pct: gauge(r.disk_free_pct),
              uptime_s: r.uptime_s ?? null,
              os: r.os ?? '',
              os_version: r.os_version ?? '',
              model: r.model ?? '',
              site: r.site ?? '',
              agent_version: r.agent_version ?? '',
            }))
            .sort((a, b) =>
              a.device_id < b.device_id ? -1 : a.device_id > b.device_id ? 1 : a.ms - b.ms,
            );
          expect(stored.map(normaliseGauges)).toEqual(expectedSamples);
        }),
        { numRuns: 30 },
      );
    },
  );

  it(
    'random garbage is rejected with a located reason and never stored',
    { timeout: 240_000 },
    async () => {
      const lines = fc.array(invalidTicketLineArbitrary({ timestamps, now: Date.now() }), {
        minLength: 1,
        maxLength: 10,
      });
      await fc.assert(
        fc.asyncProperty(lines, async (batch) => {
          const { tenant, key } = await freshTenant();
          const response = await t.post('/v1/tickets/events', key, batch.join('\n'));
          expect(response.status).toBe(400);
          const error = (
            (await response.json()) as {
              error: { code: string; details: { rejected: IngestResponse['rejected'] } };
            }
          ).error;
          expect(error.code).toBe('NO_VALID_EVENTS');
          expect(error.details.rejected.map((r) => r.line)).toEqual(batch.map((_, i) => i + 1));
          for (const r of error.details.rejected) expect(r.message.length).toBeGreaterThan(0);
          const [row] = await queryRows<{ n: number }>(
            t.runtime.store,
            'SELECT count() AS n FROM deskpulse.ticket_events WHERE tenant = {tenant:String}',
            { tenant },
          );
          expect(row?.n).toBe(0);
        }),
        { numRuns: 40 },
      );
    },
  );
});
