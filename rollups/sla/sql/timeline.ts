import type { RulesSql } from './rules.ts';

/**
 * The ticket timeline as SQL (docs/sla.md §2–3): each ticket's events, newest
 * copy per event_id, ordered, with the state after each event and the rule in
 * force. Shared by the clock query and the ticket-facts query.
 *
 * Parameters: tenant String, status_map String (JSON object), max_events,
 * the rules' (see `rulesSql`), plus those of the ticket filter.
 */

/**
 * Which tickets a statement reads: every condition given must hold. Fixed SQL
 * shapes; values come only as parameters.
 * - `ids`: {ids:Array(String)}
 * - `touched`: {since:DateTime64(3)}, tickets with events ingested after it
 * - `part`: {parts:UInt32} {part:UInt32}, one hash slice of a chunked run
 */
export interface TicketFilter {
  ids?: boolean;
  touched?: boolean;
  part?: boolean;
}

export function ticketFilterSql(filter: TicketFilter, eventsTable: string): string {
  const conditions = ['1'];
  if (filter.ids === true) conditions.push('ticket_id IN {ids:Array(String)}');
  if (filter.touched === true) {
    conditions.push(
      `ticket_id IN (SELECT ticket_id FROM ${eventsTable} WHERE tenant = {tenant:String} AND ingested_at > {since:DateTime64(3)})`,
    );
  }
  if (filter.part === true)
    conditions.push('cityHash64(ticket_id) % {parts:UInt32} = {part:UInt32}');
  return conditions.join(' AND ');
}

const ORDER = "PARTITION BY ticket_id ORDER BY occurred_at, type != 'created', event_id";
/** Later windows order by `seq`, a number: much cheaper to sort than the event key. */
export const BY_SEQ = 'PARTITION BY ticket_id ORDER BY seq';
export const UPTO_HERE = 'ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW';
export const BEFORE_HERE = 'ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING';

/**
 * CTEs `ev`, `s1`…`s3`: one row per event with `seq`, `n`, `ts` (whole
 * seconds), `next_ts`, the state (`cur_*`, `cat`), `rule_idx` (1-based, NULL
 * when the ticket never matches), `created_seq`, `closed_seq`, `prev_cat`,
 * the comment flags and `created_author`.
 *
 * Each layer names its columns: window steps sort every column they carry,
 * so heavy ones (attributes, event ids, the rules) are dropped or never made.
 * Without rules on attributes, the per-event attribute history is skipped.
 */
export function timelineCtes(
  eventsTable: string,
  filterSql: string,
  rules: Pick<RulesSql, 'matchSql' | 'usesAttributes'>,
): string {
  const withAttributes = rules.usesAttributes;
  const attrHist = withAttributes
    ? 'groupArray(attributes) OVER w AS attr_hist'
    : "CAST([], 'Array(Map(String, String))') AS attr_hist";
  return `
  JSONExtract({status_map:String}, 'Map(String, String)') AS smap,
  ev AS (
    SELECT ticket_id, event_id, type, occurred_at,
      toInt64(toUnixTimestamp(occurred_at)) AS ts,
      nullIf(toString(status), '') AS status_v,
      nullIf(toString(priority), '') AS priority_v,
      nullIf(toString(queue), '') AS queue_v,
      nullIf(toString(channel), '') AS channel_v,
      nullIf(organization, '') AS organization_v,
      ${withAttributes ? 'attributes' : "CAST(map(), 'Map(String, String)') AS attributes"},
      toString(comment.author_role) AS author,
      type = 'commented' AND ifNull(comment.public, false) AS is_public,
      satisfaction.score AS score
    FROM ${eventsTable} FINAL
    WHERE tenant = {tenant:String} AND (${filterSql})
  ),
  s1 AS (
    SELECT ticket_id, type, ts, author, is_public, score,
      row_number() OVER w AS seq,
      count() OVER (PARTITION BY ticket_id) AS n,
      leadInFrame(ts) OVER (${ORDER} ROWS BETWEEN CURRENT ROW AND 1 FOLLOWING) AS next_ts,
      anyLast(status_v) OVER w AS cur_status,
      anyLast(priority_v) OVER w AS cur_priority,
      anyLast(queue_v) OVER w AS cur_queue,
      anyLast(channel_v) OVER w AS cur_channel,
      anyLast(organization_v) OVER w AS cur_organization,
      ${attrHist}
    FROM ev
    WINDOW w AS (${ORDER} ${UPTO_HERE})
  ),
  s2 AS (
    SELECT ticket_id, type, ts, score, seq, n, next_ts, cur_status, cur_priority, cur_queue,
      multiIf(cur_status IS NULL, 'new',
        mapContains(smap, cur_status), smap[cur_status],
        cur_status IN ('new', 'open', 'pending', 'on_hold', 'solved', 'closed'), cur_status,
        'open') AS cat,
      cat IN ('solved', 'closed') AS stopcat,
      ${rules.matchSql} AS match_idx,
      author = 'agent' AND is_public AS agent_pub,
      author = 'customer' AND is_public AS cust_pub,
      minIf(toNullable(seq), type = 'created') OVER (PARTITION BY ticket_id) AS created_seq,
      argMinIf(author, seq, type = 'created') OVER (PARTITION BY ticket_id) AS created_author
    FROM s1
    -- A runaway ticket (an integration looping on one ticket) is reported, not computed.
    WHERE n <= {max_events:UInt32}
  ),
  s3a AS (
    SELECT *,
      minIf(toNullable(seq), cat = 'closed' AND seq >= created_seq) OVER (PARTITION BY ticket_id) AS closed_seq,
      lagInFrame(cat) OVER (${BY_SEQ} ROWS BETWEEN 1 PRECEDING AND CURRENT ROW) AS prev_cat
    FROM s2
  ),
  s3 AS (
    SELECT * EXCEPT (live_match),
      -- Events after the close are ignored by the clocks, rules included.
      coalesce(
        anyLast(nullIf(live_match, 0)) OVER (${BY_SEQ} ${UPTO_HERE}),
        any(nullIf(live_match, 0)) OVER (${BY_SEQ} ROWS BETWEEN CURRENT ROW AND UNBOUNDED FOLLOWING)
      ) AS rule_idx
    FROM (SELECT * EXCEPT (match_idx), if(closed_seq IS NULL OR seq <= closed_seq, match_idx, 0) AS live_match FROM s3a)
  )`;
}
