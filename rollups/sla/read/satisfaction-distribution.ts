import type {
  SatisfactionDistributionQuery,
  SatisfactionDistributionRow,
} from '../../../schemas/query.ts';
import type { Store } from '../../../store/client.ts';
import {
  baseParams,
  filterParams,
  filterSql,
  rangeParams,
  rangeSql,
  selectRows,
} from './rollup-sql.ts';

const SCORES = [1, 2, 3, 4, 5] as const;

/**
 * Ratings per score (1–5) given in [from, to), every score listed even when
 * none was given. Ratings count by the hour they were given, whole hours,
 * like `rated` of the satisfaction rollup, so the two always add up alike.
 * The current ticket facts are read with FINAL and sign = 1.
 */
export async function readSatisfactionDistribution(
  store: Store,
  tenant: string,
  version: number,
  query: SatisfactionDistributionQuery,
  nowMs: number,
): Promise<SatisfactionDistributionRow[]> {
  const rows = await selectRows<SatisfactionDistributionRow>(
    store,
    `SELECT score, count() AS responses
    FROM (
      SELECT assumeNotNull(satisfaction_score) AS score,
        toStartOfHour(assumeNotNull(satisfaction_at)) AS hour
      FROM ${store.table('sla_tickets')} FINAL
      WHERE tenant = {tenant:String} AND policy_version = {version:UInt32} AND sign = 1
        AND satisfaction_at IS NOT NULL AND satisfaction_score IS NOT NULL${filterSql(query)}
    )
    WHERE ${rangeSql('hour')}
    GROUP BY score
    ORDER BY score`,
    {
      ...baseParams(tenant, version, nowMs),
      ...rangeParams({ ...query, tz: 'UTC' }),
      ...filterParams(query),
    },
  );
  const counts = new Map(rows.map((row) => [row.score, row.responses]));
  return SCORES.map((score) => ({ score, responses: counts.get(score) ?? 0 }));
}
