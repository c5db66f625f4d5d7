import { mkdirSync, writeFileSync } from 'node:fs';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SlaPolicy } from '../../schemas/sla-policy.ts';
import type { TicketEvent } from '../../schemas/ticket-event.ts';
import type { Store } from '../../store/client.ts';
import { readTicketClocks } from '../../rollups/sla/read/ticket-clocks.ts';
import { computeClockRows } from '../../rollups/sla/reference/index.ts';
import { migratedStore } from '../helpers/store.ts';
import { engineFor, insertEvents } from '../helpers/sla.ts';
import { EVALUATED_AT_MS, policyArb, timelineArb } from './sla-arbitraries.ts';

// The ClickHouse engine and the TypeScript reference implement docs/sla.md
// independently; on random calendars (DST zones, holidays, split days,
// intervals across midnight) and random, contradictory timelines (pauses,
// reopens, priority changes, ties, events before creation, none at all) they
// must agree on every clock, to the second.

const RUNS = Number(process.env['SLA_PROPERTY_RUNS'] ?? 60);

let store: Store;
let run = 0;
beforeAll(async () => {
  store = await migratedStore();
});
afterAll(async () => {
  await store.close();
});

const caseArb = fc
  .integer({ min: 1, max: 8 })
  .chain((tickets) =>
    fc.tuple(
      policyArb,
      fc.tuple(...Array.from({ length: tickets }, (_, i) => timelineArb(`T${String(i)}`))),
    ),
  );

async function sqlClocks(tenant: string, policy: SlaPolicy, tickets: readonly TicketEvent[][]) {
  await insertEvents(store, tenant, tickets.flat());
  await engineFor(store, tenant, () => ({ version: 1, policy })).recomputeAll(tenant, 1, policy);
  return Promise.all(
    tickets.map((events, i) =>
      readTicketClocks(store, {
        tenant,
        ticketId: events[0]?.ticket_id ?? `T${String(i)}`,
        version: 1,
        policy,
        nowMs: EVALUATED_AT_MS,
      }),
    ),
  );
}

describe('SQL engine and TypeScript reference', () => {
  it(`agree to the second on ${String(RUNS)} random policies × timelines`, async () => {
    await fc.assert(
      fc.asyncProperty(caseArb, async ([policy, tickets]) => {
        const nonEmpty = tickets.filter((events) => events.length > 0);
        const tenant = `prop-${String((run += 1))}`;
        const fromSql = await sqlClocks(tenant, policy, nonEmpty);
        const fromReference = nonEmpty.map((events) =>
          computeClockRows(events, policy, { policyVersion: 1, nowMs: EVALUATED_AT_MS }),
        );
        if (JSON.stringify(fromSql) !== JSON.stringify(fromReference)) {
          // Shrinking reruns the engine many times; the last dump is the smallest case.
          mkdirSync('test-artifacts', { recursive: true });
          writeFileSync(
            'test-artifacts/sla-counterexample.json',
            JSON.stringify({ policy, tickets: nonEmpty, fromSql, fromReference }, null, 2),
          );
        }
        expect(fromSql).toEqual(fromReference);
      }),
      {
        numRuns: RUNS,
        ...(process.env['SLA_PROPERTY_SEED'] === undefined
          ? {}
          : { seed: Number(process.env['SLA_PROPERTY_SEED']) }),
      },
    );
  }, 600_000);
});
