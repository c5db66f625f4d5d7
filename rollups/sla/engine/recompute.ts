import type { Store } from '../../../store/client.ts';
import { CLOCK_COLUMNS, clocksSelectSql } from '../sql/clocks.ts';
import { TICKET_COLUMNS, ticketsSelectSql } from '../sql/tickets.ts';
import { ticketFilterSql, type TicketFilter } from '../sql/timeline.ts';
import type { CompiledPolicy } from './compile.ts';

/** What one recompute works on: a tenant's events under one policy version. */
export interface RecomputeScope {
  tenant: string;
  version: number;
  compiled: CompiledPolicy;
}

/**
 * A versioned-collapsing replacement in one statement: the current rows of
 * the selected tickets again with sign -1, then their new rows with sign +1.
 * Materialized views see both halves, so every rollup stays an exact sum.
 */
function replaceSql(options: {
  table: string;
  columns: readonly string[];
  select: string;
  filterSql: string;
}): string {
  const cols = options.columns.join(', ');
  return `INSERT INTO ${options.table} (tenant, policy_version, ${cols}, computed_seq, sign)
SELECT tenant, policy_version, ${cols}, computed_seq, toInt8(-1)
FROM ${options.table} FINAL
WHERE tenant = {tenant:String} AND policy_version = {version:UInt32} AND sign = 1 AND (${options.filterSql})
UNION ALL
SELECT {tenant:String}, {version:UInt32}, ${cols}, {seq:UInt64}, toInt8(1)
FROM (${options.select})`;
}

/**
 * Recomputes the clocks and ticket facts of the tickets `filter` selects.
 * `seq` must grow from one call to the next: it versions the rows.
 */
export async function recomputeTickets(
  store: Store,
  scope: RecomputeScope,
  filter: TicketFilter,
  filterParams: Record<string, unknown>,
  seq: bigint,
): Promise<void> {
  const events = store.table('ticket_events');
  const filterSql = ticketFilterSql(filter, events);
  const params = {
    ...filterParams,
    tenant: scope.tenant,
    version: scope.version,
    seq: seq.toString(),
    ...scope.compiled.rules.params,
    status_map: scope.compiled.statusMapJson,
  };
  const settings = {
    // The calendar table is small; a hash ASOF join beats anything else here.
    join_algorithm: 'hash',
    max_threads: 2,
    // Filters on the ticket ids are applied before FINAL merges rows: an
    // increment then reads only the touched tickets' events.
    optimize_move_to_prewhere_if_final: 1,
  } as const;
  await store.client.command({
    query: replaceSql({
      table: store.table('sla_clocks'),
      columns: CLOCK_COLUMNS,
      select: clocksSelectSql({
        events,
        calendars: store.table('sla_calendar_intervals'),
        filterSql,
        rules: scope.compiled.rules,
      }),
      filterSql,
    }),
    query_params: params,
    clickhouse_settings: settings,
  });
  await store.client.command({
    query: replaceSql({
      table: store.table('sla_tickets'),
      columns: TICKET_COLUMNS,
      select: ticketsSelectSql({
        events,
        filterSql,
        rules: scope.compiled.rules,
      }),
      filterSql,
    }),
    query_params: params,
    clickhouse_settings: settings,
  });
}
