import type { Store } from '../../../store/client.ts';
import { ticketFilterSql, type TicketFilter } from '../sql/timeline.ts';

/** Whose tickets a run looks at. */
export interface TicketSelection {
  store: Store;
  tenant: string;
}

async function select<T>(
  selection: TicketSelection,
  template: string,
  filter: TicketFilter,
  params: Record<string, unknown>,
): Promise<T[]> {
  const events = selection.store.table('ticket_events');
  const query = template
    .replace('{events}', events)
    .replace('{filter}', ticketFilterSql(filter, events));
  const result = await selection.store.client.query({
    query,
    query_params: { ...params, tenant: selection.tenant },
    format: 'JSONEachRow',
    clickhouse_settings: { output_format_json_quote_64bit_integers: 0 },
  });
  return result.json<T>();
}

/** How many tickets a filter selects (sizes the chunks of a run). */
export async function countTickets(
  selection: TicketSelection,
  filter: TicketFilter,
  params: Record<string, unknown>,
): Promise<number> {
  const rows = await select<{ n: number }>(
    selection,
    'SELECT uniqExact(ticket_id) AS n FROM {events} WHERE tenant = {tenant:String} AND ({filter})',
    filter,
    params,
  );
  return rows[0]?.n ?? 0;
}

/** The ids a filter selects, for isolating a ticket that makes a statement fail. */
export async function ticketIds(
  selection: TicketSelection,
  filter: TicketFilter,
  params: Record<string, unknown>,
): Promise<string[]> {
  const rows = await select<{ ticket_id: string }>(
    selection,
    'SELECT DISTINCT ticket_id FROM {events} WHERE tenant = {tenant:String} AND ({filter}) ORDER BY ticket_id',
    filter,
    params,
  );
  return rows.map((row) => row.ticket_id);
}

/** Selected tickets with more events than the engine computes (at most 10,000 listed). */
export function oversizedTickets(
  selection: TicketSelection,
  filter: TicketFilter,
  params: Record<string, unknown>,
  maxEvents: number,
): Promise<{ ticket_id: string; n: number }[]> {
  return select(
    selection,
    `SELECT ticket_id, count() AS n FROM {events} WHERE tenant = {tenant:String} AND ({filter})
     GROUP BY ticket_id HAVING n > {max_events:UInt32} LIMIT 10000`,
    filter,
    { ...params, max_events: maxEvents },
  );
}
