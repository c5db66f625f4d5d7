import { ruleField, type RulesSql } from './rules.ts';
import { BEFORE_HERE, BY_SEQ, UPTO_HERE, timelineCtes } from './timeline.ts';

/**
 * The clock query (docs/sla.md §4–6): from the timeline CTEs to one row per
 * (ticket, metric, cycle), in the column order of `CLOCK_COLUMNS`.
 *
 * Each event row becomes a *membership* of up to three clocks: its metric,
 * cycle, role (run | pause | off), whether its segment is counted, and the
 * stop kind when the row stops the clock. Business seconds come from two
 * ASOF joins against the calendar table; breach and warning instants from
 * the inverse ASOF join on cumulative seconds.
 */

/** A target of "none": larger than any elapsed time, so `E < T` always holds. */
const NO_TARGET = '4611686018427387904';

const rule = ruleField;

const MEMBERSHIP_CTES = `
  s4 AS (
    SELECT ticket_id, seq, n, ts, next_ts, cur_priority, cur_queue, cat, stopcat, agent_pub,
      cust_pub, created_seq, rule_idx,
      if(created_author = 'agent',
        minIf(toNullable(seq), seq > created_seq AND cust_pub AND NOT stopcat) OVER (PARTITION BY ticket_id),
        created_seq) AS fr_start,
      prev_cat = 'solved' AND NOT stopcat AND seq > created_seq AS reopen
    FROM s3
    WHERE created_seq IS NOT NULL AND rule_idx IS NOT NULL
      AND seq >= created_seq AND seq <= ifNull(closed_seq, n)
  ),
  s5 AS (
    SELECT *,
      minIf(toNullable(seq), (seq > fr_start AND agent_pub) OR (seq >= fr_start AND stopcat))
        OVER (PARTITION BY ticket_id) AS fr_end,
      1 + sum(toUInt32(reopen AND ${rule('restart')} = 1)) OVER (${BY_SEQ} ${UPTO_HERE}) AS res_cycle,
      multiIf(stopcat, 'off', has(${rule('pause')}, cat), 'pause', 'run') AS res_role
    FROM s4
  ),
  s6 AS (
    SELECT *,
      maxIf(agent_pub, seq = fr_end) OVER (PARTITION BY ticket_id) AS fr_replied,
      if(fr_replied AND seq > fr_end, multiIf(agent_pub OR stopcat, 'E', cust_pub, 'C', NULL), NULL) AS nr_kind,
      maxIf(toNullable(seq), res_role != 'off') OVER (PARTITION BY ticket_id, res_cycle) AS res_last_on,
      min(seq) OVER (PARTITION BY ticket_id, res_cycle) AS res_first
    FROM s5
  ),
  s7 AS (
    SELECT *,
      anyLast(nr_kind) OVER (${BY_SEQ} ${BEFORE_HERE}) AS nr_prev,
      anyLast(nr_kind) OVER (${BY_SEQ} ${UPTO_HERE}) AS nr_last,
      ifNull(res_last_on + 1, res_first) AS res_stop
    FROM s6
  ),
  s8 AS (
    SELECT *,
      sum(toUInt32(nr_kind = 'C' AND ifNull(nr_prev, 'E') != 'C')) OVER (${BY_SEQ} ${UPTO_HERE}) AS nr_cycle
    FROM s7
  ),
  m AS (
    SELECT ticket_id, seq, ts, rule_idx,
      multiIf(zero = 1, toNullable(ts), seq = n, NULL, toNullable(next_ts)) AS seg_end,
      ifNull(cur_priority, '') AS priority, ifNull(cur_queue, '') AS queue,
      mb.1 AS metric, mb.2 AS cycle, mb.3 AS role, mb.4 AS counted, mb.5 AS stop_kind, mb.6 AS zero
    FROM s8
    ARRAY JOIN arrayFilter(x -> x.1 != '', [
      multiIf(
        fr_start IS NULL OR seq < fr_start, ('', 0, '', 0, '', 0),
        fr_end IS NULL OR seq < fr_end, ('first_response', 1, 'run', 1, '', 0),
        seq = fr_end, ('first_response', 1, 'off', toUInt8(fr_end = fr_start), if(agent_pub, 'stop', 'cancel'), toUInt8(fr_end = fr_start)),
        ('', 0, '', 0, '', 0)),
      multiIf(
        nr_last = 'C', ('next_response', nr_cycle, 'run', 1, '', 0),
        nr_kind = 'E' AND nr_prev = 'C', ('next_response', nr_cycle, 'off', 0, if(agent_pub, 'stop', 'cancel'), 0),
        ('', 0, '', 0, '', 0)),
      multiIf(
        seq < res_stop, ('resolution', res_cycle, res_role, 1, '', 0),
        seq = res_stop, ('resolution', res_cycle, 'off', toUInt8(res_stop = res_first), 'stop', toUInt8(res_stop = res_first)),
        ('', 0, '', 0, '', 0))
    ]) AS mb
  )`;

