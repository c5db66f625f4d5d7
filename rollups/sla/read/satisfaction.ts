import type {
  RollupGroupBy,
  SatisfactionQuery,
  SatisfactionRow,
} from '../../../schemas/sla-rollups.ts';
import type { Store } from '../../../store/client.ts';
import {
  baseParams,
  bucketSql,
  columnList,
  filterParams,
  filterSql,
  groupColumns,
  groupValues,
  isoOf,
  rangeParams,
  rangeSql,
  ratio,
  selectRows,
} from './rollup-sql.ts';

interface SatisfactionSqlRow extends Partial<Record<RollupGroupBy, string>> {
  bucket_s: number;
  solved: number;
  reopened: number;
  first_contact: number;
  rated: number;
  satisfied: number;
  score_sum: number;
}

const SUMS = ['solved', 'reopened', 'first_contact', 'rated', 'satisfied', 'score_sum'] as const;

function satisfactionSql(
  table: string,
  query: SatisfactionQuery,
  by: string,
  keys: string,
): string {
  return `
SELECT toUnixTimestamp(${bucketSql(query.interval, 'hour')}) AS bucket_s, ${by}
  ${SUMS.map((column) => `sum(${column}) AS ${column}`).join(', ')}
FROM ${table}
WHERE tenant = {tenant:String} AND policy_version = {version:UInt32}
  AND ${rangeSql(query.interval)}${filterSql(query)}
GROUP BY ${keys}
HAVING ${SUMS.map((column) => `${column} != 0`).join(' OR ')}
ORDER BY ${keys}`;
}

function toRow(row: SatisfactionSqlRow, groups: readonly RollupGroupBy[]): SatisfactionRow {
  return {
    bucket: isoOf(row.bucket_s),
    ...groupValues(row, groups),
    solved: row.solved,
    reopened: row.reopened,
    first_contact: row.first_contact,
    rated: row.rated,
    satisfied: row.satisfied,
    pct_satisfied: ratio(row.satisfied, row.rated),
    avg_score: ratio(row.score_sum, row.rated, 1),
    response_rate: ratio(row.rated, row.solved),
    first_contact_pct: ratio(row.first_contact, row.solved),
    reopen_pct: ratio(row.reopened, row.solved),
  };
}

/**
 * Ticket outcomes per bucket: solves (with reopens and first-contact
 * resolutions) in the hour a ticket was last solved, ratings in the hour
 * they were given. The table is a plain sum, so unmerged and cancelling
 * rows add up exactly; buckets whose sums all cancel out are dropped.
 */
export async function readSatisfaction(
  store: Store,
  tenant: string,
  version: number,
  query: SatisfactionQuery,
  nowMs: number,
): Promise<SatisfactionRow[]> {
  const groups = groupColumns(query.group_by);
  const keys = ['bucket_s', ...groups].join(', ');
  const sql = satisfactionSql(store.table('sla_tickets_hourly'), query, columnList(groups), keys);
  const rows = await selectRows<SatisfactionSqlRow>(store, sql, {
    ...baseParams(tenant, version, nowMs),
    ...rangeParams(query),
    ...filterParams(query),
  });
  return rows.map((row) => toRow(row, groups));
}
