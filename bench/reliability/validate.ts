/**
 * Rows are written without zod (100M parses would dominate the load), so the
 * generator must only produce what the ingest API would accept: a small fleet
 * from the same code is generated and every row checked against the contracts.
 */
import { telemetrySchema } from '../../schemas/telemetry.ts';
import { ticketEventSchema } from '../../schemas/ticket-event.ts';
import type { Generator, Plan } from './generator.ts';
import type { Buffers } from './generator.ts';
import type { RowBuffer } from './rows.ts';

type Check = (row: Record<string, unknown>) => string | undefined;

const telemetry =
  (kind: 'sample' | 'event'): Check =>
  ({ tenant: _tenant, ...row }) => {
    const result = telemetrySchema.safeParse({ kind, ...row });
    return result.success ? undefined : result.error.message;
  };

const ticket: Check = ({ tenant: _tenant, ...row }) => {
  const result = ticketEventSchema.safeParse(row);
  return result.success ? undefined : result.error.message;
};

function checkRows(buffer: RowBuffer, check: Check, what: string): number {
  const text = buffer.take().body.toString('latin1');
  let checked = 0;
  for (const line of text.split('\n')) {
    if (line === '') continue;
    const problem = check(JSON.parse(line) as Record<string, unknown>);
    if (problem !== undefined) throw new Error(`generated ${what} is invalid: ${problem}\n${line}`);
    checked += 1;
  }
  return checked;
}

/** Generates `plan` (a small fleet) in full and validates every row; returns the rows checked. */
export async function validateRows(
  plan: Plan,
  buffers: Buffers,
  generator: Generator,
): Promise<{ samples: number; events: number; tickets: number }> {
  const counts = { samples: 0, events: 0, tickets: 0 };
  const drain = (): void => {
    counts.samples += checkRows(buffers.samples, telemetry('sample'), 'sample');
    counts.events += checkRows(buffers.events, telemetry('event'), 'endpoint event');
    counts.tickets += checkRows(buffers.tickets, ticket, 'ticket event');
  };
  await generator.run({ events: true, tickets: true, maxSamples: Infinity }, 50_000, () => {
    drain();
    return Promise.resolve();
  });
  drain();
  if (plan.devices.length > 0 && counts.samples === 0) throw new Error('no samples generated');
  return counts;
}
