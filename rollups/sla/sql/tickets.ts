import type { RulesSql } from './rules.ts';
import { timelineCtes } from './timeline.ts';

/**
 * Per-ticket facts for backlog, satisfaction, first-contact resolution and
 * reopens, from the same timeline as the clocks. The state shown is the one
 * after the last event, or at `closed` (terminal) when the ticket was closed.
 * Ratings count wherever they fall: customers often rate after closure.
 */
export const TICKET_COLUMNS = [
  'ticket_id',
  'created_at',
  'status',
  'category',
  'priority',
  'queue',
  'is_open',
  'solved_at',
  'reopens',
  'agent_replies',
  'satisfaction_score',
  'satisfaction_at',
] as const;

const FACTS = `
  t1 AS (
    SELECT *,
      seq >= created_seq AND seq <= ifNull(closed_seq, n) AS live,
      prev_cat = 'solved' AND NOT stopcat AND seq > created_seq AS reopen
    FROM s3
    WHERE created_seq IS NOT NULL
  ),
  t2 AS (
    SELECT ticket_id,
      argMaxIf((ts, ifNull(cur_status, ''), cat, ifNull(cur_priority, ''), ifNull(cur_queue, '')), seq, live) AS last,
      anyIf(ts, seq = created_seq) AS created_ts,
      maxIf(toNullable(seq), live AND NOT stopcat) AS last_on,
      groupArrayIf((seq, ts), live AND stopcat) AS stops,
      countIf(live AND reopen) AS reopens,
      countIf(live AND agent_pub) AS agent_replies,
      argMaxIf((score, ts), seq, type = 'satisfaction' AND score IS NOT NULL) AS rating,
      countIf(type = 'satisfaction' AND score IS NOT NULL) > 0 AS rated
    FROM t1
    GROUP BY ticket_id
  )`;

const SELECT_FACTS = `
  SELECT ticket_id,
    toDateTime(created_ts, 'UTC') AS created_at,
    tupleElement(last, 2) AS status,
    tupleElement(last, 3) AS category,
    tupleElement(last, 4) AS priority,
    tupleElement(last, 5) AS queue,
    toUInt8(tupleElement(last, 3) NOT IN ('solved', 'closed')) AS is_open,
    if(is_open = 1, NULL,
      toNullable(toDateTime(arrayFirst(x -> tupleElement(x, 1) = ifNull(last_on, 0) + 1 OR (last_on IS NULL AND tupleElement(x, 1) = arrayMin(y -> tupleElement(y, 1), stops)), stops).2, 'UTC'))) AS solved_at,
    toUInt32(reopens) AS reopens,
    toUInt32(agent_replies) AS agent_replies,
    if(rated, tupleElement(rating, 1), NULL) AS satisfaction_score,
    if(rated, toNullable(toDateTime(tupleElement(rating, 2), 'UTC')), NULL) AS satisfaction_at
  FROM t2`;

export function ticketsSelectSql(tables: {
  events: string;
  filterSql: string;
  rules: RulesSql;
}): string {
  const timeline = timelineCtes(tables.events, tables.filterSql, tables.rules);
  return `WITH ${timeline},${FACTS}\n${SELECT_FACTS}`;
}