/** Per membership row: target, warning threshold, segment end, business seconds. */
const SEGMENT_CTES = `
  g1 AS (
    SELECT ticket_id, seq, ts, metric, cycle, role, counted, stop_kind, seg_end, rule_idx,
      priority, queue,
      multiIf(metric = 'first_response', ${rule('first_response')},
        metric = 'next_response', ${rule('next_response')}, ${rule('resolution')}) AS t_raw,
      if(t_raw < 0, NULL, toNullable(t_raw)) AS target,
      if(target IS NULL, NULL, intDiv(target * ${rule('warn_pct')}, 100)) AS warn,
      ${rule('cal_key')} AS cal_key
    FROM m
  ),
  cal AS (
    SELECT cal_key, start_s, end_s, cum_before FROM {calendar_table}
    WHERE cal_key IN {rule_cal_key:Array(String)}
  ),
  g2 AS (
    SELECT g1.* EXCEPT (cal_key, t_raw), g1.cal_key AS cal_key,
      ca.cum_before + least(greatest(g1.ts - ca.start_s, 0), ca.end_s - ca.start_s) AS cum_a,
      cb.cum_before + least(greatest(ifNull(g1.seg_end, g1.ts) - cb.start_s, 0), cb.end_s - cb.start_s) AS cum_b,
      if(counted = 1 AND role IN ('run', 'pause') AND seg_end IS NOT NULL, cum_b - cum_a, 0) AS b
    FROM g1
    ASOF LEFT JOIN cal AS ca ON g1.cal_key = ca.cal_key AND g1.ts >= ca.start_s
    ASOF LEFT JOIN cal AS cb ON g1.cal_key = cb.cal_key AND ifNull(g1.seg_end, g1.ts) >= cb.start_s
  ),
  g3 AS (
    SELECT * EXCEPT (cum_b),
      sum(if(role = 'run', b, 0)) OVER c AS e_start,
      ifNull(target, ${NO_TARGET}) AS t_inf,
      ifNull(warn, ${NO_TARGET}) AS w_inf
    FROM g2
    WINDOW c AS (PARTITION BY ticket_id, metric, cycle ORDER BY seq ${BEFORE_HERE})
  )`;

