import type { TicketSla } from '../../../schemas/sla-api.ts';
import type { StoredPolicy } from '../../../schemas/policy-api.ts';
import type { Store } from '../../../store/client.ts';
import { latestCompleteVersion } from '../engine/progress.ts';
import { computeClocks } from '../reference/index.ts';
import { readTicketClocks } from './ticket-clocks.ts';
import { readTicketEvents } from './ticket-events.ts';

export interface PolicyLookup {
  get(tenant: string, version: number): Promise<StoredPolicy | undefined>;
}

export type { TicketSla };

export type TicketSlaResult =
  | { kind: 'ok'; sla: TicketSla }
  | { kind: 'not_ready' }
  | { kind: 'no_version'; version: number }
  | { kind: 'no_ticket' };

/**
 * A ticket's clocks as the engine stored them, evaluated at `nowMs`; with
 * `explain`, the working from the reference implementation over the same
 * stored events (the property test keeps the two in agreement).
 */
export async function ticketSla(
  deps: { store: Store; policies: PolicyLookup },
  query: { tenant: string; ticketId: string; version?: number; explain: boolean; nowMs: number },
): Promise<TicketSlaResult> {
  const { store, policies } = deps;
  const version = query.version ?? (await latestCompleteVersion(store, query.tenant));
  if (version === undefined) return { kind: 'not_ready' };
  const stored = await policies.get(query.tenant, version);
  if (stored === undefined) return { kind: 'no_version', version };
  const base = { tenant: query.tenant, ticketId: query.ticketId, version, nowMs: query.nowMs };
  const [clocks, events] = await Promise.all([
    readTicketClocks(store, { ...base, policy: stored.policy }),
    // Events also tell an unknown ticket (404) from one without clocks (no rule matched).
    readTicketEvents(store, query.tenant, query.ticketId),
  ]);
  if (events.length === 0) return { kind: 'no_ticket' };
  const sla: TicketSla = {
    tenant: query.tenant,
    ticket_id: query.ticketId,
    policy_version: version,
    as_of: new Date(Math.floor(query.nowMs / 1000) * 1000).toISOString().replace('.000Z', 'Z'),
    clocks,
  };
  if (query.explain) {
    const working = computeClocks(events, stored.policy, {
      policyVersion: version,
      nowMs: query.nowMs,
    });
    // The engine runs every few seconds; events that arrived since are in the
    // working but not yet in the stored clocks. Say so rather than leave a puzzle.
    if (JSON.stringify(working.clocks) !== JSON.stringify(clocks)) {
      working.explain.notes.push(
        'the stored clocks above do not yet include the newest events; the working reflects every stored event and the clocks will match after the next SLA pass',
      );
    }
    sla.explain = working.explain;
  }
  return { kind: 'ok', sla };
}
