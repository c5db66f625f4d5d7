import type { SlaClock } from '../../../schemas/sla-clock.ts';
import type { SlaPolicy } from '../../../schemas/sla-policy.ts';
import type { Store } from '../../../store/client.ts';
import { SLA_METRICS } from '../../../schemas/sla-policy.ts';
import { CalendarCache } from '../reference/calendars.ts';
import { CLOCK_ROW_SELECT, clockAt, type ClockRow } from './clock-row.ts';

/** The stored clocks of one ticket under one policy version, evaluated at `nowMs`. */
export async function readTicketClocks(
  store: Store,
  query: { tenant: string; ticketId: string; version: number; policy: SlaPolicy; nowMs: number },
): Promise<SlaClock[]> {
  const result = await store.client.query({
    query: `SELECT ${CLOCK_ROW_SELECT} FROM ${store.table('sla_clocks')} FINAL
      WHERE tenant = {tenant:String} AND policy_version = {version:UInt32}
        AND ticket_id = {ticket:String} AND sign = 1`,
    query_params: { tenant: query.tenant, version: query.version, ticket: query.ticketId },
    format: 'JSONEachRow',
    clickhouse_settings: { output_format_json_quote_64bit_integers: 0 },
  });
  const rows = await result.json<ClockRow>();
  const calendars = new CalendarCache(query.policy);
  return rows
    .map((row) => clockAt(row, query.nowMs, calendars.get(row.calendar_id)))
    .sort(
      (a, b) => SLA_METRICS.indexOf(a.metric) - SLA_METRICS.indexOf(b.metric) || a.cycle - b.cycle,
    );
}