/** Per clock: the last counted segment, and the segments where §5's search ends. */
const CLOCK_CTES = `
  k1 AS (
    SELECT ticket_id, metric, cycle,
      min(ts) AS started,
      anyIf(ts, stop_kind != '') AS stop_ts,
      countIf(stop_kind != '') > 0 AS stopped,
      anyIf(stop_kind, stop_kind != '') AS kind,
      sumIf(b, role = 'run') AS elapsed,
      sumIf(b, role = 'pause') AS paused,
      argMaxIf((seq, ts, role, target, rule_idx, cal_key, priority, queue), seq, counted = 1) AS l,
      countIf(counted = 1 AND e_start < t_inf) > 0 AS has_s,
      argMaxIf((seq, seg_end, role, target, e_start, b, cum_a, cal_key), seq, counted = 1 AND e_start < t_inf) AS s,
      countIf(counted = 1 AND e_start < w_inf) > 0 AS has_w,
      argMaxIf((seq, seg_end, role, warn, e_start, b, cum_a, cal_key), seq, counted = 1 AND e_start < w_inf) AS w
    FROM g3
    GROUP BY ticket_id, metric, cycle
  ),
  k2 AS (
    SELECT *,
      has_s AND tupleElement(s, 3) = 'run' AND tupleElement(s, 4) IS NOT NULL AND (tupleElement(s, 1) = tupleElement(l, 1) OR tupleElement(s, 5) + tupleElement(s, 6) >= assumeNotNull(tupleElement(s, 4))) AS s_cross,
      if(s_cross, tupleElement(s, 7) + assumeNotNull(tupleElement(s, 4)) - tupleElement(s, 5), 0) AS s_cum,
      if(s_cross, tupleElement(s, 8), '') AS s_key,
      has_w AND tupleElement(w, 3) = 'run' AND tupleElement(w, 4) IS NOT NULL AND (tupleElement(w, 1) = tupleElement(l, 1) OR tupleElement(w, 5) + tupleElement(w, 6) >= assumeNotNull(tupleElement(w, 4))) AS w_cross,
      if(w_cross, tupleElement(w, 7) + assumeNotNull(tupleElement(w, 4)) - tupleElement(w, 5), 0) AS w_cum,
      if(w_cross, tupleElement(w, 8), '') AS w_key
    FROM k1
  ),
  k3 AS (
    SELECT k2.*,
      multiIf(NOT has_s, toNullable(started), s_cross, toNullable(xb.start_s + (s_cum - xb.cum_before)),
        tupleElement(s, 1) = tupleElement(l, 1), NULL, tupleElement(s, 2)) AS breach_raw,
      multiIf(NOT has_w, toNullable(started), w_cross, toNullable(xw.start_s + (w_cum - xw.cum_before)),
        tupleElement(w, 1) = tupleElement(l, 1), NULL, tupleElement(w, 2)) AS warn_raw
    FROM k2
    ASOF LEFT JOIN cal AS xb ON k2.s_key = xb.cal_key AND k2.s_cum > xb.cum_before
    ASOF LEFT JOIN cal AS xw ON k2.w_key = xw.cal_key AND k2.w_cum > xw.cum_before
  )`;

/** Output columns of the clock query, in order (the table's columns minus tenant, version, seq, sign). */
export const CLOCK_COLUMNS = [
  'ticket_id',
  'metric',
  'cycle',
  'state',
  'started_at',
  'stopped_at',
  'elapsed_business_s',
  'paused_business_s',
  'target_s',
  'breach_at',
  'warn_at',
  'breached',
  'rule_id',
  'calendar_id',
  'cal_key',
  'open_since',
  'priority',
  'queue',
] as const;

const FINAL_SELECT = `
  SELECT ticket_id, metric, cycle,
    multiIf(NOT stopped, if(tupleElement(l, 3) = 'run', 'running', 'paused'),
      is_breached, 'breached', kind = 'cancel', 'cancelled', 'met') AS state,
    toDateTime(started, 'UTC') AS started_at,
    if(stopped, toNullable(toDateTime(stop_ts, 'UTC')), NULL) AS stopped_at,
    elapsed AS elapsed_business_s,
    paused AS paused_business_s,
    tupleElement(l, 4) AS target_s,
    toDateTime(if(stopped AND NOT is_breached, NULL, breach_raw), 'UTC') AS breach_at,
    toDateTime(if(stopped AND NOT (warn_raw IS NOT NULL AND stop_ts > warn_raw), NULL, warn_raw), 'UTC') AS warn_at,
    toUInt8(is_breached) AS breached,
    ${ruleField('id', 'tupleElement(l, 5)')} AS rule_id,
    ${ruleField('calendar', 'tupleElement(l, 5)')} AS calendar_id,
    tupleElement(l, 6) AS cal_key,
    if(stopped, NULL, toNullable(toDateTime(tupleElement(l, 2), 'UTC'))) AS open_since,
    tupleElement(l, 7) AS priority, tupleElement(l, 8) AS queue
  FROM (SELECT *, stopped AND breach_raw IS NOT NULL AND stop_ts > breach_raw AS is_breached FROM k3)`;

/** The SELECT producing the clocks of the filtered tickets. */
export function clocksSelectSql(tables: {
  events: string;
  calendars: string;
  filterSql: string;
  rules: RulesSql;
}): string {
  const ctes = [
    timelineCtes(tables.events, tables.filterSql, tables.rules),
    MEMBERSHIP_CTES,
    SEGMENT_CTES.replace('{calendar_table}', tables.calendars),
    CLOCK_CTES,
  ].join(',');
  return `WITH ${ctes}\n${FINAL_SELECT}`;
}
