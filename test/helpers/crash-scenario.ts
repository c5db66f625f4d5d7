import { expect } from 'vitest';
import type { IngestResponse } from '../../schemas/api.ts';
import type { TicketEvent } from '../../schemas/ticket-event.ts';
import { openStore } from '../../store/client.ts';
import { createKeyWithCli, startService, type RunningService } from './child.ts';
import { queryRows, tempDir, testConfig } from './store.ts';

const children: RunningService[] = [];

/** Kills whatever a scenario left running (call from afterAll). */
export function killCrashChildren(): void {
  for (const service of children) service.child.kill('SIGKILL');
}

function batch(run: string, client: number, n: number, size: number): TicketEvent[] {
  return Array.from({ length: size }, (_, i) => ({
    event_id: `${run}-c${client}-b${n}-e${i}`,
    ticket_id: `CR-${run}-${client}-${n}`,
    type: i === 0 ? 'created' : 'commented',
    occurred_at: new Date(Date.parse('2026-03-02T08:00:00Z') + i * 1000).toISOString(),
    ...(i === 0
      ? {}
      : { comment: { author_role: i % 2 === 0 ? 'agent' : 'customer', public: true } }),
  }));
}

/** Clients posting until stopped; returns the event_ids whose batch got a 200. */
async function drive(
  run: string,
  url: string,
  key: string,
  clients: number,
  stop: { now: boolean },
  acked: Set<string>,
): Promise<number> {
  let attempted = 0;
  await Promise.all(
    Array.from({ length: clients }, async (_, client) => {
      for (let n = 0; !stop.now; n++) {
        const events = batch(run, client, n, 250);
        attempted += events.length;
        try {
          const response = await fetch(`${url}/v1/tickets/events`, {
            method: 'POST',
            headers: { authorization: `Bearer ${key}`, 'content-type': 'application/x-ndjson' },
            body: events.map((e) => JSON.stringify(e)).join('\n'),
          });
          if (response.status === 200) {
            const body = (await response.json()) as IngestResponse;
            if (body.accepted === events.length) for (const e of events) acked.add(e.event_id);
          }
        } catch {
          return; // the server died under us: nothing unacknowledged counts
        }
      }
    }),
  );
  return attempted;
}

/**
 * Starts the service as a child process, drives load, SIGKILLs it mid-stream,
 * restarts it, stops it with SIGTERM, then proves from the data directory
 * that every acknowledged event_id is stored exactly once.
 */
export async function runCrashScenario(env: NodeJS.ProcessEnv): Promise<void> {
  const dataDir = tempDir('deskpulse-crash-');
  const key = await createKeyWithCli(['--data-dir', dataDir], 'crash', 'ingest');
  const acked = new Set<string>();

  const first = await startService(dataDir, env);
  children.push(first);
  const stop = { now: false };
  const load = drive('r1', first.url, key, 6, stop, acked);
  await new Promise((r) => setTimeout(r, 3000));
  first.child.kill('SIGKILL');
  await first.exited;
  stop.now = true;
  const attempted = await load;
  expect(acked.size).toBeGreaterThan(1000);
  expect(attempted).toBeGreaterThan(acked.size);

  const second = await startService(dataDir, env);
  children.push(second);
  const stop2 = { now: false };
  const load2 = drive('r2', second.url, key, 2, stop2, acked);
  await new Promise((r) => setTimeout(r, 1000));
  stop2.now = true;
  await load2;
  second.child.kill('SIGTERM');
  expect(await second.exited).toBe(0);

  const store = openStore(testConfig({ dataDir }));
  try {
    const rows = await queryRows<{ event_id: string; copies: number }>(
      store,
      `SELECT event_id, count() AS copies FROM deskpulse.ticket_events FINAL WHERE tenant = 'crash' GROUP BY event_id`,
    );
    const stored = new Map(rows.map((r) => [r.event_id, r.copies]));
    const missing = [...acked].filter((id) => !stored.has(id));
    expect(missing.slice(0, 10), `${missing.length} acknowledged events missing`).toEqual([]);
    expect(rows.filter((r) => r.copies !== 1)).toEqual([]);
  } finally {
    await store.close();
  }
}
