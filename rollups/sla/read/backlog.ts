import { STATUS_CATEGORIES, type StatusCategory } from '../../../schemas/sla-policy.ts';
import {
  BACKLOG_AGES,
  BACKLOG_AGE_BOUNDS_S,
  type BacklogQuery,
  type BacklogRow,
  type RollupGroupBy,
} from '../../../schemas/sla-rollups.ts';
import type { Store } from '../../../store/client.ts';
import {
  NOW_SQL,
  baseParams,
  columnList,
  filterParams,
  filterSql,
  groupColumns,
  groupValues,
  selectRows,
} from './rollup-sql.ts';

interface BacklogSqlRow extends Partial<Record<RollupGroupBy, string>> {
  status: string;
  category: StatusCategory;
  age_index: number;
  tickets: number;
}

/**
 * Open tickets (category neither solved nor closed after their last event)
 * by status, category and age at `nowMs`. A ticket stamped later than now
 * (clock skew) counts as younger than an hour rather than vanishing.
 */
export async function readBacklog(
  store: Store,
  tenant: string,
  version: number,
  query: BacklogQuery,
  nowMs: number,
): Promise<BacklogRow[]> {
  const groups = groupColumns(query.group_by);
  const by = columnList(groups);
  const rows = await selectRows<BacklogSqlRow>(
    store,
    `SELECT status, category, ${by}
      arrayCount(bound -> age_s >= bound, {age_bounds:Array(Int64)}) AS age_index,
      count() AS tickets
    FROM (
      SELECT *, dateDiff('second', created_at, ${NOW_SQL}) AS age_s
      FROM ${store.table('sla_open_tickets')} FINAL
      WHERE tenant = {tenant:String} AND policy_version = {version:UInt32} AND sign = 1${filterSql(query)}
    )
    GROUP BY status, category, ${by}age_index
    ORDER BY indexOf({categories:Array(String)}, category), status, ${by}age_index`,
    {
      ...baseParams(tenant, version, nowMs),
      ...filterParams(query),
      age_bounds: BACKLOG_AGE_BOUNDS_S,
      categories: STATUS_CATEGORIES,
    },
  );
  return rows.map((row) => ({
    status: row.status,
    category: row.category,
    age: BACKLOG_AGES[row.age_index] ?? 'gt_7d',
    ...groupValues(row, groups),
    tickets: row.tickets,
  }));
}
