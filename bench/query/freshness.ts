/**
 * Freshness: a ticket posted to the ingest API, then the breach-risk query
 * polled (through the cache, as dashboards read) until the ticket is listed.
 * It covers the durable write, the SLA engine's next pass and the cache.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { quantile } from '../reliability/timing.ts';
import type { QueryClient } from './client.ts';

const POLL_MS = 50;
const GIVE_UP_MS = 60_000;

export interface Freshness {
  samples: number[];
  p50Ms: number;
  maxMs: number;
}

function createdEvent(ticket: string, at: Date): string {
  return `${JSON.stringify({
    event_id: `${ticket}-1`,
    ticket_id: ticket,
    type: 'created',
    occurred_at: at.toISOString(),
    status: 'new',
    priority: 'P1',
    queue: 'service-desk',
  })}\n`;
}

async function listed(client: QueryClient, ticket: string): Promise<boolean> {
  const answer = await client.query('sla.breach_risk', { priority: 'P1', limit: 1_000 });
  const column = answer.frame.fields.indexOf('ticket_id');
  return (answer.frame.values[column] ?? []).includes(ticket);
}

export async function measureFreshness(client: QueryClient, runs: number): Promise<Freshness> {
  const samples: number[] = [];
  for (let i = 0; i < runs; i += 1) {
    const ticket = `FRESH-${Date.now()}-${i}`;
    const started = performance.now();
    await client.postEvents(createdEvent(ticket, new Date()));
    while (!(await listed(client, ticket))) {
      if (performance.now() - started > GIVE_UP_MS)
        throw new Error(`${ticket} was not listed within ${GIVE_UP_MS / 1000} s`);
      await sleep(POLL_MS);
    }
    samples.push(performance.now() - started);
    // Spread the tickets over the engine's pass interval.
    await sleep(700);
  }
  return { samples, p50Ms: quantile(samples, 0.5), maxMs: Math.max(...samples) };
}
